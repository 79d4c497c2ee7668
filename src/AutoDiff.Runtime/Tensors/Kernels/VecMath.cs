using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoDiff.Tensors.Kernels;

/// <summary>An elementwise function for <see cref="MathKernels.Map{T, TFn}"/>, in float and double, scalar and 256-bit.</summary>
internal interface IVecMath
{
    static abstract Vector256<float> F(Vector256<float> x);

    static abstract Vector256<double> F(Vector256<double> x);

    static abstract float F(float x);

    static abstract double F(double x);
}

/// <summary>
/// e^x by Cephes' method, written out so that it inlines into the calling loop (.NET's Vector256.Exp calls helpers
/// that start unoptimised): x = n·ln 2 + r with |r| ≤ ½ln 2 (ln 2 split in two parts), e^r from a polynomial (float)
/// or Padé form (double), then 2ⁿ from the exponent bits in two halves so that subnormal results survive.
/// </summary>
internal readonly struct ExpFn : IVecMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> F(Vector256<float> x)
    {
        Vector256<float> clamped = Vector256.Min(Vector256.Max(x, Vector256.Create(-104f)), Vector256.Create(89f));
        Vector256<float> n = Vector256.Round(clamped * Vector256.Create(1.44269504088896341f));
        Vector256<float> r = clamped - n * Vector256.Create(0.693359375f) - n * Vector256.Create(-2.12194440e-4f);
        Vector256<float> p = Vector256.Create(1.9875691500E-4f);
        p = p * r + Vector256.Create(1.3981999507E-3f);
        p = p * r + Vector256.Create(8.3334519073E-3f);
        p = p * r + Vector256.Create(4.1665795894E-2f);
        p = p * r + Vector256.Create(1.6666665459E-1f);
        p = p * r + Vector256.Create(5.0000001201E-1f);
        Vector256<float> er = p * r * r + r + Vector256<float>.One;
        Vector256<int> ni = Vector256.ConvertToInt32(n);
        Vector256<int> half = Vector256.ShiftRightArithmetic(ni, 1);
        Vector256<float> s1 = Vector256.ShiftLeft(half + Vector256.Create(127), 23).AsSingle();
        Vector256<float> s2 = Vector256.ShiftLeft(ni - half + Vector256.Create(127), 23).AsSingle();
        Vector256<float> result = er * s1 * s2;
        result = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(88.72283905206835f)), Vector256.Create(float.PositiveInfinity), result);
        result = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(-103.97208f)), Vector256<float>.Zero, result);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> F(Vector256<double> x)
    {
        Vector256<double> clamped = Vector256.Min(Vector256.Max(x, Vector256.Create(-746.0)), Vector256.Create(710.0));
        Vector256<double> n = Vector256.Round(clamped * Vector256.Create(1.4426950408889634073599));
        Vector256<double> r = clamped - n * Vector256.Create(6.93145751953125E-1) - n * Vector256.Create(1.42860682030941723212E-6);
        Vector256<double> rr = r * r;
        Vector256<double> p = Vector256.Create(1.26177193074810590878E-4);
        p = p * rr + Vector256.Create(3.02994407707441961300E-2);
        p = p * rr + Vector256.Create(9.99999999999999999910E-1);
        p *= r;
        Vector256<double> q = Vector256.Create(3.00198505138664455042E-6);
        q = q * rr + Vector256.Create(2.52448340349684104192E-3);
        q = q * rr + Vector256.Create(2.27265548208155028766E-1);
        q = q * rr + Vector256.Create(2.00000000000000000009E0);
        Vector256<double> er = Vector256<double>.One + Vector256.Create(2.0) * (p / (q - p));
        // n as an integer without a double→int64 conversion (AVX2 has none): add 1.5·2⁵² and read the low bits.
        Vector256<double> magic = Vector256.Create(6755399441055744.0);
        Vector256<long> ni = (n + magic).AsInt64() - magic.AsInt64();
        Vector256<long> half = Vector256.ShiftRightArithmetic(ni, 1);
        Vector256<double> s1 = Vector256.ShiftLeft(half + Vector256.Create(1023L), 52).AsDouble();
        Vector256<double> s2 = Vector256.ShiftLeft(ni - half + Vector256.Create(1023L), 52).AsDouble();
        Vector256<double> result = er * s1 * s2;
        result = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(709.782712893384)), Vector256.Create(double.PositiveInfinity), result);
        result = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(-745.1332191019412)), Vector256<double>.Zero, result);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x);
    }

    public static float F(float x) => F(Vector256.Create(x))[0];

    public static double F(double x) => F(Vector256.Create(x))[0];
}

