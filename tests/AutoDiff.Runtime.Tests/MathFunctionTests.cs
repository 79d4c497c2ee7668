using System.Reflection;
using AutoDiff.DualNumbers;
using AutoDiff.Taping;

namespace AutoDiff.Runtime.Tests;

public class MathFunctionTests
{
    private const int PointsPerCase = 6;
    private const double Tolerance = 1e-7;

    public static TheoryData<string> CaseNames => new(MathCases.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Var_gradient_matches_central_differences(string name)
    {
        MathCase c = MathCases.Get(name);
        foreach (double[] x in c.Points(PointsPerCase))
        {
            double[] gradient = Differentiate.Reverse(c.Reverse, x);
            GradientCheckResult check = GradientCheck.Gradient(c.Plain, x, gradient);
            Assert.True(check.Passed(Tolerance), $"{name} at [{string.Join(", ", x)}]: {check}");
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Dual_tangent_matches_central_differences(string name)
    {
        MathCase c = MathCases.Get(name);
        foreach (double[] x in c.Points(PointsPerCase))
        {
            double[] gradient = Differentiate.Forward(c.Forward, x);
            GradientCheckResult check = GradientCheck.Gradient(c.Plain, x, gradient);
            Assert.True(check.Passed(Tolerance), $"{name} at [{string.Join(", ", x)}]: {check}");
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Values_are_bit_identical_to_double_arithmetic(string name)
    {
        MathCase c = MathCases.Get(name);
        foreach (double[] x in c.Points(PointsPerCase))
        {
            double expected = c.Plain(x);
            Assert.Equal(expected, Differentiate.ReverseValue(c.Reverse, x));
            Assert.Equal(expected, Differentiate.ForwardValue(c.Forward, x));
        }
    }

    [Theory]
    [InlineData(typeof(VarMath))]
    [InlineData(typeof(DualMath))]
    public void Every_math_function_has_a_case(Type mathClass)
    {
        HashSet<string> covered = MathCases.All.Select(c => c.Name.Split('.')[0]).ToHashSet();
        string[] missing = mathClass.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => m.Name)
            .Where(n => !covered.Contains(n))
            .Distinct()
            .ToArray();
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData(typeof(Var))]
    [InlineData(typeof(Dual))]
    public void Every_arithmetic_operator_has_a_case(Type scalar)
    {
        HashSet<string> covered = MathCases.All.Select(c => c.Name.Split('.')[0]).ToHashSet();
        string[] comparisonsAndConversions =
        [
            "op_Equality", "op_Inequality", "op_LessThan", "op_GreaterThan", "op_LessThanOrEqual",
            "op_GreaterThanOrEqual", "op_Implicit", "op_Explicit",
        ];
        string[] missing = scalar.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => m.Name)
            .Where(n => n.StartsWith("op_", StringComparison.Ordinal))
            .Where(n => !covered.Contains(n) && !comparisonsAndConversions.Contains(n))
            .Distinct()
            .ToArray();
        Assert.Empty(missing);
    }

    [Fact]
    public void System_Math_functions_listed_in_the_brief_all_exist_on_both_classes()
    {
        string[] names =
        [
            "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Atan2", "Sinh", "Cosh", "Tanh", "Asinh", "Acosh",
            "Atanh", "Exp", "Log", "Log10", "Log2", "Sqrt", "Cbrt", "Pow", "Abs", "Min", "Max", "Clamp",
            "Hypot", "FusedMultiplyAdd", "Sign", "Floor", "Ceiling", "Round", "Truncate",
        ];
        foreach (Type mathClass in new[] { typeof(VarMath), typeof(DualMath) })
        {
            HashSet<string> present = mathClass.GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Select(m => m.Name).ToHashSet();
            Assert.All(names, n => Assert.Contains(n, present));
        }

        Assert.Equal(typeof(int), typeof(VarMath).GetMethod("Sign")!.ReturnType);
        Assert.Equal(typeof(int), typeof(DualMath).GetMethod("Sign")!.ReturnType);
        Assert.Equal(2, typeof(VarMath).GetMethods().Count(m => m.Name == "Log" && m.GetParameters().Length <= 2));
    }
}
