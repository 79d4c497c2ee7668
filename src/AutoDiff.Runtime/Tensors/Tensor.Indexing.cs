using System.Numerics;

namespace AutoDiff.Tensors;

public sealed partial class Tensor<T>
{
    /// <summary>
    /// Picks values along <paramref name="dim"/> by index (<c>torch.gather</c>): the result has the index's shape and
    /// out[..., j, ...] = x[..., index[..., j, ...], ...]. The index must match this tensor's size in every other
    /// dimension (or be smaller). The gradient is scattered back with addition.
    /// </summary>
    public Tensor<T> Gather(int dim, IntTensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dim));
        CheckIndexShape(index, d, "Gather");
        Tensor<T> x = Contiguous();
        Tensor<T> r = Empty(index.Dims);
        int[] xs = ShapeUtil.Strides(Dims);
        T[] src = x.Buffer, dst = r.Buffer;
        int so = x.Offset, d0 = r.Offset;
        int size = Dims[d];
        ForEachIndexed(index, d, (flat, idx, offsetWithoutDim) =>
        {
            int k = CheckIndex(idx, size, nameof(index));
            dst[d0 + flat] = src[so + offsetWithoutDim + k * xs[d]];
        }, xs);
        if (AnyRequiresGrad(this))
        {
            int[] inDims = Dims;
            Record(r, "Gather", [this], g => [Zeros(inDims).ScatterAdd(d, index, g)]);
        }
        return r;
    }

    /// <summary>
    /// A copy of this tensor with <paramref name="source"/> added at the positions <paramref name="index"/> names along
    /// <paramref name="dim"/> (<c>torch.scatter_add</c>); repeated indices add up.
    /// </summary>
    public Tensor<T> ScatterAdd(int dim, IntTensor index, Tensor<T> source)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(source);
        int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dim));
        CheckIndexShape(index, d, "ScatterAdd");
        if (!ShapeUtil.SameShape(source.Dims, index.Dims))
        {
            throw new ArgumentException($"ScatterAdd: source shape {ShapeUtil.Format(source.Dims)} must equal the index shape {ShapeUtil.Format(index.Dims)}.", nameof(source));
        }
        Tensor<T> r = Detach().Clone();
        Tensor<T> s = source.Detach().Contiguous();
        int[] xs = ShapeUtil.Strides(Dims);
        T[] dst = r.Buffer, src = s.Buffer;
        int d0 = r.Offset, so = s.Offset;
        int size = Dims[d];
        ForEachIndexed(index, d, (flat, idx, offsetWithoutDim) =>
        {
            int k = CheckIndex(idx, size, nameof(index));
            dst[d0 + offsetWithoutDim + k * xs[d]] += src[so + flat];
        }, xs);
        if (AnyRequiresGrad(this, source))
        {
            Tensor<T> self = this;
            Record(r, "ScatterAdd", [self, source], g => [self.RequiresGrad ? g : null, source.RequiresGrad ? g.Gather(d, index) : null]);
        }
        return r;
    }

    /// <summary>The entries at <paramref name="index"/> (1-D) along <paramref name="dim"/> (<c>torch.index_select</c>, <c>x[idx]</c> for dim 0).</summary>
    public Tensor<T> IndexSelect(int dim, IntTensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dim));
        if (index.Rank != 1)
        {
            throw new ArgumentException($"IndexSelect needs a 1-D index; got {ShapeUtil.Format(index.Dims)}.", nameof(index));
        }
        Tensor<T> x = Contiguous();
        (int outer, int size, int inner) = ShapeUtil.Split(Dims, d);
        int[] outDims = (int[])Dims.Clone();
        outDims[d] = index.Count;
        Tensor<T> r = Empty(outDims);
        ReadOnlySpan<T> src = x.Span;
        Span<T> dst = r.Span;
        for (int o = 0; o < outer; o++)
        {
            for (int j = 0; j < index.Count; j++)
            {
                int k = CheckIndex(index.Data[j], size, nameof(index));
                src.Slice((o * size + k) * inner, inner).CopyTo(dst.Slice((o * index.Count + j) * inner, inner));
            }
        }
        if (AnyRequiresGrad(this))
        {
            int[] inDims = Dims;
            Record(r, "IndexSelect", [this], g => [Zeros(inDims).IndexAdd(d, index, g)]);
        }
        return r;
    }

    /// <summary>Rows (entries along dimension 0) at the given indices, each index tensor shape prepended: embedding lookup.</summary>
    public Tensor<T> Index(IntTensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        Tensor<T> flat = IndexSelect(0, index.Reshape(index.Count));
        return flat.Reshape([.. index.Dims, .. Dims[1..]]);
    }

    /// <summary>A copy with <paramref name="source"/> added at <paramref name="index"/> (1-D) along <paramref name="dim"/> (<c>torch.index_add</c>).</summary>
    public Tensor<T> IndexAdd(int dim, IntTensor index, Tensor<T> source)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(source);
        int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dim));
        (int outer, int size, int inner) = ShapeUtil.Split(Dims, d);
        int[] expected = (int[])Dims.Clone();
        expected[d] = index.Count;
        if (index.Rank != 1 || !ShapeUtil.SameShape(source.Dims, expected))
        {
            throw new ArgumentException($"IndexAdd: source {ShapeUtil.Format(source.Dims)} must be {ShapeUtil.Format(expected)} for a 1-D index.", nameof(source));
        }
        Tensor<T> r = Detach().Clone();
        Tensor<T> s = source.Detach().Contiguous();
        Span<T> dst = r.Span;
        ReadOnlySpan<T> src = s.Span;
        for (int o = 0; o < outer; o++)
        {
            for (int j = 0; j < index.Count; j++)
            {
                int k = CheckIndex(index.Data[j], size, nameof(index));
                System.Numerics.Tensors.TensorPrimitives.Add(
                    dst.Slice((o * size + k) * inner, inner), src.Slice((o * index.Count + j) * inner, inner), dst.Slice((o * size + k) * inner, inner));
            }
        }
        if (AnyRequiresGrad(this, source))
        {
            Tensor<T> self = this;
            Record(r, "IndexAdd", [self, source], g => [self.RequiresGrad ? g : null, source.RequiresGrad ? g.IndexSelect(d, index) : null]);
        }
        return r;
    }

    /// <summary>One-hot rows: [..., classes] with 1 at each label.</summary>
    public static Tensor<T> OneHot(IntTensor labels, int classes)
    {
        ArgumentNullException.ThrowIfNull(labels);
        Tensor<T> r = Zeros([.. labels.Dims, classes]);
        Span<T> s = r.Span;
        for (int i = 0; i < labels.Count; i++)
        {
            s[i * classes + CheckIndex(labels.Data[i], classes, nameof(labels))] = T.One;
        }
        return r;
    }

    private void CheckIndexShape(IntTensor index, int d, string op)
    {
        if (index.Rank != Rank)
        {
            throw new ArgumentException($"{op}: index rank {index.Rank} differs from the tensor's rank {Rank}.", nameof(index));
        }
        for (int i = 0; i < Rank; i++)
        {
            if (i != d && index.Dims[i] > Dims[i])
            {
                throw new ArgumentException($"{op}: index shape {ShapeUtil.Format(index.Dims)} is larger than {ShapeUtil.Format(Dims)} in dimension {i}.", nameof(index));
            }
        }
    }

    private static int CheckIndex(int idx, int size, string paramName)
    {
        int k = idx < 0 ? idx + size : idx;
        if ((uint)k >= (uint)size)
        {
            throw new ArgumentOutOfRangeException(paramName, idx, $"Index {idx} is out of range for a dimension of size {size}.");
        }
        return k;
    }

    /// <summary>Calls f(flat position in index, index value, offset of that position in x without the dim term).</summary>
    private static void ForEachIndexed(IntTensor index, int d, Action<int, int, int> f, int[] xStrides)
    {
        int rank = index.Rank;
        var pos = new int[rank];
        for (int flat = 0; flat < index.Count; flat++)
        {
            int off = 0;
            for (int i = 0; i < rank; i++)
            {
                if (i != d)
                {
                    off += pos[i] * xStrides[i];
                }
            }
            f(flat, index.Data[flat], off);
            for (int k = rank - 1; k >= 0; k--)
            {
                if (++pos[k] < index.Dims[k])
                {
                    break;
                }
                pos[k] = 0;
            }
        }
    }
}
