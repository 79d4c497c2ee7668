using AutoDiff;

namespace FunctionCorpus;

/// <summary>Test functions from optimisation: one per classic benchmark.</summary>
public static partial class OptimizationFunctions
{
    [Differentiable]
    public static double Rosenbrock(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

    [Differentiable]
    public static double Beale(double x, double y)
    {
        double a = 1.5 - x + x * y;
        double b = 2.25 - x + x * y * y;
        double c = 2.625 - x + x * y * y * y;
        return a * a + b * b + c * c;
    }

    [Differentiable]
    public static double Booth(double x, double y) => Math.Pow(x + 2 * y - 7, 2) + Math.Pow(2 * x + y - 5, 2);

    [Differentiable]
    public static double Himmelblau(double x, double y)
    {
        var u = x * x + y - 11;
        var v = x + y * y - 7;
        return u * u + v * v;
    }

    [Differentiable]
    public static double Rastrigin(double x, double y) =>
        20 + x * x - 10 * Math.Cos(2 * Math.PI * x) + y * y - 10 * Math.Cos(2 * Math.PI * y);

    [Differentiable]
    public static double Ackley(double x, double y) =>
        -20 * Math.Exp(-0.2 * Math.Sqrt(0.5 * (x * x + y * y)))
        - Math.Exp(0.5 * (Math.Cos(2 * Math.PI * x) + Math.Cos(2 * Math.PI * y))) + Math.E + 20;

    [Differentiable]
    public static double Matyas(double x, double y) => 0.26 * (x * x + y * y) - 0.48 * x * y;

    [Differentiable]
    public static double ThreeHumpCamel(double x, double y) =>
        2 * x * x - 1.05 * Math.Pow(x, 4) + Math.Pow(x, 6) / 6 + x * y + y * y;
}

/// <summary>Finance and statistics.</summary>
public static partial class FinanceFunctions
{
    [Differentiable]
    public static double NormalCdf(double x)
    {
        // Abramowitz-Stegun 7.1.26 style rational approximation of erf, smooth in x.
        double t = 1 / (1 + 0.2316419 * Math.Abs(x));
        double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        double tail = Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI) * poly;
        return x >= 0 ? 1 - tail : tail;
    }

    [Differentiable]
    [SampleRange(0.5, 1.5)]
    public static double BlackScholesCall(double spot, double strike, double rate, double volatility, double time)
    {
        double sqrtT = Math.Sqrt(time);
        double d1 = (Math.Log(spot / strike) + (rate + volatility * volatility / 2) * time) / (volatility * sqrtT);
        double d2 = d1 - volatility * sqrtT;
        return spot * NormalCdf(d1) - strike * Math.Exp(-rate * time) * NormalCdf(d2);
    }

    [Differentiable]
    public static double Logistic(double x) => 1 / (1 + Math.Exp(-x));

    [Differentiable]
    public static double Softplus(double x) => x > 30 ? x : Math.Log(1 + Math.Exp(x));

    [Differentiable]
    public static double SoftplusChain(double x) => Softplus(Softplus(Softplus(x) - 1) * 2 - x);

    [Differentiable]
    public static double LogisticLoss(double w, double b, [NoDerivative] double feature, [NoDerivative] double label)
    {
        double p = Logistic(w * feature + b);
        return -(label * Math.Log(p) + (1 - label) * Math.Log(1 - p));
    }

    [Differentiable]
    public static double GaussianLogDensity(double x, double mean, [SampleRangeHint] double sigma) =>
        -0.5 * Math.Log(2 * Math.PI) - Math.Log(Math.Abs(sigma) + 0.5) - 0.5 * Math.Pow((x - mean) / (Math.Abs(sigma) + 0.5), 2);
}

/// <summary>Marks nothing; shows that other attributes on parameters are ignored.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class SampleRangeHintAttribute : Attribute
{
}
