using System.Collections.ObjectModel;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace AutoDiff.Tensors;

/// <summary>
/// A dense, row-major n-dimensional array of <typeparamref name="T"/> (<see cref="float"/> or <see cref="double"/>)
/// that can record the operations applied to it and compute gradients by reverse-mode autodiff.
/// </summary>
/// <typeparam name="T">Element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed partial class Tensor<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    // Contiguous storage; Reshape/View/Detach share it, every other op allocates a fresh buffer.
    internal readonly T[] Data;
    internal readonly int[] Dims;
    private ReadOnlyCollection<int>? shapeView;
    private bool requiresGrad;
    private Tensor<T>? grad;

    /// <summary>The node that produced this tensor, or null for leaves and untracked results.</summary>
    internal GradNode<T>? Node;

    internal Tensor(T[] data, int[] dims)
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            throw new NotSupportedException($"Tensor<{typeof(T).Name}> is not supported; use float or double.");
        }
        Data = data;
        Dims = dims;
    }

    /// <summary>The size of each dimension (empty for a scalar).</summary>
    public IReadOnlyList<int> Shape => shapeView ??= Array.AsReadOnly(Dims);

    /// <summary>Number of dimensions.</summary>
    public int Rank => Dims.Length;

    /// <summary>Total number of elements.</summary>
    public int Count => Data.Length;

    /// <summary>Size of dimension <paramref name="dim"/> (negative counts from the end).</summary>
    public int Size(int dim) => Dims[ShapeUtil.NormalizeDim(dim, Dims.Length, nameof(dim))];

    /// <summary>Read-only view of the elements in row-major order.</summary>
    public ReadOnlySpan<T> AsSpan() => Data;

    /// <summary>Copies the elements out in row-major order.</summary>
    public T[] ToArray() => (T[])Data.Clone();

    /// <summary>The value of a one-element tensor.</summary>
    public T Item()
    {
        if (Data.Length != 1)
        {
            throw new InvalidOperationException($"Item() needs a one-element tensor; this one has shape {ShapeUtil.Format(Dims)}.");
        }
        return Data[0];
    }

    /// <summary>Element at the given multi-index (one index per dimension, negative counts from the end).</summary>
    [System.Runtime.CompilerServices.IndexerName("Element")]
    public T this[params int[] index]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(index);
            if (index.Length != Dims.Length)
            {
                throw new ArgumentException($"Expected {Dims.Length} indices for shape {ShapeUtil.Format(Dims)}, got {index.Length}.", nameof(index));
            }
            int flat = 0;
            for (int i = 0; i < index.Length; i++)
            {
                int k = index[i] < 0 ? index[i] + Dims[i] : index[i];
                if (k < 0 || k >= Dims[i])
                {
                    throw new ArgumentOutOfRangeException(nameof(index), index[i], $"Index {index[i]} is out of range for dimension {i} of size {Dims[i]}.");
                }
                flat = flat * Dims[i] + k;
            }
            return Data[flat];
        }
    }

    /// <summary>
    /// Whether gradients flow to this tensor. Setting it is allowed on leaves only (tensors not produced by a
    /// recorded operation); results of recorded operations report true.
    /// </summary>
    public bool RequiresGrad
    {
        get => requiresGrad || Node is not null;
        set
        {
            if (Node is not null)
            {
                throw new InvalidOperationException("RequiresGrad can only be changed on leaf tensors; use Detach() to cut a result from its graph.");
            }
            requiresGrad = value;
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
        get => grad;
        set
        {
            if (value is not null && !ShapeUtil.SameShape(value.Dims, Dims))
            {
                throw new ArgumentException(
                    $"Gradient shape {ShapeUtil.Format(value.Dims)} does not match tensor shape {ShapeUtil.Format(Dims)}.", nameof(value));
            }
            grad = value;
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
            Array.Clear(Grad.Data);
        }
    }

    /// <summary>A tensor sharing this one's elements but cut from the graph (no grad, no history).</summary>
    public Tensor<T> Detach() => new(Data, Dims);

    /// <summary>A copy with its own storage; like PyTorch's <c>clone()</c>, gradients flow through it to this tensor.</summary>
    public Tensor<T> Clone()
    {
        var r = new Tensor<T>((T[])Data.Clone(), (int[])Dims.Clone());
        return AnyRequiresGrad(this) ? Record(r, "Clone", [this], g => [g]) : r;
    }

    /// <summary>A short textual form: shape, grad state and up to 20 elements.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("Tensor<").Append(typeof(T).Name).Append(">").Append(ShapeUtil.Format(Dims)).Append(" {");
        int shown = Math.Min(Data.Length, 20);
        for (int i = 0; i < shown; i++)
        {
            sb.Append(i == 0 ? " " : ", ").Append(Data[i].ToString("G6", CultureInfo.InvariantCulture));
        }
        sb.Append(Data.Length > shown ? ", ... }" : " }");
        if (Node is not null)
        {
            sb.Append(" grad_fn=").Append(Node.Name);
        }
        else if (requiresGrad)
        {
            sb.Append(" requires_grad");
        }
        return sb.ToString();
    }

    internal static bool AnyRequiresGrad(Tensor<T> a) => Tensor.IsGradEnabled && a.RequiresGrad;

    internal static bool AnyRequiresGrad(Tensor<T> a, Tensor<T> b) => Tensor.IsGradEnabled && (a.RequiresGrad || b.RequiresGrad);

    /// <summary>Marks <paramref name="result"/> as produced by a recorded operation.</summary>
    internal static Tensor<T> Record(Tensor<T> result, string name, Tensor<T>[] inputs, Func<Tensor<T>, Tensor<T>?[]> backward)
    {
        result.Node = new GradNode<T>(name, inputs, backward);
        return result;
    }

    internal static T Scalar(double value) => T.CreateChecked(value);
}
