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
    public static Dual Sin(Dual a) => Dual.Apply(Math.Sin(a.Value), a, Math.Cos(a.Value));

    /// <summary>Cosine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual Cos(Dual d) => Dual.Apply(Math.Cos(d.Value), d, -Math.Sin(d.Value));

    /// <summary>Sine and cosine together, like <see cref="Math.SinCos(double)"/>.</summary>
    public static (Dual Sin, Dual Cos) SinCos(Dual x)
    {
        (double sin, double cos) = Math.SinCos(x.Value);
        return (Dual.Apply(sin, x, cos), Dual.Apply(cos, x, -sin));
    }

    /// <summary>Tangent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual Tan(Dual a)
    {
        double t = Math.Tan(a.Value);
        return Dual.Apply(t, a, 1 + t * t);
    }

    /// <summary>Arcsine.</summary>
    public static Dual Asin(Dual d) => Dual.Apply(Math.Asin(d.Value), d, Slopes.Asin(d.Value));

    /// <summary>Arccosine.</summary>
    public static Dual Acos(Dual d) => Dual.Apply(Math.Acos(d.Value), d, -Slopes.Asin(d.Value));

    /// <summary>Arctangent.</summary>
    public static Dual Atan(Dual d) => Dual.Apply(Math.Atan(d.Value), d, 1 / (1 + d.Value * d.Value));

    /// <summary>Angle of the point (x, y), like <see cref="Math.Atan2(double, double)"/>.</summary>
    public static Dual Atan2(Dual y, Dual x)
    {
        (double dy, double dx) = Slopes.Atan2(y.Value, x.Value);
        return Dual.Apply(Math.Atan2(y.Value, x.Value), y, dy, x, dx);
    }

    /// <summary>Hyperbolic sine.</summary>
    public static Dual Sinh(Dual value) => Dual.Apply(Math.Sinh(value.Value), value, Math.Cosh(value.Value));

    /// <summary>Hyperbolic cosine.</summary>
    public static Dual Cosh(Dual value) => Dual.Apply(Math.Cosh(value.Value), value, Math.Sinh(value.Value));

    /// <summary>Hyperbolic tangent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual Tanh(Dual value)
    {
        double t = Math.Tanh(value.Value);
        return Dual.Apply(t, value, 1 - t * t);
    }

    /// <summary>Inverse hyperbolic sine.</summary>
    public static Dual Asinh(Dual d) => Dual.Apply(Math.Asinh(d.Value), d, 1 / Math.Sqrt(d.Value * d.Value + 1));

    /// <summary>Inverse hyperbolic cosine.</summary>
    public static Dual Acosh(Dual d) => Dual.Apply(Math.Acosh(d.Value), d, Slopes.Acosh(d.Value));

    /// <summary>Inverse hyperbolic tangent.</summary>
    public static Dual Atanh(Dual d) => Dual.Apply(Math.Atanh(d.Value), d, Slopes.Atanh(d.Value));

    /// <summary>e raised to x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual Exp(Dual d)
    {
        double e = Math.Exp(d.Value);
        return Dual.Apply(e, d, e);
    }

    /// <summary>Natural logarithm.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual Log(Dual d) => Dual.Apply(Math.Log(d.Value), d, 1 / d.Value);

    /// <summary>Logarithm of <paramref name="a"/> in base <paramref name="newBase"/>.</summary>
    public static Dual Log(Dual a, Dual newBase)
    {
        double value = Math.Log(a.Value, newBase.Value);
        (double da, double db) = Slopes.LogBase(a.Value, newBase.Value, value);
        return Dual.Apply(value, a, da, newBase, db);
    }

    /// <summary>Base-10 logarithm.</summary>
    public static Dual Log10(Dual d) => Dual.Apply(Math.Log10(d.Value), d, 1 / (d.Value * Math.Log(10)));

    /// <summary>Base-2 logarithm.</summary>
    public static Dual Log2(Dual x) => Dual.Apply(Math.Log2(x.Value), x, 1 / (x.Value * Math.Log(2)));

    /// <summary>2 raised to <paramref name="x"/>, like <see cref="double.Exp2(double)"/>.</summary>
    public static Dual Exp2(Dual x)
    {
        double y = double.Exp2(x.Value);
        return Dual.Apply(y, x, y * Math.Log(2));
    }

    /// <summary>10 raised to <paramref name="x"/>, like <see cref="double.Exp10(double)"/>.</summary>
    public static Dual Exp10(Dual x)
    {
        double y = double.Exp10(x.Value);
        return Dual.Apply(y, x, y * Math.Log(10));
    }

    /// <summary>e raised to <paramref name="x"/>, minus 1, like <see cref="double.ExpM1(double)"/> (accurate near 0).</summary>
    public static Dual ExpM1(Dual x)
    {
        double y = double.ExpM1(x.Value);
        return Dual.Apply(y, x, y + 1);
    }

    /// <summary>Natural logarithm of 1 + <paramref name="x"/>, like <see cref="double.LogP1(double)"/> (accurate near 0).</summary>
    public static Dual LogP1(Dual x) => Dual.Apply(double.LogP1(x.Value), x, 1 / (1 + x.Value));

    /// <summary>Square root.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual Sqrt(Dual d)
    {
        double s = Math.Sqrt(d.Value);
        return Dual.Apply(s, d, 0.5 / s);
    }

    /// <summary>Cube root.</summary>
    public static Dual Cbrt(Dual d)
    {
        double c = Math.Cbrt(d.Value);
        return Dual.Apply(c, d, Slopes.Cbrt(c));
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
    public static Dual Abs(Dual value) => Dual.Apply(Math.Abs(value.Value), value, Slopes.Abs(value.Value));

    /// <summary>Smaller of two values; a tie splits the gradient evenly.</summary>
    public static Dual Min(Dual val1, Dual val2)
    {
        (double da, double db) = Slopes.Min(val1.Value, val2.Value);
        return Dual.Apply(Math.Min(val1.Value, val2.Value), val1, da, val2, db);
    }

    /// <summary>Larger of two values; a tie splits the gradient evenly.</summary>
    public static Dual Max(Dual val1, Dual val2)
    {
        (double da, double db) = Slopes.Max(val1.Value, val2.Value);
        return Dual.Apply(Math.Max(val1.Value, val2.Value), val1, da, val2, db);
    }

    /// <summary>
    /// <paramref name="value"/> limited to [<paramref name="min"/>, <paramref name="max"/>]; the gradient goes to
    /// <paramref name="value"/> where min ≤ value ≤ max, otherwise to the bound that was returned.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="min"/> is greater than <paramref name="max"/>.</exception>
    public static Dual Clamp(Dual value, Dual min, Dual max)
    {
        // Math.Clamp validates the bounds; the result is one of the three operands, so return that operand.
        _ = Math.Clamp(value.Value, min.Value, max.Value);
        return value.Value < min.Value ? min : value.Value > max.Value ? max : value;
    }

    /// <summary>Length of the vector (x, y) without overflow; gradient 0 at the origin.</summary>
    public static Dual Hypot(Dual x, Dual y)
    {
        double value = double.Hypot(x.Value, y.Value);
        (double dx, double dy) = Slopes.Hypot(x.Value, y.Value, value);
        return Dual.Apply(value, x, dx, y, dy);
    }

    /// <summary>a·b + c rounded once, like <see cref="Math.FusedMultiplyAdd(double, double, double)"/>.</summary>
    public static Dual FusedMultiplyAdd(Dual x, Dual y, Dual z)
    {
        double tangent = Dual.Chain(y.Value, x.Tangent) + Dual.Chain(x.Value, y.Tangent) + z.Tangent;
        return new Dual(Math.FusedMultiplyAdd(x.Value, y.Value, z.Value), tangent);
    }

    /// <summary>Sign of the value as -1, 0 or 1 (derivative 0).</summary>
    /// <exception cref="ArithmeticException">The value is NaN, as for <see cref="Math.Sign(double)"/>.</exception>
    public static int Sign(Dual value) => Math.Sign(value.Value);

    /// <summary>Largest integer ≤ x, as a constant (derivative 0).</summary>
    public static Dual Floor(Dual d) => new(Math.Floor(d.Value));

    /// <summary>Smallest integer ≥ x, as a constant (derivative 0).</summary>
    public static Dual Ceiling(Dual a) => new(Math.Ceiling(a.Value));

    /// <summary>Nearest integer, ties to even, as a constant (derivative 0).</summary>
    public static Dual Round(Dual a) => new(Math.Round(a.Value));

    /// <summary>Rounded to <paramref name="digits"/> fractional digits, as a constant (derivative 0).</summary>
    public static Dual Round(Dual value, int digits) => new(Math.Round(value.Value, digits));

    /// <summary>Nearest integer with the given tie rule, as a constant (derivative 0).</summary>
    public static Dual Round(Dual value, MidpointRounding mode) => new(Math.Round(value.Value, mode));

    /// <summary>Rounded to <paramref name="digits"/> fractional digits with the given tie rule, as a constant (derivative 0).</summary>
    public static Dual Round(Dual value, int digits, MidpointRounding mode) => new(Math.Round(value.Value, digits, mode));

    /// <summary>Integer part, as a constant (derivative 0).</summary>
    public static Dual Truncate(Dual d) => new(Math.Truncate(d.Value));
}
