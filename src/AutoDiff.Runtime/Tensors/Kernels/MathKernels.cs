using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiff.Tensors.Kernels;

/// <summary>
/// Elementwise functions whose TensorPrimitives versions (or .NET's scalar ones) lose precision, written to stay
/// within a few ulps on a dense grid including tiny arguments (checked against float64 in the tests):
/// <c>TensorPrimitives.Tanh</c> loses relative precision near 0, <c>double.LogP1</c> and <c>double.ExpM1</c> are
/// log(1 + x) and exp(x) − 1, and .NET has no erf.
/// </summary>
internal static class MathKernels
{
    /// <summary>
    /// Applies <typeparamref name="TFn"/> with 256-bit vectors and a scalar tail. These kernels replace the
    /// TensorPrimitives calls on the hot paths: they are compiled fully optimised on first use, whereas generic
    /// TensorPrimitives code starts in the unoptimised tier and, on a machine whose cores are busy (or with
    /// DOTNET_PROCESSOR_COUNT=1), was measured to stay there 10–40 times slower for hundreds of calls.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Map<T, TFn>(ReadOnlySpan<T> x, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TFn : IVecMath
    {
        int n = d.Length, i = 0;
        if (typeof(T) == typeof(float))
        {
            ref float xr = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(x));
            ref float dr = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(d));
            if (Vector256.IsHardwareAccelerated)
            {
                for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
                {
                    TFn.F(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
                }
            }
            for (; i < n; i++)
            {
                Unsafe.Add(ref dr, i) = TFn.F(Unsafe.Add(ref xr, i));
            }
        }
        else
        {
            ref double xr = ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(x));
            ref double dr = ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(d));
            if (Vector256.IsHardwareAccelerated)
            {
                for (; i <= n - Vector256<double>.Count; i += Vector256<double>.Count)
                {
                    TFn.F(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
                }
            }
            for (; i < n; i++)
            {
                Unsafe.Add(ref dr, i) = TFn.F(Unsafe.Add(ref xr, i));
            }
        }
    }

    /// <summary>tanh: a rational (double) or polynomial (float) approximation for |x| &lt; 0.625 (Cephes), 1 − 2/(e^{2|x|} + 1) beyond.</summary>
    public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T> => Map<T, TanhFn>(x, d);

    /// <summary>log(1 + x) without cancellation: log(u)·x/(u − 1) with u = 1 + x (Goldberg).</summary>
    public static double Log1P(double x)
    {
        double u = 1.0 + x;
        return u == 1.0 ? x : double.IsInfinity(u) ? Math.Log(u) : Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>e^x − 1 without cancellation: (u − 1)·x/log(u) with u = e^x (Kahan).</summary>
    public static double ExpM1(double x)
    {
        if (Math.Abs(x) < 1e-5)
        {
            return x + x * x / 2 + x * x * x / 6;
        }
        double u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }
        double um1 = u - 1.0;
        return um1 == -1.0 ? -1.0 : double.IsInfinity(u) ? u : um1 * x / Math.Log(u);
    }

    /// <summary>
    /// erf: for |x| &lt; 2 the series 2/√π·e^{−x²}·Σ 2ⁿx^{2n+1}/(1·3···(2n+1)) (all terms positive, no
    /// cancellation); beyond, 1 − erfc with erfc from its continued fraction.
    /// </summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }
        double ax = Math.Abs(x);
        if (ax > 6)
        {
            return Math.Sign(x);
        }
        if (ax < 2)
        {
            double x2 = x * x;
            double term = x, sum = x;
            for (int n = 1; n < 200; n++)
            {
                term *= 2 * x2 / (2 * n + 1);
                sum += term;
                if (Math.Abs(term) <= 1e-17 * Math.Abs(sum))
                {
                    break;
                }
            }
            return 2 / Math.Sqrt(Math.PI) * Math.Exp(-x2) * sum;
        }
        double erfc = Erfc(ax);
        return x > 0 ? 1 - erfc : erfc - 1;
    }

    /// <summary>erfc(x) for x &gt; 2 by the continued fraction e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated backwards.</summary>
    private static double Erfc(double x)
    {
        double f = x;
        for (int k = 60; k >= 1; k--)
        {
            f = x + k / 2.0 / f;
        }
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / f;
    }
}
