using AutoDiff.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Tests.Diagnostics;

/// <summary>Each diagnostic: its ID, its location on the offending syntax, and that the other methods still get code.</summary>
public class DiagnosticTests
{
    [Fact]
    public void Instance_method_that_needs_the_tape_reports_AD0001_on_its_name()
    {
        // An instance method is differentiated by source transformation; the tape runs static methods only.
        string source = GeneratorHarness.Usings + """
            public partial class C
            {
                [Differentiable]
                public double F(double x)
                {
                    switch (x > 0)
                    {
                        case true: return x * x;
                        default: return -x;
                    }
                }
            }
            """;
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics, d => d.Id == "AD0001");
        AssertAt(diagnostic, source, "F(double x)");
        Assert.Contains(result.GeneratorDiagnostics, d => d.Id == "AD0005");
    }

    [Fact]
    public void Type_that_is_not_partial_reports_AD0002_on_the_type_name()
    {
        Diagnostic diagnostic = Single("""
            public static partial class Outer
            {
                public static class Inner
                {
                    [Differentiable]
                    public static double F(double x) => x * x;
                }
            }
            """, "AD0002", out string source);
        AssertAt(diagnostic, source, "Inner");
        Assert.Contains("Inner", diagnostic.GetMessage());
    }

    [Fact]
    public void Unsupported_return_type_reports_AD0003_on_the_return_type()
    {
        Diagnostic diagnostic = Single("""
            public static partial class C
            {
                [Differentiable]
                public static decimal F(double x) => (decimal)x;
            }
            """, "AD0003", out string source);
        AssertAt(diagnostic, source, "decimal F");
    }

    [Fact]
    public void Unsupported_parameter_reports_AD0003_on_the_parameter()
    {
        Diagnostic diagnostic = Single("""
            public static partial class C
            {
                [Differentiable]
                public static double F(double x, ref double y) => x * y;
            }
            """, "AD0003", out string source);
        AssertAt(diagnostic, source, "ref double y");
    }

    [Fact]
    public void Call_without_derivative_reports_AD0004_on_the_call()
    {
        Diagnostic diagnostic = Single("""
            public static partial class C
            {
                public static double Helper(double v)
                {
                    double s = 0;
                    for (int i = 0; i < 2; i++)
                    {
                        s += v;
                    }

                    return s;
                }

                [Differentiable]
                public static double F(double x) => x + Helper(x);
            }
            """, "AD0004", out string source);
        AssertAt(diagnostic, source, "Helper(x)");
        Assert.Contains("[Differentiable]", diagnostic.GetMessage());
    }

    [Fact]
    public void A_generated_derivative_whose_value_is_computed_with_reports_AD0004_on_the_call()
    {
        // Nested differentiation reads FGradient and FDerivative by name, before they exist: their value must go to a
        // local first. Without a diagnostic Outer silently got no derivatives at all.
        string source = GeneratorHarness.Usings + """
            public static partial class C
            {
                [Differentiable]
                public static double F(double x, double y) => x * x * y;

                [Differentiable]
                public static double Outer(double x) => FGradient(x, 2.0, out double dx, out _) * dx;
            }
            """;
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("AD0004", diagnostic.Id);
        AssertAt(diagnostic, source, "FGradient(x, 2.0, out double dx, out _)");
        Assert.Contains("assign it to a local first", diagnostic.GetMessage());
        Assert.DoesNotContain(result.Sources, s => s.SourceText.ToString().Contains("OuterGradient", StringComparison.Ordinal));
        Assert.Contains(result.Sources, s => s.SourceText.ToString().Contains("FGradient", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("var v = FGradient(x, 2.0, out double dx, out _); return v * dx;", "declare the local with its type")]
    [InlineData("FGradient(x, 2.0, out var dx, out _); return dx * x;", "declare the out variables with their type")]
    public void A_generated_derivative_with_var_says_to_write_the_type(string body, string advice)
    {
        // The generated method does not exist while the generator reads the caller: var has nothing to infer from.
        string source = GeneratorHarness.Usings + $$"""
            public static partial class C
            {
                [Differentiable]
                public static double F(double x, double y) => x * x * y;

                [Differentiable]
                public static double Outer(double x)
                {
                    {{body}}
                }
            }
            """;
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("AD0004", diagnostic.Id);
        Assert.Contains(advice, diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_recursive_inner_method_is_reported_at_the_call()
    {
        // Its generated derivative calls itself: inlining it would never end.
        string source = GeneratorHarness.Usings + """
            public static partial class C
            {
                [Differentiable]
                public static double R(double x, int n) => n == 0 ? x : Math.Sin(R(x, n - 1));

                [Differentiable]
                public static double Outer(double x)
                {
                    RGradient(x, 3, out double d);
                    return d * x;
                }
            }
            """;
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("AD0004", diagnostic.Id);
        AssertAt(diagnostic, source, "RGradient(x, 3, out double d)");
        Assert.True(diagnostic.GetMessage().Contains("'R' is recursive", StringComparison.Ordinal), diagnostic.GetMessage());
        Assert.Contains("write the recursion as a loop", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_generated_derivative_called_with_the_wrong_arguments_says_what_it_takes()
    {
        string source = GeneratorHarness.Usings + """
            public static partial class C
            {
                [Differentiable]
                public static double F(double x, double y) => x * x * y;

                [Differentiable]
                public static double Outer(double x)
                {
                    FDerivative(x, 2.0, 1, out double d);
                    return d * x;
                }
            }
            """;
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("AD0004", diagnostic.Id);
        AssertAt(diagnostic, source, "FDerivative(x, 2.0, 1, out double d)");
        Assert.Contains("'FDerivative' takes the inputs and a tangent per differentiable input (4 values)", diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("(double a, double? b) = (x, x); return a * x;")]
    [InlineData("(double a, object b) = (x, x); return a * x;")]
    [InlineData("double a = 0; decimal d = 0; (a, d) = (x, 1m); return a * x;")]
    public void Deconstruction_into_a_local_of_an_unsupported_type_is_reported_not_a_generator_failure(string body)
    {
        // These once threw inside the parser ("Cannot assign to LiteralExpr"), which surfaced as AD0007.
        GeneratorHarness.Result result = GeneratorHarness.Run(GeneratorHarness.Usings + $$"""
            public static partial class C
            {
                [Differentiable]
                public static double F(double x) { {{body}} }
            }
            """);
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id == "AD0007");
        Diagnostic reason = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("AD0020", reason.Id);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void Math_function_without_rule_reports_AD0004()
    {
        Diagnostic diagnostic = Single("""
            public static partial class C
            {
                [Differentiable]
                public static double F(double x) => Math.BitIncrement(x);
            }
            """, "AD0004", out string source);
        AssertAt(diagnostic, source, "Math.BitIncrement(x)");
    }

    [Fact]
    public void Call_to_a_differentiable_method_that_has_its_own_diagnostic_reports_AD0004_on_the_call()
    {
        string source = GeneratorHarness.Usings + """
            public static partial class C
            {
                [Differentiable(Strategy = DifferentiationStrategy.SourceTransform)]
                public static double G(double x) { switch ((int)x) { default: return x; } }

                [Differentiable]
                public static double F(double x) => 2 * G(x);
            }
            """;
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        Assert.Contains(result.GeneratorDiagnostics, d => d.Id == "AD0005");
        Diagnostic call = Assert.Single(result.GeneratorDiagnostics, d => d.Id == "AD0004");
        AssertAt(call, source, "G(x);");
        Assert.Contains("AD0005", call.GetMessage());
        Assert.Empty(result.Sources);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void Try_statement_in_a_loop_reports_AD0005()
    {
        // Without SourceTransform the method would run on the tape (AD0020, FallbackTests).
        Diagnostic diagnostic = Single("""
            public static partial class C
            {
                [Differentiable(Strategy = DifferentiationStrategy.SourceTransform)]
                public static double F(double x)
                {
                    double s = 0;
                    for (int i = 0; i < 3; i++) { try { s += x; } finally { s *= 2; } }
                    return s;
                }
            }
            """, "AD0005", out string source);
        AssertAt(diagnostic, source, "try { s += x; }");
    }

    [Fact]
    public void Void_call_without_derivatives_reports_AD0005()
    {
        Diagnostic diagnostic = Single("""
            public static partial class C
            {
                [Differentiable(Strategy = DifferentiationStrategy.SourceTransform)]
                public static double F(double x)
                {
                    Console.WriteLine(x);
                    return x * x;
                }
            }
            """, "AD0005", out string source);
        AssertAt(diagnostic, source, "Console.WriteLine(x);");
        Assert.Contains("Console.WriteLine", diagnostic.GetMessage());
    }

    [Fact]
    public void Local_array_declared_in_a_loop_reports_AD0008()
    {
        Diagnostic diagnostic = Single("""
            public static partial class C
            {
                [Differentiable(Strategy = DifferentiationStrategy.SourceTransform)]
                public static double F(ReadOnlySpan<double> x)
                {
                    double s = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        double[] scratch = new double[2];
                        scratch[0] = x[i];
                        s += scratch[0] * scratch[0];
                    }

                    return s;
                }
            }
            """, "AD0008", out string source);
        AssertAt(diagnostic, source, "scratch = new double[2]");
        Assert.Contains("before the loop", diagnostic.GetMessage());
    }

    [Fact]
    public void Writing_an_input_vector_reports_AD0009()
    {
        Diagnostic diagnostic = Single("""
            public static partial class C
            {
                [Differentiable]
                public static double F(double[] x)
                {
                    x[0] = 2 * x[0];
                    return x[0] * x[1];
                }
            }
            """, "AD0009", out string source);
        AssertAt(diagnostic, source, "x[0] = 2");
        Assert.Contains("copy it into a local array", diagnostic.GetMessage());
    }

    [Fact]
    public void Reassigning_a_span_local_reports_AD0010()
    {
        Diagnostic diagnostic = Single("""
            public static partial class C
            {
                [Differentiable(Strategy = DifferentiationStrategy.SourceTransform)]
                public static double F(ReadOnlySpan<double> x)
                {
                    ReadOnlySpan<double> s = x.Slice(1);
                    s = x.Slice(2);
                    return s[0] * x[0];
                }
            }
            """, "AD0010", out string source);
        AssertAt(diagnostic, source, "s = x.Slice(2)");
    }

    [Fact]
    public void Local_array_passed_to_an_array_parameter_reports_AD0010()
    {
        Diagnostic diagnostic = Single("""
            public static partial class C
            {
                [Differentiable]
                public static double G(double[] v) => v[0] * v[0];

                [Differentiable(Strategy = DifferentiationStrategy.SourceTransform)]
                public static double F(ReadOnlySpan<double> x)
                {
                    double[] copy = new double[x.Length];
                    copy[0] = x[0];
                    return G(copy);
                }
            }
            """, "AD0010", out string source);
        AssertAt(diagnostic, source, "copy);");
        Assert.Contains("ReadOnlySpan<double>", diagnostic.GetMessage());
    }

    [Fact]
    public void Derivative_with_a_wrong_signature_reports_AD0011()
    {
        Diagnostic diagnostic = Single("""
            public static partial class C
            {
                public static double Bump(double a) => a * a;

                [DerivativeOf(typeof(C), nameof(Bump))]
                public static float BumpPartials(double a) => (float)(2 * a);

                [Differentiable]
                public static double F(double x) => Bump(x) + x;
            }
            """, "AD0011", out string source);
        AssertAt(diagnostic, source, "Bump(x)");
        Assert.Contains("BumpPartials", diagnostic.GetMessage());
    }

    [Fact]
    public void Writable_span_parameter_reports_AD0003()
    {
        Diagnostic diagnostic = Single("""
            public static partial class C
            {
                [Differentiable]
                public static double F(Span<double> x) => x[0];
            }
            """, "AD0003", out string source);
        AssertAt(diagnostic, source, "Span<double> x");
    }

    [Fact]
    public void Generated_name_collision_reports_AD0006()
    {
        Diagnostic diagnostic = Single("""
            public static partial class C
            {
                public static double FGradient(double x, out double dx) { dx = 0; return 0; }

                [Differentiable]
                public static double F(double x) => x * x;
            }
            """, "AD0006", out string source);
        AssertAt(diagnostic, source, "F(double x) => x * x");
        Assert.Contains("FGradient", diagnostic.GetMessage());
    }

    [Fact]
    public void Unsupported_method_gets_a_diagnostic_and_the_rest_of_the_file_still_gets_derivatives()
    {
        string source = GeneratorHarness.Usings + """
            public static partial class C
            {
                [Differentiable]
                public static double Good(double x) => x * x;

                [Differentiable(Strategy = DifferentiationStrategy.SourceTransform)]
                public static double Bad(double x)
                {
                    switch ((int)x) { case 1: return x; default: return 2 * x; }
                }

                [Differentiable]
                public static double AlsoGood(double x, double y) => Good(x) * y;
            }
            """;
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("AD0005", diagnostic.Id);
        AssertAt(diagnostic, source, "switch ((int)x)");
        Assert.Contains(result.Sources, s => s.HintName.StartsWith("C.Good_", StringComparison.Ordinal));
        Assert.Contains(result.Sources, s => s.HintName.StartsWith("C.AlsoGood_", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Sources, s => s.HintName.StartsWith("C.Bad_", StringComparison.Ordinal));
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void Code_that_does_not_compile_gets_no_output_and_no_extra_diagnostics()
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(GeneratorHarness.Usings + """
            public static partial class C
            {
                [Differentiable]
                public static double F(double x) => x * Undefined(x);
            }
            """);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.Sources);
    }

    [Fact]
    public void Every_descriptor_has_a_unique_AD_id_and_is_listed_in_the_release_file()
    {
        var descriptors = typeof(DifferentiableGenerator).Assembly
            .GetType("AutoDiff.Generator.Diagnostics.DiagnosticDescriptors", throwOnError: true)!
            .GetFields()
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToList();
        Assert.Equal(descriptors.Count, descriptors.Select(d => d.Id).Distinct().Count());
        string releases = File.ReadAllText(Path.Combine(Repository.Root(), "src/AutoDiff.Generator/Diagnostics/AnalyzerReleases.Unshipped.md"));
        Assert.All(descriptors, d =>
        {
            Assert.Matches("^AD[0-9]{4}$", d.Id);
            Assert.Contains(d.Id + " ", releases);
        });
    }

    [Fact]
    public void Output_marked_no_derivative_reports_AD0012_on_the_parameter()
    {
        Diagnostic diagnostic = Single("""
            public static partial class C
            {
                [Differentiable]
                public static void F(ReadOnlySpan<double> x, [NoDerivative] Span<double> r) { r[0] = x[0]; }
            }
            """, "AD0012", out string source);
        AssertAt(diagnostic, source, "[NoDerivative] Span<double> r");
    }

    [Fact]
    public void Span_parameter_of_a_method_returning_a_value_reports_AD0003_on_the_parameter()
    {
        Diagnostic diagnostic = Single("""
            public static partial class C
            {
                [Differentiable]
                public static double F(double x, Span<double> r) => x;
            }
            """, "AD0003", out string source);
        AssertAt(diagnostic, source, "Span<double> r");
        Assert.Contains("make it void", diagnostic.GetMessage());
    }

    [Fact]
    public void Void_method_without_outputs_reports_AD0003_on_the_return_type()
    {
        Diagnostic diagnostic = Single("""
            public static partial class C
            {
                [Differentiable]
                public static void F(ReadOnlySpan<double> x) { }
            }
            """, "AD0003", out string source);
        AssertAt(diagnostic, source, "void F");
    }

    [Fact]
    public void Call_to_a_vector_valued_method_reports_AD0004_on_the_call()
    {
        Diagnostic diagnostic = Single("""
            public static partial class C
            {
                [Differentiable]
                public static void G(ReadOnlySpan<double> x, Span<double> r) { r[0] = x[0]; }

                [Differentiable]
                public static double F(ReadOnlySpan<double> x)
                {
                    Span<double> r = stackalloc double[1];
                    G(x, r);
                    return r[0];
                }
            }
            """, "AD0004", out string source);
        AssertAt(diagnostic, source, "G(x, r)");
    }

    [Fact]
    public void System_numerics_member_without_a_definition_reports_AD0030_at_the_call()
    {
        Diagnostic diagnostic = Single("""
            public static partial class C
            {
                [Differentiable]
                public static float F(System.Numerics.Quaternion a, System.Numerics.Quaternion b, float t) => System.Numerics.Quaternion.Slerp(a, b, t).W;
            }
            """, "AD0030", out string source);
        AssertAt(diagnostic, source, "System.Numerics.Quaternion.Slerp(a, b, t)");
        Assert.Contains("Quaternion.Slerp", diagnostic.GetMessage());
        Assert.Contains("write it with the fields", diagnostic.GetMessage());
    }

    [Fact]
    public void Struct_member_with_a_loop_reports_AD0031_at_the_call()
    {
        Diagnostic diagnostic = Single("""
            public readonly record struct Poly(double A, double B)
            {
                public double Eval(double x)
                {
                    double sum = 0;
                    for (int i = 0; i < 3; i++)
                    {
                        sum = sum * x + A;
                    }

                    return sum + B;
                }
            }

            public static partial class C
            {
                [Differentiable]
                public static double F(Poly p, double x) => p.Eval(x) * x;
            }
            """, "AD0031", out string source);
        AssertAt(diagnostic, source, "p.Eval(x)");
        Assert.Contains("Poly.Eval", diagnostic.GetMessage());
        Assert.Contains("a loop", diagnostic.GetMessage());
    }

    [Fact]
    public void Recursive_struct_member_reports_AD0031()
    {
        Diagnostic diagnostic = Single("""
            public readonly record struct Decay(double Rate)
            {
                public double After(double x, int steps) => steps == 0 ? x : After(x * Rate, steps - 1);
            }

            public static partial class C
            {
                [Differentiable]
                public static double F(Decay d, double x) => d.After(x, 3);
            }
            """, "AD0031", out string source);
        AssertAt(diagnostic, source, "d.After(x, 3)");
        Assert.Contains("calls itself", diagnostic.GetMessage());
    }

    [Fact]
    public void Struct_whose_fields_cannot_be_read_reports_AD0032_on_the_parameter()
    {
        Diagnostic diagnostic = Single("""
            public readonly struct Hidden
            {
                private readonly double _value;

                public Hidden(double value) => _value = value;

                public double Value => _value;
            }

            public static partial class C
            {
                [Differentiable]
                public static double F(Hidden h, double x) => h.Value * x;
            }
            """, "AD0032", out string source);
        AssertAt(diagnostic, source, "Hidden h");
        Assert.Contains("_value", diagnostic.GetMessage());
        Assert.Contains("[NoDerivative]", diagnostic.GetMessage());
    }

    [Fact]
    public void Delegate_called_with_an_input_reports_AD0004()
    {
        Diagnostic diagnostic = Single("""
            public static partial class C
            {
                [Differentiable]
                public static double F(double x, Func<double, double> f) => f(x) * x;
            }
            """, "AD0004", out string source);
        AssertAt(diagnostic, source, "f(x)");
        Assert.Contains("data passed in", diagnostic.GetMessage());
    }

    [Fact]
    public void Ref_parameter_reports_AD0003()
    {
        Diagnostic diagnostic = Single("""
            public static partial class C
            {
                [Differentiable]
                public static double F(ref double x) => x * x;
            }
            """, "AD0003", out string source);
        AssertAt(diagnostic, source, "ref double x");
        Assert.Contains("return results", diagnostic.GetMessage());
    }

    private static Diagnostic Single(string code, string id, out string source)
    {
        source = GeneratorHarness.Usings + code;
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        return diagnostic;
    }

    /// <summary>The diagnostic starts where <paramref name="expectedStart"/> starts in the source.</summary>
    private static void AssertAt(Diagnostic diagnostic, string source, string expectedStart)
    {
        // Generators report locations rebuilt from plain values (file, span, lines): external-file locations.
        Assert.Equal("Source0.cs", diagnostic.Location.GetLineSpan().Path);
        int start = diagnostic.Location.SourceSpan.Start;
        Assert.True(
            source.Substring(start).StartsWith(expectedStart, StringComparison.Ordinal),
            $"expected the location at '{expectedStart}', found '{source.Substring(start, Math.Min(30, source.Length - start))}'");
    }
}
