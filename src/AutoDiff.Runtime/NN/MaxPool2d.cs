using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>2-D max pooling as a layer.</summary>
public sealed class MaxPool2d<T>(int kernelSize, int? stride = null, int padding = 0) : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override Tensor<T> Forward(Tensor<T> input) => Tensor<T>.MaxPool2d(input, kernelSize, stride, padding);

    /// <summary>Describes the layer.</summary>
    public override string ToString() => $"MaxPool2d({kernelSize})";
}
