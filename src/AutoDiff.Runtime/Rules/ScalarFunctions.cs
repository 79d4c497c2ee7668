using System.Runtime.CompilerServices;

namespace AutoDiff.Rules;

/// <summary>
/// Every math function of the rule table for a differentiable scalar, written once: the value from
/// <see cref="Math"/>, the partials from <see cref="Slopes"/>. <see cref="Taping.VarMath"/> and
/// <see cref="DualNumbers.DualMath"/> forward to it, so the tape and the dual numbers cannot disagree.
/// </summary>
internal static class ScalarFunctions<T>
    where T : struct, IDifferentiableScalar<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sin(T x) => T.Apply(Math.Sin(x.Value), x, Slopes.Sin(x.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Cos(T x) => T.Apply(Math.Cos(x.Value), x, Slopes.Cos(x.Value));

    public static (T Sin, T Cos) SinCos(T x)
    {
        (double sin, double cos) = Math.SinCos(x.Value);
        return (T.Apply(sin, x, cos), T.Apply(cos, x, -sin));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Tan(T x)
    {
        double y = Math.Tan(x.Value);
        return T.Apply(y, x, Slopes.Tan(y));
    }

    public static T Asin(T x) => T.Apply(Math.Asin(x.Value), x, Slopes.Asin(x.Value));

    public static T Acos(T x) => T.Apply(Math.Acos(x.Value), x, Slopes.Acos(x.Value));

    public static T Atan(T x) => T.Apply(Math.Atan(x.Value), x, Slopes.Atan(x.Value));

    public static T Atan2(T y, T x)
    {
        (double dy, double dx) = Slopes.Atan2(y.Value, x.Value);
        return T.Apply(Math.Atan2(y.Value, x.Value), y, dy, x, dx);
    }

    public static T Sinh(T x) => T.Apply(Math.Sinh(x.Value), x, Slopes.Sinh(x.Value));

    public static T Cosh(T x) => T.Apply(Math.Cosh(x.Value), x, Slopes.Cosh(x.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Tanh(T x)
    {
        double y = Math.Tanh(x.Value);
        return T.Apply(y, x, Slopes.Tanh(y));
    }

    public static T Asinh(T x) => T.Apply(Math.Asinh(x.Value), x, Slopes.Asinh(x.Value));

    public static T Acosh(T x) => T.Apply(Math.Acosh(x.Value), x, Slopes.Acosh(x.Value));

    public static T Atanh(T x) => T.Apply(Math.Atanh(x.Value), x, Slopes.Atanh(x.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Exp(T x)
    {
        double y = Math.Exp(x.Value);
        return T.Apply(y, x, Slopes.Exp(y));
    }

    public static T Exp2(T x)
    {
        double y = double.Exp2(x.Value);
        return T.Apply(y, x, Slopes.Exp2(y));
    }

    public static T Exp10(T x)
    {
        double y = double.Exp10(x.Value);
        return T.Apply(y, x, Slopes.Exp10(y));
    }

    public static T ExpM1(T x)
    {
        double y = double.ExpM1(x.Value);
        return T.Apply(y, x, Slopes.ExpM1(y));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Log(T x) => T.Apply(Math.Log(x.Value), x, Slopes.Log(x.Value));

    public static T Log(T a, T newBase)
    {
        double value = Math.Log(a.Value, newBase.Value);
        (double da, double db) = Slopes.LogBase(a.Value, newBase.Value, value);
        return T.Apply(value, a, da, newBase, db);
    }

    public static T LogP1(T x) => T.Apply(double.LogP1(x.Value), x, Slopes.LogP1(x.Value));

    public static T Log10(T x) => T.Apply(Math.Log10(x.Value), x, Slopes.Log10(x.Value));

    public static T Log2(T x) => T.Apply(Math.Log2(x.Value), x, Slopes.Log2(x.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sqrt(T x)
    {
        double y = Math.Sqrt(x.Value);
        return T.Apply(y, x, Slopes.Sqrt(y));
    }

    public static T Cbrt(T x)
    {
        double y = Math.Cbrt(x.Value);
        return T.Apply(y, x, Slopes.Cbrt(y));
    }

    public static T Pow(T x, T y)
    {
        double value = Math.Pow(x.Value, y.Value);
        return T.Apply(value, x, Slopes.PowBase(x.Value, y.Value), y, Slopes.PowExponent(x.Value, y.Value, value));
    }

    public static T Pow(T x, double y) => T.Apply(Math.Pow(x.Value, y), x, Slopes.PowBase(x.Value, y));

    public static T Pow(double x, T y)
    {
        double value = Math.Pow(x, y.Value);
        return T.Apply(value, y, Slopes.PowExponent(x, y.Value, value));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Abs(T x) => T.Apply(Math.Abs(x.Value), x, Slopes.Abs(x.Value));

    public static T Min(T a, T b)
    {
        (double da, double db) = Slopes.Min(a.Value, b.Value);
        return T.Apply(Math.Min(a.Value, b.Value), a, da, b, db);
    }

    public static T Max(T a, T b)
    {
        (double da, double db) = Slopes.Max(a.Value, b.Value);
        return T.Apply(Math.Max(a.Value, b.Value), a, da, b, db);
    }

    public static T Clamp(T x, T lo, T hi)
    {
        // Math.Clamp validates the bounds; the result is one of the three arguments, which takes the whole gradient.
        double value = Math.Clamp(x.Value, lo.Value, hi.Value);
        (double dx, double dlo, double dhi) = Slopes.Clamp(x.Value, lo.Value, hi.Value);
        return dx != 0 ? T.Apply(value, x, dx) : dlo != 0 ? T.Apply(value, lo, dlo) : dhi != 0 ? T.Apply(value, hi, dhi) : T.Constant(value);
    }

    public static T CopySign(T x, T sign)
    {
        double value = Math.CopySign(x.Value, sign.Value);
        return T.Apply(value, x, Slopes.CopySign(x.Value, value));
    }

    public static T Hypot(T x, T y)
    {
        double value = double.Hypot(x.Value, y.Value);
        (double dx, double dy) = Slopes.Hypot(x.Value, y.Value, value);
        return T.Apply(value, x, dx, y, dy);
    }

    public static T FusedMultiplyAdd(T x, T y, T z)
    {
        // Three arguments take two steps: the product's partials, then the sum (the product's value is not used).
        T product = T.Apply(x.Value * y.Value, x, y.Value, y, x.Value);
        return T.Apply(Math.FusedMultiplyAdd(x.Value, y.Value, z.Value), product, 1, z, 1);
    }
}
