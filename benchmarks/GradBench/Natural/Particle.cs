// Natural form, not compiled (see docs/gradbench.md, "Generator gaps"): the particle eval as a user would write it,
// a [Differentiable] Euler integration that calls the generated gradient (or derivative) of the potential. The
// four variants differ in the inner call (PotentialGradient: reverse; two PotentialDerivative calls: forward) and
// in the outer derivative the gradient descent uses (MissGradient: reverse; MissDerivative: forward).
namespace AutoDiff.GradBench.Natural.Particle;

public static partial class Particle
{
    // The electric potential at (x, y) of unit charges at (10, 10 − w) and (10, 0).
    [Differentiable]
    public static double Potential(double x, double y, [NoDerivative] double w) =>
        (1 / Math.Sqrt(((x - 10) * (x - 10)) + ((y - (10 - w)) * (y - (10 - w)))))
        + (1 / Math.Sqrt(((x - 10) * (x - 10)) + (y * y)));

    // x₀(t_f)²: Euler steps of the particle under the force −∇p until it crosses the x axis (inner reverse mode).
    [Differentiable]
    public static double MissR(double w)
    {
        double x = 0;
        double y = 8;
        double vx = 0.75;
        double vy = 0;
        const double dt = 0.1;
        while (true)
        {
            PotentialGradient(x, y, w, out double ax, out double ay);
            x += dt * vx;
            y += dt * vy;
            if (y <= 0)
            {
                double dtf = -y / vy;
                double xf = x + (dtf * vx);
                return xf * xf;
            }

            vx -= dt * ax;
            vy -= dt * ay;
        }
    }

    // The same with the inner force from forward mode, one direction per coordinate.
    [Differentiable]
    public static double MissF(double w)
    {
        double x = 0;
        double y = 8;
        double vx = 0.75;
        double vy = 0;
        const double dt = 0.1;
        while (true)
        {
            PotentialDerivative(x, y, w, 1, 0, out double ax);
            PotentialDerivative(x, y, w, 0, 1, out double ay);
            x += dt * vx;
            y += dt * vy;
            if (y <= 0)
            {
                double dtf = -y / vy;
                double xf = x + (dtf * vx);
                return xf * xf;
            }

            vx -= dt * ax;
            vy -= dt * ay;
        }
    }

    // The gradient descent then calls MissRGradient (rr), MissFGradient (rf), MissRDerivative (fr) or
    // MissFDerivative (ff) as the derivative of the function it minimises.
}
