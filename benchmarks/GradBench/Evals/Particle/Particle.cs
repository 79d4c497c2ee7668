namespace AutoDiff.GradBench.Evals.Particle;

/// <summary>
/// The <c>particle</c> eval (evals/particle/README.md): a unit charge starting at (0, 8) with velocity (0.75, 0) moves
/// in the field of unit charges at (10, 10 − w) and (10, 0) (Euler steps of 0.1); w is chosen by gradient descent so
/// that it crosses the x axis at the origin. The derivative with respect to w differentiates through a loop whose
/// every step takes the gradient of the potential: nested differentiation.
/// </summary>
/// <remarks>
/// <b>Temporary form.</b> The natural form, a [Differentiable] Euler loop that calls the generated
/// <c>PotentialGradient</c> (or <c>PotentialDerivative</c>), gets no derivatives from today's generator
/// (benchmarks/GradBench/Natural/Particle.cs; docs/gradbench.md, "Generator gaps"). Until it does, the force's
/// components are ordinary methods calling the generated inner derivative (<c>ForceXR</c>, ... below), and each has
/// <c>[DerivativeOf]</c> partials that call the generated Hessian-vector product of the potential, so the outer
/// [Differentiable] loop (<c>MissRFlat</c>, <c>MissFFlat</c>) can call them. Every derivative is still generated;
/// the inner derivative's own derivative is always forward over reverse.
/// </remarks>
public static partial class Particle
{
    private const double TimeStep = 0.1;

    /// <summary>The potential at (x, y): 1/|(x, y) − (10, 10 − w)| + 1/|(x, y) − (10, 0)|.</summary>
    [Differentiable]
    public static double Potential(double x, double y, double w) =>
        (1 / Math.Sqrt(((x - 10) * (x - 10)) + ((y - (10 - w)) * (y - (10 - w)))))
        + (1 / Math.Sqrt(((x - 10) * (x - 10)) + (y * y)));

    /// <summary>x₀(t_f)², the force from the inner reverse mode (<see cref="ForceXR"/>, <see cref="ForceYR"/>).</summary>
    [Differentiable]
    public static double MissRFlat(double w)
    {
        double x = 0;
        double y = 8;
        double vx = 0.75;
        double vy = 0;
        while (true)
        {
            double ax = ForceXR(x, y, w);
            double ay = ForceYR(x, y, w);
            x += TimeStep * vx;
            y += TimeStep * vy;
            if (y <= 0)
            {
                double finalStep = -y / vy;
                double xf = x + (finalStep * vx);
                return xf * xf;
            }

            vx += TimeStep * ax;
            vy += TimeStep * ay;
        }
    }

    /// <summary>x₀(t_f)², the force from the inner forward mode (<see cref="ForceXF"/>, <see cref="ForceYF"/>).</summary>
    [Differentiable]
    public static double MissFFlat(double w)
    {
        double x = 0;
        double y = 8;
        double vx = 0.75;
        double vy = 0;
        while (true)
        {
            double ax = ForceXF(x, y, w);
            double ay = ForceYF(x, y, w);
            x += TimeStep * vx;
            y += TimeStep * vy;
            if (y <= 0)
            {
                double finalStep = -y / vy;
                double xf = x + (finalStep * vx);
                return xf * xf;
            }

            vx += TimeStep * ax;
            vy += TimeStep * ay;
        }
    }

    /// <summary>−∂p/∂x by reverse mode.</summary>
    public static double ForceXR(double x, double y, double w)
    {
        PotentialGradient(x, y, w, out double dx, out _, out _);
        return -dx;
    }

    /// <summary>−∂p/∂y by reverse mode.</summary>
    public static double ForceYR(double x, double y, double w)
    {
        PotentialGradient(x, y, w, out _, out double dy, out _);
        return -dy;
    }

    /// <summary>−∂p/∂x by forward mode.</summary>
    public static double ForceXF(double x, double y, double w)
    {
        PotentialDerivative(x, y, w, 1, 0, 0, out double dx);
        return -dx;
    }

    /// <summary>−∂p/∂y by forward mode.</summary>
    public static double ForceYF(double x, double y, double w)
    {
        PotentialDerivative(x, y, w, 0, 1, 0, out double dy);
        return -dy;
    }

    /// <summary>The partials of −∂p/∂x: minus the Hessian's first row (temporary bridge, see the type's remarks).</summary>
    [DerivativeOf(typeof(Particle), nameof(ForceXR))]
    [DerivativeOf(typeof(Particle), nameof(ForceXF))]
    public static (double, double, double) ForceXPartials(double x, double y, double w)
    {
        PotentialHessianVectorProduct(x, y, w, 1, 0, 0, out double hx, out double hy, out double hw);
        return (-hx, -hy, -hw);
    }

    /// <summary>The partials of −∂p/∂y: minus the Hessian's second row (temporary bridge, see the type's remarks).</summary>
    [DerivativeOf(typeof(Particle), nameof(ForceYR))]
    [DerivativeOf(typeof(Particle), nameof(ForceYF))]
    public static (double, double, double) ForceYPartials(double x, double y, double w)
    {
        PotentialHessianVectorProduct(x, y, w, 0, 1, 0, out double hx, out double hy, out double hw);
        return (-hx, -hy, -hw);
    }
}
