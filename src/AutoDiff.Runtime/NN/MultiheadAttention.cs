using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>
/// Multi-head attention on batch-first inputs [N, L, E] (PyTorch's <c>nn.MultiheadAttention(batch_first=True)</c>):
/// query, key and value projections, <see cref="Functional.ScaledDotProductAttention"/> per head, output projection.
/// </summary>
public sealed class MultiheadAttention<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the layer; <paramref name="embedDim"/> must divide by <paramref name="numHeads"/>.</summary>
    public MultiheadAttention(int embedDim, int numHeads, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(embedDim);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numHeads);
        ArgumentNullException.ThrowIfNull(random);
        if (embedDim % numHeads != 0)
        {
            throw new ArgumentException($"embedDim {embedDim} is not divisible by numHeads {numHeads}.", nameof(numHeads));
        }
        (EmbedDim, NumHeads) = (embedDim, numHeads);
        Query = new Linear<T>(embedDim, embedDim, random);
        Key = new Linear<T>(embedDim, embedDim, random);
        Value = new Linear<T>(embedDim, embedDim, random);
        Output = new Linear<T>(embedDim, embedDim, random);
    }

    /// <summary>Embedding size.</summary>
    public int EmbedDim { get; }

    /// <summary>Number of heads.</summary>
    public int NumHeads { get; }

    /// <summary>Query projection.</summary>
    public Linear<T> Query { get; }

    /// <summary>Key projection.</summary>
    public Linear<T> Key { get; }

    /// <summary>Value projection.</summary>
    public Linear<T> Value { get; }

    /// <summary>Output projection.</summary>
    public Linear<T> Output { get; }

    /// <summary>
    /// Attention of <paramref name="query"/> [N, L, E] over <paramref name="key"/> and <paramref name="value"/> [N, S, E];
    /// <paramref name="mask"/> ([L, S] or broadcastable to [N, heads, L, S]) is true where attending is not allowed.
    /// </summary>
    public Tensor<T> Forward(Tensor<T> query, Tensor<T> key, Tensor<T> value, BoolTensor? mask = null, bool causal = false)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (query.Rank != 3 || query.Size(2) != EmbedDim)
        {
            throw new ArgumentException($"MultiheadAttention expects [N, L, {EmbedDim}]; got [{string.Join(", ", query.Shape)}].", nameof(query));
        }
        Tensor<T> q = Heads(Query.Forward(query)), k = Heads(Key.Forward(key)), v = Heads(Value.Forward(value));
        Tensor<T> attended = Functional.ScaledDotProductAttention(q, k, v, mask, causal); // [N, H, L, D]
        Tensor<T> merged = attended.Transpose(1, 2).Reshape(query.Size(0), query.Size(1), EmbedDim);
        return Output.Forward(merged);
    }

    /// <summary>Self-attention.</summary>
    public override Tensor<T> Forward(Tensor<T> input) => Forward(input, input, input);

    private Tensor<T> Heads(Tensor<T> x) => x.Reshape(x.Size(0), x.Size(1), NumHeads, EmbedDim / NumHeads).Transpose(1, 2);

    /// <inheritdoc/>
    public override IEnumerable<(string Name, Module<T> Module)> NamedChildren() =>
        [("Query", Query), ("Key", Key), ("Value", Value), ("Output", Output)];
}
