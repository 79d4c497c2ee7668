using System.Numerics;
using System.Runtime.CompilerServices;
using AutoDiff.Tensors.Kernels;

namespace AutoDiff.Tensors;

public sealed partial class Tensor<T>
{
    /// <summary>
    /// The same elements with a new shape; one dimension may be -1 (inferred). Shares storage with this tensor
    /// (storage is always contiguous, so every reshape is a view).
    /// </summary>
    public Tensor<T> Reshape(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var dims = (int[])shape.Clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] == -1 && infer < 0)
            {
                infer = i;
            }
            else if (dims[i] < 0)
            {
                throw new ArgumentException($"Reshape: invalid shape {ShapeUtil.Format(shape)} (only one -1 allowed, no other negatives).", nameof(shape));
            }
            else
            {
                known *= dims[i];
            }
        }
        if (infer >= 0)
        {
            if (known == 0 || Count % known != 0)
            {
                throw new ArgumentException($"Reshape: shape {ShapeUtil.Format(shape)} does not fit {Count} elements of shape {ShapeUtil.Format(Dims)}.", nameof(shape));
            }
            dims[infer] = (int)(Count / known);
            known *= dims[infer];
        }
        if (known != Count)
        {
            throw new ArgumentException($"Reshape: shape {ShapeUtil.Format(shape)} has {known} elements but shape {ShapeUtil.Format(Dims)} has {Count}.", nameof(shape));
        }
        var r = new Tensor<T>(Data, dims);
        int[] inDims = Dims;
        return AnyRequiresGrad(this) ? Record(r, "Reshape", [this], g => [g.Reshape(inDims)]) : r;
    }

    /// <summary>Alias of <see cref="Reshape"/> (always a view here, since storage is contiguous).</summary>
    public Tensor<T> View(params int[] shape) => Reshape(shape);

    /// <summary>Flattens to one dimension.</summary>
    public Tensor<T> Flatten() => Reshape(Count);

    /// <summary>Inserts a dimension of size 1 at <paramref name="dim"/>.</summary>
    public Tensor<T> Unsqueeze(int dim)
    {
        int d = ShapeUtil.NormalizeDim(dim, Rank + 1, nameof(dim));
        var dims = new List<int>(Dims);
        dims.Insert(d, 1);
        return Reshape([.. dims]);
    }

    /// <summary>Removes dimension <paramref name="dim"/>, which must have size 1.</summary>
    public Tensor<T> Squeeze(int dim)
    {
        int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dim));
        if (Dims[d] != 1)
        {
            throw new ArgumentException($"Squeeze: dimension {dim} of shape {ShapeUtil.Format(Dims)} has size {Dims[d]}, not 1.", nameof(dim));
        }
        var dims = new List<int>(Dims);
        dims.RemoveAt(d);
        return Reshape([.. dims]);
    }

    /// <summary>Swaps the last two dimensions: the matrix transpose, batched (like PyTorch's <c>mT</c>).</summary>
    public Tensor<T> Transpose() => Rank >= 2
        ? Transpose(-2, -1)
        : throw new InvalidOperationException($"Transpose() needs at least 2 dimensions; shape is {ShapeUtil.Format(Dims)}.");

    /// <summary>Swaps two dimensions (copies the elements).</summary>
    public Tensor<T> Transpose(int dim0, int dim1)
    {
        int a = ShapeUtil.NormalizeDim(dim0, Rank, nameof(dim0));
        int b = ShapeUtil.NormalizeDim(dim1, Rank, nameof(dim1));
        int[] perm = [.. Enumerable.Range(0, Rank)];
        (perm[a], perm[b]) = (perm[b], perm[a]);
        return Permute(perm);
    }

    /// <summary>Reorders the dimensions: result dimension i is input dimension <paramref name="order"/>[i].</summary>
    public Tensor<T> Permute(params int[] order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Length != Rank)
        {
            throw new ArgumentException($"Permute: {order.Length} dimensions given for shape {ShapeUtil.Format(Dims)}.", nameof(order));
        }
        var perm = new int[Rank];
        var seen = new bool[Rank];
        for (int i = 0; i < Rank; i++)
        {
            perm[i] = ShapeUtil.NormalizeDim(order[i], Rank, nameof(order));
            if (seen[perm[i]])
            {
                throw new ArgumentException($"Permute: dimension {order[i]} repeated in {ShapeUtil.Format(order)}.", nameof(order));
            }
            seen[perm[i]] = true;
        }
        var outDims = new int[Rank];
        var inverse = new int[Rank];
        for (int i = 0; i < Rank; i++)
        {
            outDims[i] = Dims[perm[i]];
            inverse[perm[i]] = i;
        }
        var r = new Tensor<T>(PermuteData(perm, outDims), outDims);
        return AnyRequiresGrad(this) ? Record(r, "Permute", [this], g => [g.Permute(inverse)]) : r;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private T[] PermuteData(int[] perm, int[] outDims)
    {
        T[] dst = GC.AllocateUninitializedArray<T>(Count);
        if (Count == 0)
        {
            return dst;
        }
        int[] srcStrides = ShapeUtil.Strides(Dims);
        int rank = Rank;
        // Swapping the last two dimensions of a (batched) matrix is the common case: tiled transpose per matrix.
        if (rank >= 2 && perm[rank - 1] == rank - 2 && perm[rank - 2] == rank - 1 && IsIdentityPrefix(perm, rank - 2))
        {
            int rows = Dims[rank - 2], cols = Dims[rank - 1], size = rows * cols;
            for (int off = 0; off < Count; off += size)
            {
                MatMulKernel.Transpose<T>(Data.AsSpan(off, size), dst.AsSpan(off, size), rows, cols);
            }
            return dst;
        }
        var stride = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            stride[i] = srcStrides[perm[i]];
        }
        var index = new int[rank];
        int src = 0;
        int n = rank == 0 ? 1 : outDims[rank - 1];
        int inner = rank == 0 ? 0 : stride[rank - 1];
        for (int o = 0; o < dst.Length; o += n)
        {
            for (int j = 0; j < n; j++)
            {
                dst[o + j] = Data[src + j * inner];
            }
            for (int k = rank - 2; k >= 0; k--)
            {
                index[k]++;
                src += stride[k];
                if (index[k] < outDims[k])
                {
                    break;
                }
                src -= stride[k] * outDims[k];
                index[k] = 0;
            }
        }
        return dst;
    }

    private static bool IsIdentityPrefix(int[] perm, int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (perm[i] != i)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Elements <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive) along <paramref name="dim"/>.</summary>
    public Tensor<T> Slice(int dim, int start, int end)
    {
        int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dim));
        if (start < 0 || start > Dims[d])
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"Slice start must be within 0..{Dims[d]} for dimension {d} of shape {ShapeUtil.Format(Dims)}.");
        }
        if (end < start || end > Dims[d])
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, $"Slice end must be within {start}..{Dims[d]} for dimension {d} of shape {ShapeUtil.Format(Dims)}.");
        }
        (int outer, int size, int inner) = ShapeUtil.Split(Dims, d);
        int length = end - start;
        var outDims = (int[])Dims.Clone();
        outDims[d] = length;
        T[] dst = GC.AllocateUninitializedArray<T>(outer * length * inner);
        for (int o = 0; o < outer; o++)
        {
            Data.AsSpan((o * size + start) * inner, length * inner).CopyTo(dst.AsSpan(o * length * inner));
        }
        var r = new Tensor<T>(dst, outDims);
        if (AnyRequiresGrad(this))
        {
            int[] inDims = Dims;
            Record(r, "Slice", [this], g =>
            {
                var full = new T[outer * size * inner];
                for (int o = 0; o < outer; o++)
                {
                    g.Data.AsSpan(o * length * inner, length * inner).CopyTo(full.AsSpan((o * size + start) * inner));
                }
                return [new Tensor<T>(full, inDims)];
            });
        }
        return r;
    }

    /// <summary>Joins tensors along <paramref name="dim"/>; all other dimensions must agree.</summary>
    public static Tensor<T> Concat(int dim, params Tensor<T>[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Length == 0)
        {
            throw new ArgumentException("Concat needs at least one tensor.", nameof(tensors));
        }
        Tensor<T> first = tensors[0] ?? throw new ArgumentNullException(nameof(tensors));
        int d = ShapeUtil.NormalizeDim(dim, first.Rank, nameof(dim));
        var sizes = new int[tensors.Length];
        for (int t = 0; t < tensors.Length; t++)
        {
            Tensor<T> x = tensors[t] ?? throw new ArgumentNullException(nameof(tensors));
            bool ok = x.Rank == first.Rank;
            for (int i = 0; ok && i < first.Rank; i++)
            {
                ok = i == d || x.Dims[i] == first.Dims[i];
            }
            if (!ok)
            {
                throw new ArgumentException(
                    $"Concat along dimension {d}: shapes {ShapeUtil.Format(first.Dims)} and {ShapeUtil.Format(x.Dims)} differ in another dimension.", nameof(tensors));
            }
            sizes[t] = x.Dims[d];
        }
        (int outer, _, int inner) = ShapeUtil.Split(first.Dims, d);
        int total = sizes.Sum();
        var outDims = (int[])first.Dims.Clone();
        outDims[d] = total;
        T[] dst = GC.AllocateUninitializedArray<T>(outer * total * inner);
        int at = 0;
        for (int t = 0; t < tensors.Length; t++)
        {
            int block = sizes[t] * inner;
            for (int o = 0; o < outer; o++)
            {
                tensors[t].Data.AsSpan(o * block, block).CopyTo(dst.AsSpan(o * total * inner + at * inner));
            }
            at += sizes[t];
        }
        var r = new Tensor<T>(dst, outDims);
        if (Tensor.IsGradEnabled && tensors.Any(x => x.RequiresGrad))
        {
            Tensor<T>[] inputs = (Tensor<T>[])tensors.Clone();
            Record(r, "Concat", inputs, g =>
            {
                var grads = new Tensor<T>?[inputs.Length];
                int offset = 0;
                for (int t = 0; t < inputs.Length; t++)
                {
                    grads[t] = inputs[t].RequiresGrad ? g.Slice(d, offset, offset + sizes[t]) : null;
                    offset += sizes[t];
                }
                return grads;
            });
        }
        return r;
    }
}
