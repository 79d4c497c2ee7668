using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>A lookup table of <c>count</c> vectors of size <c>dim</c>, initialised N(0, 1) as in PyTorch: indices [...] → [..., dim].</summary>
public sealed class Embedding<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the table.</summary>
    public Embedding(int count, int dim, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dim);
        ArgumentNullException.ThrowIfNull(random);
        Weight = Tensor<T>.RandomNormal(random, count, dim).RequireGrad();
    }

    /// <summary>The table [count, dim].</summary>
    public Tensor<T> Weight { get; }

    /// <summary>Looks up <paramref name="indices"/>; gradients add up into the rows used.</summary>
    public Tensor<T> Forward(IntTensor indices) => Weight.Index(indices);

    /// <summary>Looks up indices given as a floating-point tensor of whole numbers.</summary>
    public override Tensor<T> Forward(Tensor<T> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Forward(new IntTensor([.. input.ToArray().Select(v => int.CreateChecked(v))], [.. input.Shape]));
    }

    /// <inheritdoc/>
    public override IEnumerable<(string Name, Tensor<T> Parameter)> NamedParameters()
    {
        yield return ("Weight", Weight);
    }
}
