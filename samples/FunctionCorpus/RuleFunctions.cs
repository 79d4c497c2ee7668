using AutoDiff;

namespace FunctionCorpus;

/// <summary>At least one function per derivative rule, composed so that each rule sees a non-trivial argument.</summary>
public static partial class RuleFunctions
{
    [Differentiable]
    public static double Arithmetic(double x, double y) => (x + y) * (x - y) / (1.5 + y * y) - -x + +y;

    [Differentiable]
    [SampleRange(0.5, 3)]
    public static double Remainder(double x, double y) => (x * 3.7) % y + x % 0.9;

    [Differentiable]
    public static double Trigonometric(double x, double y) => Math.Sin(x * y) + Math.Cos(x - y) * Math.Tan(0.3 * x);

    [Differentiable]
    [SampleRange(-0.9, 0.9)]
    public static double InverseTrigonometric(double x, double y) => Math.Asin(x) * Math.Acos(y) + Math.Atan(x * y);

    [Differentiable]
    [SampleRange(0.2, 2)]
    public static double Atan2(double y, double x) => Math.Atan2(y, x) + Math.Atan2(-x, y * y);

    [Differentiable]
    public static double Hyperbolic(double x, double y) => Math.Sinh(x) * Math.Cosh(y) + Math.Tanh(x * y);

    [Differentiable]
    [SampleRange(1.1, 3)]
    public static double InverseHyperbolic(double x, double y) => Math.Asinh(x * y) + Math.Acosh(x) * Math.Atanh(1 / y);

    [Differentiable]
    [SampleRange(0.2, 3)]
    public static double Logarithms(double x, double y) => Math.Log(x) * Math.Log10(y) + Math.Log2(x * y) + Math.Log(x + 1, y + 1);

    [Differentiable]
    public static double Exponentials(double x, double y) => Math.Exp(x) - Math.Exp(-y * y) + double.Exp2(x) + double.Exp10(0.5 * y);

    [Differentiable]
    [SampleRange(-0.5, 2)]
    public static double ExpM1AndLogP1(double x, double y) => double.ExpM1(x) * double.LogP1(y * y);

    [Differentiable]
    [SampleRange(0.2, 3)]
    public static double Roots(double x, double y) => Math.Sqrt(x * y) + Math.Cbrt(x - 4) * Math.Sqrt(y);

    [Differentiable]
    [SampleRange(0.2, 2)]
    public static double Powers(double x, double y) => Math.Pow(x, y) + Math.Pow(x, 3) + Math.Pow(2.5, y);

    [Differentiable]
    public static double HypotAndFma(double x, double y) => double.Hypot(x, y + 3) + Math.FusedMultiplyAdd(x, y, x * x);

    [Differentiable]
    public static double AbsoluteValue(double x, double y) => Math.Abs(x - y) + Math.Abs(x * y - 0.3);

    [Differentiable]
    public static double MinMax(double x, double y) => Math.Min(x, y * y) * Math.Max(x + y, 0.5) + double.Min(x, 1) - double.Max(y, -1);

    [Differentiable]
    public static double Clamp(double x, double lo, double hi) => Math.Clamp(x * 3, lo - 3, hi + 3) * x;

    [Differentiable]
    public static double CopySign(double x, double y) => Math.CopySign(x * y + 0.3, y - 0.2) + double.CopySign(x, 1) * y;

    [Differentiable]
    public static double Rounding(double x, double y) =>
        x * Math.Floor(y) + Math.Ceiling(x) * y + Math.Round(x * y) + Math.Truncate(y) * x + Math.Sign(x) * y + Math.Round(x, 2);

    [Differentiable]
    public static double MathFAndDoubleReceivers(double x, double y) => double.Sin(x) * double.Sqrt(y * y + 1) + double.Log(2 + double.Cos(x * y));
}
