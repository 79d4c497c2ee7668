using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiff.Tensors.Kernels;

/// <summary>Span helpers compiled fully optimised on first use (see <see cref="MathKernels.Map{T, TFn}"/> for why).</summary>
internal static class Simd
{
    /// <summary>Σ x with four vector accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Sum<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T r = ref MemoryMarshal.GetReference(x);
        int n = x.Length, w = Vector<T>.Count, i = 0;
        Vector<T> a0 = Vector<T>.Zero, a1 = Vector<T>.Zero, a2 = Vector<T>.Zero, a3 = Vector<T>.Zero;
        for (; i <= n - 4 * w; i += 4 * w)
        {
            a0 += Vector.LoadUnsafe(ref r, (nuint)i);
            a1 += Vector.LoadUnsafe(ref r, (nuint)(i + w));
            a2 += Vector.LoadUnsafe(ref r, (nuint)(i + 2 * w));
            a3 += Vector.LoadUnsafe(ref r, (nuint)(i + 3 * w));
        }
        for (; i <= n - w; i += w)
        {
            a0 += Vector.LoadUnsafe(ref r, (nuint)i);
        }
        T s = Vector.Sum((a0 + a1) + (a2 + a3));
        for (; i < n; i++)
        {
            s += Unsafe.Add(ref r, i);
        }
        return s;
    }

    /// <summary>d += x.</summary>
    public static void AddInto<T>(Span<T> d, ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> => default(Vec2<T, AddF<T>>).Run(d, x, d);

    /// <summary>The largest element (NaN if any is NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Max<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T m = T.NegativeInfinity;
        foreach (T v in x)
        {
            if (v > m || T.IsNaN(v))
            {
                m = v;
                if (T.IsNaN(v))
                {
                    break;
                }
            }
        }
        return m;
    }
}
