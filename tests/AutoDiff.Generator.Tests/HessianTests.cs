using System.Reflection;
using AutoDiff.Generator.Tests.Infrastructure;
using FunctionCorpus;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiff.Generator.Tests;

/// <summary>
/// Second derivatives (FHessian, FHessianVectorProduct, FGradientDual): the generated code's shape, closed
/// forms, argument checks, allocation, and which methods get none and say why.
/// </summary>
public class HessianTests
{
    [Fact]
    public void Hessian_flattens_scalars_and_vectors_in_parameter_order_and_skips_no_derivative_inputs() => SnapshotTests.Scenario(
        nameof(Hessian_flattens_scalars_and_vectors_in_parameter_order_and_skips_no_derivative_inputs),
        """
        public static double F(ReadOnlySpan<double> a, [NoDerivative] double c, double b, double[] w)
        {
            double s = b * b * c;
            for (int i = 0; i < a.Length; i++)
            {
                s += Math.Sin(a[i] * b) * w[i] + a[i] * a[i] * w[i];
            }

            return s / (1 + w.Length * Math.Exp(-b));
        }
        """,
        vectorLength: 3);

    [Fact]
    public void Rosenbrock_hessian_matches_its_closed_form()
    {
        var random = new Random(7);
        var hessian = new double[4];
        for (int k = 0; k < 20; k++)
        {
            double x = (4 * random.NextDouble()) - 2, y = (4 * random.NextDouble()) - 2;
            double value = OptimizationFunctions.RosenbrockHessian(x, y, hessian);

            // f = (1 - x)² + 100 (y - x²)²: f_xx = 2 - 400 (y - x²) + 800 x², f_xy = -400 x, f_yy = 200.
            Assert.Equal(OptimizationFunctions.Rosenbrock(x, y), value, 12);
            Assert.Equal(2 - (400 * (y - (x * x))) + (800 * x * x), hessian[0], 9);
            Assert.Equal(-400 * x, hessian[1], 9);
            Assert.Equal(-400 * x, hessian[2], 9);
            Assert.Equal(200, hessian[3], 9);
        }
    }

    [Fact]
    public void N_dimensional_rosenbrock_hessian_is_tridiagonal_with_its_closed_form_entries()
    {
        double[] x = [0.3, -1.2, 0.8, 1.1, -0.4, 0.9];
        int n = x.Length;
        var hessian = new double[n * n];
        LoopFunctions.RosenbrockNHessian(x, hessian);
        var expected = new double[n * n];
        for (int i = 0; i + 1 < n; i++)
        {
            // Term 100 (x[i+1] - x[i]²)² + (1 - x[i])².
            expected[(i * n) + i] += 2 - (400 * (x[i + 1] - (x[i] * x[i]))) + (800 * x[i] * x[i]);
            expected[(i * n) + i + 1] += -400 * x[i];
            expected[((i + 1) * n) + i] += -400 * x[i];
            expected[((i + 1) * n) + i + 1] += 200;
        }

        for (int k = 0; k < n * n; k++)
        {
            Assert.Equal(expected[k], hessian[k], 9);
        }
    }

    [Fact]
    public void Hessian_vector_product_of_a_span_function_equals_the_hessian_times_the_vector()
    {
        double[] x = [0.3, -1.2, 0.8, 1.1, -0.4, 0.9];
        double[] v = [1, -0.5, 0.25, 2, 0, -1];
        var hessian = new double[36];
        LoopFunctions.RosenbrockNHessian(x, hessian);
        var product = new double[6];
        double value = LoopFunctions.RosenbrockNHessianVectorProduct(x, v, product);
        Assert.Equal(LoopFunctions.RosenbrockN(x), value, 12);
        for (int i = 0; i < 6; i++)
        {
            double expected = Enumerable.Range(0, 6).Sum(j => hessian[(i * 6) + j] * v[j]);
            Assert.Equal(expected, product[i], 9);
        }
    }

    [Fact]
    public void Hessian_span_of_the_wrong_length_throws_naming_it()
    {
        double[] x = [0.3, -1.2, 0.8];
        var error = Assert.Throws<ArgumentException>(() => LoopFunctions.RosenbrockNHessian(x, new double[8]));
        Assert.Equal("hessian", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => LoopFunctions.RosenbrockNHessianVectorProduct(x, new double[2], new double[3]));
        Assert.Equal("vx", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => LoopFunctions.RosenbrockNHessianVectorProduct(x, new double[3], new double[4]));
        Assert.Equal("hvx", error.ParamName);
    }

