using System.Reflection;
using AutoDiff.Generator.Tests.Infrastructure;
using FunctionCorpus;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiff.Generator.Tests.SecondOrder;

/// <summary>
/// Second derivatives (FHessian, FHessianVectorProduct, FGradientDual): the generated code's shape, closed
/// forms, argument checks, allocation, and which methods get none and say why.
/// </summary>
public class HessianTests
{
    [Fact]
    public void Hessian_flattens_scalars_and_vectors_in_parameter_order_and_skips_no_derivative_inputs() => Scenarios.Scenario(
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
    public void Hessians_go_through_calls_at_any_depth_and_a_first_order_callee_says_why()
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

                public static double Bump(double a) => Math.Exp(-a * a);

                [DerivativeOf(typeof(C), nameof(Bump))]
                public static double BumpPartial(double a) => -2 * a * Math.Exp(-a * a);

                [Differentiable]
                public static double UsesBump(double x) => Bump(x) * x;

                [Differentiable]
                public static double CallsUsesBump(double x) => UsesBump(x) + x;
            }
            """);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationProblems);
        Assert.Contains("public static double GHessian(double x, global::System.Span<double> hessian)", result.Source("C.G_"));
        Assert.Contains("public static double CallsLeafHessian(double x, global::System.Span<double> hessian)", result.Source("C.CallsLeaf_"));
        Assert.Contains("public static float SingleHessian(float x, global::System.Span<float> hessian)", result.Source("C.Single_"));
        Assert.Contains("// No UsesBumpHessian or UsesBumpHessianVectorProduct: it calls Bump, whose derivatives are first order only", result.Source("C.UsesBump_"));
        Assert.Contains("// No CallsUsesBumpHessian or CallsUsesBumpHessianVectorProduct: it calls UsesBump, which has no second derivatives itself", result.Source("C.CallsUsesBump_"));

        // Two levels of calls: CallsCaller(x) = (x² + 1)·x = x³ + x, so its second derivative is 6x.
        Type c = GeneratorHarness.Load(result).GetType("C")!;
        object?[] arguments = [0.7, 1.0, null];
        double value = (double)c.GetMethod("CallsCallerHessianVectorProduct")!.Invoke(null, arguments)!;
        Assert.Equal(0.7 * 0.7 * 0.7 + 0.7, value, 12);
        Assert.Equal(6 * 0.7, (double)arguments[2]!, 12);
    }

    [Fact]
    public void Second_derivatives_are_written_on_request_only()
    {
        string source = GeneratorHarness.Usings + """
            public static partial class C
            {
                [Differentiable]
                public static double G(double x) => x * x;

                [Differentiable(Hessian = true)]
                public static double H(double x) => Leaf(x) * x;

                [Differentiable]
                public static double Leaf(double x) => Math.Exp(x);
            }
            """;

        // By default only the method that asks for them gets second derivatives, and its callee the GradientDual they call.
        GeneratorHarness.Result byDefault = GeneratorHarness.Run(GeneratorHarness.Compile(source), GeneratorHarness.CreateDriver(hessians: null));
        Assert.Empty(byDefault.CompilationProblems);
        Assert.Contains("GGradient(", byDefault.Source("C.G_"));
        Assert.DoesNotContain("Hessian", byDefault.Source("C.G_"));
        Assert.DoesNotContain("GradientDual", byDefault.Source("C.G_"));
        Assert.Contains("public static double HHessian(double x, global::System.Span<double> hessian)", byDefault.Source("C.H_"));
        Assert.Contains("LeafGradientDual(", byDefault.Source("C.Leaf_"));
        Assert.DoesNotContain("LeafHessian(", byDefault.Source("C.Leaf_"));

        // <AutoDiffHessians>true</AutoDiffHessians> asks for them everywhere; any other value is the default.
        GeneratorHarness.Result everywhere = GeneratorHarness.Run(GeneratorHarness.Compile(source), GeneratorHarness.CreateDriver(hessians: " True "));
        Assert.Contains("GHessian(", everywhere.Source("C.G_"));
        Assert.Contains("LeafHessian(", everywhere.Source("C.Leaf_"));
        GeneratorHarness.Result off = GeneratorHarness.Run(GeneratorHarness.Compile(source), GeneratorHarness.CreateDriver(hessians: "false"));
        Assert.DoesNotContain("GHessian(", off.Source("C.G_"));
        Assert.Contains("HHessian(", off.Source("C.H_"));
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
