using System.Runtime.CompilerServices;
using AutoDiff.Rules;

namespace AutoDiff.Taping;

/// <summary>
/// <see cref="Math"/> for <see cref="Var"/>: same names and values, and each call records its partial
/// derivatives on <see cref="Tape.Current"/> (from the shared rules, as <see cref="DualNumbers.DualMath"/> does).
/// Conventions where a function is not differentiable are those of the
/// rule table (<c>docs</c>: README, "Functions and their derivatives"): Abs'(0) = 0; Min/Max ties split
/// the gradient evenly; Clamp passes it to x where lo ≤ x ≤ hi; Hypot has gradient 0 at the origin;
/// Floor, Ceiling, Round, Truncate and Sign have derivative 0; d(x^y)/dy = 0 where x = 0 and y ≥ 0.
/// </summary>
public static class VarMath
{
    /// <summary>Sine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Sin(Var a) => ScalarFunctions<Var>.Sin(a);

    /// <summary>Cosine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Cos(Var d) => ScalarFunctions<Var>.Cos(d);

    /// <summary>Sine and cosine together, like <see cref="Math.SinCos(double)"/>.</summary>
    public static (Var Sin, Var Cos) SinCos(Var x) => ScalarFunctions<Var>.SinCos(x);

    /// <summary>Tangent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Tan(Var a) => ScalarFunctions<Var>.Tan(a);

    /// <summary>Arcsine.</summary>
    public static Var Asin(Var d) => ScalarFunctions<Var>.Asin(d);

    /// <summary>Arccosine.</summary>
    public static Var Acos(Var d) => ScalarFunctions<Var>.Acos(d);

    /// <summary>Arctangent.</summary>
    public static Var Atan(Var d) => ScalarFunctions<Var>.Atan(d);

    /// <summary>Angle of the point (x, y), like <see cref="Math.Atan2(double, double)"/>.</summary>
    public static Var Atan2(Var y, Var x) => ScalarFunctions<Var>.Atan2(y, x);

    /// <summary>Hyperbolic sine.</summary>
    public static Var Sinh(Var value) => ScalarFunctions<Var>.Sinh(value);

    /// <summary>Hyperbolic cosine.</summary>
    public static Var Cosh(Var value) => ScalarFunctions<Var>.Cosh(value);

    /// <summary>Hyperbolic tangent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Tanh(Var value) => ScalarFunctions<Var>.Tanh(value);

    /// <summary>Inverse hyperbolic sine.</summary>
    public static Var Asinh(Var d) => ScalarFunctions<Var>.Asinh(d);

    /// <summary>Inverse hyperbolic cosine.</summary>
    public static Var Acosh(Var d) => ScalarFunctions<Var>.Acosh(d);

    /// <summary>Inverse hyperbolic tangent.</summary>
    public static Var Atanh(Var d) => ScalarFunctions<Var>.Atanh(d);

    /// <summary>e raised to x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Exp(Var d) => ScalarFunctions<Var>.Exp(d);

    /// <summary>2 raised to <paramref name="x"/>, like <see cref="double.Exp2(double)"/>.</summary>
    public static Var Exp2(Var x) => ScalarFunctions<Var>.Exp2(x);

    /// <summary>10 raised to <paramref name="x"/>, like <see cref="double.Exp10(double)"/>.</summary>
    public static Var Exp10(Var x) => ScalarFunctions<Var>.Exp10(x);

    /// <summary>e raised to <paramref name="x"/>, minus 1, like <see cref="double.ExpM1(double)"/> (accurate near 0).</summary>
    public static Var ExpM1(Var x) => ScalarFunctions<Var>.ExpM1(x);

    /// <summary>Natural logarithm.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Log(Var d) => ScalarFunctions<Var>.Log(d);

    /// <summary>Logarithm of <paramref name="a"/> in base <paramref name="newBase"/>.</summary>
    public static Var Log(Var a, Var newBase) => ScalarFunctions<Var>.Log(a, newBase);

    /// <summary>Natural logarithm of 1 + <paramref name="x"/>, like <see cref="double.LogP1(double)"/> (accurate near 0).</summary>
    public static Var LogP1(Var x) => ScalarFunctions<Var>.LogP1(x);

    /// <summary>Base-10 logarithm.</summary>
    public static Var Log10(Var d) => ScalarFunctions<Var>.Log10(d);

    /// <summary>Base-2 logarithm.</summary>
    public static Var Log2(Var x) => ScalarFunctions<Var>.Log2(x);

    /// <summary>Square root.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Sqrt(Var d) => ScalarFunctions<Var>.Sqrt(d);

    /// <summary>Cube root.</summary>
    public static Var Cbrt(Var d) => ScalarFunctions<Var>.Cbrt(d);

    /// <summary><paramref name="x"/> raised to <paramref name="y"/>.</summary>
    public static Var Pow(Var x, Var y) => ScalarFunctions<Var>.Pow(x, y);

    /// <summary><paramref name="x"/> raised to a constant power.</summary>
    public static Var Pow(Var x, double y) => ScalarFunctions<Var>.Pow(x, y);

    /// <summary>A constant raised to <paramref name="y"/>.</summary>
    public static Var Pow(double x, Var y) => ScalarFunctions<Var>.Pow(x, y);

    /// <summary>Absolute value; derivative 0 at 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Abs(Var value) => ScalarFunctions<Var>.Abs(value);

    /// <summary>Smaller of two values; the smaller takes the gradient, a tie splits it evenly.</summary>
    public static Var Min(Var val1, Var val2) => ScalarFunctions<Var>.Min(val1, val2);

    /// <summary>Larger of two values; the larger takes the gradient, a tie splits it evenly.</summary>
    public static Var Max(Var val1, Var val2) => ScalarFunctions<Var>.Max(val1, val2);

    /// <summary>
    /// <paramref name="value"/> limited to [<paramref name="min"/>, <paramref name="max"/>]; the gradient goes to
    /// <paramref name="value"/> where min ≤ value ≤ max, otherwise to the bound that was returned.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="min"/> is greater than <paramref name="max"/>.</exception>
    public static Var Clamp(Var value, Var min, Var max) => ScalarFunctions<Var>.Clamp(value, min, max);

    /// <summary>The magnitude of <paramref name="x"/> with the sign of <paramref name="y"/>; derivative ±1 for x (0 at x = 0), 0 for y.</summary>
    public static Var CopySign(Var x, Var y) => ScalarFunctions<Var>.CopySign(x, y);

    /// <summary>Length of the vector (x, y) without overflow; gradient 0 at the origin.</summary>
    public static Var Hypot(Var x, Var y) => ScalarFunctions<Var>.Hypot(x, y);

    /// <summary>a·b + c rounded once, like <see cref="Math.FusedMultiplyAdd(double, double, double)"/>.</summary>
    public static Var FusedMultiplyAdd(Var x, Var y, Var z) => ScalarFunctions<Var>.FusedMultiplyAdd(x, y, z);

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
