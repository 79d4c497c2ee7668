using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>2-D average pooling as a layer.</summary>
public sealed class AvgPool2d<T>(int kernelSize, int? stride = null, int padding = 0) : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override Tensor<T> Forward(Tensor<T> input) => Tensor<T>.AvgPool2d(input, kernelSize, stride, padding);

    /// <summary>Describes the layer.</summary>
    public override string ToString() => $"AvgPool2d({kernelSize})";
}
