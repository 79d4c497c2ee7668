using System.Runtime.CompilerServices;
using AutoDiff.Rules;

namespace AutoDiff.DualNumbers;

/// <summary>
/// <see cref="Math"/> for <see cref="Dual"/>: same names and values, and each call carries the tangent
/// forward by the chain rule (from the shared rules, as <see cref="Taping.VarMath"/> does).
/// Conventions where a function is not differentiable are those of the
/// rule table (<c>docs</c>: README, "Functions and their derivatives"): Abs'(0) = 0; Min/Max ties split
/// the gradient evenly; Clamp passes it to x where lo ≤ x ≤ hi; Hypot has gradient 0 at the origin;
/// Floor, Ceiling, Round, Truncate and Sign have derivative 0; d(x^y)/dy = 0 where x = 0 and y ≥ 0.
/// </summary>
public static class DualMath
{
    /// <summary>Sine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual Sin(Dual a) => ScalarFunctions<Dual>.Sin(a);

    /// <summary>Cosine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual Cos(Dual d) => ScalarFunctions<Dual>.Cos(d);

    /// <summary>Sine and cosine together, like <see cref="Math.SinCos(double)"/>.</summary>
    public static (Dual Sin, Dual Cos) SinCos(Dual x) => ScalarFunctions<Dual>.SinCos(x);

    /// <summary>Tangent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual Tan(Dual a) => ScalarFunctions<Dual>.Tan(a);

    /// <summary>Arcsine.</summary>
    public static Dual Asin(Dual d) => ScalarFunctions<Dual>.Asin(d);

    /// <summary>Arccosine.</summary>
    public static Dual Acos(Dual d) => ScalarFunctions<Dual>.Acos(d);

    /// <summary>Arctangent.</summary>
    public static Dual Atan(Dual d) => ScalarFunctions<Dual>.Atan(d);

    /// <summary>Angle of the point (x, y), like <see cref="Math.Atan2(double, double)"/>.</summary>
    public static Dual Atan2(Dual y, Dual x) => ScalarFunctions<Dual>.Atan2(y, x);

    /// <summary>Hyperbolic sine.</summary>
    public static Dual Sinh(Dual value) => ScalarFunctions<Dual>.Sinh(value);

    /// <summary>Hyperbolic cosine.</summary>
    public static Dual Cosh(Dual value) => ScalarFunctions<Dual>.Cosh(value);

    /// <summary>Hyperbolic tangent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual Tanh(Dual value) => ScalarFunctions<Dual>.Tanh(value);

    /// <summary>Inverse hyperbolic sine.</summary>
    public static Dual Asinh(Dual d) => ScalarFunctions<Dual>.Asinh(d);

    /// <summary>Inverse hyperbolic cosine.</summary>
    public static Dual Acosh(Dual d) => ScalarFunctions<Dual>.Acosh(d);

    /// <summary>Inverse hyperbolic tangent.</summary>
    public static Dual Atanh(Dual d) => ScalarFunctions<Dual>.Atanh(d);

    /// <summary>e raised to x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual Exp(Dual d) => ScalarFunctions<Dual>.Exp(d);

    /// <summary>2 raised to <paramref name="x"/>, like <see cref="double.Exp2(double)"/>.</summary>
    public static Dual Exp2(Dual x) => ScalarFunctions<Dual>.Exp2(x);

    /// <summary>10 raised to <paramref name="x"/>, like <see cref="double.Exp10(double)"/>.</summary>
    public static Dual Exp10(Dual x) => ScalarFunctions<Dual>.Exp10(x);

    /// <summary>e raised to <paramref name="x"/>, minus 1, like <see cref="double.ExpM1(double)"/> (accurate near 0).</summary>
    public static Dual ExpM1(Dual x) => ScalarFunctions<Dual>.ExpM1(x);

    /// <summary>Natural logarithm.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual Log(Dual d) => ScalarFunctions<Dual>.Log(d);

    /// <summary>Logarithm of <paramref name="a"/> in base <paramref name="newBase"/>.</summary>
    public static Dual Log(Dual a, Dual newBase) => ScalarFunctions<Dual>.Log(a, newBase);

    /// <summary>Natural logarithm of 1 + <paramref name="x"/>, like <see cref="double.LogP1(double)"/> (accurate near 0).</summary>
    public static Dual LogP1(Dual x) => ScalarFunctions<Dual>.LogP1(x);

    /// <summary>Base-10 logarithm.</summary>
    public static Dual Log10(Dual d) => ScalarFunctions<Dual>.Log10(d);

    /// <summary>Base-2 logarithm.</summary>
    public static Dual Log2(Dual x) => ScalarFunctions<Dual>.Log2(x);

    /// <summary>Square root.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual Sqrt(Dual d) => ScalarFunctions<Dual>.Sqrt(d);

    /// <summary>Cube root.</summary>
    public static Dual Cbrt(Dual d) => ScalarFunctions<Dual>.Cbrt(d);

    /// <summary><paramref name="x"/> raised to <paramref name="y"/>.</summary>
    public static Dual Pow(Dual x, Dual y) => ScalarFunctions<Dual>.Pow(x, y);

    /// <summary><paramref name="x"/> raised to a constant power.</summary>
    public static Dual Pow(Dual x, double y) => ScalarFunctions<Dual>.Pow(x, y);

    /// <summary>A constant raised to <paramref name="y"/>.</summary>
    public static Dual Pow(double x, Dual y) => ScalarFunctions<Dual>.Pow(x, y);

    /// <summary>Absolute value; derivative 0 at 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual Abs(Dual value) => ScalarFunctions<Dual>.Abs(value);

    /// <summary>Smaller of two values; the smaller takes the gradient, a tie splits it evenly.</summary>
    public static Dual Min(Dual val1, Dual val2) => ScalarFunctions<Dual>.Min(val1, val2);

    /// <summary>Larger of two values; the larger takes the gradient, a tie splits it evenly.</summary>
    public static Dual Max(Dual val1, Dual val2) => ScalarFunctions<Dual>.Max(val1, val2);

    /// <summary>
    /// <paramref name="value"/> limited to [<paramref name="min"/>, <paramref name="max"/>]; the gradient goes to
    /// <paramref name="value"/> where min ≤ value ≤ max, otherwise to the bound that was returned.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="min"/> is greater than <paramref name="max"/>.</exception>
    public static Dual Clamp(Dual value, Dual min, Dual max) => ScalarFunctions<Dual>.Clamp(value, min, max);

    /// <summary>The magnitude of <paramref name="x"/> with the sign of <paramref name="y"/>; derivative ±1 for x (0 at x = 0), 0 for y.</summary>
    public static Dual CopySign(Dual x, Dual y) => ScalarFunctions<Dual>.CopySign(x, y);

    /// <summary>Length of the vector (x, y) without overflow; gradient 0 at the origin.</summary>
    public static Dual Hypot(Dual x, Dual y) => ScalarFunctions<Dual>.Hypot(x, y);

    /// <summary>a·b + c rounded once, like <see cref="Math.FusedMultiplyAdd(double, double, double)"/>.</summary>
    public static Dual FusedMultiplyAdd(Dual x, Dual y, Dual z) => ScalarFunctions<Dual>.FusedMultiplyAdd(x, y, z);

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
