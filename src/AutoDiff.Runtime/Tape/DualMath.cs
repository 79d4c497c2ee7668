using System.Runtime.CompilerServices;

namespace AutoDiff.Taping;

/// <summary>
/// <see cref="Math"/> for <see cref="Dual"/>: same names and values, and each call carries the tangent
/// forward by the chain rule. Conventions at non-differentiable points follow PyTorch:
/// Abs'(0) = 0; Min/Max ties split the gradient evenly; Clamp passes it where lo ≤ x ≤ hi;
/// Floor, Ceiling, Round, Truncate and Sign have derivative 0; d(x^y)/dy = 0 where x = 0 and y ≥ 0.
/// </summary>
public static class DualMath
{
    /// <summary>Sine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual Sin(Dual x) => Dual.Apply(Math.Sin(x.Value), x, Math.Cos(x.Value));

    /// <summary>Cosine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual Cos(Dual x) => Dual.Apply(Math.Cos(x.Value), x, -Math.Sin(x.Value));

    /// <summary>Sine and cosine together, like <see cref="Math.SinCos(double)"/>.</summary>
    public static (Dual Sin, Dual Cos) SinCos(Dual x)
    {
        (double sin, double cos) = Math.SinCos(x.Value);
        return (Dual.Apply(sin, x, cos), Dual.Apply(cos, x, -sin));
    }

    /// <summary>Tangent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual Tan(Dual x)
    {
        double t = Math.Tan(x.Value);
        return Dual.Apply(t, x, 1 + t * t);
    }

    /// <summary>Arcsine.</summary>
    public static Dual Asin(Dual x) => Dual.Apply(Math.Asin(x.Value), x, Slopes.Asin(x.Value));

    /// <summary>Arccosine.</summary>
    public static Dual Acos(Dual x) => Dual.Apply(Math.Acos(x.Value), x, -Slopes.Asin(x.Value));

    /// <summary>Arctangent.</summary>
    public static Dual Atan(Dual x) => Dual.Apply(Math.Atan(x.Value), x, 1 / (1 + x.Value * x.Value));

    /// <summary>Angle of the point (x, y), like <see cref="Math.Atan2(double, double)"/>.</summary>
    public static Dual Atan2(Dual y, Dual x)
    {
        (double dy, double dx) = Slopes.Atan2(y.Value, x.Value);
        return Dual.Apply(Math.Atan2(y.Value, x.Value), y, dy, x, dx);
    }

    /// <summary>Hyperbolic sine.</summary>
    public static Dual Sinh(Dual x) => Dual.Apply(Math.Sinh(x.Value), x, Math.Cosh(x.Value));

    /// <summary>Hyperbolic cosine.</summary>
    public static Dual Cosh(Dual x) => Dual.Apply(Math.Cosh(x.Value), x, Math.Sinh(x.Value));

    /// <summary>Hyperbolic tangent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual Tanh(Dual x)
    {
        double t = Math.Tanh(x.Value);
        return Dual.Apply(t, x, 1 - t * t);
    }

    /// <summary>Inverse hyperbolic sine.</summary>
    public static Dual Asinh(Dual x) => Dual.Apply(Math.Asinh(x.Value), x, 1 / Math.Sqrt(x.Value * x.Value + 1));

    /// <summary>Inverse hyperbolic cosine.</summary>
    public static Dual Acosh(Dual x) => Dual.Apply(Math.Acosh(x.Value), x, Slopes.Acosh(x.Value));

    /// <summary>Inverse hyperbolic tangent.</summary>
    public static Dual Atanh(Dual x) => Dual.Apply(Math.Atanh(x.Value), x, Slopes.Atanh(x.Value));

    /// <summary>e raised to x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual Exp(Dual x)
    {
        double e = Math.Exp(x.Value);
        return Dual.Apply(e, x, e);
    }

    /// <summary>Natural logarithm.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual Log(Dual x) => Dual.Apply(Math.Log(x.Value), x, 1 / x.Value);

    /// <summary>Logarithm of <paramref name="a"/> in base <paramref name="newBase"/>.</summary>
    public static Dual Log(Dual a, Dual newBase)
    {
        double value = Math.Log(a.Value, newBase.Value);
        (double da, double db) = Slopes.LogBase(a.Value, newBase.Value, value);
        return Dual.Apply(value, a, da, newBase, db);
    }

    /// <summary>Base-10 logarithm.</summary>
    public static Dual Log10(Dual x) => Dual.Apply(Math.Log10(x.Value), x, 1 / (x.Value * Math.Log(10)));

    /// <summary>Base-2 logarithm.</summary>
    public static Dual Log2(Dual x) => Dual.Apply(Math.Log2(x.Value), x, 1 / (x.Value * Math.Log(2)));

    /// <summary>Square root.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual Sqrt(Dual x)
    {
        double s = Math.Sqrt(x.Value);
        return Dual.Apply(s, x, 0.5 / s);
    }

