using AutoDiff;
using AutoDiff.Taping;

namespace AutoDiff.Benchmarks.Functions;

/// <summary>
/// The standard normal distribution. <see cref="Cdf"/> is the Abramowitz-Stegun 26.2.17 polynomial
/// (absolute error below 7.5·10⁻⁸); its declared derivative is the exact density, which is what every
/// gradient in the benchmarks (generated, hand-written, tape) uses, so they agree to rounding.
/// </summary>
public static class Normal
{
    private const double InverseSqrtTwoPi = 0.398942280401432677939946059934;

    /// <summary>Density φ(x).</summary>
    public static double Pdf(double x) => InverseSqrtTwoPi * Math.Exp(-0.5 * x * x);

    /// <summary>Cumulative distribution Φ(x).</summary>
    public static double Cdf(double x)
    {
        double t = 1 / (1 + (0.2316419 * Math.Abs(x)));
        double poly = t * (0.319381530 + (t * (-0.356563782 + (t * (1.781477937 + (t * (-1.821255978 + (t * 1.330274429))))))));
        double tail = Pdf(x) * poly;
        return x >= 0 ? 1 - tail : tail;
    }

    /// <summary>The derivative the generator uses for <see cref="Cdf"/>.</summary>
    [DerivativeOf(typeof(Normal), nameof(Cdf))]
    public static double CdfPartials(double x) => Pdf(x);

    /// <summary><see cref="Cdf"/> on the tape: one node with the density as its partial.</summary>
    public static Var Cdf(Var x) => Var.FromPartials(Cdf(x.Value), x, Pdf(x.Value));
}
