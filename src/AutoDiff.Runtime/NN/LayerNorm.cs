using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>Layer normalisation over the trailing dimensions <c>normalizedShape</c>, with a learnt scale (1) and shift (0).</summary>
public sealed class LayerNorm<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the layer for inputs ending in <paramref name="normalizedShape"/>.</summary>
    public LayerNorm(int[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true)
    {
        ArgumentNullException.ThrowIfNull(normalizedShape);
        if (normalizedShape.Length == 0 || normalizedShape.Any(d => d <= 0))
        {
            throw new ArgumentException("normalizedShape must be non-empty with positive sizes.", nameof(normalizedShape));
        }
        NormalizedShape = (int[])normalizedShape.Clone();
        Eps = eps;
        Weight = elementwiseAffine ? Tensor<T>.Ones(normalizedShape).RequireGrad() : null;
        Bias = elementwiseAffine ? Tensor<T>.Zeros(normalizedShape).RequireGrad() : null;
    }

    /// <summary>Creates the layer for a last dimension of size <paramref name="features"/>.</summary>
    public LayerNorm(int features, double eps = 1e-5)
        : this([features], eps)
    {
    }

    /// <summary>The normalised trailing shape.</summary>
    public IReadOnlyList<int> NormalizedShape { get; }

    /// <summary>Added to the variance.</summary>
    public double Eps { get; }

    /// <summary>Scale, or null without affine parameters.</summary>
    public Tensor<T>? Weight { get; }

    /// <summary>Shift, or null without affine parameters.</summary>
    public Tensor<T>? Bias { get; }

    /// <inheritdoc/>
    public override Tensor<T> Forward(Tensor<T> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int k = NormalizedShape.Count;
        if (input.Rank < k || !input.Shape.Skip(input.Rank - k).SequenceEqual(NormalizedShape))
        {
            throw new ArgumentException($"LayerNorm: input [{string.Join(", ", input.Shape)}] does not end in [{string.Join(", ", NormalizedShape)}].", nameof(input));
        }
        return Functional.LayerNorm(input, k, Weight, Bias, Eps);
    }

    /// <inheritdoc/>
    public override IEnumerable<(string Name, Tensor<T> Parameter)> NamedParameters()
    {
        if (Weight is not null && Bias is not null)
        {
            yield return ("Weight", Weight);
            yield return ("Bias", Bias);
        }
    }
}
