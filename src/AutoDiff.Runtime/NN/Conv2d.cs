using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>2-D convolution layer: [N, in, H, W] → [N, out, outH, outW], weight [out, in, k, k] (PyTorch's layout and init).</summary>
public sealed class Conv2d<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the layer; weights and bias uniform in ±1/√(in·k·k) from <paramref name="random"/>.</summary>
    public Conv2d(int inChannels, int outChannels, int kernelSize, Random random, int stride = 1, int padding = 0, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        ArgumentNullException.ThrowIfNull(random);
        (InChannels, OutChannels, KernelSize, Stride, Padding) = (inChannels, outChannels, kernelSize, stride, padding);
        T bound = T.One / T.Sqrt(T.CreateChecked(inChannels * kernelSize * kernelSize));
        Weight = Tensor<T>.RandomUniform(random, -bound, bound, outChannels, inChannels, kernelSize, kernelSize).RequireGrad();
        Bias = bias ? Tensor<T>.RandomUniform(random, -bound, bound, outChannels).RequireGrad() : null;
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel height and width.</summary>
    public int KernelSize { get; }

    /// <summary>Stride in both dimensions.</summary>
    public int Stride { get; }

    /// <summary>Zero padding on each side.</summary>
    public int Padding { get; }

    /// <summary>Weight [out, in, k, k].</summary>
    public Tensor<T> Weight { get; }

    /// <summary>Bias [out] or null.</summary>
    public Tensor<T>? Bias { get; }

    /// <inheritdoc/>
    public override Tensor<T> Forward(Tensor<T> input) => Tensor<T>.Conv2d(input, Weight, Bias, Stride, Padding);

    /// <inheritdoc/>
    public override IEnumerable<(string Name, Tensor<T> Parameter)> NamedParameters()
    {
        yield return ("Weight", Weight);
        if (Bias is not null)
        {
            yield return ("Bias", Bias);
        }
    }

    /// <summary>Describes the layer.</summary>
    public override string ToString() => $"Conv2d({InChannels}, {OutChannels}, k={KernelSize}, s={Stride}, p={Padding})";
}
