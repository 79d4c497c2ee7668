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
}
