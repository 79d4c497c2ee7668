using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>Hyperbolic tangent as a layer.</summary>
public sealed class Tanh<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override Tensor<T> Forward(Tensor<T> input) => (input ?? throw new ArgumentNullException(nameof(input))).Tanh();

    /// <summary>Describes the layer.</summary>
    public override string ToString() => "Tanh";
}
