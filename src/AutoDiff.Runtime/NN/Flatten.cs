using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>Flattens dimensions <c>startDim</c>..<c>endDim</c> (default: all but the batch dimension).</summary>
public sealed class Flatten<T>(int startDim = 1, int endDim = -1) : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override Tensor<T> Forward(Tensor<T> input) => (input ?? throw new ArgumentNullException(nameof(input))).Flatten(startDim, endDim);

    /// <summary>Describes the layer.</summary>
    public override string ToString() => "Flatten";
}
