using System.Numerics;
using System.Runtime.CompilerServices;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace AutoDiff.Tensors.Kernels;

/// <summary>Sum and max along one dimension of a contiguous buffer viewed as [outer, size, inner].</summary>
internal static class Reductions
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T[] SumDim<T>(T[] src, int outer, int size, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dst = new T[outer * inner];
        for (int o = 0; o < outer; o++)
        {
            int baseIndex = o * size * inner;
            if (inner == 1)
            {
                dst[o] = TP.Sum<T>(src.AsSpan(baseIndex, size));
                continue;
            }
            Span<T> d = dst.AsSpan(o * inner, inner);
            for (int k = 0; k < size; k++)
            {
                TP.Add(d, src.AsSpan(baseIndex + k * inner, inner), d);
            }
        }
        return dst;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T[] MaxDim<T>(T[] src, int outer, int size, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dst = new T[outer * inner];
        for (int o = 0; o < outer; o++)
        {
            int baseIndex = o * size * inner;
            if (inner == 1)
            {
                dst[o] = TP.Max<T>(src.AsSpan(baseIndex, size));
                continue;
            }
            Span<T> d = dst.AsSpan(o * inner, inner);
            src.AsSpan(baseIndex, inner).CopyTo(d);
            for (int k = 1; k < size; k++)
            {
                TP.Max(d, src.AsSpan(baseIndex + k * inner, inner), d);
            }
        }
        return dst;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] ArgMaxDim<T>(T[] src, int outer, int size, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dst = new int[outer * inner];
        for (int o = 0; o < outer; o++)
        {
            int baseIndex = o * size * inner;
            if (inner == 1)
            {
                dst[o] = TP.IndexOfMax<T>(src.AsSpan(baseIndex, size));
                continue;
            }
            for (int i = 0; i < inner; i++)
            {
                int best = 0;
                T bestValue = src[baseIndex + i];
                for (int k = 1; k < size; k++)
                {
                    T v = src[baseIndex + k * inner + i];
                    if (v > bestValue || T.IsNaN(v))
                    {
                        best = k;
                        bestValue = v;
                        if (T.IsNaN(v))
                        {
                            break;
                        }
                    }
                }
                dst[o * inner + i] = best;
            }
        }
        return dst;
    }
}