    [Fact]
    public void Warm_hessian_and_product_calls_allocate_nothing()
    {
        double[] x = [0.3, -1.2, 0.8, 1.1, -0.4, 0.9];
        var hessian = new double[36];
        var product = new double[6];
        double sink = 0;
        for (int i = 0; i < 100; i++)
        {
            sink += LoopFunctions.RosenbrockNHessian(x, hessian) + LoopFunctions.RosenbrockNHessianVectorProduct(x, x, product);
        }

        long allocated = Allocations.Fewest(() =>
        {
            for (int i = 0; i < 2_000; i++)
            {
                sink += LoopFunctions.RosenbrockNHessian(x, hessian) + LoopFunctions.RosenbrockNHessianVectorProduct(x, x, product);
                sink += OptimizationFunctions.RosenbrockHessianVectorProduct(x[0], x[1], 1, 0, out double hx, out double hy) + hx + hy;
            }
        });
        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(sink));
    }

    [Fact]
    public void Methods_calling_a_caller_have_no_second_derivatives_and_say_why_while_float_methods_have_them()
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(GeneratorHarness.Usings + """
            public static partial class C
            {
                [Differentiable]
                public static double G(double x) => x * x;

                [Differentiable]
                public static double CallsLeaf(double x) => G(x) + 1;

                [Differentiable]
                public static double CallsCaller(double x) => CallsLeaf(x) * x;

                [Differentiable]
                public static float Single(float x) => x * x;
            }
            """);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationProblems);
        Assert.Contains("public static double GHessian(double x, global::System.Span<double> hessian)", result.Source("C.G_"));
        Assert.Contains("public static double CallsLeafHessian(double x, global::System.Span<double> hessian)", result.Source("C.CallsLeaf_"));
        Assert.Contains("// No CallsCallerHessian or CallsCallerHessianVectorProduct: it calls CallsLeaf, which has no second derivatives itself", result.Source("C.CallsCaller_"));
        Assert.DoesNotContain("CallsCallerHessian(", result.Source("C.CallsCaller_"));
        Assert.Contains("public static float SingleHessian(float x, global::System.Span<float> hessian)", result.Source("C.Single_"));
    }

    [Fact]
    public void The_AutoDiffHessians_property_set_to_false_turns_second_derivatives_off()
    {
        string source = GeneratorHarness.Usings + """
            public static partial class C
            {
                [Differentiable]
                public static double G(double x) => x * x;
            }
            """;
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new DifferentiableGenerator().AsSourceGenerator() },
            parseOptions: GeneratorHarness.ParseOptions,
            optionsProvider: new ProjectProperties(new() { ["build_property.AutoDiffHessians"] = " False " }));
        GeneratorHarness.Result off = GeneratorHarness.Run(GeneratorHarness.Compile(source), driver);
        Assert.Empty(off.CompilationProblems);
        Assert.Contains("GGradient(", off.Source("C.G_"));
        Assert.DoesNotContain("Hessian", off.Source("C.G_"));
        Assert.DoesNotContain("GradientDual", off.Source("C.G_"));

        // Any other value, or none, keeps them.
        driver = CSharpGeneratorDriver.Create(
            new[] { new DifferentiableGenerator().AsSourceGenerator() },
            parseOptions: GeneratorHarness.ParseOptions,
            optionsProvider: new ProjectProperties(new() { ["build_property.AutoDiffHessians"] = "true" }));
        Assert.Contains("GHessian(", GeneratorHarness.Run(GeneratorHarness.Compile(source), driver).Source("C.G_"));
    }

    private sealed class ProjectProperties(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(values);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(new());

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(new());

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
                values.TryGetValue(key, out value);
        }
    }

    [Fact]
    public void The_hessian_check_fails_on_a_wrong_hessian()
    {
        // The checker itself can fail: a hand-written FHessian that is off by a factor of two.
        GeneratorHarness.Result result = GeneratorHarness.Run(GeneratorHarness.Usings + """
            public static partial class Wrong
            {
                public static double F(double x, double y) => x * x * y;

                public static double FGradient(double x, double y, out double dx, out double dy)
                {
                    dx = 2 * x * y;
                    dy = x * x;
                    return F(x, y);
                }

                public static double FHessian(double x, double y, Span<double> hessian)
                {
                    hessian[0] = 4 * y;
                    hessian[1] = 2 * x;
                    hessian[2] = 2 * x;
                    hessian[3] = 0;
                    return F(x, y);
                }

                public static double FHessianVectorProduct(double x, double y, double vx, double vy, out double hvx, out double hvy)
                {
                    hvx = (2 * y * vx) + (2 * x * vy);
                    hvy = 2 * x * vx;
                    return F(x, y);
                }
            }
            """);
        MethodInfo f = GeneratorHarness.Load(result).GetType("Wrong")!.GetMethod("F")!;
        Assert.ThrowsAny<Exception>(() => HessianChecker.Check(f, seed: 1));
    }
}
