using System.Numerics;

namespace AutoDiff.Tensors;

/// <summary>Loss functions with PyTorch's definitions and reductions (mean by default).</summary>
public static class Losses
{
    /// <summary>Mean squared error; <paramref name="prediction"/> and <paramref name="target"/> must have the same shape.</summary>
    public static Tensor<T> Mse<T>(Tensor<T> prediction, Tensor<T> target, Reduction reduction = Reduction.Mean)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireSameShape(prediction, target, "Mse");
        return Reduce((prediction - target).Square(), reduction);
    }

    /// <summary>Mean absolute error (L1); the gradient at a zero difference is 0.</summary>
    public static Tensor<T> L1<T>(Tensor<T> prediction, Tensor<T> target, Reduction reduction = Reduction.Mean)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireSameShape(prediction, target, "L1");
        return Reduce((prediction - target).Abs(), reduction);
    }

    /// <summary>Huber loss: ½d² for |d| ≤ δ, δ(|d| − ½δ) beyond (<c>torch.nn.functional.huber_loss</c>).</summary>
    public static Tensor<T> Huber<T>(Tensor<T> prediction, Tensor<T> target, double delta = 1.0, Reduction reduction = Reduction.Mean)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireSameShape(prediction, target, "Huber");
        if (!(delta > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "delta must be positive.");
        }
        T dl = T.CreateChecked(delta);
        Tensor<T> d = prediction - target;
        Tensor<T> a = d.Abs();
        Tensor<T> loss = Tensor<T>.Where(a.Le(dl), d.Square() * T.CreateChecked(0.5), (a - T.CreateChecked(0.5 * delta)) * dl);
        return Reduce(loss, reduction);
    }

    /// <summary>Smooth L1: Huber divided by β (<c>torch.nn.functional.smooth_l1_loss</c>).</summary>
    public static Tensor<T> SmoothL1<T>(Tensor<T> prediction, Tensor<T> target, double beta = 1.0, Reduction reduction = Reduction.Mean)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Huber(prediction, target, beta, reduction) / T.CreateChecked(beta);

    /// <summary>
    /// Cross-entropy from unnormalised <paramref name="logits"/> [n, classes] and one class index per row,
    /// averaged over the rows (like <c>torch.nn.functional.cross_entropy</c>). Forward and backward are one fused
    /// kernel each: the gradient (softmax − one-hot)/n is written in a single pass.
    /// </summary>
    public static Tensor<T> CrossEntropy<T>(Tensor<T> logits, int[] targets)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(targets);
        return CrossEntropy(logits, IntTensor.FromArray(targets));
    }

    /// <summary>
    /// Cross-entropy with PyTorch's options: logits [n, classes] or [n, classes, d1, ...] with targets [n] or
    /// [n, d1, ...]; per-class <paramref name="weight"/>; targets equal to <paramref name="ignoreIndex"/> are skipped;
    /// <paramref name="labelSmoothing"/> ε mixes the one-hot target with the uniform distribution.
    /// </summary>
    public static Tensor<T> CrossEntropy<T>(
        Tensor<T> logits, IntTensor targets, Tensor<T>? weight = null, int ignoreIndex = -100, double labelSmoothing = 0, Reduction reduction = Reduction.Mean)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        (Tensor<T> flat, IntTensor labels, int classes) = FlattenClasses(logits, targets, "CrossEntropy");
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "Label smoothing must be in [0, 1].");
        }
        CheckTargets(labels, classes, ignoreIndex, nameof(targets));
        bool plain = weight is null && labelSmoothing == 0 && reduction == Reduction.Mean && Array.IndexOf(labels.Data, ignoreIndex) < 0 && logits.Rank == 2;
        if (plain)
        {
            return FusedCrossEntropy(flat, labels.Data);
        }
        Tensor<T> logProbs = flat.LogSoftmax(1);
        Tensor<T> loss = NllCore(logProbs, labels, weight, ignoreIndex, reduction, labelSmoothing, out bool perSample);
        return perSample && logits.Rank > 2 ? loss.Reshape(targets.Dims) : loss;
    }

    /// <summary>
    /// Negative log-likelihood of log-probabilities [n, classes] (or [n, classes, d1, ...]) at the target classes
    /// (<c>torch.nn.functional.nll_loss</c>), with optional class weights and an ignored index.
    /// </summary>
    public static Tensor<T> Nll<T>(Tensor<T> logProbs, IntTensor targets, Tensor<T>? weight = null, int ignoreIndex = -100, Reduction reduction = Reduction.Mean)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(logProbs);
        ArgumentNullException.ThrowIfNull(targets);
        (Tensor<T> flat, IntTensor labels, int classes) = FlattenClasses(logProbs, targets, "Nll");
        CheckTargets(labels, classes, ignoreIndex, nameof(targets));
        Tensor<T> loss = NllCore(flat, labels, weight, ignoreIndex, reduction, 0, out bool perSample);
        return perSample && logProbs.Rank > 2 ? loss.Reshape(targets.Dims) : loss;
    }

    private static Tensor<T> NllCore<T>(Tensor<T> logProbs, IntTensor labels, Tensor<T>? weight, int ignoreIndex, Reduction reduction, double smoothing, out bool perSample)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = labels.Count, classes = logProbs.Size(1);
        if (weight is not null && (weight.Rank != 1 || weight.Count != classes))
        {
            throw new ArgumentException($"weight must have one entry per class ({classes}); got {ShapeUtil.Format(weight.Dims)}.", nameof(weight));
        }
        var safe = new int[n];
        var ignored = new bool[n];
        for (int i = 0; i < n; i++)
        {
            ignored[i] = labels.Data[i] == ignoreIndex;
            safe[i] = ignored[i] ? 0 : labels.Data[i];
        }
        var keep = new BoolTensor([.. ignored.Select(b => !b)], [n]);
        var index = new IntTensor(safe, [n, 1]);
        Tensor<T> picked = -logProbs.Gather(1, index).Reshape(n);
        Tensor<T> w = weight is null ? Tensor<T>.Ones(n) : weight.Detach().IndexSelect(0, new IntTensor(safe, [n]));
        w = Tensor<T>.Where(keep, w, T.Zero);
        Tensor<T> loss = picked * w;
        if (smoothing > 0)
        {
            Tensor<T> all = weight is null ? -logProbs : -logProbs * weight.Detach();
            Tensor<T> smooth = Tensor<T>.Where(keep, all.Sum(1) / T.CreateChecked(classes), T.Zero);
            loss = loss * T.CreateChecked(1 - smoothing) + smooth * T.CreateChecked(smoothing);
        }
        perSample = reduction == Reduction.None;
        return reduction switch
        {
            Reduction.None => loss,
            Reduction.Sum => loss.Sum(),
            _ => loss.Sum() / w.Sum().Item(),
        };
    }

    private static (Tensor<T> Flat, IntTensor Labels, int Classes) FlattenClasses<T>(Tensor<T> logits, IntTensor targets, string op)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (logits.Rank < 2)
        {
            throw new ArgumentException($"{op} expects logits of shape [n, classes, ...]; got {ShapeUtil.Format(logits.Dims)}.", nameof(logits));
        }
        int[] expected = [logits.Dims[0], .. logits.Dims[2..]];
        if (!ShapeUtil.SameShape(targets.Dims, expected))
        {
            throw new ArgumentException($"{op}: targets of shape {ShapeUtil.Format(targets.Dims)} for logits of shape {ShapeUtil.Format(logits.Dims)} (need {ShapeUtil.Format(expected)}).", nameof(targets));
        }
        int classes = logits.Dims[1];
        Tensor<T> flat = logits.Rank == 2 ? logits : logits.Flatten(2).Transpose(1, 2).Reshape(-1, classes);
        return (flat, targets.Reshape(targets.Count), classes);
    }

    private static void CheckTargets(IntTensor labels, int classes, int ignoreIndex, string paramName)
    {
        for (int i = 0; i < labels.Count; i++)
        {
            int t = labels.Data[i];
            if ((uint)t >= (uint)classes && t != ignoreIndex)
            {
                throw new ArgumentOutOfRangeException(paramName, t, $"Target {i} is {t}, outside 0..{classes - 1}.");
            }
        }
    }

    private static Tensor<T> FusedCrossEntropy<T>(Tensor<T> logits, int[] targets)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = logits.Dims[0], classes = logits.Dims[1];
        Tensor<T> logProbs;
        using (Tensor.NoGrad())
        {
            logProbs = logits.Detach().LogSoftmax(1);
        }
        ReadOnlySpan<T> lp = logProbs.AsSpan();
        T total = T.Zero;
        for (int i = 0; i < n; i++)
        {
            total -= lp[i * classes + targets[i]];
        }
        T count = T.CreateChecked(Math.Max(n, 1));
        Tensor<T> r = Tensor<T>.Scalar(total / count);
        if (Tensor<T>.AnyRequiresGrad(logits))
        {
            int[] labels = (int[])targets.Clone();
            Tensor<T>.Record(r, "CrossEntropy", [logits], g =>
            {
                if (Tensor.IsGradEnabled)
                {
                    // Recording (createGraph): the same gradient from differentiable operations.
                    return [(logits.Softmax(1) - Tensor<T>.OneHot(labels, classes)) * (g / count)];
                }
                // d/dlogits = (softmax − one-hot)/n · g, written in one pass.
                Tensor<T> grad = Tensor<T>.Empty(logProbs.Dims);
                Span<T> gs = grad.Span;
                Kernels.MathKernels.Map<T, Kernels.ExpFn>(logProbs.AsSpan(), gs);
                for (int i = 0; i < n; i++)
                {
                    gs[i * classes + labels[i]] -= T.One;
                }
                default(Kernels.Vec2<T, Kernels.MultiplyF<T>>).Run(gs, g.Item() / count, gs);
                return [grad];
            }, logProbs);
        }
        return r;
    }

    /// <summary>
    /// Binary cross-entropy on logits, computed stably as max(x, 0) − x·t + log(1 + e^−|x|). Gradients flow to both
    /// the logits and the targets.
    /// </summary>
    public static Tensor<T> BinaryCrossEntropyWithLogits<T>(Tensor<T> logits, Tensor<T> targets, Reduction reduction = Reduction.Mean)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireSameShape(logits, targets, "BinaryCrossEntropyWithLogits");
        Tensor<T> perElement = logits.Relu() - logits * targets + (-logits.Abs()).Exp().Log1p();
        return Reduce(perElement, reduction);
    }

    /// <summary>
    /// Binary cross-entropy on probabilities p ∈ [0, 1]: −(t·log p + (1 − t)·log(1 − p)), with each log clamped at
    /// −100 as PyTorch does, so p = 0 or 1 gives a finite loss.
    /// </summary>
    public static Tensor<T> BinaryCrossEntropy<T>(Tensor<T> probabilities, Tensor<T> targets, Reduction reduction = Reduction.Mean)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireSameShape(probabilities, targets, "BinaryCrossEntropy");
        T floor = T.CreateChecked(-100);
        Tensor<T> logP = Tensor<T>.Maximum(probabilities.Log(), floor);
        Tensor<T> log1mP = Tensor<T>.Maximum((T.One - probabilities).Log(), floor);
        return Reduce(-(targets * logP + (T.One - targets) * log1mP), reduction);
    }

    /// <summary>
    /// Kullback-Leibler divergence with PyTorch's argument order: <paramref name="input"/> holds log-probabilities and
    /// <paramref name="target"/> probabilities (or log-probabilities with <paramref name="logTarget"/>);
    /// the pointwise loss is t·(log t − input), 0 where t = 0. <see cref="Reduction.Mean"/> averages over all elements
    /// (PyTorch's 'mean'); use <paramref name="batchMean"/> for the mathematically correct per-sample mean.
    /// </summary>
    public static Tensor<T> KLDiv<T>(Tensor<T> input, Tensor<T> target, Reduction reduction = Reduction.Mean, bool logTarget = false, bool batchMean = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireSameShape(input, target, "KLDiv");
        Tensor<T> pointwise = logTarget
            ? target.Exp() * (target - input)
            : Tensor<T>.Where(target.Gt(T.Zero), target * (target.Log() - input), T.Zero);
        if (batchMean)
        {
            return pointwise.Sum() / T.CreateChecked(Math.Max(1, input.Size(0)));
        }
        return Reduce(pointwise, reduction);
    }

    private static Tensor<T> Reduce<T>(Tensor<T> loss, Reduction reduction)
        where T : unmanaged, IFloatingPointIeee754<T> => reduction switch
        {
            Reduction.None => loss,
            Reduction.Sum => loss.Sum(),
            _ => loss.Mean(),
        };

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
