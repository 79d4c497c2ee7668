using System.Reflection;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Tests.Signatures;

/// <summary>
/// Generated signatures keep what the method's own signature offers callers (issue 15, item 8): the derivatives of
/// an extension method are extension methods, and trailing parameters with default values (that carry no
/// derivative) can be left out of every generated method too, through overloads that pass the defaults (C# allows
/// no optional parameter before the derivatives' out parameters and spans). The usage each scenario shows is
/// compiled with it; then its snapshot and its numbers.
/// </summary>
public class SignatureTests
{
    private static readonly ScenarioBatch Batch = new(typeof(SignatureTests));

    [Fact]
    public void Derivatives_of_an_extension_method_with_defaults() => Batch.Check(nameof(Derivatives_of_an_extension_method_with_defaults), nameof(ExtensionWithDefaults));

    private const string ExtensionWithDefaults = """
        [Differentiable(Hessian = true)]
        public static double F(this double spot, double vol, int steps = 4, bool antithetic = false, [NoDerivative] double rate = 0.01)
        {
            double s = spot;
            for (int i = 0; i < steps; i++)
            {
                s += vol * Math.Sin(s) * 0.1;
            }

            return antithetic ? -s * Math.Exp(-rate) : s * Math.Exp(-rate);
        }

        public static double Caller(double spot, double vol)
        {
            double value = spot.FGradient(vol, out double dspot, out double dvol);
            value += spot.FGradient(vol, 3, out dspot, out dvol) + spot.FGradient(vol, 3, true, out dspot, out dvol);
            value += spot.FDerivative(vol, 1.0, 0.0, out double derivative);
            Span<double> hessian = stackalloc double[4];
            value += spot.FHessian(vol, hessian) + spot.FHessianVectorProduct(vol, 1.0, 0.0, out double hvSpot, out double hvVol);
            return value + dspot + dvol + derivative + hvSpot + hvVol;
        }
        """;

    [Fact]
    public void Derivatives_of_an_extension_method_on_a_span() => Batch.Check(nameof(Derivatives_of_an_extension_method_on_a_span), nameof(ExtensionOnASpan));

    private const string ExtensionOnASpan = """
        public static double F(this ReadOnlySpan<double> x, double power, int skip = 0)
        {
            double s = 0;
            foreach (double v in x[skip..])
            {
                s += Math.Pow(Math.Abs(v) + 1, power);
            }

            return s;
        }

        public static double Caller(ReadOnlySpan<double> x)
        {
            Span<double> gradient = stackalloc double[x.Length];
            return x.FGradient(2.0, gradient, out double dpower) + x.FGradient(2.0, 1, gradient, out dpower) + x.FDerivative(2.0, gradient, 1.0, out double derivative) + dpower + derivative;
        }
        """;

    [Fact]
    public void Taped_extension_methods_keep_this_and_the_defaults_too()
    {
        GeneratorHarness.Result result = Batch.Result;
        Assert.Contains(result.GeneratorDiagnostics, d => d.Id == "AD0020" && d.GetMessage().StartsWith("'G'", StringComparison.Ordinal));
        Snapshot.Match(result.Source("Demo." + nameof(TapedExtension) + ".G_"), nameof(Taped_extension_methods_keep_this_and_the_defaults_too));
        MethodInfo g = Batch.Type(nameof(TapedExtension)).GetMethod("G")!;
        NumericChecker.Check(g, seed: 8, points: 6);
    }

    private const string TapedExtension = """
        [Differentiable]
        public static double G(this double x, int mode = 2)
        {
            switch (mode)
            {
                case 0:
                    return x;
                default:
                    return x * x * mode;
            }
        }

        [Differentiable]
        public static void Scaled(this ReadOnlySpan<double> x, Span<double> y, double factor, int repeat = 1)
        {
            for (int i = 0; i < y.Length; i++)
            {
                y[i] = x[i] * factor * repeat;
            }
        }

        public static double Caller(ReadOnlySpan<double> x)
        {
            Span<double> y = stackalloc double[x.Length];
            Span<double> jacobian = stackalloc double[x.Length * (x.Length + 1)];
            x.ScaledJacobian(y, 2.0, jacobian);
            x.ScaledJacobian(y, 2.0, 3, jacobian);
            return 2.0.GGradient(out double dx) + 2.0.GDerivative(1.0, out double derivative) + dx + derivative;
        }
        """;

    /// <summary>
    /// A nullable-enabled method that takes optional data as <c>double[]?</c> (or <c>double[,]?</c>, <c>double[][]?</c>):
    /// its derivatives take the same, so a caller may pass null without a warning (which warnings-as-errors would fail).
    /// </summary>
    [Fact]
    public void Nullable_array_parameters_keep_their_annotation()
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(GeneratorHarness.Usings + """
            namespace Fit;

            public static partial class Losses
            {
                [Differentiable]
                public static double Weighted(double[] w, [NoDerivative] double[]? weights, [NoDerivative] double[,]? mask, [NoDerivative] double[][]? rows)
                {
                    double s = 0;
                    for (int i = 0; i < w.Length; i++)
                    {
                        s += weights![i] * mask![i, 0] * rows![i][0] * w[i] * w[i];
                    }

                    return s;
                }

                public static double Caller(double[] w, double[] gradient) =>
                    WeightedGradient(w, null, null, null, gradient) + WeightedDerivative(w, null, null, null, w, out double derivative) + derivative;
            }
            """);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        string generated = result.Source("Fit.Losses.Weighted_");
        Assert.Contains("double[] w, double[]? weights, double[,]? mask, double[][]? rows,", generated, StringComparison.Ordinal);
    }
}
