using System.Reflection;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Tests.Fallback;

/// <summary>
/// The tape for every method the source transformation declines, vector methods included (issue 15, item 4),
/// with the same API as generated code: <c>FGradient</c> and <c>FDerivative</c> with spans, and <c>FJacobian</c>,
/// <c>FJvp</c>, <c>FVjp</c> for a void method with Span outputs. One compilation; each method's file against its
/// snapshot, its AD0020 naming the construct, and its numbers against central differences.
/// </summary>
public class VectorFallbackTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using AutoDiff;

        namespace Demo;

        public static partial class Vectors
        {
            [Differentiable]
            public static double SwitchOverSigns(ReadOnlySpan<double> x, double a)
            {
                double s = 0;
                foreach (double v in x)
                {
                    switch (Math.Sign(v))
                    {
                        case -1:
                            s -= v * a;
                            break;
                        case 0:
                            break;
                        default:
                            s += Math.Exp(v) * a;
                            break;
                    }
                }

                return s;
            }

            [Differentiable]
            public static double ListOfTerms(double[] w, [NoDerivative] double[] data, double bias)
            {
                var terms = new List<double>();
                Span<double> scratch = stackalloc double[w.Length];
                for (int i = 0; i < w.Length; i++)
                {
                    scratch[i] = w[i] * data[i];
                    terms.Add(Math.Tanh(scratch[i] + bias));
                }

                double s = 0;
                foreach (double t in terms)
                {
                    s += t * t;
                }

                return s;
            }

            [Differentiable]
            public static double Energy(ReadOnlySpan<double> q, double k) => k * q[0] * q[0] + Math.Sin(q[^1]);

            [Differentiable]
            public static double CallsAVectorCallee(double[] x, double k)
            {
                switch (x.Length)
                {
                    case 0:
                        return 0;
                    default:
                        return Energy(x, k) + Energy(x.AsSpan(1), 2 * k);
                }
            }

            [Differentiable]
            public static void Residuals(ReadOnlySpan<double> p, double scale, Span<double> r)
            {
                for (int i = 0; i < r.Length; i++)
                {
                    try
                    {
                        r[i] = scale * Math.Sin(p[i % p.Length] * (i + 1));
                    }
                    finally
                    {
                        r[i] += p[0] * p[0];
                    }
                }
            }
        }
        """;

    private static readonly Lazy<(GeneratorHarness.Result Result, Type Type)> Compiled = new(() =>
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(Source);
        return (result, GeneratorHarness.Load(result).GetType("Demo.Vectors", throwOnError: true)!);
    });

    [Theory]
    [InlineData("SwitchOverSigns", "a switch statement")]
    [InlineData("ListOfTerms", "a local of type 'System.Collections.Generic.List<double>")]
    [InlineData("CallsAVectorCallee", "a switch statement")]
    [InlineData("Residuals", "a try statement")]
    public void Declined_vector_methods_fall_back_to_the_tape_and_say_why(string method, string construct)
    {
        GeneratorHarness.Result result = Compiled.Value.Result;
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics, d => d.GetMessage().StartsWith("'" + method + "'", StringComparison.Ordinal));
        Assert.Equal("AD0020", diagnostic.Id);
        Assert.Contains(construct, diagnostic.GetMessage());
        Snapshot.Match(result.Source("Demo.Vectors." + method + "_"), "Tape_" + method);
    }

    [Theory]
    [InlineData("SwitchOverSigns")]
    [InlineData("ListOfTerms")]
    [InlineData("CallsAVectorCallee")]
    public void Tape_gradients_of_vector_methods_match_forward_mode_and_central_differences(string method)
    {
        MethodInfo f = Compiled.Value.Type.GetMethod(method)!;
        NumericChecker.Check(f, seed: method.Length, points: 8);
    }

    [Fact]
    public void Tape_Jacobian_Jvp_and_Vjp_of_a_vector_valued_method_agree_with_central_differences()
    {
        Type type = Compiled.Value.Type;
        MethodInfo f = type.GetMethod("Residuals")!;
        MethodInfo jacobian = type.GetMethod("ResidualsJacobian")!;
        MethodInfo jvp = type.GetMethod("ResidualsJvp")!;
        MethodInfo vjp = type.GetMethod("ResidualsVjp")!;
        var random = new Random(15);
        double[] p = Enumerable.Range(0, 3).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double scale = 0.7;
        const int rows = 4;
        int columns = p.Length + 1;

        double[] Evaluate(double[] point, double s)
        {
            var r = new double[rows];
            SpanInvoker.Invoke(f, new object?[] { point, s, r });
            return r;
        }

        var matrix = new double[rows * columns];
        var values = new double[rows];
        SpanInvoker.Invoke(jacobian, new object?[] { p, scale, values, matrix });
        Assert.Equal(Evaluate(p, scale), values);
        for (int column = 0; column < columns; column++)
        {
            // Central differences of every output along input coordinate `column` (p's elements, then scale).
            double[] Moved(double h) => column < p.Length
                ? Evaluate(p.Select((v, k) => k == column ? v + h : v).ToArray(), scale)
                : Evaluate(p, scale + h);
            double[] up = Moved(1e-6), down = Moved(-1e-6);
            var tangentP = new double[p.Length];
            double tangentScale = 0;
            if (column < p.Length)
            {
                tangentP[column] = 1;
            }
            else
            {
                tangentScale = 1;
            }

            var forward = new double[rows];
            SpanInvoker.Invoke(jvp, new object?[] { p, scale, new double[rows], tangentP, tangentScale, forward });
            for (int row = 0; row < rows; row++)
            {
                double central = (up[row] - down[row]) / 2e-6;
                Assert.True(NumericChecker.RelativeError(matrix[row * columns + column], central) < 1e-6, $"J[{row},{column}] = {matrix[row * columns + column]}, central {central}");
                Assert.True(NumericChecker.RelativeError(matrix[row * columns + column], forward[row]) < 1e-12, $"J[{row},{column}] vs Jvp {forward[row]}");
            }
        }

        for (int row = 0; row < rows; row++)
        {
            var seed = new double[rows];
            seed[row] = 1;
            var gradient = new double[p.Length];
            object?[] arguments = { p, scale, new double[rows], seed, gradient, null };
            SpanInvoker.Invoke(vjp, arguments);
            for (int column = 0; column < columns; column++)
            {
                double fromVjp = column < p.Length ? gradient[column] : (double)arguments[5]!;
                Assert.True(NumericChecker.RelativeError(matrix[row * columns + column], fromVjp) < 1e-12, $"J[{row},{column}] vs Vjp {fromVjp}");
            }
        }
    }
}
