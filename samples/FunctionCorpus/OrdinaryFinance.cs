using AutoDiff;

namespace FunctionCorpus;

/// <summary>Quantitative finance as people write it: tuples of intermediate results, in parameters, params arrays, enums, models in classes.</summary>
public static partial class OrdinaryFinance
{
    /// <summary>The d₁ and d₂ of Black-Scholes, as a tuple.</summary>
    [Differentiable]
    [SampleRange(0.5, 1.5)]
    public static (double D1, double D2) BlackScholesD(double spot, double strike, double rate, double vol, double t)
    {
        double sqrtT = Math.Sqrt(t);
        double d1 = (Math.Log(spot / strike) + (rate + 0.5 * vol * vol) * t) / (vol * sqrtT);
        return (d1, d1 - vol * sqrtT);
    }

    /// <summary>A logistic approximation of the normal CDF.</summary>
    [Differentiable]
    public static double ApproxNormalCdf(double x) => 1 / (1 + Math.Exp(-1.702 * x));

    /// <summary>Black-Scholes call price, through the tuple-returning helper.</summary>
    [Differentiable]
    [SampleRange(0.5, 1.5)]
    public static double BlackScholesCall(double spot, double strike, double rate, double vol, double t)
    {
        var (d1, d2) = BlackScholesD(spot, strike, rate, vol, t);
        return spot * ApproxNormalCdf(d1) - strike * Math.Exp(-rate * t) * ApproxNormalCdf(d2);
    }

    /// <summary>Net present value of cash flows passed as a params array.</summary>
    [Differentiable]
    [SampleRange(0.05, 0.5)]
    public static double NetPresentValue(double rate, [SampleLength(6)] params double[] cashflows)
    {
        double npv = 0;
        double discount = 1;
        foreach (double cashflow in cashflows)
        {
            discount /= 1 + rate;
            npv += cashflow * discount;
        }

        return npv;
    }

    /// <summary>Forward price from inputs passed by reference (in, ref readonly).</summary>
    [Differentiable]
    [SampleRange(0.1, 1.5)]
    public static double ForwardPrice(in double spot, in double rate, ref readonly double dividend, double maturity) =>
        spot * Math.Exp((rate - dividend) * maturity);

    /// <summary>A smoothed call or put payoff; the kind is an enum (data, no [NoDerivative] needed).</summary>
    [Differentiable]
    [SampleRange(0.5, 1.5)]
    public static double SmoothPayoff(double spot, double strike, OptionKind kind, double smoothing)
    {
        double moneyness = kind == OptionKind.Call ? spot - strike : strike - spot;
        return smoothing * Math.Log(1 + Math.Exp(moneyness / smoothing));
    }

    /// <summary>Portfolio variance wᵀ Σ w with the covariance as a 2-D array (differentiated too: its gradient is a 2-D array).</summary>
    [Differentiable]
    public static double PortfolioVariance([SampleLength(3)] ReadOnlySpan<double> weights, [SampleShape(3, 3)] double[,] covariance)
    {
        double variance = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            for (int j = 0; j < weights.Length; j++)
            {
                variance += weights[i] * covariance[i, j] * weights[j];
            }
        }

        return variance;
    }

    /// <summary>Sorts two rates with a tuple swap before combining them.</summary>
    [Differentiable]
    public static double SortedSpread(double a, double b)
    {
        if (a > b)
        {
            (a, b) = (b, a);
        }

        return b - a + 0.1 * a * b;
    }
}

/// <summary>A Nelson-Siegel yield curve fitted to observed yields kept in fields: the fit error is an instance method.</summary>
public sealed partial class YieldCurveModel
{
    private readonly double[] _maturities = { 0.5, 1, 2, 5, 10 };
    private readonly double[] _observed = { 0.02, 0.022, 0.025, 0.03, 0.033 };

    public static YieldCurveModel Sample { get; } = new();

    /// <summary>The weight of the long end, a property read as data.</summary>
    public double LongEndWeight { get; } = 2.0;

    [Differentiable]
    [SampleRange(0.5, 1.5)]
    public double FitError(double beta0, double beta1, double tau)
    {
        double error = 0;
        for (int i = 0; i < _maturities.Length; i++)
        {
            double m = _maturities[i] / tau;
            double loading = (1 - Math.Exp(-m)) / m;
            double fitted = beta0 * 0.01 + beta1 * 0.01 * loading;
            double residual = fitted - _observed[i];
            error += (i == _maturities.Length - 1 ? LongEndWeight : 1.0) * residual * residual;
        }

        return error * 1e4;
    }
}
