using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>Affine layer y = x·W + b with W of shape [inFeatures, outFeatures] and b of shape [outFeatures].</summary>
public sealed class Linear<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Creates the layer with PyTorch's default initialisation: W and b uniform in ±1/√inFeatures, drawn from
    /// <paramref name="random"/> so a seeded Random gives the same network every run.
    /// </summary>
    public Linear(int inFeatures, int outFeatures, Random random, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        ArgumentNullException.ThrowIfNull(random);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        T bound = T.One / T.Sqrt(T.CreateChecked(inFeatures));
        Weight = Tensor<T>.RandomUniform(random, -bound, bound, inFeatures, outFeatures).RequireGrad();
        Bias = bias ? Tensor<T>.RandomUniform(random, -bound, bound, outFeatures).RequireGrad() : null;
    }

    /// <summary>Input width.</summary>
    public int InFeatures { get; }

    /// <summary>Output width.</summary>
    public int OutFeatures { get; }

    /// <summary>Weight matrix [inFeatures, outFeatures].</summary>
    public Tensor<T> Weight { get; }

    /// <summary>Bias vector [outFeatures], or null when created without bias.</summary>
    public Tensor<T>? Bias { get; }

    /// <summary>Maps [..., inFeatures] to [..., outFeatures].</summary>
    public override Tensor<T> Forward(Tensor<T> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank == 0 || input.Size(-1) != InFeatures)
        {
            throw new ArgumentException(
                $"Linear({InFeatures}, {OutFeatures}) expects input [..., {InFeatures}]; got [{string.Join(", ", input.Shape)}].", nameof(input));
        }
        return Tensor<T>.Linear(input, Weight, Bias);
    }

    /// <inheritdoc/>
    public override IEnumerable<(string Name, Tensor<T> Parameter)> NamedParameters()
    {
        yield return ("Weight", Weight);
        if (Bias is not null)
        {
            yield return ("Bias", Bias);
        }
    }

    /// <summary>Describes the layer.</summary>
    public override string ToString() => $"Linear({InFeatures} -> {OutFeatures}{(Bias is null ? ", no bias" : "")})";
}
