using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>x &gt; 0 ? x : slope·x as a layer.</summary>
public sealed class LeakyReLU<T>(double negativeSlope = 0.01) : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override Tensor<T> Forward(Tensor<T> input) => (input ?? throw new ArgumentNullException(nameof(input))).LeakyRelu(negativeSlope);

    /// <summary>Describes the layer.</summary>
    public override string ToString() => $"LeakyReLU({negativeSlope})";
}
