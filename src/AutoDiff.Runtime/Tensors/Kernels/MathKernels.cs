using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace AutoDiff.Tensors.Kernels;

/// <summary>
/// Elementwise functions whose TensorPrimitives versions (or .NET's scalar ones) lose precision, written to stay
/// within a few ulps on a dense grid including tiny arguments (checked against float64 in the tests):
/// <c>TensorPrimitives.Tanh</c> loses relative precision near 0, <c>double.LogP1</c> and <c>double.ExpM1</c> are
/// log(1 + x) and exp(x) − 1, and .NET has no erf.
/// </summary>
internal static class MathKernels
{
    /// <summary>tanh: a rational (double) or polynomial (float) approximation for |x| &lt; 0.625 (Cephes), 1 − 2/(e^{2|x|} + 1) beyond.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int Chunk = 256;
        Span<T> e = stackalloc T[Chunk];
        for (int start = 0; start < x.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, x.Length - start);
            ReadOnlySpan<T> xs = x.Slice(start, n);
            Span<T> ds = d.Slice(start, n);
            Span<T> es = e[..n];
            TP.Abs(xs, es);
            TP.Add(es, es, es);
            TP.Exp(es, es); // e^{2|x|}
            ref T xr = ref MemoryMarshal.GetReference(xs);
            ref T er = ref MemoryMarshal.GetReference(es);
            ref T dr = ref MemoryMarshal.GetReference(ds);
            int w = Vector<T>.Count, i = 0;
            var small = new Vector<T>(T.CreateChecked(0.625));
            var two = new Vector<T>(T.CreateChecked(2));
            for (; i <= n - w; i += w)
            {
                Vector<T> v = Vector.LoadUnsafe(ref xr, (nuint)i);
                Vector<T> ax = Vector.Abs(v);
                Vector<T> big = Vector<T>.One - two / (Vector.LoadUnsafe(ref er, (nuint)i) + Vector<T>.One);
                big = Vector.ConditionalSelect(Vector.LessThan(v, Vector<T>.Zero), -big, big);
                Vector<T> result = Vector.ConditionalSelect(Vector.LessThan(ax, small), SmallTanh(v), big);
                result.StoreUnsafe(ref dr, (nuint)i);
            }
            for (; i < n; i++)
            {
                T v = Unsafe.Add(ref xr, i);
                T big = T.One - T.CreateChecked(2) / (Unsafe.Add(ref er, i) + T.One);
                Unsafe.Add(ref dr, i) = T.Abs(v) < T.CreateChecked(0.625) ? SmallTanh(v) : T.IsNegative(v) ? -big : big;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> SmallTanh<T>(Vector<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector<T> z = x * x;
        if (typeof(T) == typeof(float))
        {
            Vector<T> p = new Vector<T>(T.CreateChecked(-5.70498872745E-3));
            p = p * z + new Vector<T>(T.CreateChecked(2.06390887954E-2));
            p = p * z + new Vector<T>(T.CreateChecked(-5.37397155531E-2));
            p = p * z + new Vector<T>(T.CreateChecked(1.33314422036E-1));
            p = p * z + new Vector<T>(T.CreateChecked(-3.33332819422E-1));
            return x + x * z * p;
        }
        Vector<T> num = new Vector<T>(T.CreateChecked(-9.64399179425052238628E-1));
        num = num * z + new Vector<T>(T.CreateChecked(-9.92877231001918586564E1));
        num = num * z + new Vector<T>(T.CreateChecked(-1.61468768441708447952E3));
        Vector<T> den = z + new Vector<T>(T.CreateChecked(1.12811678491632931402E2));
        den = den * z + new Vector<T>(T.CreateChecked(2.23548839060100448583E3));
        den = den * z + new Vector<T>(T.CreateChecked(4.84406305325125486048E3));
        return x + x * (z * num / den);
    }

    private static T SmallTanh<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        return SmallTanh(new Vector<T>(x))[0];
    }

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
