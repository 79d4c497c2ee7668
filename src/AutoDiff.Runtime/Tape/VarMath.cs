using System.Runtime.CompilerServices;

namespace AutoDiff.Taping;

/// <summary>
/// <see cref="Math"/> for <see cref="Var"/>: same names and values, and each call records its local
/// derivative on <see cref="Tape.Current"/>. Conventions at non-differentiable points follow PyTorch:
/// Abs'(0) = 0; Min/Max ties split the gradient evenly; Clamp passes it where lo ≤ x ≤ hi;
/// Floor, Ceiling, Round, Truncate and Sign have derivative 0; d(x^y)/dy = 0 where x = 0 and y ≥ 0.
/// </summary>
public static class VarMath
{
    /// <summary>Sine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Sin(Var a) => Var.Record(Math.Sin(a.Value), a, Math.Cos(a.Value));

    /// <summary>Cosine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Cos(Var d) => Var.Record(Math.Cos(d.Value), d, -Math.Sin(d.Value));

    /// <summary>Sine and cosine together, like <see cref="Math.SinCos(double)"/>.</summary>
    public static (Var Sin, Var Cos) SinCos(Var x)
    {
        (double sin, double cos) = Math.SinCos(x.Value);
        return (Var.Record(sin, x, cos), Var.Record(cos, x, -sin));
    }

    /// <summary>Tangent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Tan(Var a)
    {
        double t = Math.Tan(a.Value);
        return Var.Record(t, a, 1 + t * t);
    }

    /// <summary>Arcsine.</summary>
    public static Var Asin(Var d) => Var.Record(Math.Asin(d.Value), d, Slopes.Asin(d.Value));

    /// <summary>Arccosine.</summary>
    public static Var Acos(Var d) => Var.Record(Math.Acos(d.Value), d, -Slopes.Asin(d.Value));

    /// <summary>Arctangent.</summary>
    public static Var Atan(Var d) => Var.Record(Math.Atan(d.Value), d, 1 / (1 + d.Value * d.Value));

    /// <summary>Angle of the point (x, y), like <see cref="Math.Atan2(double, double)"/>.</summary>
    public static Var Atan2(Var y, Var x)
    {
        (double dy, double dx) = Slopes.Atan2(y.Value, x.Value);
        return Var.Record(Math.Atan2(y.Value, x.Value), y, dy, x, dx);
    }

    /// <summary>Hyperbolic sine.</summary>
    public static Var Sinh(Var value) => Var.Record(Math.Sinh(value.Value), value, Math.Cosh(value.Value));

    /// <summary>Hyperbolic cosine.</summary>
    public static Var Cosh(Var value) => Var.Record(Math.Cosh(value.Value), value, Math.Sinh(value.Value));

    /// <summary>Hyperbolic tangent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Tanh(Var value)
    {
        double t = Math.Tanh(value.Value);
        return Var.Record(t, value, 1 - t * t);
    }

    /// <summary>Inverse hyperbolic sine.</summary>
    public static Var Asinh(Var d) => Var.Record(Math.Asinh(d.Value), d, 1 / Math.Sqrt(d.Value * d.Value + 1));

    /// <summary>Inverse hyperbolic cosine.</summary>
    public static Var Acosh(Var d) => Var.Record(Math.Acosh(d.Value), d, Slopes.Acosh(d.Value));

    /// <summary>Inverse hyperbolic tangent.</summary>
    public static Var Atanh(Var d) => Var.Record(Math.Atanh(d.Value), d, Slopes.Atanh(d.Value));

    /// <summary>e raised to x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Exp(Var d)
    {
        double e = Math.Exp(d.Value);
        return Var.Record(e, d, e);
    }

    /// <summary>Natural logarithm.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Log(Var d) => Var.Record(Math.Log(d.Value), d, 1 / d.Value);

    /// <summary>Logarithm of <paramref name="a"/> in base <paramref name="newBase"/>.</summary>
    public static Var Log(Var a, Var newBase)
    {
        double value = Math.Log(a.Value, newBase.Value);
        (double da, double db) = Slopes.LogBase(a.Value, newBase.Value, value);
        return Var.Record(value, a, da, newBase, db);
    }

    /// <summary>Base-10 logarithm.</summary>
    public static Var Log10(Var d) => Var.Record(Math.Log10(d.Value), d, 1 / (d.Value * Math.Log(10)));

    /// <summary>Base-2 logarithm.</summary>
    public static Var Log2(Var x) => Var.Record(Math.Log2(x.Value), x, 1 / (x.Value * Math.Log(2)));

    /// <summary>2 raised to <paramref name="x"/>, like <see cref="double.Exp2(double)"/>.</summary>
    public static Var Exp2(Var x)
    {
        double y = double.Exp2(x.Value);
        return Var.Record(y, x, y * Math.Log(2));
    }

    /// <summary>10 raised to <paramref name="x"/>, like <see cref="double.Exp10(double)"/>.</summary>
    public static Var Exp10(Var x)
    {
        double y = double.Exp10(x.Value);
        return Var.Record(y, x, y * Math.Log(10));
    }

    /// <summary>e raised to <paramref name="x"/>, minus 1, like <see cref="double.ExpM1(double)"/> (accurate near 0).</summary>
    public static Var ExpM1(Var x)
    {
        double y = double.ExpM1(x.Value);
        return Var.Record(y, x, y + 1);
    }

