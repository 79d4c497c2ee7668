using System.Reflection;
using AutoDiff.Generator.Tests.Infrastructure;

namespace AutoDiff.Generator.Tests;

/// <summary>
/// One scenario per rule family and statement form: the generated file is compared with its
/// snapshot, and the compiled result is checked against forward mode and central differences.
/// </summary>
public class SnapshotTests
{
    [Fact]
    public void Arithmetic_operators() => Scenario(nameof(Arithmetic_operators), """
        public static double F(double x, double y) => (x + y) * (x - y) / (2 + y * y) - -x + x % 1.5;
        """);

    [Fact]
    public void Trigonometric_functions() => Scenario(nameof(Trigonometric_functions), """
        public static double F(double x, double y) =>
            Math.Sin(x) * Math.Cos(y) + Math.Tan(x * 0.5) + Math.Asin(x * 0.3) + Math.Acos(y * 0.3) + Math.Atan(x) + Math.Atan2(y, 2 + x * x);
        """);

    [Fact]
    public void Hyperbolic_functions() => Scenario(nameof(Hyperbolic_functions), """
        public static double F(double x, double y) =>
            Math.Sinh(x) + Math.Cosh(y) * Math.Tanh(x * y) + Math.Asinh(x) + Math.Acosh(2 + y * y) + Math.Atanh(x * 0.4);
        """);

    [Fact]
    public void Exponential_and_logarithmic_functions() => Scenario(nameof(Exponential_and_logarithmic_functions), """
        public static double F(double x, double y) =>
            Math.Exp(x) * Math.Log(x) + Math.Log10(y) + Math.Log2(x * y) + Math.Log(x + 2, y + 1) + double.Exp2(y) + double.LogP1(x);
        """, min: 0.2, max: 2);

    [Fact]
    public void Powers_and_roots() => Scenario(nameof(Powers_and_roots), """
        public static double F(double x, double y) =>
            Math.Sqrt(x) * Math.Cbrt(y) + Math.Pow(x, y) + double.Hypot(x, y) + Math.FusedMultiplyAdd(x, y, 1);
        """, min: 0.2, max: 2);

    [Fact]
    public void Piecewise_functions() => Scenario(nameof(Piecewise_functions), """
        public static double F(double x, double y) =>
            Math.Abs(x - y) + Math.Min(x, y) * Math.Max(x, 0.5) + Math.Clamp(x * y, -1, 1) + Math.CopySign(x * x + 1, y);
        """);

    [Fact]
    public void Zero_derivative_functions() => Scenario(nameof(Zero_derivative_functions), """
        public static double F(double x, double y) => x * Math.Floor(y) + Math.Ceiling(x) + Math.Round(x * y) + Math.Truncate(y) * Math.Sign(x);
        """);

    [Fact]
    public void Locals_and_compound_assignment() => Scenario(nameof(Locals_and_compound_assignment), """
        public static double F(double x, double y)
        {
            var a = x * y;
            double b = a + 1, c;
            c = b * b;
            c += a;
            c -= y;
            c *= x;
            c /= 1 + y * y;
            c++;
            return c;
        }
        """);

    [Fact]
    public void If_else_branches() => Scenario(nameof(If_else_branches), """
        public static double F(double x, double y)
        {
            double r = x;
            if (x > y)
            {
                r = r * y;
            }
            else if (y > 1)
            {
                r = Math.Exp(r);
            }
            else
            {
                r = r + y * y;
            }

            return r * x;
        }
        """);

    [Fact]
    public void Early_returns() => Scenario(nameof(Early_returns), """
        public static double F(double x, double y)
        {
            if (x < 0)
            {
                return y * y;
            }

            double t = x * y;
            if (t > 1)
            {
                return Math.Log(t);
            }

            return t * x;
        }
        """);

    [Fact]
    public void Conditional_expression() => Scenario(nameof(Conditional_expression), """
        public static double F(double x, double y) => x > 0 && y > 0 ? Math.Sqrt(x * y) : x * x + y;
        """);

    [Fact]
    public void Repeated_subexpressions_are_computed_once() => Scenario(nameof(Repeated_subexpressions_are_computed_once), """
        public static double F(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x) + Math.Sin(x) * Math.Sin(x) / (2 + Math.Sin(x));
        """);

    [Fact]
    public void Calls_to_differentiable_methods() => Scenario(nameof(Calls_to_differentiable_methods), """
        [Differentiable]
        public static double Square(double v) => v * v;

        [Differentiable]
        public static double Scaled(double v, [NoDerivative] double factor) => v * factor;

        public static double F(double x, double y) => Square(x * y) + Scaled(Math.Sin(x), 3) + Square(2);
        """);

    [Fact]
    public void Calls_inside_branches() => Scenario(nameof(Calls_inside_branches), """
        [Differentiable]
        public static double Square(double v) => v * v;

        public static double F(double x, double y)
        {
            if (x > 0)
            {
                return Square(x * y);
            }

            double r = y > 0 ? Square(y) : Math.Exp(x);
            return r + (x < -1 ? Square(x) : y);
        }
        """);

    [Fact]
    public void Float_method() => Scenario(nameof(Float_method), """
        public static float F(float x, float y) => MathF.Sin(x) * y + MathF.Sqrt(x * x + 1) / (1.5f + y * y) + Math.Min(x, y);
        """, finiteDifferenceTolerance: 2e-2, modeTolerance: 1e-5);

