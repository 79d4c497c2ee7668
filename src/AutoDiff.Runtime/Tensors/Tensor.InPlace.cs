using System.Numerics;
using AutoDiff.Tensors.Kernels;

namespace AutoDiff.Tensors;

public sealed partial class Tensor<T>
{
    /// <summary>this += <paramref name="other"/> (broadcast to this shape), in place; returns this tensor.</summary>
    public Tensor<T> AddInPlace(Tensor<T> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        CheckBroadcastsTo(other, nameof(other));
        return InPlace("AddInPlace", other, t => Elementwise.Binary<T, AddOp<T>>(t, other, t), (g, _) => [g, other.RequiresGrad ? g.SumTo(other.Dims) : null]);
    }

    /// <summary>this −= <paramref name="other"/>, in place.</summary>
    public Tensor<T> SubInPlace(Tensor<T> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        CheckBroadcastsTo(other, nameof(other));
        return InPlace("SubInPlace", other, t => Elementwise.Binary<T, SubtractOp<T>>(t, other, t), (g, _) => [g, other.RequiresGrad ? (-g).SumTo(other.Dims) : null]);
    }

    /// <summary>this ×= <paramref name="other"/>, in place.</summary>
    public Tensor<T> MulInPlace(Tensor<T> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        CheckBroadcastsTo(other, nameof(other));
        return InPlace("MulInPlace", other, t => Elementwise.Binary<T, MultiplyOp<T>>(t, other, t),
            (g, old) => [g * other, other.RequiresGrad ? (g * old!).SumTo(other.Dims) : null], needsOld: other.RequiresGrad);
    }

    /// <summary>this ×= <paramref name="value"/>, in place.</summary>
    public Tensor<T> MulInPlace(T value) => InPlace("MulScalarInPlace", null, t => Elementwise.Unary(t, t, new Vec1<T, ScaleF<T>>(new ScaleF<T>(value))), (g, _) => [g * value]);

    /// <summary>this += <paramref name="value"/>, in place.</summary>
    public Tensor<T> AddInPlace(T value) => InPlace("AddScalarInPlace", null, t => Elementwise.Unary(t, t, new Vec1<T, AddScalarF<T>>(new AddScalarF<T>(value))), (g, _) => [g]);

    /// <summary>Sets every element to <paramref name="value"/>; the old values get no gradient.</summary>
    public Tensor<T> Fill(T value) => InPlace("Fill", null, t => t.Span.Fill(value), (g, _) => [ZerosLike(g)]);

    /// <summary>Copies <paramref name="source"/> (broadcast to this shape) into this tensor; the gradient goes to the source.</summary>
    public Tensor<T> CopyFrom(Tensor<T> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        CheckBroadcastsTo(source, nameof(source));
        return InPlace("CopyFrom", source, t => Elementwise.Copy(source, t), (g, _) => [ZerosLike(g), source.RequiresGrad ? g.SumTo(source.Dims) : null]);
    }

    /// <summary>Clamps in place into [min, max].</summary>
    public Tensor<T> ClampInPlace(T? min = null, T? max = null)
    {
        T lo = min ?? T.NegativeInfinity, hi = max ?? T.PositiveInfinity;
        BoolTensor? inside = RequiresGrad && Tensor.IsGradEnabled ? Ge(lo) & Le(hi) : null;
        return InPlace("ClampInPlace", null, t => Elementwise.Unary(t, t, new Vec1<T, ClampF<T>>(new ClampF<T>(lo, hi))), (g, _) => [Where(inside!, g, T.Zero)]);
    }

    private void CheckBroadcastsTo(Tensor<T> other, string paramName)
    {
        int[] dims = ShapeUtil.Broadcast(Dims, other.Dims, "in-place operation", paramName);
        if (!ShapeUtil.SameShape(dims, Dims))
        {
            throw new ArgumentException($"In-place operation: shape {ShapeUtil.Format(other.Dims)} does not broadcast to {ShapeUtil.Format(Dims)}.", paramName);
        }
    }

    /// <summary>
    /// Runs an in-place write and keeps autograd right: the storage's version goes up (so graphs that saved the old
    /// values refuse to backward through them), and when recording, this tensor's history is rebased onto a node
    /// whose input is its previous history. Leaves that require grad, and views of tensors that require grad, may
    /// not be modified while recording (as in PyTorch, which also refuses the first).
    /// </summary>
    private Tensor<T> InPlace(string name, Tensor<T>? other, Action<Tensor<T>> write, Func<Tensor<T>, Tensor<T>?, Tensor<T>?[]> backward, bool needsOld = false)
    {
        _ = Buffer; // throws ObjectDisposedException once released
        bool recording = Tensor.IsGradEnabled && (RequiresGrad || (other?.RequiresGrad ?? false));
        if (recording && IsLeaf && RequiresGrad)
        {
            throw new InvalidOperationException($"{name}: a leaf tensor that requires grad cannot be modified in place while recording; use Tensor.NoGrad() (as optimizers do).");
        }
        if (recording && Node is not null && Node.Name is "Slice" or "Select" or "Flip" or "Permute" or "Expand" or "Reshape" or "Squeeze" or "Unsqueeze")
        {
            throw new NotSupportedException($"{name}: modifying a view ({Node.Name}) of a tensor that requires grad is not supported while recording; Clone() the view first.");
        }
        if (HasOverlap())
        {
            throw new InvalidOperationException($"{name}: this tensor is an expanded view whose elements share memory; Clone() it first.");
        }
        Tensor<T>? old = needsOld && recording ? Detach().Clone() : null;
        using (Tensor.NoGrad())
        {
            if (IsContiguous)
            {
                write(this);
            }
            else
            {
                // A strided view: compute on a contiguous copy, then write it back through the view.
                Tensor<T> c = Detach().Clone();
                write(c);
                Elementwise.CopyStrided(c, this);
            }
        }
        MarkModified();
        if (recording)
        {
            var previous = new Tensor<T>(Storage, Offset, Dims, Strides) { Node = Node, _requiresGrad = _requiresGrad };
            Tensor<T>[] inputs = other is null ? [previous] : [previous, other];
            Node = null;
            Record(this, name, inputs, g => backward(g, old));
        }
        return this;
    }

    private bool HasOverlap()
    {
        for (int i = 0; i < Rank; i++)
        {
            if (Strides[i] == 0 && Dims[i] > 1)
            {
                return true;
            }
        }
        return false;
    }
}
