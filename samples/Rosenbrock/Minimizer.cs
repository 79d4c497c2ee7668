namespace Samples;

/// <summary>BFGS with a backtracking line search, on a function of two variables and its gradient.</summary>
public static class Minimizer
{
    public delegate double GradientFunction(double x, double y, out double dx, out double dy);

    public static (double X, double Y, int Iterations) Minimize(
        GradientFunction f, double x, double y, int maxIterations, double tolerance, Action<int, double, double, double, double>? progress = null)
    {
        // Inverse Hessian estimate, starting from the identity.
        double h11 = 1, h12 = 0, h22 = 1;
        double value = f(x, y, out double gx, out double gy);
        for (int iteration = 1; iteration <= maxIterations; iteration++)
        {
            double gradientNorm = Math.Sqrt((gx * gx) + (gy * gy));
            progress?.Invoke(iteration, x, y, value, gradientNorm);
            if (gradientNorm < tolerance)
            {
                return (x, y, iteration);
            }

            double px = -((h11 * gx) + (h12 * gy));
            double py = -((h12 * gx) + (h22 * gy));
            double slope = (px * gx) + (py * gy);
            if (slope >= 0)
            {
                // Not a descent direction: fall back to steepest descent and reset the estimate.
                (px, py, slope, h11, h12, h22) = (-gx, -gy, -(gradientNorm * gradientNorm), 1, 0, 1);
            }

            double step = 1, nx, ny, next, ngx, ngy;
            while (true)
            {
                nx = x + (step * px);
                ny = y + (step * py);
                next = f(nx, ny, out ngx, out ngy);
                if (next <= value + (1e-4 * step * slope) || step < 1e-12)
                {
                    break;
                }

                step *= 0.5;
            }

            // BFGS update of the inverse Hessian from s = Δposition, q = Δgradient.
            double sx = nx - x, sy = ny - y, qx = ngx - gx, qy = ngy - gy;
            double sq = (sx * qx) + (sy * qy);
            if (sq > 1e-12)
            {
                double hqx = (h11 * qx) + (h12 * qy), hqy = (h12 * qx) + (h22 * qy);
                double qhq = (qx * hqx) + (qy * hqy);
                double scale = (sq + qhq) / (sq * sq);
                h11 += (scale * sx * sx) - (2 * hqx * sx / sq);
                h12 += (scale * sx * sy) - (((hqx * sy) + (hqy * sx)) / sq);
                h22 += (scale * sy * sy) - (2 * hqy * sy / sq);
            }

            (x, y, value, gx, gy) = (nx, ny, next, ngx, ngy);
        }

        return (x, y, maxIterations);
    }
}
