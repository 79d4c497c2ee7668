namespace AutoDiff.GradBench.Evals.Particle;

/// <summary>
/// The <c>particle</c> eval (evals/particle/README.md): a unit charge starting at (0, 8) with velocity (0.75, 0) moves
/// in the field of unit charges at (10, 10 − w) and (10, 0) (Euler steps of 0.1); w is chosen by gradient descent so
/// that it crosses the x axis at the origin. The derivative with respect to w differentiates through a loop whose
/// every step takes the gradient of the potential: nested differentiation. Both loops call the potential's generated
/// derivative, as a user would: <see cref="MissR"/> its gradient (inner reverse mode), <see cref="MissF"/> two
/// directional derivatives (inner forward mode); their own generated gradient and derivative are the outer modes.
/// </summary>
public static partial class Particle
{
    private const double TimeStep = 0.1;

    /// <summary>The potential at (x, y): 1/|(x, y) − (10, 10 − w)| + 1/|(x, y) − (10, 0)|, w the first charge's offset.</summary>
    [Differentiable]
    public static double Potential(double x, double y, [NoDerivative] double w) =>
        (1 / Math.Sqrt(((x - 10) * (x - 10)) + ((y - (10 - w)) * (y - (10 - w)))))
        + (1 / Math.Sqrt(((x - 10) * (x - 10)) + (y * y)));

    /// <summary>x₀(t_f)², the force −∇p from the potential's generated gradient (inner reverse mode).</summary>
    [Differentiable]
    public static double MissR(double w)
    {
        double x = 0;
        double y = 8;
        double vx = 0.75;
        double vy = 0;
        while (true)
        {
            PotentialGradient(x, y, w, out double ax, out double ay);
            x += TimeStep * vx;
            y += TimeStep * vy;
            if (y <= 0)
            {
                double finalStep = -y / vy;
                double xf = x + (finalStep * vx);
                return xf * xf;
            }

            vx -= TimeStep * ax;
            vy -= TimeStep * ay;
        }
    }

    /// <summary>x₀(t_f)², the force from two generated directional derivatives of the potential (inner forward mode).</summary>
    [Differentiable]
    public static double MissF(double w)
    {
        double x = 0;
        double y = 8;
        double vx = 0.75;
        double vy = 0;
        while (true)
        {
            PotentialDerivative(x, y, w, 1, 0, out double ax);
            PotentialDerivative(x, y, w, 0, 1, out double ay);
            x += TimeStep * vx;
            y += TimeStep * vy;
            if (y <= 0)
            {
                double finalStep = -y / vy;
                double xf = x + (finalStep * vx);
                return xf * xf;
            }

            vx -= TimeStep * ax;
            vy -= TimeStep * ay;
        }
    }
}
