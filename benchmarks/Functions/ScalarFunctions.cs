using AutoDiff;

namespace AutoDiff.Benchmarks.Functions;

/// <summary>
/// The scalar suite: small closed-form functions of 1 to 5 inputs, differentiated by the generator.
/// Each has a twin named <c>…OnTape</c> with the same body and <see cref="DifferentiationStrategy.Tape"/>,
/// so the dynamic tape is measured exactly as the generator's fallback uses it (a <c>TapeScope</c> per call).
/// </summary>
public static partial class ScalarFunctions
{
    /// <summary>The Rosenbrock banana, minimum at (1, 1).</summary>
    [Differentiable]
    public static double Rosenbrock(double x, double y)
    {
        double a = 1 - x;
        double b = y - (x * x);
        return (a * a) + (100 * b * b);
    }

    [Differentiable(Strategy = DifferentiationStrategy.Tape)]
    public static double RosenbrockOnTape(double x, double y)
    {
        double a = 1 - x;
        double b = y - (x * x);
        return (a * a) + (100 * b * b);
    }

    /// <summary>Beale's function, minimum at (3, 0.5).</summary>
    [Differentiable]
    public static double Beale(double x, double y)
    {
        double a = 1.5 - x + (x * y);
        double b = 2.25 - x + (x * y * y);
        double c = 2.625 - x + (x * y * y * y);
        return (a * a) + (b * b) + (c * c);
    }

    [Differentiable(Strategy = DifferentiationStrategy.Tape)]
    public static double BealeOnTape(double x, double y)
    {
        double a = 1.5 - x + (x * y);
        double b = 2.25 - x + (x * y * y);
        double c = 2.625 - x + (x * y * y * y);
        return (a * a) + (b * b) + (c * c);
    }

    /// <summary>Himmelblau's function: four minima of value 0.</summary>
    [Differentiable]
    public static double Himmelblau(double x, double y)
    {
        double a = (x * x) + y - 11;
        double b = x + (y * y) - 7;
        return (a * a) + (b * b);
    }

    [Differentiable(Strategy = DifferentiationStrategy.Tape)]
    public static double HimmelblauOnTape(double x, double y)
    {
        double a = (x * x) + y - 11;
        double b = x + (y * y) - 7;
        return (a * a) + (b * b);
    }

    /// <summary>Ackley's function in two dimensions (square root, exponentials, cosines).</summary>
    [Differentiable]
    public static double Ackley(double x, double y)
    {
        double r = Math.Sqrt(0.5 * ((x * x) + (y * y)));
        double waves = 0.5 * (Math.Cos(2 * Math.PI * x) + Math.Cos(2 * Math.PI * y));
        return (-20 * Math.Exp(-0.2 * r)) - Math.Exp(waves) + Math.E + 20;
    }

    [Differentiable(Strategy = DifferentiationStrategy.Tape)]
    public static double AckleyOnTape(double x, double y)
    {
        double r = Math.Sqrt(0.5 * ((x * x) + (y * y)));
        double waves = 0.5 * (Math.Cos(2 * Math.PI * x) + Math.Cos(2 * Math.PI * y));
        return (-20 * Math.Exp(-0.2 * r)) - Math.Exp(waves) + Math.E + 20;
    }

    /// <summary>A logistic unit: the probability 1 / (1 + e^−(w·x + b)) for a two-feature input.</summary>
    [Differentiable]
    public static double Logistic(double w0, double w1, double b, [NoDerivative] double x0, [NoDerivative] double x1)
    {
        double z = (w0 * x0) + (w1 * x1) + b;
        return 1 / (1 + Math.Exp(-z));
    }

    [Differentiable(Strategy = DifferentiationStrategy.Tape)]
    public static double LogisticOnTape(double w0, double w1, double b, [NoDerivative] double x0, [NoDerivative] double x1)
    {
        double z = (w0 * x0) + (w1 * x1) + b;
        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>Three softplus layers, log(1 + e^u), composed with products of the two inputs.</summary>
    [Differentiable]
    public static double SoftplusChain(double x, double y)
    {
        double s1 = Math.Log(1 + Math.Exp(x + y));
        double s2 = Math.Log(1 + Math.Exp(y * s1));
        double s3 = Math.Log(1 + Math.Exp(x * s2));
        return s3;
    }

    [Differentiable(Strategy = DifferentiationStrategy.Tape)]
    public static double SoftplusChainOnTape(double x, double y)
    {
        double s1 = Math.Log(1 + Math.Exp(x + y));
        double s2 = Math.Log(1 + Math.Exp(y * s1));
        double s3 = Math.Log(1 + Math.Exp(x * s2));
        return s3;
    }

    /// <summary>The Lennard-Jones energy of two atoms in the plane (σ = ε = 1).</summary>
    [Differentiable]
    public static double LennardJones(double x1, double y1, double x2, double y2)
    {
        double dx = x1 - x2;
        double dy = y1 - y2;
        double inv2 = 1 / ((dx * dx) + (dy * dy));
        double inv6 = inv2 * inv2 * inv2;
        return 4 * ((inv6 * inv6) - inv6);
    }

    [Differentiable(Strategy = DifferentiationStrategy.Tape)]
    public static double LennardJonesOnTape(double x1, double y1, double x2, double y2)
    {
        double dx = x1 - x2;
        double dy = y1 - y2;
        double inv2 = 1 / ((dx * dx) + (dy * dy));
        double inv6 = inv2 * inv2 * inv2;
        return 4 * ((inv6 * inv6) - inv6);
    }

    /// <summary>The Styblinski-Tang function in four dimensions: Σ (x⁴ − 16x² + 5x) / 2.</summary>
    [Differentiable]
    public static double StyblinskiTang(double a, double b, double c, double d)
    {
        double sa = a * a;
        double sb = b * b;
        double sc = c * c;
        double sd = d * d;
        return 0.5 * ((sa * sa) - (16 * sa) + (5 * a) + (sb * sb) - (16 * sb) + (5 * b)
            + (sc * sc) - (16 * sc) + (5 * c) + (sd * sd) - (16 * sd) + (5 * d));
    }

    [Differentiable(Strategy = DifferentiationStrategy.Tape)]
    public static double StyblinskiTangOnTape(double a, double b, double c, double d)
    {
        double sa = a * a;
        double sb = b * b;
        double sc = c * c;
        double sd = d * d;
        return 0.5 * ((sa * sa) - (16 * sa) + (5 * a) + (sb * sb) - (16 * sb) + (5 * b)
            + (sc * sc) - (16 * sc) + (5 * c) + (sd * sd) - (16 * sd) + (5 * d));
    }

    /// <summary>
    /// The Black-Scholes price of a European call: spot, strike, years to expiry, rate, volatility.
    /// The normal CDF is a polynomial approximation with a declared derivative (the exact density).
    /// </summary>
    [Differentiable]
    public static double BlackScholesCall(double spot, double strike, double expiry, double rate, double volatility)
    {
        double root = Math.Sqrt(expiry);
        double d1 = (Math.Log(spot / strike) + ((rate + (0.5 * volatility * volatility)) * expiry)) / (volatility * root);
        double d2 = d1 - (volatility * root);
        return (spot * Normal.Cdf(d1)) - (strike * Math.Exp(-rate * expiry) * Normal.Cdf(d2));
    }
}
