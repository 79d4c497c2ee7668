using System.Reflection;
using AutoDiff.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Tests.Fallback;

/// <summary>
/// The run-time tape fallback: one scenario per construct that forces it (snapshot of the generated file,
/// then reverse vs forward vs central differences), its AD0020 message, the Strategy property, calls in
/// both directions between taped and source-transformed methods, and errors where even the tape fails.
/// </summary>
public class FallbackTests
{
    [Fact]
    public void Recursive_local_function() => Scenario(nameof(Recursive_local_function), """
        public static double F(double x, double y)
        {
            double Power(double t, int n) => n == 0 ? 1 : t * Power(t, n - 1);
            return Power(x, 3) + Math.Sin(y) * Power(y, 2);
        }
        """, "A recursive call to the local function 'Power'", "Power(t, n - 1)");

    [Fact]
    public void Lambda() => Scenario(nameof(Lambda), """
        public static double F(double x, double y)
        {
            Func<double, double> square = t => t * t;
            var shifted = (double t) => Math.Exp(t - y);
            return square(x) + shifted(x * y);
        }
        """, "A local of type 'System.Func<double, double>", "square = t => t * t");

    [Fact]
    public void Switch_statement() => Scenario(nameof(Switch_statement), """
        public static double F(double x, double y)
        {
            double r;
            switch ((int)Math.Floor(x))
            {
                case -2:
                    r = x * y;
                    break;
                case -1:
                    r = Math.Sin(x) + y;
                    break;
                case 0:
                case 1:
                    r = x * x * y;
                    break;
                default:
                    r = Math.Exp(y) * x;
                    break;
            }

            return r;
        }
        """, "A switch statement", "switch ((int)Math.Floor(x))");

    [Fact]
    public void Switch_expression_over_a_tuple() => Scenario(nameof(Switch_expression_over_a_tuple), """
        public static double F(double x, double y) => (x > 0, y > 0) switch
        {
            (true, true) => x * y,
            (true, false) => x - y,
            _ => Math.Exp(x + y),
        };
        """, "A switch expression over '(bool, bool)'", "(x > 0, y > 0) switch");

    [Fact]
    public void List_of_doubles() => Scenario(nameof(List_of_doubles), """
        public static double F(double x, double y)
        {
            var terms = new List<double> { x, y, x * y };
            terms.Add(Math.Sin(x));
            double sum = 0;
            foreach (double t in terms)
            {
                sum += t * t;
            }

            for (int i = 0; i < terms.Count; i++)
            {
                sum += terms[i] * i;
            }

            return sum;
        }
        """, "A local of type 'System.Collections.Generic.List<double>", "terms = new List<double>");

    [Fact]
    public void Try_finally() => Scenario(nameof(Try_finally), """
        public static double F(double x, double y)
        {
            double r = x * y;
            try
            {
                r = r + Math.Cos(x);
                if (r > 100)
                {
                    throw new InvalidOperationException("too large");
                }
            }
            finally
            {
                r = r * y;
            }

            return r;
        }
        """, "A try statement", "try");

    [Fact]
    public void Recursion_that_also_uses_a_switch() => Scenario(nameof(Recursion_that_also_uses_a_switch), """
        public static double F(double x, double y, int n)
        {
            switch (n)
            {
                case 0:
                    return x;
                case 1:
                    return Math.Sin(x) * y;
                default:
                    return F(x, y, n - 1) * x + F(y, x, n - 2);
            }
        }
        """, "A switch statement", "switch (n)");

    [Fact]
    public void Forced_tape_on_a_simple_method_gives_the_tape_implementation_without_a_message()
    {
        const string source = GeneratorHarness.Usings + """
            public static partial class C
            {
                [Differentiable(Strategy = DifferentiationStrategy.Tape)]
                public static double F(double x, float y, [NoDerivative] double scale) => scale * x * x * y + MathF.Sin(y);
            }
            """;
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        Assert.Empty(result.GeneratorDiagnostics);
        Snapshot.Match(result.Source("C.F_"), "Forced_tape_strategy");
        Assert.Contains("BeginScope()", result.Source("C.F_"));

        // float on the tape runs in double, so compare with float-level tolerances.
        MethodInfo method = GeneratorHarness.Load(result).GetType("C")!.GetMethod("F")!;
        NumericChecker.Check(method, seed: 4, finiteDifferenceTolerance: 2e-2, modeTolerance: 1e-6, valueTolerance: 1e-6);
    }

    [Fact]
    public void SourceTransform_strategy_reports_the_old_error_instead_of_falling_back()
    {
        string source = GeneratorHarness.Usings + """
            public static partial class C
            {
                [Differentiable(Strategy = DifferentiationStrategy.SourceTransform)]
                public static double F(double x)
                {
                    switch ((int)x)
                    {
                        case 0: return x;
                        default: return -x;
                    }
                }
            }
            """;
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("AD0005", diagnostic.Id);
        Assert.Empty(result.Sources);
    }

