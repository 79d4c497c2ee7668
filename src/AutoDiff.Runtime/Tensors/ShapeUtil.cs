using System.Numerics;

namespace AutoDiff.Tensors;

/// <summary>Shape arithmetic shared by the tensor kernels: sizes, strides, broadcasting, formatting.</summary>
internal static class ShapeUtil
{
    public static int Count(ReadOnlySpan<int> dims)
    {
        long n = 1;
        foreach (int d in dims)
        {
            n *= d;
            if (n > Array.MaxLength)
            {
                throw new ArgumentException($"Shape {Format(dims)} has more elements than an array can hold.");
            }
        }
        return (int)n;
    }

    public static int[] Strides(ReadOnlySpan<int> dims)
    {
        var strides = new int[dims.Length];
        int s = 1;
        for (int i = dims.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= dims[i];
        }
        return strides;
    }

    public static string Format(ReadOnlySpan<int> dims) => "[" + string.Join(", ", dims.ToArray()) + "]";

    public static bool SameShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    /// <summary>Validates a user shape (no negative sizes) and returns a private copy.</summary>
    public static int[] CheckShape(int[] shape, string paramName)
    {
        ArgumentNullException.ThrowIfNull(shape, paramName);
        foreach (int d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Shape {Format(shape)} has a negative dimension.", paramName);
            }
        }
        long count = 1;
        foreach (int d in shape)
        {
            count *= d;
            if (count > Array.MaxLength)
            {
                throw new ArgumentException($"Shape {Format(shape)} has more elements than an array can hold.", paramName);
            }
        }
        return (int[])shape.Clone();
    }

    /// <summary>Maps a possibly negative dimension index onto 0..rank-1.</summary>
    public static int NormalizeDim(int dim, int rank, string paramName)
    {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank)
        {
            throw new ArgumentOutOfRangeException(paramName, dim, $"Dimension {dim} is out of range for a tensor of rank {rank}.");
        }
        return d;
    }

    /// <summary>NumPy broadcasting: aligns trailing dimensions; sizes must match or be 1.</summary>
    public static int[] Broadcast(int[] a, int[] b, string op, string paramName)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i - (rank - a.Length) >= 0 ? a[i - (rank - a.Length)] : 1;
            int db = i - (rank - b.Length) >= 0 ? b[i - (rank - b.Length)] : 1;
            if (da != db && da != 1 && db != 1)
            {
                throw new ArgumentException(
                    $"{op}: shapes {Format(a)} and {Format(b)} cannot be broadcast together (dimension {i} of the result: {da} vs {db}).",
                    paramName);
            }
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>Strides of <paramref name="dims"/> aligned to <paramref name="outDims"/>, 0 where broadcast.</summary>
    public static int[] BroadcastStrides(int[] dims, int[] outDims)
    {
        var strides = Strides(dims);
        var result = new int[outDims.Length];
        int offset = outDims.Length - dims.Length;
        for (int i = 0; i < dims.Length; i++)
        {
            result[i + offset] = dims[i] == 1 && outDims[i + offset] != 1 ? 0 : strides[i];
        }
        return result;
    }

    /// <summary>Splits a shape around <paramref name="dim"/> into (outer, size, inner) extents.</summary>
    public static (int Outer, int Size, int Inner) Split(int[] dims, int dim)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < dim; i++)
        {
            outer *= dims[i];
        }
        for (int i = dim + 1; i < dims.Length; i++)
        {
            inner *= dims[i];
        }
        return (outer, dims[dim], inner);
    }

    /// <summary>True when <paramref name="strides"/> lay <paramref name="dims"/> out row-major without gaps (size-1 dimensions may have any stride).</summary>
    public static bool IsRowMajor(int[] dims, int[] strides)
    {
        int expected = 1;
        for (int i = dims.Length - 1; i >= 0; i--)
        {
            if (dims[i] != 1)
            {
                if (strides[i] != expected)
                {
                    return false;
                }
                expected *= dims[i];
            }
        }
        return true;
    }

    /// <summary>Strides of a view with <paramref name="dims"/> (aligned to <paramref name="outDims"/> from the right), 0 where broadcast.</summary>
    public static int[] BroadcastStrides(int[] dims, int[] strides, int[] outDims)
    {
        var result = new int[outDims.Length];
        int offset = outDims.Length - dims.Length;
        for (int i = 0; i < dims.Length; i++)
        {
            result[i + offset] = dims[i] == 1 && outDims[i + offset] != 1 ? 0 : strides[i];
        }
        return result;
    }

    /// <summary>Flat row-major position of a multi-index (negative indices count from the end).</summary>
    public static int Flat(int[] dims, int[] index, string paramName)
    {
        ArgumentNullException.ThrowIfNull(index, paramName);
        if (index.Length != dims.Length)
        {
            throw new ArgumentException($"Expected {dims.Length} indices for shape {Format(dims)}, got {index.Length}.", paramName);
        }
        int flat = 0;
        for (int i = 0; i < index.Length; i++)
        {
            int k = index[i] < 0 ? index[i] + dims[i] : index[i];
            if (k < 0 || k >= dims[i])
            {
                throw new ArgumentOutOfRangeException(paramName, index[i], $"Index {index[i]} is out of range for dimension {i} of size {dims[i]}.");
            }
            flat = flat * dims[i] + k;
        }
        return flat;
    }

    /// <summary>A new shape for <paramref name="count"/> elements with at most one −1 inferred.</summary>
    public static int[] InferShape(int[] shape, int count, int[] oldDims, string paramName)
    {
        ArgumentNullException.ThrowIfNull(shape, paramName);
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
                throw new ArgumentException($"Reshape: invalid shape {Format(shape)} (only one -1 allowed, no other negatives).", paramName);
            }
            else
            {
                known *= dims[i];
            }
        }
        if (infer >= 0)
        {
            if (known == 0 || count % known != 0)
            {
                throw new ArgumentException($"Reshape: shape {Format(shape)} does not fit {count} elements of shape {Format(oldDims)}.", paramName);
            }
            dims[infer] = (int)(count / known);
            known *= dims[infer];
        }
        if (known != count)
        {
            throw new ArgumentException($"Reshape: shape {Format(shape)} has {known} elements but shape {Format(oldDims)} has {count}.", paramName);
        }
        return dims;
    }

    /// <summary>Calls <paramref name="action"/>(flat output index, source offset) for every element of <paramref name="dims"/> in row-major order.</summary>
    public static void ForEachIndex(int[] dims, int[] strides, Action<int, int> action, int offset = 0)
    {
        int count = Count(dims);
        if (count == 0)
        {
            return;
        }
        int rank = dims.Length;
        var index = new int[rank];
        int src = offset;
        for (int i = 0; i < count; i++)
        {
            action(i, src);
            for (int k = rank - 1; k >= 0; k--)
            {
                index[k]++;
                src += strides[k];
                if (index[k] < dims[k])
                {
                    break;
                }
                src -= strides[k] * dims[k];
                index[k] = 0;
            }
        }
    }
}
