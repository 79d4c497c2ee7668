namespace AutoDiff.Benchmarks.Functions;

/// <summary>
/// Gradients of <see cref="ScalarFunctions"/> written by hand, the way a careful programmer would:
/// shared subexpressions computed once, closed forms where they exist (Black-Scholes Greeks).
/// Signatures mirror the generated <c>FGradient</c>, so both are called the same way.
/// </summary>
public static class HandGradients
{
    public static double Rosenbrock(double x, double y, out double dx, out double dy)
    {
        double a = 1 - x;
        double b = y - (x * x);
        dx = (-2 * a) - (400 * b * x);
        dy = 200 * b;
        return (a * a) + (100 * b * b);
    }

    public static double Beale(double x, double y, out double dx, out double dy)
    {
        double y2 = y * y;
        double y3 = y2 * y;
        double a = 1.5 - x + (x * y);
        double b = 2.25 - x + (x * y2);
        double c = 2.625 - x + (x * y3);
        dx = 2 * ((a * (y - 1)) + (b * (y2 - 1)) + (c * (y3 - 1)));
        dy = 2 * x * (a + (2 * b * y) + (3 * c * y2));
        return (a * a) + (b * b) + (c * c);
    }

    public static double Himmelblau(double x, double y, out double dx, out double dy)
    {
        double a = (x * x) + y - 11;
        double b = x + (y * y) - 7;
        dx = (4 * a * x) + (2 * b);
        dy = (2 * a) + (4 * b * y);
        return (a * a) + (b * b);
    }

    public static double Ackley(double x, double y, out double dx, out double dy)
    {
        const double TwoPi = 2 * Math.PI;
        double r = Math.Sqrt(0.5 * ((x * x) + (y * y)));
        double e1 = Math.Exp(-0.2 * r);
        (double sinX, double cosX) = Math.SinCos(TwoPi * x);
        (double sinY, double cosY) = Math.SinCos(TwoPi * y);
        double e2 = Math.Exp(0.5 * (cosX + cosY));
        double radial = 2 * e1 / r;
        dx = (radial * x) + (Math.PI * e2 * sinX);
        dy = (radial * y) + (Math.PI * e2 * sinY);
        return (-20 * e1) - e2 + Math.E + 20;
    }

    public static double Logistic(double w0, double w1, double b, double x0, double x1, out double dw0, out double dw1, out double db)
    {
        double s = 1 / (1 + Math.Exp(-((w0 * x0) + (w1 * x1) + b)));
        double slope = s * (1 - s);
        dw0 = slope * x0;
        dw1 = slope * x1;
        db = slope;
        return s;
    }

    public static double SoftplusChain(double x, double y, out double dx, out double dy)
    {
        // softplus(u) = log(1 + e^u), softplus'(u) = e^u / (1 + e^u).
        double e1 = Math.Exp(x + y);
        double s1 = Math.Log(1 + e1);
        double e2 = Math.Exp(y * s1);
        double s2 = Math.Log(1 + e2);
        double e3 = Math.Exp(x * s2);
        double s3 = Math.Log(1 + e3);

        double u3 = e3 / (1 + e3);
        double u2 = u3 * x * e2 / (1 + e2);
        double u1 = u2 * y * e1 / (1 + e1);
        dx = (u3 * s2) + u1;
        dy = (u2 * s1) + u1;
        return s3;
    }

    public static double LennardJones(double x1, double y1, double x2, double y2, out double dx1, out double dy1, out double dx2, out double dy2)
    {
        double dx = x1 - x2;
        double dy = y1 - y2;
        double inv2 = 1 / ((dx * dx) + (dy * dy));
        double inv6 = inv2 * inv2 * inv2;

        // dE/d(r²) = −12·inv6·inv2·(2·inv6 − 1); d(r²)/dx1 = 2·dx.
        double scale = -24 * inv6 * inv2 * ((2 * inv6) - 1);
        dx1 = scale * dx;
        dy1 = scale * dy;
        dx2 = -dx1;
        dy2 = -dy1;
        return 4 * ((inv6 * inv6) - inv6);
    }

    public static double StyblinskiTang(double a, double b, double c, double d, out double da, out double db, out double dc, out double dd)
    {
        double sa = a * a;
        double sb = b * b;
        double sc = c * c;
        double sd = d * d;
        da = (2 * sa * a) - (16 * a) + 2.5;
        db = (2 * sb * b) - (16 * b) + 2.5;
        dc = (2 * sc * c) - (16 * c) + 2.5;
        dd = (2 * sd * d) - (16 * d) + 2.5;
        return 0.5 * ((sa * sa) - (16 * sa) + (5 * a) + (sb * sb) - (16 * sb) + (5 * b)
            + (sc * sc) - (16 * sc) + (5 * c) + (sd * sd) - (16 * sd) + (5 * d));
    }

    /// <summary>The price and its closed-form Greeks (delta, ∂/∂strike, ∂/∂expiry, rho, vega).</summary>
    public static double BlackScholesCall(
        double spot, double strike, double expiry, double rate, double volatility,
        out double dSpot, out double dStrike, out double dExpiry, out double dRate, out double dVolatility)
    {
        double root = Math.Sqrt(expiry);
        double volRoot = volatility * root;
        double d1 = (Math.Log(spot / strike) + ((rate + (0.5 * volatility * volatility)) * expiry)) / volRoot;
        double d2 = d1 - volRoot;
        double n1 = Normal.Cdf(d1);
        double n2 = Normal.Cdf(d2);
        double discount = Math.Exp(-rate * expiry);
        double spotDensity = spot * Normal.Pdf(d1);

        dSpot = n1;
        dStrike = -discount * n2;
        dExpiry = (spotDensity * volatility / (2 * root)) + (rate * strike * discount * n2);
        dRate = strike * expiry * discount * n2;
        dVolatility = spotDensity * root;
        return (spot * n1) - (strike * discount * n2);
    }
}
