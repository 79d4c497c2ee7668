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

internal readonly struct ExpFn : IVecMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> F(Vector256<float> x) => Vector256.Exp(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> F(Vector256<double> x) => Vector256.Exp(x);

    public static float F(float x) => MathF.Exp(x);

    public static double F(double x) => Math.Exp(x);
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
    public static Vector256<float> F(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Vector256.Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> F(Vector256<double> x) => Vector256<double>.One / (Vector256<double>.One + Vector256.Exp(-x));

    public static float F(float x) => 1f / (1f + MathF.Exp(-x));

    public static double F(double x) => 1.0 / (1.0 + Math.Exp(-x));
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
        Vector256<float> big = Vector256<float>.One - Vector256.Create(2f) / (Vector256.Exp(ax + ax) + Vector256<float>.One);
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
        Vector256<double> big = Vector256<double>.One - Vector256.Create(2.0) / (Vector256.Exp(ax + ax) + Vector256<double>.One);
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