    /// <summary>Natural logarithm of 1 + <paramref name="x"/>, like <see cref="double.LogP1(double)"/> (accurate near 0).</summary>
    public static Var LogP1(Var x) => Var.Record(double.LogP1(x.Value), x, 1 / (1 + x.Value));

    /// <summary>Square root.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Sqrt(Var d)
    {
        double s = Math.Sqrt(d.Value);
        return Var.Record(s, d, 0.5 / s);
    }

    /// <summary>Cube root.</summary>
    public static Var Cbrt(Var d)
    {
        double c = Math.Cbrt(d.Value);
        return Var.Record(c, d, Slopes.Cbrt(c));
    }

    /// <summary><paramref name="x"/> raised to <paramref name="y"/>.</summary>
    public static Var Pow(Var x, Var y)
    {
        double value = Math.Pow(x.Value, y.Value);
        return Var.Record(
            value,
            x, Slopes.PowBase(x.Value, y.Value),
            y, Slopes.PowExponent(x.Value, y.Value, value));
    }

    /// <summary><paramref name="x"/> raised to a constant power.</summary>
    public static Var Pow(Var x, double y) => Var.Record(Math.Pow(x.Value, y), x, Slopes.PowBase(x.Value, y));

    /// <summary>A constant raised to <paramref name="y"/>.</summary>
    public static Var Pow(double x, Var y)
    {
        double value = Math.Pow(x, y.Value);
        return Var.Record(value, y, Slopes.PowExponent(x, y.Value, value));
    }

    /// <summary>Absolute value; derivative 0 at 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Abs(Var value) => Var.Record(Math.Abs(value.Value), value, Slopes.Abs(value.Value));

    /// <summary>Smaller of two values; a tie splits the gradient evenly.</summary>
    public static Var Min(Var val1, Var val2)
    {
        (double da, double db) = Slopes.Min(val1.Value, val2.Value);
        return Var.Record(Math.Min(val1.Value, val2.Value), val1, da, val2, db);
    }

    /// <summary>Larger of two values; a tie splits the gradient evenly.</summary>
    public static Var Max(Var val1, Var val2)
    {
        (double da, double db) = Slopes.Max(val1.Value, val2.Value);
        return Var.Record(Math.Max(val1.Value, val2.Value), val1, da, val2, db);
    }

    /// <summary>
    /// <paramref name="value"/> limited to [<paramref name="min"/>, <paramref name="max"/>]; the gradient goes to
    /// <paramref name="value"/> where min ≤ value ≤ max, otherwise to the bound that was returned.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="min"/> is greater than <paramref name="max"/>.</exception>
    public static Var Clamp(Var value, Var min, Var max)
    {
        // Math.Clamp validates the bounds; the result is one of the three operands, so return that Var.
        _ = Math.Clamp(value.Value, min.Value, max.Value);
        return value.Value < min.Value ? min : value.Value > max.Value ? max : value;
    }

    /// <summary>Length of the vector (x, y) without overflow; gradient 0 at the origin.</summary>
    public static Var Hypot(Var x, Var y)
    {
        double value = double.Hypot(x.Value, y.Value);
        (double dx, double dy) = Slopes.Hypot(x.Value, y.Value, value);
        return Var.Record(value, x, dx, y, dy);
    }

    /// <summary>a·b + c rounded once, like <see cref="Math.FusedMultiplyAdd(double, double, double)"/>.</summary>
    public static Var FusedMultiplyAdd(Var x, Var y, Var z)
    {
        // Three parents need two nodes: the product (value unused by the sweep), then the sum.
        Var product = Var.Record(x.Value * y.Value, x, y.Value, y, x.Value);
        return Var.Record(Math.FusedMultiplyAdd(x.Value, y.Value, z.Value), product, 1, z, 1);
    }

    /// <summary>Sign of the value as -1, 0 or 1 (derivative 0).</summary>
    /// <exception cref="ArithmeticException">The value is NaN, as for <see cref="Math.Sign(double)"/>.</exception>
    public static int Sign(Var value) => Math.Sign(value.Value);

    /// <summary>Largest integer ≤ x, as a constant (derivative 0).</summary>
    public static Var Floor(Var d) => new(Math.Floor(d.Value));

    /// <summary>Smallest integer ≥ x, as a constant (derivative 0).</summary>
    public static Var Ceiling(Var a) => new(Math.Ceiling(a.Value));

    /// <summary>Nearest integer, ties to even, as a constant (derivative 0).</summary>
    public static Var Round(Var a) => new(Math.Round(a.Value));

    /// <summary>Rounded to <paramref name="digits"/> fractional digits, as a constant (derivative 0).</summary>
    public static Var Round(Var value, int digits) => new(Math.Round(value.Value, digits));

    /// <summary>Nearest integer with the given tie rule, as a constant (derivative 0).</summary>
    public static Var Round(Var value, MidpointRounding mode) => new(Math.Round(value.Value, mode));

    /// <summary>Rounded to <paramref name="digits"/> fractional digits with the given tie rule, as a constant (derivative 0).</summary>
    public static Var Round(Var value, int digits, MidpointRounding mode) => new(Math.Round(value.Value, digits, mode));

    /// <summary>Integer part, as a constant (derivative 0).</summary>
    public static Var Truncate(Var d) => new(Math.Truncate(d.Value));
}
