using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>
/// Layer computations as functions (<c>torch.nn.functional</c>), composed of differentiable tensor operations so
/// that gradients of every order flow through them.
/// </summary>
public static class Functional
{
    /// <summary>Inverted dropout: in training, zeroes elements with probability <paramref name="p"/> and scales the rest by 1/(1 − p).</summary>
    public static Tensor<T> Dropout<T>(Tensor<T> input, double p, bool training, Random random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(random);
        if (!training || p == 0)
        {
            return input;
        }
        var keep = new bool[input.Count];
        for (int i = 0; i < keep.Length; i++)
        {
            keep[i] = random.NextDouble() >= p;
        }
        return Tensor<T>.Where(BoolTensor.FromArray(keep, [.. input.Shape]), input * T.CreateChecked(1 / (1 - p)), T.Zero);
    }

    /// <summary>
    /// Layer normalisation over the last <paramref name="normalizedDims"/> dimensions: (x − mean)/√(var + ε)·weight + bias,
    /// with the biased variance (PyTorch's <c>layer_norm</c>).
    /// </summary>
    public static Tensor<T> LayerNorm<T>(Tensor<T> input, int normalizedDims, Tensor<T>? weight, Tensor<T>? bias, double eps = 1e-5)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(input);
        if (normalizedDims < 1 || normalizedDims > input.Rank)
        {
            throw new ArgumentOutOfRangeException(nameof(normalizedDims), normalizedDims, $"Must be within 1..{input.Rank} for shape [{string.Join(", ", input.Shape)}].");
        }
        int[] axes = [.. Enumerable.Range(input.Rank - normalizedDims, normalizedDims)];
        Tensor<T> mean = input.Mean(axes, keepDim: true);
        Tensor<T> centred = input - mean;
        Tensor<T> var = centred.Square().Mean(axes, keepDim: true);
        Tensor<T> y = centred * (var + T.CreateChecked(eps)).Rsqrt();
        if (weight is not null)
        {
            y = y * weight;
        }
        return bias is null ? y : y + bias;
    }

    /// <summary>
    /// Batch normalisation of [N, C, ...] per channel C. In training it normalises with the batch statistics (biased
    /// variance) and updates the running statistics in place with <paramref name="momentum"/> (unbiased variance); in
    /// evaluation it uses the running statistics.
    /// </summary>
    public static Tensor<T> BatchNorm<T>(
        Tensor<T> input, Tensor<T> runningMean, Tensor<T> runningVar, Tensor<T>? weight, Tensor<T>? bias, bool training, double momentum = 0.1, double eps = 1e-5)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(runningMean);
        ArgumentNullException.ThrowIfNull(runningVar);
        if (input.Rank < 2 || runningMean.Count != input.Size(1) || runningVar.Count != input.Size(1))
        {
            throw new ArgumentException($"BatchNorm expects [N, C, ...] with C = {runningMean.Count}; got [{string.Join(", ", input.Shape)}].", nameof(input));
        }
        int c = input.Size(1);
        int[] axes = [0, .. Enumerable.Range(2, input.Rank - 2)];
        int[] channelShape = [1, c, .. Enumerable.Repeat(1, input.Rank - 2)];
        Tensor<T> mean, var;
        if (training)
        {
            mean = input.Mean(axes, keepDim: true);
            var = (input - mean).Square().Mean(axes, keepDim: true);
            int n = input.Count / Math.Max(c, 1);
            using (Tensor.NoGrad())
            {
                T m = T.CreateChecked(momentum);
                Tensor<T> unbiased = var.Detach() * T.CreateChecked(n / (double)Math.Max(n - 1, 1));
                runningMean.MulInPlace(T.One - m).AddInPlace(mean.Detach().Reshape(c) * m);
                runningVar.MulInPlace(T.One - m).AddInPlace(unbiased.Reshape(c) * m);
            }
        }
        else
        {
            mean = runningMean.Reshape(channelShape);
            var = runningVar.Reshape(channelShape);
        }
        Tensor<T> y = (input - mean) * (var + T.CreateChecked(eps)).Rsqrt();
        if (weight is not null)
        {
            y = y * weight.Reshape(channelShape);
        }
        return bias is null ? y : y + bias.Reshape(channelShape);
    }

    /// <summary>
    /// Scaled dot-product attention softmax(q·kᵀ/√d + mask)·v over [..., L, d] queries and [..., S, d] keys/values.
    /// <paramref name="mask"/> (broadcast to [..., L, S]) is true where attending is <em>not</em> allowed (PyTorch's
    /// boolean-mask convention for <c>nn.MultiheadAttention</c>); <paramref name="causal"/> masks future positions.
    /// </summary>
    public static Tensor<T> ScaledDotProductAttention<T>(Tensor<T> query, Tensor<T> key, Tensor<T> value, BoolTensor? mask = null, bool causal = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        int d = query.Size(-1);
        Tensor<T> scores = query.MatMul(key.Transpose()) * T.CreateChecked(1 / Math.Sqrt(d));
        int l = query.Size(-2), s = key.Size(-2);
        if (causal)
        {
            var future = new bool[l * s];
            for (int i = 0; i < l; i++)
            {
                for (int j = i + 1; j < s; j++)
                {
                    future[i * s + j] = true;
                }
            }
            BoolTensor causalMask = BoolTensor.FromArray(future, l, s);
            mask = mask is null ? causalMask : mask | causalMask;
        }
        if (mask is not null)
        {
            scores = scores.MaskedFill(mask, T.NegativeInfinity);
        }
        return scores.Softmax(-1).MatMul(value);
    }
}
