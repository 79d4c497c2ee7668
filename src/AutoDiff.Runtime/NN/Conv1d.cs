using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>1-D convolution layer: [N, in, L] → [N, out, outL], weight [out, in, k].</summary>
public sealed class Conv1d<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the layer; weights and bias uniform in ±1/√(in·k).</summary>
    public Conv1d(int inChannels, int outChannels, int kernelSize, Random random, int stride = 1, int padding = 0, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        ArgumentNullException.ThrowIfNull(random);
        (Stride, Padding) = (stride, padding);
        T bound = T.One / T.Sqrt(T.CreateChecked(inChannels * kernelSize));
        Weight = Tensor<T>.RandomUniform(random, -bound, bound, outChannels, inChannels, kernelSize).RequireGrad();
        Bias = bias ? Tensor<T>.RandomUniform(random, -bound, bound, outChannels).RequireGrad() : null;
    }

    /// <summary>Stride.</summary>
    public int Stride { get; }

    /// <summary>Zero padding on each side.</summary>
    public int Padding { get; }

    /// <summary>Weight [out, in, k].</summary>
    public Tensor<T> Weight { get; }

    /// <summary>Bias [out] or null.</summary>
    public Tensor<T>? Bias { get; }

    /// <inheritdoc/>
    public override Tensor<T> Forward(Tensor<T> input) => Tensor<T>.Conv1d(input, Weight, Bias, Stride, Padding);

    /// <inheritdoc/>
    public override IEnumerable<(string Name, Tensor<T> Parameter)> NamedParameters()
    {
        yield return ("Weight", Weight);
        if (Bias is not null)
        {
            yield return ("Bias", Bias);
        }
    }
}
