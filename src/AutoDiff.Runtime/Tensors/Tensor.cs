using System.Collections.ObjectModel;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace AutoDiff.Tensors;

/// <summary>
/// An n-dimensional array of <typeparamref name="T"/> (<see cref="float"/> or <see cref="double"/>) that can
/// record the operations applied to it and compute gradients by reverse-mode autodiff. A tensor is a view of a
/// pooled storage (shape, strides and offset): transposes, narrowing, stepped slices and expansions share their
/// input's storage, like PyTorch's views.
/// </summary>
/// <typeparam name="T">Element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed partial class Tensor<T> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private ReadOnlyCollection<int>? _shapeView;
    private bool _requiresGrad;
    private Tensor<T>? _grad;

    internal Tensor(Storage<T> storage, int offset, int[] dims, int[] strides)
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            throw new NotSupportedException($"Tensor<{typeof(T).Name}> is not supported; use float or double.");
        }
        Storage = storage;
        Offset = offset;
        Dims = dims;
        Strides = strides;
        Count = ShapeUtil.Count(dims);
        IsContiguous = ShapeUtil.IsRowMajor(dims, strides);
    }

    /// <summary>A contiguous tensor over <paramref name="storage"/> from element 0.</summary>
    internal Tensor(Storage<T> storage, int[] dims)
        : this(storage, 0, dims, ShapeUtil.Strides(dims))
    {
    }

    /// <summary>A fresh contiguous tensor from the pool, owned by the current scope.</summary>
    internal static Tensor<T> Empty(int[] dims, bool clear = false) => new(Storage<T>.Rent(ShapeUtil.Count(dims), clear), dims);

    internal Storage<T> Storage { get; }

    internal int Offset { get; }

    internal int[] Dims { get; }

    internal int[] Strides { get; }

    /// <summary>True when the elements lie row-major with no gaps in the storage (views may not).</summary>
    public bool IsContiguous { get; }

    /// <summary>The raw buffer (may be shared with other views).</summary>
    internal T[] Buffer => Storage.Array;

    /// <summary>The elements in row-major order; only for contiguous tensors.</summary>
    internal Span<T> Span => IsContiguous
        ? Storage.Array.AsSpan(Offset, Count)
        : throw new InvalidOperationException("Internal error: Span of a non-contiguous tensor.");

    /// <summary>The node that produced this tensor, or null for leaves and untracked results.</summary>
    internal GradNode<T>? Node { get; set; }

    /// <summary>The size of each dimension (empty for a scalar).</summary>
    public IReadOnlyList<int> Shape => _shapeView ??= Array.AsReadOnly(Dims);

    /// <summary>Number of dimensions.</summary>
    public int Rank => Dims.Length;

    /// <summary>Total number of elements.</summary>
    public int Count { get; }

    /// <summary>Size of dimension <paramref name="dim"/> (negative counts from the end).</summary>
    public int Size(int dim) => Dims[ShapeUtil.NormalizeDim(dim, Dims.Length, nameof(dim))];

    /// <summary>Distance in elements between neighbours along each dimension (0 along expanded dimensions).</summary>
    public IReadOnlyList<int> Stride() => Array.AsReadOnly(Strides);

    /// <summary>Number of in-place modifications of this tensor's storage so far (PyTorch's <c>_version</c>).</summary>
    public int Version => Storage.Version;

    /// <summary>Read-only view of the elements in row-major order (a contiguous copy for strided views).</summary>
    public ReadOnlySpan<T> AsSpan() => Contiguous().Span;

    /// <summary>Copies the elements out in row-major order.</summary>
    public T[] ToArray() => Contiguous().Span.ToArray();

    /// <summary>The value of a one-element tensor.</summary>
    public T Item()
    {
        if (Count != 1)
        {
            throw new InvalidOperationException($"Item() needs a one-element tensor; this one has shape {ShapeUtil.Format(Dims)}.");
        }
        return Buffer[Offset];
    }

    /// <summary>Element at the given multi-index (one index per dimension, negative counts from the end).</summary>
    [System.Runtime.CompilerServices.IndexerName("Element")]
    public T this[params int[] index]
    {
        get => Buffer[FlatIndex(index)];
    }

    private int FlatIndex(int[] index)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (index.Length != Dims.Length)
        {
            throw new ArgumentException($"Expected {Dims.Length} indices for shape {ShapeUtil.Format(Dims)}, got {index.Length}.", nameof(index));
        }
        int flat = Offset;
        for (int i = 0; i < index.Length; i++)
        {
            int k = index[i] < 0 ? index[i] + Dims[i] : index[i];
            if (k < 0 || k >= Dims[i])
            {
                throw new ArgumentOutOfRangeException(nameof(index), index[i], $"Index {index[i]} is out of range for dimension {i} of size {Dims[i]}.");
            }
            flat += k * Strides[i];
        }
        return flat;
    }

    /// <summary>
    /// Whether gradients flow to this tensor. Setting it is allowed on leaves only (tensors not produced by a
    /// recorded operation); results of recorded operations report true. A leaf that requires grad is a parameter:
    /// no <see cref="TensorScope"/> owns its storage.
    /// </summary>
    public bool RequiresGrad
    {
        get => _requiresGrad || Node is not null;
        set
        {
            if (Node is not null)
            {
                throw new InvalidOperationException("RequiresGrad can only be changed on leaf tensors; use Detach() to cut a result from its graph.");
            }
            _requiresGrad = value;
            if (value)
            {
                TensorScope.Disown(Storage);
            }
        }
    }

    /// <summary>True when this tensor was not produced by a recorded operation.</summary>
    public bool IsLeaf => Node is null;

    /// <summary>Name of the operation that produced this tensor (e.g. "MatMul"), or null for leaves.</summary>
    public string? GradFn => Node?.Name;

    /// <summary>
    /// Accumulated gradient of a leaf that requires grad; null until a backward pass reaches it. May be set
    /// (or reset to null) by hand; a new value must have this tensor's shape.
    /// </summary>
    public Tensor<T>? Grad
    {
        get => _grad;
        set
        {
            if (value is not null && !ShapeUtil.SameShape(value.Dims, Dims))
            {
                throw new ArgumentException(
                    $"Gradient shape {ShapeUtil.Format(value.Dims)} does not match tensor shape {ShapeUtil.Format(Dims)}.", nameof(value));
            }
            _grad = value;
        }
    }

    /// <summary>Sets <see cref="RequiresGrad"/> and returns this tensor, for fluent creation.</summary>
    public Tensor<T> RequireGrad(bool value = true)
    {
        RequiresGrad = value;
        return this;
    }

    /// <summary>Fills the accumulated gradient with zeros (if there is one).</summary>
    public void ZeroGrad()
    {
        if (Grad is not null)
        {
            if (Grad.IsContiguous)
            {
                Grad.Span.Clear();
            }
            else
            {
                Grad = null;
            }
        }
    }

    /// <summary>
    /// Keeps this tensor's storage alive after the innermost <see cref="TensorScope"/> ends (it moves to the
    /// enclosing scope, or to none). Views share storage, so they are kept too. Returns this tensor.
    /// </summary>
    public Tensor<T> Keep()
    {
        TensorScope.Promote(Storage);
        return this;
    }

    /// <summary>
    /// Takes this tensor's storage out of every <see cref="TensorScope"/>, like a parameter's: use it for state a
    /// module keeps across steps that is not a parameter (e.g. running statistics). Returns this tensor.
    /// </summary>
    public Tensor<T> Persist()
    {
        TensorScope.Disown(Storage);
        return this;
    }

    /// <summary>
    /// Returns this tensor's storage to the pool now. The storage is shared with views and with
    /// <see cref="Detach"/>ed copies: none of them may be used afterwards.
    /// </summary>
    public void Dispose() => Storage.Release();

    /// <summary>A tensor sharing this one's elements but cut from the graph (no grad, no history).</summary>
    public Tensor<T> Detach() => new(Storage, Offset, Dims, Strides);

    /// <summary>A copy with its own storage; like PyTorch's <c>clone()</c>, gradients flow through it to this tensor.</summary>
    public Tensor<T> Clone()
    {
        Tensor<T> r = Empty(Dims);
        Kernels.Elementwise.Copy(this, r);
        return AnyRequiresGrad(this) ? Record(r, "Clone", [this], g => [g]) : r;
    }

    /// <summary>This tensor if its elements are contiguous, else a contiguous copy (gradients flow through it).</summary>
    public Tensor<T> Contiguous() => IsContiguous ? this : Clone();

    /// <summary>A short textual form: shape, grad state and up to 20 elements.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("Tensor<").Append(typeof(T).Name).Append('>').Append(ShapeUtil.Format(Dims)).Append(" {");
        if (Storage.IsReleased)
        {
            sb.Append(" released }");
            return sb.ToString();
        }
        ReadOnlySpan<T> values = Contiguous().Span;
        int shown = Math.Min(values.Length, 20);
        for (int i = 0; i < shown; i++)
        {
            sb.Append(i == 0 ? " " : ", ").Append(values[i].ToString("G6", CultureInfo.InvariantCulture));
        }
        sb.Append(values.Length > shown ? ", ... }" : " }");
        if (Node is not null)
        {
            sb.Append(" grad_fn=").Append(Node.Name);
        }
        else if (_requiresGrad)
        {
            sb.Append(" requires_grad");
        }
        return sb.ToString();
    }

    internal static bool AnyRequiresGrad(Tensor<T> a) => Tensor.IsGradEnabled && a.RequiresGrad;

    internal static bool AnyRequiresGrad(Tensor<T> a, Tensor<T> b) => Tensor.IsGradEnabled && (a.RequiresGrad || b.RequiresGrad);

    internal static bool AnyRequiresGrad(Tensor<T> a, Tensor<T> b, Tensor<T>? c) => Tensor.IsGradEnabled && (a.RequiresGrad || b.RequiresGrad || (c?.RequiresGrad ?? false));

    /// <summary>
    /// Marks <paramref name="result"/> as produced by a recorded operation. <paramref name="saved"/> lists the
    /// tensors whose values the backward function reads: an in-place change to one of them before the backward
    /// pass makes that pass throw instead of computing a wrong gradient.
    /// </summary>
    internal static Tensor<T> Record(Tensor<T> result, string name, Tensor<T>[] inputs, Func<Tensor<T>, Tensor<T>?[]> backward, params Tensor<T>[] saved)
    {
        result.Node = new GradNode<T>(name, inputs, backward, saved);
        return result;
    }

    internal static T Const(double value) => T.CreateChecked(value);

    /// <summary>Records an in-place write: saved copies of this storage are now stale.</summary>
    internal void MarkModified() => Storage.Version++;
}