    [Fact]
    public void Nested_types()
    {
        const string source = GeneratorHarness.Usings + """
            namespace Demo.Physics
            {
                public static partial class Outer
                {
                    internal partial struct Spring
                    {
                        public partial record class Law
                        {
                            [Differentiable]
                            internal static double F(double x, double y) => 0.5 * y * x * x;
                        }
                    }
                }
            }
            """;
        Check(nameof(Nested_types), source, "Demo.Physics.Outer+Spring+Law", "Demo.Physics.Outer.Spring.Law.F");
    }

    [Fact]
    public void No_derivative_parameter() => Scenario(nameof(No_derivative_parameter), """
        public static double F(double x, [NoDerivative] double y, int n) => Math.Pow(x, n) * y + Math.Exp(y);
        """);

    [Fact]
    public void Constants_fields_and_casts() => Scenario(nameof(Constants_fields_and_casts), """
        private const double Half = 0.5;
        private static readonly double Offset = 0.25;

        public static double F(double x, double y)
        {
            float f = (float)(x * Half);
            int whole = (int)Math.Floor(y);
            return f * y + Offset * x + Math.PI * whole;
        }
        """, finiteDifferenceTolerance: 2e-2, modeTolerance: 1e-6);

    [Fact]
    public void Int_and_bool_locals() => Scenario(nameof(Int_and_bool_locals), """
        public static double F(double x, double y)
        {
            int k = 2;
            bool large = x * x > 1;
            if (large)
            {
                k += 1;
            }

            return k * x * y + (large ? 0 : y);
        }
        """);

    [Fact]
    public void Math_is_fully_qualified_when_shadowed()
    {
        const string source = """
            using AutoDiff;
            namespace Demo
            {
                public static class Math { public static double Sin(double x) => x; }

                public static partial class C
                {
                    [Differentiable]
                    public static double F(double x, double y) => System.Math.Sin(x) * System.Math.Exp(y);
                }
            }
            """;
        Check(nameof(Math_is_fully_qualified_when_shadowed), source, "Demo.C", "Demo.C.F");
    }

    [Fact]
    public void Global_namespace()
    {
        const string source = GeneratorHarness.Usings + """
            public partial class C
            {
                [Differentiable]
                public static double F(double x, double y) => x * Math.Cos(y);
            }
            """;
        Check(nameof(Global_namespace), source, "C", "C.F");
    }

    [Fact]
    public void Generic_containing_type_and_interface()
    {
        const string source = GeneratorHarness.Usings + """
            namespace Demo
            {
                public partial class Box<T>
                {
                    public partial interface IShape
                    {
                        [Differentiable]
                        static double F(double x, double y) => x * y + Math.Sqrt(x * x + y * y + 1);
                    }
                }
            }
            """;
        Check(nameof(Generic_containing_type_and_interface), source, "Demo.Box`1+IShape", "Demo.Box_T_.IShape.F", closeGeneric: true);
    }

    [Fact]
    public void Parameter_names_that_look_generated()
    {
        const string source = GeneratorHarness.Usings + """
            public static partial class C
            {
                [Differentiable]
                public static double F(double x, double dx, double value, double t0, double x_bar, double derivative)
                {
                    double b0 = x * dx;
                    double value_bar = b0 + value * t0;
                    return value_bar * x_bar + derivative * (x > 0 ? t0 : dx);
                }
            }
            """;
        Check(nameof(Parameter_names_that_look_generated), source, "C", "C.F");
    }

    /// <summary>A method body inside <c>namespace Demo; public static partial class C</c>, with [Differentiable] on F.</summary>
    internal static void Scenario(
        string name, string members, double min = -2, double max = 2, double finiteDifferenceTolerance = 1e-6, double modeTolerance = 1e-10, int vectorLength = 5)
    {
        string indented = string.Join("\n", members.Split('\n').Select(line => line.Length > 0 ? "    " + line : line));
        indented = indented.Replace("    public static double F(", "    [Differentiable]\n    public static double F(")
            .Replace("    public static float F(", "    [Differentiable]\n    public static float F(");
        string source = GeneratorHarness.Usings + "namespace Demo;\n\npublic static partial class C\n{\n" + indented + "\n}\n";
        Check(name, source, "Demo.C", "Demo.C.F", min, max, finiteDifferenceTolerance, modeTolerance, vectorLength: vectorLength);
    }

    private static void Check(
        string name, string source, string typeName, string hintName,
        double min = -2, double max = 2, double finiteDifferenceTolerance = 1e-6, double modeTolerance = 1e-10, bool closeGeneric = false, int vectorLength = 5)
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        Assert.Empty(result.GeneratorDiagnostics);
        Snapshot.Match(result.Source(hintName + "_"), name);

        Assembly assembly = GeneratorHarness.Load(result);
        Type type = assembly.GetType(typeName, throwOnError: true)!;
        if (closeGeneric)
        {
            type = type.MakeGenericType(typeof(int));
        }

        MethodInfo method = type
            .GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Single(m => m.Name == "F");
        NumericChecker.Check(method, seed: name.Length, points: 10, min, max, finiteDifferenceTolerance, modeTolerance, vectorLength);
        if (HessianChecker.HasHessian(method))
        {
            HessianChecker.Check(method, seed: name.Length, points: 4, min, max, Math.Max(1e-5, 10 * finiteDifferenceTolerance), vectorLength);
        }
    }
}
