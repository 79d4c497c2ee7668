using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>GELU x·Φ(x) (exact) as a layer.</summary>
public sealed class GELU<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override Tensor<T> Forward(Tensor<T> input) => (input ?? throw new ArgumentNullException(nameof(input))).Gelu();

    /// <summary>Describes the layer.</summary>
    public override string ToString() => "GELU";
}
