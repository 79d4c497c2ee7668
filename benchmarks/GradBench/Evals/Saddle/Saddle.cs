namespace AutoDiff.GradBench.Evals.Saddle;

/// <summary>
/// The <c>saddle</c> eval (evals/saddle/README.md): min over p₁ of max over p₂ of f(p₁, p₂) = (x₁² + y₁²) − (x₂² + y₂²),
/// both by GradBench's gradient descent from the same start. The outer objective, max over p₂, runs gradient ascent
/// that takes f's gradient with respect to p₂, and the outer descent differentiates it: nested differentiation.
/// </summary>
/// <remarks>
/// <b>Temporary form.</b> The natural form, a [Differentiable] ascent loop that calls the generated <c>FGradient</c>
/// (or <c>FDerivative</c>), gets no derivatives from today's generator (benchmarks/GradBench/Natural/Saddle.cs;
/// docs/gradbench.md, "Generator gaps"). Until it does, the components of f's gradient with respect to p₂ are ordinary
/// methods calling the generated inner derivative (<c>SlopeXR</c>, ... below), each with <c>[DerivativeOf]</c> partials
/// that call the generated Hessian-vector product of f, so the [Differentiable] ascent loops (<c>MaxRFlat</c>,
/// <c>MaxFFlat</c>) can call them. Every derivative is still generated; the inner derivative's own derivative is
/// always forward over reverse.
/// </remarks>
public static partial class Saddle
{
    /// <summary>f(p₁, p₂) = (x₁² + y₁²) − (x₂² + y₂²).</summary>
    [Differentiable]
    public static double F(double x1, double y1, double x2, double y2) => ((x1 * x1) + (y1 * y1)) - ((x2 * x2) + (y2 * y2));

    /// <summary>max over p₂ of f(p₁, p₂) by gradient ascent from <paramref name="start1"/>, <paramref name="start2"/>, the slope from reverse mode.</summary>
    [Differentiable]
    public static double MaxRFlat(double x1, double y1, [NoDerivative] double start1, [NoDerivative] double start2)
    {
        // gd.hpp's multivariate_argmax: descent on −f.
        double a = start1;
        double b = start2;
        double fx = -F(x1, y1, a, b);
        double ga = -SlopeXR(x1, y1, a, b);
        double gb = -SlopeYR(x1, y1, a, b);
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
                    ga = -SlopeXR(x1, y1, a, b);
                    gb = -SlopeYR(x1, y1, a, b);
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

    /// <summary>max over p₂ of f(p₁, p₂) by gradient ascent from <paramref name="start1"/>, <paramref name="start2"/>, the slope from forward mode.</summary>
    [Differentiable]
    public static double MaxFFlat(double x1, double y1, [NoDerivative] double start1, [NoDerivative] double start2)
    {
        double a = start1;
        double b = start2;
        double fx = -F(x1, y1, a, b);
        double ga = -SlopeXF(x1, y1, a, b);
        double gb = -SlopeYF(x1, y1, a, b);
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
                    ga = -SlopeXF(x1, y1, a, b);
                    gb = -SlopeYF(x1, y1, a, b);
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

    /// <summary>∂f/∂x₂ by reverse mode.</summary>
    public static double SlopeXR(double x1, double y1, double x2, double y2)
    {
        FGradient(x1, y1, x2, y2, out _, out _, out double d, out _);
        return d;
    }

    /// <summary>∂f/∂y₂ by reverse mode.</summary>
    public static double SlopeYR(double x1, double y1, double x2, double y2)
    {
        FGradient(x1, y1, x2, y2, out _, out _, out _, out double d);
        return d;
    }

    /// <summary>∂f/∂x₂ by forward mode.</summary>
    public static double SlopeXF(double x1, double y1, double x2, double y2)
    {
        FDerivative(x1, y1, x2, y2, 0, 0, 1, 0, out double d);
        return d;
    }

    /// <summary>∂f/∂y₂ by forward mode.</summary>
    public static double SlopeYF(double x1, double y1, double x2, double y2)
    {
        FDerivative(x1, y1, x2, y2, 0, 0, 0, 1, out double d);
        return d;
    }

    /// <summary>The partials of ∂f/∂x₂: the Hessian's third row (temporary bridge, see the type's remarks).</summary>
    [DerivativeOf(typeof(Saddle), nameof(SlopeXR))]
    [DerivativeOf(typeof(Saddle), nameof(SlopeXF))]
    public static (double, double, double, double) SlopeXPartials(double x1, double y1, double x2, double y2)
    {
        FHessianVectorProduct(x1, y1, x2, y2, 0, 0, 1, 0, out double h1, out double h2, out double h3, out double h4);
        return (h1, h2, h3, h4);
    }

    /// <summary>The partials of ∂f/∂y₂: the Hessian's fourth row (temporary bridge, see the type's remarks).</summary>
    [DerivativeOf(typeof(Saddle), nameof(SlopeYR))]
    [DerivativeOf(typeof(Saddle), nameof(SlopeYF))]
    public static (double, double, double, double) SlopeYPartials(double x1, double y1, double x2, double y2)
    {
        FHessianVectorProduct(x1, y1, x2, y2, 0, 0, 0, 1, out double h1, out double h2, out double h3, out double h4);
        return (h1, h2, h3, h4);
    }
}
