using System.Numerics;

namespace AutoDiff.Tensors;

/// <summary>Loss functions; each returns the mean loss as a rank-0 tensor.</summary>
public static class Losses
{
    /// <summary>Mean squared error; <paramref name="prediction"/> and <paramref name="target"/> must have the same shape.</summary>
    public static Tensor<T> Mse<T>(Tensor<T> prediction, Tensor<T> target)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireSameShape(prediction, target, "Mse");
        Tensor<T> diff = prediction - target;
        return (diff * diff).Mean();
    }

    /// <summary>
    /// Cross-entropy from unnormalised <paramref name="logits"/> [n, classes] and one class index per row,
    /// averaged over the rows (like <c>torch.nn.functional.cross_entropy</c>).
    /// </summary>
    public static Tensor<T> CrossEntropy<T>(Tensor<T> logits, int[] targets)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        if (logits.Rank != 2)
        {
            throw new ArgumentException($"CrossEntropy expects logits of shape [n, classes]; got {ShapeUtil.Format(logits.Dims)}.", nameof(logits));
        }
        int n = logits.Dims[0], classes = logits.Dims[1];
        if (targets.Length != n)
        {
            throw new ArgumentException($"CrossEntropy: {targets.Length} targets for logits of shape {ShapeUtil.Format(logits.Dims)} (need {n}).", nameof(targets));
        }
        for (int i = 0; i < n; i++)
        {
            if ((uint)targets[i] >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(targets), targets[i], $"Target {i} is {targets[i]}, outside 0..{classes - 1}.");
            }
        }
        Tensor<T> logProbs = logits.Detach().LogSoftmax(1);
        T total = T.Zero;
        for (int i = 0; i < n; i++)
        {
            total -= logProbs.Data[i * classes + targets[i]];
        }
        T count = T.CreateChecked(Math.Max(n, 1));
        var r = Tensor<T>.Scalar(total / count);
        if (Tensor<T>.AnyRequiresGrad(logits))
        {
            int[] labels = (int[])targets.Clone();
            Tensor<T>.Record(r, "CrossEntropy", [logits], g =>
            {
                // d/dlogits = (softmax - onehot) / n, scaled by the upstream gradient.
                Tensor<T> grad = logProbs.Exp();
                for (int i = 0; i < n; i++)
                {
                    grad.Data[i * classes + labels[i]] -= T.One;
                }
                return [grad * (g.Item() / count)];
            });
        }
        return r;
    }

    /// <summary>
    /// Binary cross-entropy on logits, mean over all elements, computed stably as
    /// max(x, 0) - x·t + log(1 + e^-|x|). Gradients flow to both the logits and the targets.
    /// </summary>
    public static Tensor<T> BinaryCrossEntropyWithLogits<T>(Tensor<T> logits, Tensor<T> targets)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireSameShape(logits, targets, "BinaryCrossEntropyWithLogits");
        Tensor<T> x = logits.Detach(), t = targets.Detach();
        Tensor<T> perElement = x.Relu() - x * t + ((-x.Abs()).Exp() + T.One).Log();
        Tensor<T> r = perElement.Mean().Detach();
        if (Tensor<T>.AnyRequiresGrad(logits, targets))
        {
            T count = T.CreateChecked(Math.Max(x.Count, 1));
            Tensor<T>.Record(r, "BinaryCrossEntropyWithLogits", [logits, targets], g =>
            {
                T scale = g.Item() / count;
                return [logits.RequiresGrad ? (x.Sigmoid() - t) * scale : null, targets.RequiresGrad ? x * -scale : null];
            });
        }
        return r;
    }

    private static void RequireSameShape<T>(Tensor<T> prediction, Tensor<T> target, string op)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        if (!ShapeUtil.SameShape(prediction.Dims, target.Dims))
        {
            throw new ArgumentException(
                $"{op}: target shape {ShapeUtil.Format(target.Dims)} does not match input shape {ShapeUtil.Format(prediction.Dims)}.", nameof(target));
        }
    }
}
