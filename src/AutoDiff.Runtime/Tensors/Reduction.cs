namespace AutoDiff.Tensors;

/// <summary>How a loss combines its per-element values (PyTorch's <c>reduction</c>).</summary>
public enum Reduction
{
    /// <summary>The mean (for weighted cross-entropy and NLL: divided by the total weight of the counted targets).</summary>
    Mean,

    /// <summary>The sum.</summary>
    Sum,

    /// <summary>No reduction: one loss per element (or per sample).</summary>
    None,
}
