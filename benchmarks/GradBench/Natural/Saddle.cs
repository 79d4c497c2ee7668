// Natural form, not compiled (see docs/gradbench.md, "Generator gaps"): the saddle eval as a user would write it.
// The outer objective max_y f(x, y) runs gradient ascent on y inside a [Differentiable] method, calling the
// generated gradient (or derivatives) of f with respect to y; the outer gradient descent then differentiates it.
namespace AutoDiff.GradBench.Natural.Saddle;

public static partial class Saddle
{
    // f(x, y) = (x₁² + y₁²) − (x₂² + y₂²), x = (x1, y1) the outer point, y = (x2, y2) the inner one.
    [Differentiable]
    public static double F([NoDerivative] double x1, [NoDerivative] double y1, double x2, double y2) =>
        ((x1 * x1) + (y1 * y1)) - ((x2 * x2) + (y2 * y2));

    // max over (x2, y2) of f, by GradBench's gradient descent on −f from start (gd.hpp), the inner gradient
    // from reverse mode.
    [Differentiable]
    public static double MaxR(double x1, double y1, [NoDerivative] double start1, [NoDerivative] double start2)
    {
        double a = start1;
        double b = start2;
        double fx = -F(x1, y1, a, b);
        FGradient(x1, y1, a, b, out double ga, out double gb);
        ga = -ga;
        gb = -gb;
        int i = 0;
        double eta = 1e-5;
        while (true)
        {
            if (Math.Sqrt((ga * ga) + (gb * gb)) <= 1e-5)
            {
                return -fx;
            }

            if (i == 10)
            {
                eta *= 2;
                i = 0;
            }
            else
            {
                double a2 = a - (eta * ga);
                double b2 = b - (eta * gb);
                if (Math.Sqrt(((a - a2) * (a - a2)) + ((b - b2) * (b - b2))) <= 1e-5)
                {
                    return -fx;
                }

                double fx2 = -F(x1, y1, a2, b2);
                if (fx2 < fx)
                {
                    a = a2;
                    b = b2;
                    fx = fx2;
                    FGradient(x1, y1, a, b, out ga, out gb);
                    ga = -ga;
                    gb = -gb;
                    i++;
                }
                else
                {
                    eta /= 2;
                    i = 0;
                }
            }
        }
    }

    // MaxF: the same with FDerivative(x1, y1, a, b, 1, 0, out ga) and FDerivative(x1, y1, a, b, 0, 1, out gb).
    // The outer gradient descent calls MaxRGradient (rr), MaxFGradient (rf), MaxRDerivative (fr) or
    // MaxFDerivative (ff).
}
