using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>Rectified linear unit max(x, 0) as a layer.</summary>
public sealed class ReLU<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override Tensor<T> Forward(Tensor<T> input) => (input ?? throw new ArgumentNullException(nameof(input))).Relu();

    /// <summary>Describes the layer.</summary>
    public override string ToString() => "ReLU";
}
