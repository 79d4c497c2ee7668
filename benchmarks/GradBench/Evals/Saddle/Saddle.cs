namespace AutoDiff.GradBench.Evals.Saddle;

/// <summary>
/// The <c>saddle</c> eval (evals/saddle/README.md): min over p₁ of max over p₂ of f(p₁, p₂) = (x₁² + y₁²) − (x₂² + y₂²),
/// both by GradBench's gradient descent from the same start. The outer objective, max over p₂, runs gradient ascent
/// that calls f's generated gradient with respect to p₂ (<see cref="MaxR"/>, inner reverse mode) or two generated
/// directional derivatives (<see cref="MaxF"/>, inner forward mode), as a user would; the outer descent uses their own
/// generated gradient or derivative: nested differentiation.
/// </summary>
public static partial class Saddle
{
    /// <summary>f(p₁, p₂) = (x₁² + y₁²) − (x₂² + y₂²).</summary>
    /// <remarks>
    /// Every parameter is differentiable: the ascent also calls f itself, and the outer derivative must see p₁ there
    /// (<c>[NoDerivative]</c> would make those calls constants in p₁); the ascent discards the gradient's p₁ part.
    /// </remarks>
    [Differentiable]
    public static double F(double x1, double y1, double x2, double y2) =>
        ((x1 * x1) + (y1 * y1)) - ((x2 * x2) + (y2 * y2));

    /// <summary>max over p₂ of f(p₁, p₂) by gradient ascent from <paramref name="start1"/>, <paramref name="start2"/>, the slope from reverse mode.</summary>
    [Differentiable]
    public static double MaxR(double x1, double y1, [NoDerivative] double start1, [NoDerivative] double start2)
    {
        // gd.hpp's multivariate_argmax: descent on −f.
        double a = start1;
        double b = start2;
        double fx = -F(x1, y1, a, b);
        FGradient(x1, y1, a, b, out _, out _, out double ga, out double gb);
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
                double nextA = a - (eta * ga);
                double nextB = b - (eta * gb);
                if (Math.Sqrt(((a - nextA) * (a - nextA)) + ((b - nextB) * (b - nextB))) <= 1e-5)
                {
                    return -fx;
                }

                double fNext = -F(x1, y1, nextA, nextB);
                if (fNext < fx)
                {
                    a = nextA;
                    b = nextB;
                    fx = fNext;
                    FGradient(x1, y1, a, b, out _, out _, out ga, out gb);
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

    /// <summary>max over p₂ of f(p₁, p₂) by gradient ascent from <paramref name="start1"/>, <paramref name="start2"/>, the slope from forward mode, one direction per coordinate.</summary>
    [Differentiable]
    public static double MaxF(double x1, double y1, [NoDerivative] double start1, [NoDerivative] double start2)
    {
        // gd.hpp's multivariate_argmax: descent on −f.
        double a = start1;
        double b = start2;
        double fx = -F(x1, y1, a, b);
        FDerivative(x1, y1, a, b, 0, 0, 1, 0, out double ga);
        FDerivative(x1, y1, a, b, 0, 0, 0, 1, out double gb);
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
                double nextA = a - (eta * ga);
                double nextB = b - (eta * gb);
                if (Math.Sqrt(((a - nextA) * (a - nextA)) + ((b - nextB) * (b - nextB))) <= 1e-5)
                {
                    return -fx;
                }

                double fNext = -F(x1, y1, nextA, nextB);
                if (fNext < fx)
                {
                    a = nextA;
                    b = nextB;
                    fx = fNext;
                    FDerivative(x1, y1, a, b, 0, 0, 1, 0, out ga);
                    FDerivative(x1, y1, a, b, 0, 0, 0, 1, out gb);
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
}
