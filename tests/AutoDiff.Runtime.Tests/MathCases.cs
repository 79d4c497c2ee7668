using AutoDiff.DualNumbers;
using AutoDiff.Taping;
using static AutoDiff.Runtime.Tests.MathCase;

namespace AutoDiff.Runtime.Tests;

/// <summary>
/// Every VarMath/DualMath function and every operator, each next to the System.Math (or double operator)
/// expression it must reproduce. A case name starts with the member it covers, so coverage can be checked.
/// </summary>
internal static class MathCases
{
    private static readonly Func<Random, double> Wide = Range(-3, 3);

    public static readonly IReadOnlyList<MathCase> All =
    [
        Unary("Sin", Math.Sin, VarMath.Sin, DualMath.Sin, Wide),
        Unary("Cos", Math.Cos, VarMath.Cos, DualMath.Cos, Wide),
        Unary("SinCos.Sin", x => Math.SinCos(x).Sin, x => VarMath.SinCos(x).Sin, x => DualMath.SinCos(x).Sin, Wide),
        Unary("SinCos.Cos", x => Math.SinCos(x).Cos, x => VarMath.SinCos(x).Cos, x => DualMath.SinCos(x).Cos, Wide),
        Unary("Tan", Math.Tan, VarMath.Tan, DualMath.Tan, Range(-1.2, 1.2)),
        Unary("Asin", Math.Asin, VarMath.Asin, DualMath.Asin, Range(-0.9, 0.9)),
        Unary("Acos", Math.Acos, VarMath.Acos, DualMath.Acos, Range(-0.9, 0.9)),
        Unary("Atan", Math.Atan, VarMath.Atan, DualMath.Atan, Range(-5, 5)),
        // Upper half plane: away from the origin and from the branch cut on the negative x axis.
        Binary("Atan2", Math.Atan2, VarMath.Atan2, DualMath.Atan2, Range(0.2, 3), Wide),
        Unary("Sinh", Math.Sinh, VarMath.Sinh, DualMath.Sinh, Wide),
        Unary("Cosh", Math.Cosh, VarMath.Cosh, DualMath.Cosh, Wide),
        Unary("Tanh", Math.Tanh, VarMath.Tanh, DualMath.Tanh, Wide),
        Unary("Asinh", Math.Asinh, VarMath.Asinh, DualMath.Asinh, Range(-5, 5)),
        Unary("Acosh", Math.Acosh, VarMath.Acosh, DualMath.Acosh, Range(1.1, 5)),
        Unary("Atanh", Math.Atanh, VarMath.Atanh, DualMath.Atanh, Range(-0.9, 0.9)),
        Unary("Exp", Math.Exp, VarMath.Exp, DualMath.Exp, Wide),
        Unary("Log", Math.Log, VarMath.Log, DualMath.Log, Range(0.1, 5)),
        Binary("Log.Base", Math.Log, VarMath.Log, DualMath.Log, Range(0.1, 5), Range(1.5, 5)),
        Binary("Log.SmallBase", Math.Log, VarMath.Log, DualMath.Log, Range(0.1, 5), Range(0.2, 0.8)),
        Unary("Log10", Math.Log10, VarMath.Log10, DualMath.Log10, Range(0.1, 5)),
        Unary("Log2", Math.Log2, VarMath.Log2, DualMath.Log2, Range(0.1, 5)),
        Unary("Exp2", double.Exp2, VarMath.Exp2, DualMath.Exp2, Wide),
        Unary("Exp10", double.Exp10, VarMath.Exp10, DualMath.Exp10, Wide),
        Unary("ExpM1", double.ExpM1, VarMath.ExpM1, DualMath.ExpM1, Wide),
        Unary("LogP1", double.LogP1, VarMath.LogP1, DualMath.LogP1, Range(-0.9, 5)),
        Unary("Sqrt", Math.Sqrt, VarMath.Sqrt, DualMath.Sqrt, Range(0.1, 5)),
        Unary("Cbrt", Math.Cbrt, VarMath.Cbrt, DualMath.Cbrt, AwayFromZero(0.1, 5)),
        Binary("Pow", Math.Pow, VarMath.Pow, DualMath.Pow, Range(0.2, 3), Range(-2, 3)),
        Unary("Pow.ConstantExponent", x => Math.Pow(x, 3), x => VarMath.Pow(x, 3.0), x => DualMath.Pow(x, 3.0), Wide),
        Unary("Pow.ConstantBase", y => Math.Pow(2.5, y), y => VarMath.Pow(2.5, y), y => DualMath.Pow(2.5, y), Wide),
        Unary("Abs", Math.Abs, VarMath.Abs, DualMath.Abs, AwayFromZero(0.1, 5)),
        Binary("Min", Math.Min, VarMath.Min, DualMath.Min, Wide, Wide),
        Binary("Max", Math.Max, VarMath.Max, DualMath.Max, Wide, Wide),
        // Bounds straddle 0 and x ranges past both, so all three branches get sampled.
        Ternary("Clamp", Math.Clamp, VarMath.Clamp, DualMath.Clamp, Wide, Range(-2, -0.5), Range(0.5, 2)),
        Binary("Hypot", double.Hypot, VarMath.Hypot, DualMath.Hypot, AwayFromZero(0.1, 3), Wide),
        Binary("CopySign", Math.CopySign, VarMath.CopySign, DualMath.CopySign, AwayFromZero(0.1, 3), AwayFromZero(0.1, 3)),
        Ternary("FusedMultiplyAdd", Math.FusedMultiplyAdd, VarMath.FusedMultiplyAdd, DualMath.FusedMultiplyAdd, Wide, Wide, Wide),
        Unary("Sign", x => Math.Sign(x), x => VarMath.Sign(x), x => DualMath.Sign(x), AwayFromZero(0.1, 5)),
        Unary("Floor", Math.Floor, VarMath.Floor, DualMath.Floor, Range(-5, 5)),
        Unary("Ceiling", Math.Ceiling, VarMath.Ceiling, DualMath.Ceiling, Range(-5, 5)),
        Unary("Round", Math.Round, VarMath.Round, DualMath.Round, Range(-5, 5)),
        Unary("Round.Digits", x => Math.Round(x, 2), x => VarMath.Round(x, 2), x => DualMath.Round(x, 2), Range(-5, 5)),
        Unary(
            "Round.Mode",
            x => Math.Round(x, MidpointRounding.AwayFromZero),
            x => VarMath.Round(x, MidpointRounding.AwayFromZero),
            x => DualMath.Round(x, MidpointRounding.AwayFromZero),
            Range(-5, 5)),
        Unary(
            "Round.DigitsAndMode",
            x => Math.Round(x, 1, MidpointRounding.ToZero),
            x => VarMath.Round(x, 1, MidpointRounding.ToZero),
            x => DualMath.Round(x, 1, MidpointRounding.ToZero),
            Range(-5, 5)),
        Unary("Truncate", Math.Truncate, VarMath.Truncate, DualMath.Truncate, Range(-5, 5)),

        Binary("op_Addition", (a, b) => a + b, (a, b) => a + b, (a, b) => a + b, Wide, Wide),
        Unary("op_Addition.ConstantRight", a => a + 1.5, a => a + 1.5, a => a + 1.5, Wide),
        Unary("op_Addition.ConstantLeft", a => 1.5 + a, a => 1.5 + a, a => 1.5 + a, Wide),
        Binary("op_Subtraction", (a, b) => a - b, (a, b) => a - b, (a, b) => a - b, Wide, Wide),
        Unary("op_Subtraction.ConstantRight", a => a - 1.5, a => a - 1.5, a => a - 1.5, Wide),
        Unary("op_Subtraction.ConstantLeft", a => 1.5 - a, a => 1.5 - a, a => 1.5 - a, Wide),
        Binary("op_Multiply", (a, b) => a * b, (a, b) => a * b, (a, b) => a * b, Wide, Wide),
        Unary("op_Multiply.ConstantRight", a => a * 1.5, a => a * 1.5, a => a * 1.5, Wide),
        Unary("op_Multiply.ConstantLeft", a => 1.5 * a, a => 1.5 * a, a => 1.5 * a, Wide),
        Binary("op_Division", (a, b) => a / b, (a, b) => a / b, (a, b) => a / b, Wide, AwayFromZero(0.2, 3)),
        Unary("op_Division.ConstantRight", a => a / 1.5, a => a / 1.5, a => a / 1.5, Wide),
        Unary("op_Division.ConstantLeft", a => 1.5 / a, a => 1.5 / a, a => 1.5 / a, AwayFromZero(0.2, 3)),
        Binary("op_Modulus", (a, b) => a % b, (a, b) => a % b, (a, b) => a % b, Range(-7, 7), AwayFromZero(0.5, 2)),
        Unary("op_UnaryNegation", a => -a, a => -a, a => -a, Wide),
        Unary("op_UnaryPlus", a => +a, a => +a, a => +a, Wide),
        Unary("op_Increment", a => ++a, a => ++a, a => ++a, Wide),
        Unary("op_Decrement", a => --a, a => --a, a => --a, Wide),
    ];

    public static MathCase Get(string name) => All.Single(c => c.Name == name);

    private static MathCase Unary(
        string name, Func<double, double> plain, Func<Var, Var> reverse, Func<Dual, Dual> forward,
        Func<Random, double> sample) =>
        new(name, x => plain(x[0]), x => reverse(x[0]), x => forward(x[0]), [sample]);

    private static MathCase Binary(
        string name, Func<double, double, double> plain, Func<Var, Var, Var> reverse, Func<Dual, Dual, Dual> forward,
        Func<Random, double> sampleA, Func<Random, double> sampleB) =>
        new(name, x => plain(x[0], x[1]), x => reverse(x[0], x[1]), x => forward(x[0], x[1]), [sampleA, sampleB]);

    private static MathCase Ternary(
        string name, Func<double, double, double, double> plain, Func<Var, Var, Var, Var> reverse,
        Func<Dual, Dual, Dual, Dual> forward,
        Func<Random, double> sampleA, Func<Random, double> sampleB, Func<Random, double> sampleC) =>
        new(
            name,
            x => plain(x[0], x[1], x[2]),
            x => reverse(x[0], x[1], x[2]),
            x => forward(x[0], x[1], x[2]),
            [sampleA, sampleB, sampleC]);
}
