using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>
/// Zeroes each element with probability p in training mode and scales the rest by 1/(1 − p) (inverted dropout);
/// the identity in evaluation mode. Draws from its own seeded <see cref="Random"/>.
/// </summary>
public sealed class Dropout<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Random _random;

    /// <summary>Creates the layer with drop probability <paramref name="p"/>.</summary>
    public Dropout(double p, Random random)
    {
        if (!(p >= 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be in [0, 1).");
        }
        ArgumentNullException.ThrowIfNull(random);
        P = p;
        _random = random;
    }

    /// <summary>The drop probability.</summary>
    public double P { get; }

    /// <inheritdoc/>
    public override Tensor<T> Forward(Tensor<T> input) => Functional.Dropout(input, P, Training, _random);

    /// <summary>Describes the layer.</summary>
    public override string ToString() => $"Dropout({P})";
}
