using System.Numerics;
using System.Runtime.CompilerServices;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace AutoDiff.Tensors.Kernels;

/// <summary>Reductions along one dimension of a contiguous buffer viewed as [outer, size, inner].</summary>
internal static class Reductions
{
    /// <summary>Which reduction <see cref="Reduce{T}"/> computes.</summary>
    public enum Kind
    {
        Sum,
        Max,
        Min,
    }

    /// <summary>dst[o, i] = reduce over k of src[o, k, i]; large inputs are split across threads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Reduce<T>(T[] src, int srcOffset, T[] dst, int dstOffset, int outer, int size, int inner, Kind kind)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (outer * inner == 0)
        {
            return;
        }
        if (outer == 1 && inner == 1)
        {
            dst[dstOffset] = kind == Kind.Sum ? ParallelSum(src, srcOffset, size) : All<T>(src.AsSpan(srcOffset, size), kind);
            return;
        }
        long work = (long)outer * size * inner;
        if (work < 2 * Elementwise.Grain || Tensor.NumThreads == 1 || outer == 1)
        {
            Rows<T>(src.AsSpan(srcOffset, outer * size * inner), dst.AsSpan(dstOffset, outer * inner), 0, outer, size, inner, kind);
            return;
        }
        WorkSharing.ForRange(outer, Math.Max(1, Elementwise.Grain / Math.Max(1, size * inner)), (o0, o1) =>
            Rows<T>(src.AsSpan(srcOffset, outer * size * inner), dst.AsSpan(dstOffset, outer * inner), o0, o1, size, inner, kind));
    }

    private static void Rows<T>(ReadOnlySpan<T> src, Span<T> dst, int o0, int o1, int size, int inner, Kind kind)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int o = o0; o < o1; o++)
        {
            int baseIndex = o * size * inner;
            if (inner == 1)
            {
                dst[o] = All(src.Slice(baseIndex, size), kind);
                continue;
            }
            Span<T> d = dst.Slice(o * inner, inner);
            if (size == 0)
            {
                d.Fill(kind == Kind.Sum ? T.Zero : kind == Kind.Max ? T.NegativeInfinity : T.PositiveInfinity);
                continue;
            }
            src.Slice(baseIndex, inner).CopyTo(d);
            for (int k = 1; k < size; k++)
            {
                ReadOnlySpan<T> row = src.Slice(baseIndex + k * inner, inner);
                switch (kind)
                {
                    case Kind.Sum:
                        Simd.AddInto(d, row);
                        break;
                    case Kind.Max:
                        TP.Max(d, row, d);
                        break;
                    default:
                        TP.Min(d, row, d);
                        break;
                }
            }
        }
    }

    /// <summary>The reduction of a whole span; sums of large spans are split across threads.</summary>
    public static T All<T>(ReadOnlySpan<T> src, Kind kind)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (src.Length == 0)
        {
            return kind == Kind.Sum ? T.Zero : kind == Kind.Max ? T.NegativeInfinity : T.PositiveInfinity;
        }
        return kind switch
        {
            Kind.Sum => Simd.Sum(src),
            Kind.Max => TP.Max(src),
            _ => TP.Min(src),
        };
    }

    /// <summary>
    /// Sum of a large array in fixed chunks whose partial sums are then added: the same order of additions on any
    /// number of threads, so the result does not depend on the thread count.
    /// </summary>
    public static T ParallelSum<T>(T[] src, int offset, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int Chunk = 1 << 16;
        if (count <= Chunk)
        {
            return Simd.Sum<T>(src.AsSpan(offset, count));
        }
        int chunks = (count + Chunk - 1) / Chunk;
        var partial = new T[chunks];
        WorkSharing.For(chunks, c =>
        {
            int s = c * Chunk;
            partial[c] = Simd.Sum<T>(src.AsSpan(offset + s, Math.Min(Chunk, count - s)));
        });
        return Simd.Sum<T>(partial);
    }

    /// <summary>Index of the largest (or smallest) element along the dimension; NaN counts as the extreme, the first wins ties.</summary>
    public static int[] ArgExtremumDim<T>(ReadOnlySpan<T> src, int outer, int size, int inner, bool max)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dst = new int[outer * inner];
        for (int o = 0; o < outer; o++)
        {
            int baseIndex = o * size * inner;
            for (int i = 0; i < inner; i++)
            {
                int best = 0;
                T bestValue = src[baseIndex + i];
                for (int k = 1; k < size && !T.IsNaN(bestValue); k++)
                {
                    T v = src[baseIndex + k * inner + i];
                    if ((max ? v > bestValue : v < bestValue) || T.IsNaN(v))
                    {
                        best = k;
                        bestValue = v;
                    }
                }
                dst[o * inner + i] = best;
            }
        }
        return dst;
    }
}
