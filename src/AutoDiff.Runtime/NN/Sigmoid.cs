using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>Logistic sigmoid as a layer.</summary>
public sealed class Sigmoid<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override Tensor<T> Forward(Tensor<T> input) => (input ?? throw new ArgumentNullException(nameof(input))).Sigmoid();

    /// <summary>Describes the layer.</summary>
    public override string ToString() => "Sigmoid";
}
