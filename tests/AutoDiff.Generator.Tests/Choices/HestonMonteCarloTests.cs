using System.Reflection;

namespace AutoDiff.Generator.Tests.Choices;

/// <summary>
/// The quant: a Heston call priced by Monte Carlo with full truncation (<c>Math.Sqrt(Math.Max(v, 0))</c>)
/// over a fixed table of normals, written as a quant writes it. Its gradient in all six model parameters, in
/// reverse mode, forward mode and on the tape, must match central differences, also at points where the
/// variance of some paths goes negative (where it used to be NaN).
/// </summary>
public class HestonMonteCarloTests
{
    private const string Pricer = """
        private static readonly double[] Normals =
        {
            0.31, -1.22, 0.84, 1.53, -0.41, -2.13, 0.05, 0.92, -0.73, 1.14, -1.62, 0.21, 1.77, -0.35, -0.96, 0.48,
            -1.41, 0.66, 0.12, -0.58, 2.04, -1.07, -0.22, 0.39, 0.87, -1.85, 1.26, 0.03, -0.64, 1.49, -0.11, -0.79,
            0.55, 1.02, -1.33, -0.47, 0.71, -0.18, 1.91, -0.88, -2.42, 0.27, 0.63, -1.51, 1.08, 0.94, -0.02, -1.19,
            0.42, -0.69, 1.35, 0.16, -1.73, 0.81, -0.29, 2.21, -0.53, 0.58, 1.61, -1.04, 0.09, -0.37, -1.28, 0.76,
        };

        /// <summary>A European call under Heston: full-truncation Euler steps, one pair of normals per step.</summary>
        [Differentiable]
        public static double F(double spot, double v0, double kappa, double theta, double xi, double rho)
        {
            const double strike = 0.35;
            const double maturity = 1.0;
            const int steps = 8;
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spot);
            double dt = maturity / steps;
            double sqrtDt = Math.Sqrt(dt);
            double correlation = Math.Sqrt(1 - rho * rho);
            int paths = Normals.Length / (2 * steps);
            double payoff = 0;
            for (int p = 0; p < paths; p++)
            {
                double logS = Math.Log(spot);
                double v = v0;
                for (int k = 0; k < steps; k++)
                {
                    int at = 2 * (p * steps + k);
                    double z1 = Normals[at];
                    double z2 = rho * z1 + correlation * Normals[at + 1];
                    double vPlus = Math.Max(v, 0.0);
                    double volatility = Math.Sqrt(vPlus);
                    logS += -0.5 * vPlus * dt + volatility * sqrtDt * z1;
                    v += kappa * (theta - vPlus) * dt + xi * volatility * sqrtDt * z2;
                }

                payoff += Math.Max(Math.Exp(logS) - strike, 0.0);
            }

            return payoff / paths;
        }

        /// <summary>How many steps of all paths start from a negative variance (not differentiated).</summary>
        public static int Truncations(double v0, double kappa, double theta, double xi, double rho)
        {
            int count = 0;
            double dt = 1.0 / 8;
            for (int p = 0; p < Normals.Length / 16; p++)
            {
                double v = v0;
                for (int k = 0; k < 8; k++)
                {
                    int at = 2 * (p * 8 + k);
                    double z2 = rho * Normals[at] + Math.Sqrt(1 - rho * rho) * Normals[at + 1];
                    count += v < 0 ? 1 : 0;
                    double vPlus = Math.Max(v, 0.0);
                    v += kappa * (theta - vPlus) * dt + xi * Math.Sqrt(vPlus) * Math.Sqrt(dt) * z2;
                }
            }

            return count;
        }
        """;

    private static readonly Lazy<(MethodInfo Generated, MethodInfo Tape, MethodInfo Truncations)> Compiled = new(() =>
    {
        string source = GeneratorHarness.Usings
            + "public static partial class Heston\n{\n" + Pricer + "\n}\n"
            + "public static partial class HestonOnTape\n{\n" + Pricer.Replace("[Differentiable]", "[Differentiable(Strategy = DifferentiationStrategy.Tape)]") + "\n}\n";
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        Assert.Empty(result.GeneratorDiagnostics);
        Assembly assembly = GeneratorHarness.Load(result);
        Type heston = assembly.GetType("Heston")!;
        return (heston.GetMethod("F")!, assembly.GetType("HestonOnTape")!.GetMethod("F")!, heston.GetMethod("Truncations")!);
    });

    [Fact]
    public void Gradients_match_central_differences_in_both_modes_and_on_the_tape()
    {
        (MethodInfo generated, MethodInfo tape, _) = Compiled.Value;
        NumericChecker.Report report = NumericChecker.Check(
            generated, seed: 15, points: 12, min: 0.1, max: 0.6, finiteDifferenceTolerance: 1e-5, tape: tape);
        Assert.True(report.PointsChecked >= 6, $"only {report.PointsChecked} points away from kinks");
    }

    [Theory]
    [InlineData(0.3, 0.02, 0.5, 0.02, 1.2, 0.3)]
    [InlineData(0.45, 0.01, 0.3, 0.05, 1.5, -0.6)]
    public void Paths_whose_variance_goes_negative_have_finite_gradients_that_match_central_differences(
        double spot, double v0, double kappa, double theta, double xi, double rho)
    {
        (MethodInfo generated, MethodInfo tape, MethodInfo truncations) = Compiled.Value;
        Assert.True((int)truncations.Invoke(null, new object[] { v0, kappa, theta, xi, rho })! > 0, "no path truncates at this point");

        object[] point = { spot, v0, kappa, theta, xi, rho };
        double[] reverse = Gradient(generated, point);
        double[] onTape = Gradient(tape, point);
        MethodInfo derivative = NumericChecker.Find(generated, "Derivative", 13);
        for (int i = 0; i < point.Length; i++)
        {
            object?[] arguments = point.Concat(Enumerable.Range(0, 6).Select(k => (object)(k == i ? 1.0 : 0.0))).Append(null).ToArray();
            SpanInvoker.Invoke(derivative, arguments);
            double forward = (double)arguments[^1]!;
            double central = NumericChecker.Central(generated, point.Cast<object?>().ToArray(), i, -1, 1e-6);
            Assert.True(double.IsFinite(reverse[i]), $"∂/∂{generated.GetParameters()[i].Name} = {reverse[i]}");
            Assert.True(NumericChecker.RelativeError(reverse[i], central) < 1e-5, $"∂/∂{generated.GetParameters()[i].Name}: reverse {reverse[i]} vs central {central}");
            Assert.True(NumericChecker.RelativeError(reverse[i], forward) < 1e-10, $"∂/∂{generated.GetParameters()[i].Name}: reverse {reverse[i]} vs forward {forward}");
            Assert.True(NumericChecker.RelativeError(reverse[i], onTape[i]) < 1e-10, $"∂/∂{generated.GetParameters()[i].Name}: reverse {reverse[i]} vs tape {onTape[i]}");
        }
    }

    private static double[] Gradient(MethodInfo f, object[] point)
    {
        MethodInfo gradient = NumericChecker.Find(f, "Gradient", 12);
        object?[] arguments = point.Concat(Enumerable.Repeat<object?>(null, 6)).ToArray();
        SpanInvoker.Invoke(gradient, arguments);
        return arguments.Skip(6).Select(a => (double)a!).ToArray();
    }
}