    [Fact]
    public void Fallback_reports_AD0020_at_the_construct_with_its_name_line_cost_and_fix()
    {
        string source = GeneratorHarness.Usings + """
            public static partial class C
            {
                [Differentiable]
                public static double F(double x)
                {
                    double s = x;
                    switch ((int)x)
                    {
                        case 1:
                            s *= x;
                            break;
                    }

                    return s;
                }
            }
            """;
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("AD0020", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        AssertAt(diagnostic, source, "switch ((int)x)");
        string message = diagnostic.GetMessage();
        Assert.Contains("'F'", message);
        Assert.Contains("a switch statement", message);
        Assert.Contains("line " + (diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1), message);
        Assert.Contains("slower", message);
        Assert.Contains("if/else", message);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void Source_transformed_method_calls_a_taped_one()
    {
        const string source = GeneratorHarness.Usings + "using System.Collections.Generic;\n" + """
            public static partial class C
            {
                [Differentiable]
                public static double Taped(double x, double y)
                {
                    var parts = new List<double> { x * y, Math.Sin(x) };
                    return parts[0] + parts[1] * y;
                }

                [Differentiable]
                public static double Outer(double x, double y) => Taped(x * x, y) * Math.Exp(-y) + x;
            }
            """;
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        Assert.Equal("AD0020", Assert.Single(result.GeneratorDiagnostics).Id);
        Assert.Contains("TapedGradient", result.Source("C.Outer_"));
        CheckAll(result, "Outer", "Taped");
    }

    [Fact]
    public void Taped_method_calls_source_transformed_and_taped_ones()
    {
        const string source = GeneratorHarness.Usings + "using System.Collections.Generic;\n" + """
            public static partial class C
            {
                [Differentiable]
                public static double Plain(double a, double b) => a * Math.Sin(b);

                [Differentiable]
                public static double Three(double a, [NoDerivative] double scale, double b, double c) => scale * a * b + c * c;

                [Differentiable]
                public static double Inner(double x) => x switch { > 0 => Math.Sqrt(x + 1), _ => x * x + 1 };

                [Differentiable]
                public static double Outer(double x, double y)
                {
                    var values = new List<double> { x, y, x - y };
                    double s = 0;
                    foreach (double v in values)
                    {
                        s += Plain(v, x) + Inner(v * y);
                    }

                    return s + Three(x, 2, y, x * y);
                }
            }
            """;
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        Assert.All(result.GeneratorDiagnostics, d => Assert.Equal("AD0020", d.Id));
        string outer = result.Source("C.Outer_");
        Assert.Contains("PlainGradient", outer);
        Assert.Contains("InnerGradient", outer);
        Assert.Contains("ThreeDerivative", outer);
        CheckAll(result, "Outer", "Inner", "Three", "Plain");
    }

    [Fact]
    public void Concurrent_calls_give_the_sequential_results()
    {
        const string source = GeneratorHarness.Usings + "using System.Collections.Generic;\n" + """
            public static partial class C
            {
                [Differentiable]
                public static double F(double x, double y)
                {
                    var xs = new List<double>();
                    for (int i = 0; i < 50; i++)
                    {
                        xs.Add(Math.Sin(x * i) * y);
                    }

                    double s = 0;
                    foreach (double v in xs)
                    {
                        s += v * v;
                    }

                    return s;
                }
            }
            """;
        MethodInfo gradient = GeneratorHarness.Load(GeneratorHarness.Run(source)).GetType("C")!.GetMethod("FGradient")!;
        double[] Run(int k)
        {
            object[] arguments = { 0.1 * k, 1 - (0.05 * k), null!, null! };
            double value = (double)gradient.Invoke(null, arguments)!;
            return new[] { value, (double)arguments[2], (double)arguments[3] };
        }

        double[][] sequential = Enumerable.Range(0, 16).Select(Run).ToArray();
        var parallel = new double[16][];
        Parallel.For(0, 16 * 20, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i % 16] = Run(i % 16));
        for (int k = 0; k < 16; k++)
        {
            Assert.Equal(sequential[k], parallel[k]);
        }
    }

    [Fact]
    public void Call_with_no_derivative_is_still_AD0004_on_the_call()
    {
        string source = GeneratorHarness.Usings + """
            public static partial class C
            {
                // A helper with a loop is not inlined: the call needs a derivative.
                static double Opaque(double v)
                {
                    double s = 0;
                    for (int i = 0; i < 2; i++)
                    {
                        s += v;
                    }

                    return s;
                }

                [Differentiable]
                public static double F(double x) => x switch { > 0 => Opaque(x), _ => x };
            }
            """;
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("AD0004", diagnostic.Id);
        AssertAt(diagnostic, source, "Opaque(x)");
        Assert.Empty(result.Sources);
    }

    [Fact]
    public void When_neither_engine_takes_a_method_with_LINQ_the_reason_the_transformation_declined_is_reported()
    {
        // The tape cannot run LINQ; the transformation can, but declines the do loop's condition (a continue would
        // skip the loop it needs). Reporting the tape's complaint about Sum would send the user to the wrong line.
        string source = GeneratorHarness.Usings + "using System.Linq;\n" + """
            public static partial class C
            {
                [Differentiable]
                public static double F(double[] v, double c)
                {
                    double s = c;
                    int k = 0;
                    do
                    {
                        k++;
                        if (k == 2)
                        {
                            continue;
                        }

                        s = Math.Tanh(s + v.Sum());
                    }
                    while (k < 3 && Math.Abs(s) > v.Max() * 1e-3);

                    return s;
                }

                [Differentiable(Strategy = DifferentiationStrategy.Tape)]
                public static double G(double[] v, double c) => v.Sum() * c;
            }
            """;
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        Diagnostic[] diagnostics = result.GeneratorDiagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToArray();
        Assert.Equal(2, diagnostics.Length);
        Assert.Equal("AD0005", diagnostics[0].Id);
        AssertAt(diagnostics[0], source, "k < 3 && Math.Abs(s) > v.Max() * 1e-3");
        Assert.Contains("a do loop whose body has a continue", diagnostics[0].GetMessage());

        // Asked for explicitly, the tape's own complaint is the answer, with advice that fits LINQ.
        Assert.Equal("AD0004", diagnostics[1].Id);
        AssertAt(diagnostics[1], source, "v.Sum()");
        Assert.Contains("the source transformation lowers it to loops", diagnostics[1].GetMessage());
    }

    [Theory]
    [InlineData("double s = x; switch (x) { case var v when v > 0: s = v * v; break; } return s;", "var v", "pattern variable 'v'")]
    [InlineData("Total = x; switch ((int)x) { default: return Total; }", "Total = x", "Storing a value in 'Total'")]
    [InlineData("double[] a = Weights; switch ((int)x) { default: return a[0] * x; }", "double[] a = Weights;", "does not compile")]
    public void Body_the_tape_cannot_run_reports_AD0021_on_the_line(string body, string expectedAt, string expectedMessage)
    {
        string source = GeneratorHarness.Usings + """
            public static partial class C
            {
                static double Total;
                static readonly double[] Weights = { 1, 2 };

                [Differentiable]
                public static double F(double x)
                {
                    BODY
                }
            }
            """.Replace("BODY", body);
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("AD0021", diagnostic.Id);
        AssertAt(diagnostic, source, expectedAt);
        Assert.Contains(expectedMessage, diagnostic.GetMessage());
        Assert.Empty(result.Sources);
        Assert.Empty(result.CompilationProblems);
    }

    /// <summary>A method inside <c>namespace Demo; public static partial class C</c>, with [Differentiable] on F.</summary>
    private static void Scenario(string name, string members, string construct, string constructAt)
    {
        string indented = string.Join("\n", members.Split('\n').Select(line => line.Length > 0 ? "    " + line : line));
        indented = indented.Replace("    public static double F(", "    [Differentiable]\n    public static double F(");
        string source = GeneratorHarness.Usings + "using System.Collections.Generic;\n\nnamespace Demo;\n\npublic static partial class C\n{\n" + indented + "\n}\n";
        GeneratorHarness.Result result = GeneratorHarness.Run(source);

        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("AD0020", diagnostic.Id);
        AssertAt(diagnostic, source, constructAt);
        string constructName = char.ToLowerInvariant(construct[0]) + construct.Substring(1);
        Assert.Contains(constructName, diagnostic.GetMessage());

        Snapshot.Match(result.Source("Demo.C.F_"), "Fallback_" + name);
        MethodInfo method = GeneratorHarness.Load(result).GetType("Demo.C")!.GetMethod("F")!;
        NumericChecker.Check(method, seed: name.Length, points: 10);
    }

    private static void CheckAll(GeneratorHarness.Result result, params string[] names)
    {
        Type type = GeneratorHarness.Load(result).GetType("C")!;
        foreach (string name in names)
        {
            NumericChecker.Check(type.GetMethod(name)!, seed: name.Length, points: 10, min: 0.2, max: 1.5);
        }
    }

    private static void AssertAt(Diagnostic diagnostic, string source, string expectedStart)
    {
        int start = diagnostic.Location.SourceSpan.Start;
        Assert.True(
            source.Substring(start).StartsWith(expectedStart, StringComparison.Ordinal),
            $"expected the location at '{expectedStart}', found '{source.Substring(start, Math.Min(30, source.Length - start))}'");
    }
}
