using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>
/// Initialisation schemes (<c>torch.nn.init</c>), writing in place without recording. Fan-in and fan-out follow
/// PyTorch for conv weights [out, in, k...]; for this library's Linear weight [in, out] pass
/// <c>linearLayout: true</c> so that fan-in is the first dimension.
/// </summary>
public static class Init
{
    /// <summary>Uniform in [low, high).</summary>
    public static void Uniform<T>(Tensor<T> tensor, double low, double high, Random random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(random);
        Fill(tensor, Tensor<T>.RandomUniform(random, T.CreateChecked(low), T.CreateChecked(high), [.. tensor.Shape]));
    }

    /// <summary>Normal N(mean, std²).</summary>
    public static void Normal<T>(Tensor<T> tensor, double mean, double std, Random random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(random);
        Fill(tensor, Tensor<T>.RandomNormal(random, T.CreateChecked(mean), T.CreateChecked(std), [.. tensor.Shape]));
    }

    /// <summary>Constant value.</summary>
    public static void Constant<T>(Tensor<T> tensor, double value)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using (Tensor.NoGrad())
        {
            tensor.Fill(T.CreateChecked(value));
        }
    }

    /// <summary>Glorot/Xavier uniform: ±gain·√(6/(fanIn + fanOut)).</summary>
    public static void XavierUniform<T>(Tensor<T> tensor, Random random, double gain = 1, bool linearLayout = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (int fanIn, int fanOut) = Fans(tensor, linearLayout);
        double a = gain * Math.Sqrt(6.0 / (fanIn + fanOut));
        Uniform(tensor, -a, a, random);
    }

    /// <summary>Glorot/Xavier normal: std = gain·√(2/(fanIn + fanOut)).</summary>
    public static void XavierNormal<T>(Tensor<T> tensor, Random random, double gain = 1, bool linearLayout = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (int fanIn, int fanOut) = Fans(tensor, linearLayout);
        Normal(tensor, 0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)), random);
    }

    /// <summary>He/Kaiming uniform for ReLU layers: ±√(6/fanIn) (gain √2, mode fan_in).</summary>
    public static void KaimingUniform<T>(Tensor<T> tensor, Random random, bool linearLayout = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (int fanIn, _) = Fans(tensor, linearLayout);
        double bound = Math.Sqrt(6.0 / fanIn);
        Uniform(tensor, -bound, bound, random);
    }

    /// <summary>He/Kaiming normal: std = √(2/fanIn).</summary>
    public static void KaimingNormal<T>(Tensor<T> tensor, Random random, bool linearLayout = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (int fanIn, _) = Fans(tensor, linearLayout);
        Normal(tensor, 0, Math.Sqrt(2.0 / fanIn), random);
    }

    private static (int FanIn, int FanOut) Fans<T>(Tensor<T> tensor, bool linearLayout)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Rank < 2)
        {
            throw new ArgumentException($"Fan-in and fan-out need at least 2 dimensions; got [{string.Join(", ", tensor.Shape)}].", nameof(tensor));
        }
        int receptive = 1;
        for (int i = 2; i < tensor.Rank; i++)
        {
            receptive *= tensor.Shape[i];
        }
        int a = tensor.Shape[0] * receptive, b = tensor.Shape[1] * receptive;
        // PyTorch's weights are [out, in, ...]: fan_in = in·receptive; this library's Linear weight is [in, out].
        return linearLayout ? (tensor.Shape[0], tensor.Shape[1]) : (b, a);
    }

    private static void Fill<T>(Tensor<T> tensor, Tensor<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using (Tensor.NoGrad())
        {
            tensor.CopyFrom(values);
        }
        values.Dispose();
    }
}
