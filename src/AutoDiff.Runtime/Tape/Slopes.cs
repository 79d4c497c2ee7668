namespace AutoDiff.Taping;

/// <summary>
/// Local derivatives shared by <see cref="VarMath"/> and <see cref="DualMath"/>, so both modes use the same
/// conventions at non-differentiable points (those of PyTorch).
/// </summary>
internal static class Slopes
{
    /// <summary>sign(x) with Abs'(0) = 0; NaN stays NaN.</summary>
    public static double Abs(double x) => x > 0 ? 1 : x < 0 ? -1 : x == 0 ? 0 : double.NaN;

    /// <summary>Min: the smaller operand takes the gradient, ties split it evenly, NaN poisons both.</summary>
    public static (double A, double B) Min(double a, double b) =>
        a < b ? (1, 0) : a > b ? (0, 1) : a == b ? (0.5, 0.5) : (double.NaN, double.NaN);

    /// <summary>Max: the larger operand takes the gradient, ties split it evenly, NaN poisons both.</summary>
    public static (double A, double B) Max(double a, double b) =>
        a > b ? (1, 0) : a < b ? (0, 1) : a == b ? (0.5, 0.5) : (double.NaN, double.NaN);

    /// <summary>d(x^y)/dx = y·x^(y-1), taken as 0 when y = 0 so that 0^0 has no 0·∞.</summary>
    public static double PowBase(double x, double y) => y == 0 ? 0 : y * Math.Pow(x, y - 1);

    /// <summary>d(x^y)/dy = x^y·ln x, taken as 0 where x = 0 and y ≥ 0.</summary>
    public static double PowExponent(double x, double y, double value) =>
        x == 0 && y >= 0 ? 0 : value * Math.Log(x);

    /// <summary>Partials of hypot(x, y) = sqrt(x² + y²); 0 at the origin (like Abs at 0).</summary>
    public static (double X, double Y) Hypot(double x, double y, double value) =>
        value == 0 ? (0, 0) : (x / value, y / value);

    /// <summary>Partials of atan2(y, x) with respect to y and x.</summary>
    public static (double Y, double X) Atan2(double y, double x)
    {
        double r2 = x * x + y * y;
        return (x / r2, -y / r2);
    }

    /// <summary>Partials of log_b(a) = ln a / ln b with respect to a and b.</summary>
    public static (double A, double B) LogBase(double a, double b, double value)
    {
        double lnB = Math.Log(b);
        return (1 / (a * lnB), -value / (b * lnB));
    }

    /// <summary>acosh'(x) = 1/sqrt(x² - 1), factored to stay accurate near 1.</summary>
    public static double Acosh(double x) => 1 / (Math.Sqrt(x - 1) * Math.Sqrt(x + 1));

    /// <summary>asin'(x) = 1/sqrt(1 - x²), factored to stay accurate near ±1.</summary>
    public static double Asin(double x) => 1 / Math.Sqrt((1 - x) * (1 + x));

    /// <summary>atanh'(x) = 1/(1 - x²), factored to stay accurate near ±1.</summary>
    public static double Atanh(double x) => 1 / ((1 - x) * (1 + x));

    /// <summary>cbrt'(x) = 1/(3·cbrt(x)²).</summary>
    public static double Cbrt(double value) => 1 / (3 * value * value);
}