    /// <summary>Cube root.</summary>
    public static Dual Cbrt(Dual x)
    {
        double c = Math.Cbrt(x.Value);
        return Dual.Apply(c, x, Slopes.Cbrt(c));
    }

    /// <summary><paramref name="x"/> raised to <paramref name="y"/>.</summary>
    public static Dual Pow(Dual x, Dual y)
    {
        double value = Math.Pow(x.Value, y.Value);
        return Dual.Apply(
            value,
            x, Slopes.PowBase(x.Value, y.Value),
            y, Slopes.PowExponent(x.Value, y.Value, value));
    }

    /// <summary><paramref name="x"/> raised to a constant power.</summary>
    public static Dual Pow(Dual x, double y) => Dual.Apply(Math.Pow(x.Value, y), x, Slopes.PowBase(x.Value, y));

    /// <summary>A constant raised to <paramref name="y"/>.</summary>
    public static Dual Pow(double x, Dual y)
    {
        double value = Math.Pow(x, y.Value);
        return Dual.Apply(value, y, Slopes.PowExponent(x, y.Value, value));
    }

    /// <summary>Absolute value; derivative 0 at 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual Abs(Dual x) => Dual.Apply(Math.Abs(x.Value), x, Slopes.Abs(x.Value));

    /// <summary>Smaller of two values; a tie splits the gradient evenly.</summary>
    public static Dual Min(Dual a, Dual b)
    {
        (double da, double db) = Slopes.Min(a.Value, b.Value);
        return Dual.Apply(Math.Min(a.Value, b.Value), a, da, b, db);
    }

    /// <summary>Larger of two values; a tie splits the gradient evenly.</summary>
    public static Dual Max(Dual a, Dual b)
    {
        (double da, double db) = Slopes.Max(a.Value, b.Value);
        return Dual.Apply(Math.Max(a.Value, b.Value), a, da, b, db);
    }

    /// <summary>
    /// <paramref name="x"/> limited to [<paramref name="min"/>, <paramref name="max"/>]; the gradient goes to
    /// <paramref name="x"/> where min ≤ x ≤ max, otherwise to the bound that was returned.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="min"/> is greater than <paramref name="max"/>.</exception>
    public static Dual Clamp(Dual x, Dual min, Dual max)
    {
        // Math.Clamp validates the bounds; the result is one of the three operands, so return that operand.
        _ = Math.Clamp(x.Value, min.Value, max.Value);
        return x.Value < min.Value ? min : x.Value > max.Value ? max : x;
    }

    /// <summary>Length of the vector (x, y) without overflow; gradient 0 at the origin.</summary>
    public static Dual Hypot(Dual x, Dual y)
    {
        double value = double.Hypot(x.Value, y.Value);
        (double dx, double dy) = Slopes.Hypot(x.Value, y.Value, value);
        return Dual.Apply(value, x, dx, y, dy);
    }

    /// <summary>a·b + c rounded once, like <see cref="Math.FusedMultiplyAdd(double, double, double)"/>.</summary>
    public static Dual FusedMultiplyAdd(Dual a, Dual b, Dual c)
    {
        double tangent = Dual.Chain(b.Value, a.Tangent) + Dual.Chain(a.Value, b.Tangent) + c.Tangent;
        return new Dual(Math.FusedMultiplyAdd(a.Value, b.Value, c.Value), tangent);
    }

    /// <summary>Sign of the value as -1, 0 or 1 (derivative 0).</summary>
    /// <exception cref="ArithmeticException">The value is NaN, as for <see cref="Math.Sign(double)"/>.</exception>
    public static int Sign(Dual x) => Math.Sign(x.Value);

    /// <summary>Largest integer ≤ x, as a constant (derivative 0).</summary>
    public static Dual Floor(Dual x) => new(Math.Floor(x.Value));

    /// <summary>Smallest integer ≥ x, as a constant (derivative 0).</summary>
    public static Dual Ceiling(Dual x) => new(Math.Ceiling(x.Value));

    /// <summary>Nearest integer, ties to even, as a constant (derivative 0).</summary>
    public static Dual Round(Dual x) => new(Math.Round(x.Value));

    /// <summary>Rounded to <paramref name="digits"/> fractional digits, as a constant (derivative 0).</summary>
    public static Dual Round(Dual x, int digits) => new(Math.Round(x.Value, digits));

    /// <summary>Nearest integer with the given tie rule, as a constant (derivative 0).</summary>
    public static Dual Round(Dual x, MidpointRounding mode) => new(Math.Round(x.Value, mode));

    /// <summary>Rounded to <paramref name="digits"/> fractional digits with the given tie rule, as a constant (derivative 0).</summary>
    public static Dual Round(Dual x, int digits, MidpointRounding mode) => new(Math.Round(x.Value, digits, mode));

    /// <summary>Integer part, as a constant (derivative 0).</summary>
    public static Dual Truncate(Dual x) => new(Math.Truncate(x.Value));
}
