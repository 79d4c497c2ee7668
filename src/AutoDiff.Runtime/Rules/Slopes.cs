namespace AutoDiff.Rules;

/// <summary>
/// The partial derivatives of every function of the rule table, in plain doubles: the run-time engines'
/// copy of <c>src/AutoDiff.Generator/Rules/RuleTable.cs</c>, one method per entry, used by the tape
/// (<see cref="Taping.VarMath"/>) and the dual numbers (<see cref="DualNumbers.DualMath"/>) alike. A test
/// evaluates the generator's table on a grid of ordinary and edge points (0, ±0, ±∞, NaN, ties) and
/// checks every method here against it, so the engines cannot drift apart.
/// </summary>
/// <remarks>
/// Arguments named <c>y</c> or <c>value</c> are the function's result where the rule reuses it.
/// Choices (Abs, Min, Max, Clamp, CopySign) give 0 to the argument not taken, and a NaN argument makes
/// their comparisons fail, so it gets 0 too.
/// </remarks>
internal static class Slopes
{
    private const double Ln2 = 0.6931471805599453;
    private const double Ln10 = 2.302585092994046;

    public static double Sin(double x) => Math.Cos(x);

    public static double Cos(double x) => -Math.Sin(x);

    public static double Tan(double y) => 1 + y * y;

    /// <summary>asin'(x) = 1/√((1 − x)(1 + x)), factored to stay accurate near ±1.</summary>
    public static double Asin(double x) => 1 / Math.Sqrt((1 - x) * (1 + x));

    public static double Acos(double x) => -1 / Math.Sqrt((1 - x) * (1 + x));

    public static double Atan(double x) => 1 / (1 + x * x);

    /// <summary>Partials of atan2(y, x) with respect to y and x.</summary>
    public static (double Y, double X) Atan2(double y, double x) => (x / (y * y + x * x), -y / (y * y + x * x));

    public static double Sinh(double x) => Math.Cosh(x);

    public static double Cosh(double x) => Math.Sinh(x);

    public static double Tanh(double y) => 1 - y * y;

    public static double Asinh(double x) => 1 / Math.Sqrt(x * x + 1);

    /// <summary>acosh'(x) = 1/(√(x − 1)·√(x + 1)), factored to stay accurate near 1.</summary>
    public static double Acosh(double x) => 1 / (Math.Sqrt(x - 1) * Math.Sqrt(x + 1));

    /// <summary>atanh'(x) = 1/((1 − x)(1 + x)), factored to stay accurate near ±1.</summary>
    public static double Atanh(double x) => 1 / ((1 - x) * (1 + x));

    public static double Exp(double y) => y;

    public static double Exp2(double y) => y * Ln2;

    public static double Exp10(double y) => y * Ln10;

    public static double ExpM1(double y) => y + 1;

    public static double Log(double x) => 1 / x;

    /// <summary>Partials of log_b(a) = ln a / ln b with respect to a and b.</summary>
    public static (double A, double B) LogBase(double a, double b, double value) => (1 / (a * Math.Log(b)), -value / (b * Math.Log(b)));

    public static double LogP1(double x) => 1 / (1 + x);

    public static double Log10(double x) => 1 / (x * Ln10);

    public static double Log2(double x) => 1 / (x * Ln2);

    public static double Sqrt(double y) => 0.5 / y;

    public static double Cbrt(double y) => 1 / (3 * y * y);

    /// <summary>d(x^y)/dx = y·x^(y−1), taken as 0 when y = 0 so that 0^0 has no 0·∞.</summary>
    public static double PowBase(double x, double y) => y == 0 ? 0 : y * Math.Pow(x, y - 1);

    /// <summary>d(x^y)/dy = x^y·ln x, taken as 0 where x = 0 and y ≥ 0.</summary>
    public static double PowExponent(double x, double y, double value) => x == 0 && y >= 0 ? 0 : value * Math.Log(x);

    /// <summary>Partials of hypot(x, y) = √(x² + y²); 0 at the origin (like Abs at 0).</summary>
    public static (double X, double Y) Hypot(double x, double y, double value) => value == 0 ? (0, 0) : (x / value, y / value);

    /// <summary>sign x, with Abs'(0) = 0.</summary>
    public static double Abs(double x) => x > 0 ? 1 : x < 0 ? -1 : 0;

    /// <summary>Min: the smaller argument takes the gradient, ties split it evenly.</summary>
    public static (double A, double B) Min(double a, double b) =>
        (a < b ? 1 : a == b ? 0.5 : 0, b < a ? 1 : a == b ? 0.5 : 0);

    /// <summary>Max: the larger argument takes the gradient, ties split it evenly.</summary>
    public static (double A, double B) Max(double a, double b) =>
        (a > b ? 1 : a == b ? 0.5 : 0, b > a ? 1 : a == b ? 0.5 : 0);

    /// <summary>Clamp(x, lo, hi): x takes the gradient where lo ≤ x ≤ hi, else the bound that was returned.</summary>
    public static (double X, double Lo, double Hi) Clamp(double x, double lo, double hi) =>
        (lo <= x && x <= hi ? 1 : 0, x < lo ? 1 : 0, x > hi ? 1 : 0);

    /// <summary>∂CopySign(x, s)/∂x = ±1, 0 at x = 0; the sign argument gets 0.</summary>
    public static double CopySign(double x, double value) => x == 0 ? 0 : value / x;
}
