using AutoDiff;

namespace Samples;

public static partial class Functions
{
    [Differentiable]
    public static double Rosenbrock(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

    [Differentiable]
    public static double Softplus(double x) => x > 20 ? x : Math.Log(1 + Math.Exp(x));

    [Differentiable]
    public static double Branchy(double x, double y)
    {
        double z = x * y;
        if (z > 1)
        {
            z = Math.Sin(z) + y;
        }
        else
        {
            z *= 2;
        }

        if (x < -3)
        {
            return z;
        }

        return Softplus(z) * x;
    }
}
