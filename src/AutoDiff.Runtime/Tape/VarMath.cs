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
    public static Var Sin(Var x) => Var.Record(Math.Sin(x.Value), x, Math.Cos(x.Value));

    /// <summary>Cosine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Cos(Var x) => Var.Record(Math.Cos(x.Value), x, -Math.Sin(x.Value));

    /// <summary>Sine and cosine together, like <see cref="Math.SinCos(double)"/>.</summary>
    public static (Var Sin, Var Cos) SinCos(Var x)
    {
        (double sin, double cos) = Math.SinCos(x.Value);
        return (Var.Record(sin, x, cos), Var.Record(cos, x, -sin));
    }

    /// <summary>Tangent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Tan(Var x)
    {
        double t = Math.Tan(x.Value);
        return Var.Record(t, x, 1 + t * t);
    }

    /// <summary>Arcsine.</summary>
    public static Var Asin(Var x) => Var.Record(Math.Asin(x.Value), x, Slopes.Asin(x.Value));

    /// <summary>Arccosine.</summary>
    public static Var Acos(Var x) => Var.Record(Math.Acos(x.Value), x, -Slopes.Asin(x.Value));

    /// <summary>Arctangent.</summary>
    public static Var Atan(Var x) => Var.Record(Math.Atan(x.Value), x, 1 / (1 + x.Value * x.Value));

    /// <summary>Angle of the point (x, y), like <see cref="Math.Atan2(double, double)"/>.</summary>
    public static Var Atan2(Var y, Var x)
    {
        (double dy, double dx) = Slopes.Atan2(y.Value, x.Value);
        return Var.Record(Math.Atan2(y.Value, x.Value), y, dy, x, dx);
    }

    /// <summary>Hyperbolic sine.</summary>
    public static Var Sinh(Var x) => Var.Record(Math.Sinh(x.Value), x, Math.Cosh(x.Value));

    /// <summary>Hyperbolic cosine.</summary>
    public static Var Cosh(Var x) => Var.Record(Math.Cosh(x.Value), x, Math.Sinh(x.Value));

    /// <summary>Hyperbolic tangent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Tanh(Var x)
    {
        double t = Math.Tanh(x.Value);
        return Var.Record(t, x, 1 - t * t);
    }

    /// <summary>Inverse hyperbolic sine.</summary>
    public static Var Asinh(Var x) => Var.Record(Math.Asinh(x.Value), x, 1 / Math.Sqrt(x.Value * x.Value + 1));

    /// <summary>Inverse hyperbolic cosine.</summary>
    public static Var Acosh(Var x) => Var.Record(Math.Acosh(x.Value), x, Slopes.Acosh(x.Value));

    /// <summary>Inverse hyperbolic tangent.</summary>
    public static Var Atanh(Var x) => Var.Record(Math.Atanh(x.Value), x, Slopes.Atanh(x.Value));

    /// <summary>e raised to x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Exp(Var x)
    {
        double e = Math.Exp(x.Value);
        return Var.Record(e, x, e);
    }

    /// <summary>Natural logarithm.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Log(Var x) => Var.Record(Math.Log(x.Value), x, 1 / x.Value);

    /// <summary>Logarithm of <paramref name="a"/> in base <paramref name="newBase"/>.</summary>
    public static Var Log(Var a, Var newBase)
    {
        double value = Math.Log(a.Value, newBase.Value);
        (double da, double db) = Slopes.LogBase(a.Value, newBase.Value, value);
        return Var.Record(value, a, da, newBase, db);
    }

    /// <summary>Base-10 logarithm.</summary>
    public static Var Log10(Var x) => Var.Record(Math.Log10(x.Value), x, 1 / (x.Value * Math.Log(10)));

    /// <summary>Base-2 logarithm.</summary>
    public static Var Log2(Var x) => Var.Record(Math.Log2(x.Value), x, 1 / (x.Value * Math.Log(2)));

    /// <summary>Square root.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Sqrt(Var x)
    {
        double s = Math.Sqrt(x.Value);
        return Var.Record(s, x, 0.5 / s);
    }

    /// <summary>Cube root.</summary>
    public static Var Cbrt(Var x)
    {
        double c = Math.Cbrt(x.Value);
        return Var.Record(c, x, Slopes.Cbrt(c));
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
    public static Var Abs(Var x) => Var.Record(Math.Abs(x.Value), x, Slopes.Abs(x.Value));

    /// <summary>Smaller of two values; a tie splits the gradient evenly.</summary>
    public static Var Min(Var a, Var b)
    {
        (double da, double db) = Slopes.Min(a.Value, b.Value);
        return Var.Record(Math.Min(a.Value, b.Value), a, da, b, db);
    }

    /// <summary>Larger of two values; a tie splits the gradient evenly.</summary>
    public static Var Max(Var a, Var b)
    {
        (double da, double db) = Slopes.Max(a.Value, b.Value);
        return Var.Record(Math.Max(a.Value, b.Value), a, da, b, db);
    }

    /// <summary>
    /// <paramref name="x"/> limited to [<paramref name="min"/>, <paramref name="max"/>]; the gradient goes to
    /// <paramref name="x"/> where min ≤ x ≤ max, otherwise to the bound that was returned.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="min"/> is greater than <paramref name="max"/>.</exception>
    public static Var Clamp(Var x, Var min, Var max)
    {
        // Math.Clamp validates the bounds; the result is one of the three operands, so return that Var.
        _ = Math.Clamp(x.Value, min.Value, max.Value);
        return x.Value < min.Value ? min : x.Value > max.Value ? max : x;
    }

    /// <summary>Length of the vector (x, y) without overflow; gradient 0 at the origin.</summary>
    public static Var Hypot(Var x, Var y)
    {
        double value = double.Hypot(x.Value, y.Value);
        (double dx, double dy) = Slopes.Hypot(x.Value, y.Value, value);
        return Var.Record(value, x, dx, y, dy);
    }

    /// <summary>a·b + c rounded once, like <see cref="Math.FusedMultiplyAdd(double, double, double)"/>.</summary>
    public static Var FusedMultiplyAdd(Var a, Var b, Var c)
    {
        // Three parents need two nodes: the product (value unused by the sweep), then the sum.
        Var product = Var.Record(a.Value * b.Value, a, b.Value, b, a.Value);
        return Var.Record(Math.FusedMultiplyAdd(a.Value, b.Value, c.Value), product, 1, c, 1);
    }

    /// <summary>Sign of the value as -1, 0 or 1 (derivative 0).</summary>
    /// <exception cref="ArithmeticException">The value is NaN, as for <see cref="Math.Sign(double)"/>.</exception>
    public static int Sign(Var x) => Math.Sign(x.Value);

    /// <summary>Largest integer ≤ x, as a constant (derivative 0).</summary>
    public static Var Floor(Var x) => new(Math.Floor(x.Value));

    /// <summary>Smallest integer ≥ x, as a constant (derivative 0).</summary>
    public static Var Ceiling(Var x) => new(Math.Ceiling(x.Value));

    /// <summary>Nearest integer, ties to even, as a constant (derivative 0).</summary>
    public static Var Round(Var x) => new(Math.Round(x.Value));

    /// <summary>Rounded to <paramref name="digits"/> fractional digits, as a constant (derivative 0).</summary>
    public static Var Round(Var x, int digits) => new(Math.Round(x.Value, digits));

    /// <summary>Nearest integer with the given tie rule, as a constant (derivative 0).</summary>
    public static Var Round(Var x, MidpointRounding mode) => new(Math.Round(x.Value, mode));

    /// <summary>Rounded to <paramref name="digits"/> fractional digits with the given tie rule, as a constant (derivative 0).</summary>
    public static Var Round(Var x, int digits, MidpointRounding mode) => new(Math.Round(x.Value, digits, mode));

    /// <summary>Integer part, as a constant (derivative 0).</summary>
    public static Var Truncate(Var x) => new(Math.Truncate(x.Value));
}
