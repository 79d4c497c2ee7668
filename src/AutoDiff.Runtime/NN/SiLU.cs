using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>SiLU x·σ(x) as a layer.</summary>
public sealed class SiLU<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override Tensor<T> Forward(Tensor<T> input) => (input ?? throw new ArgumentNullException(nameof(input))).Silu();

    /// <summary>Describes the layer.</summary>
    public override string ToString() => "SiLU";
}