internal readonly struct LogFn : IVecMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> F(Vector256<float> x) => Vector256.Log(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> F(Vector256<double> x) => Vector256.Log(x);

    public static float F(float x) => MathF.Log(x);

    public static double F(double x) => Math.Log(x);
}

internal readonly struct SinFn : IVecMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> F(Vector256<float> x) => Vector256.Sin(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> F(Vector256<double> x) => Vector256.Sin(x);

    public static float F(float x) => MathF.Sin(x);

    public static double F(double x) => Math.Sin(x);
}

internal readonly struct CosFn : IVecMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> F(Vector256<float> x) => Vector256.Cos(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> F(Vector256<double> x) => Vector256.Cos(x);

    public static float F(float x) => MathF.Cos(x);

    public static double F(double x) => Math.Cos(x);
}

internal readonly struct SqrtFn : IVecMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> F(Vector256<float> x) => Vector256.Sqrt(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> F(Vector256<double> x) => Vector256.Sqrt(x);

    public static float F(float x) => MathF.Sqrt(x);

    public static double F(double x) => Math.Sqrt(x);
}

/// <summary>1 / (1 + e^−x).</summary>
internal readonly struct SigmoidFn : IVecMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> F(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + ExpFn.F(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> F(Vector256<double> x) => Vector256<double>.One / (Vector256<double>.One + ExpFn.F(-x));

    public static float F(float x) => F(Vector256.Create(x))[0];

    public static double F(double x) => F(Vector256.Create(x))[0];
}

/// <summary>
/// tanh: below |x| = 0.625 Cephes' odd polynomial (float) or rational function (double), which keep full relative
/// precision near 0; above, 1 − 2/(e^{2|x|} + 1) with the sign of x.
/// </summary>
internal readonly struct TanhFn : IVecMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> F(Vector256<float> x)
    {
        Vector256<float> ax = Vector256.Abs(x);
        Vector256<float> big = Vector256<float>.One - Vector256.Create(2f) / (ExpFn.F(ax + ax) + Vector256<float>.One);
        big = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), -big, big);
        Vector256<float> z = x * x;
        Vector256<float> p = Vector256.Create(-5.70498872745E-3f);
        p = p * z + Vector256.Create(2.06390887954E-2f);
        p = p * z + Vector256.Create(-5.37397155531E-2f);
        p = p * z + Vector256.Create(1.33314422036E-1f);
        p = p * z + Vector256.Create(-3.33332819422E-1f);
        Vector256<float> small = x + x * z * p;
        return Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(0.625f)), small, big);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> F(Vector256<double> x)
    {
        Vector256<double> ax = Vector256.Abs(x);
        Vector256<double> big = Vector256<double>.One - Vector256.Create(2.0) / (ExpFn.F(ax + ax) + Vector256<double>.One);
        big = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<double>.Zero), -big, big);
        Vector256<double> z = x * x;
        Vector256<double> num = Vector256.Create(-9.64399179425052238628E-1);
        num = num * z + Vector256.Create(-9.92877231001918586564E1);
        num = num * z + Vector256.Create(-1.61468768441708447952E3);
        Vector256<double> den = z + Vector256.Create(1.12811678491632931402E2);
        den = den * z + Vector256.Create(2.23548839060100448583E3);
        den = den * z + Vector256.Create(4.84406305325125486048E3);
        Vector256<double> small = x + x * (z * num / den);
        return Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(0.625)), small, big);
    }

    public static float F(float x) => F(Vector256.Create(x))[0];

    public static double F(double x) => F(Vector256.Create(x))[0];
}
