namespace Samples;

/// <summary>
/// Newton's method with the generated Hessian: solve H·p = -g by Cholesky, adding a multiple of the
/// identity while H is not positive definite (far from the minimum it often is not), then backtrack
/// along p until the function decreases.
/// </summary>
public static class Newton
{
    /// <summary>Writes the gradient at x and returns the value.</summary>
    public delegate double Gradient(ReadOnlySpan<double> x, Span<double> gradient);

    /// <summary>Writes the Hessian at x (row-major) and returns the value.</summary>
    public delegate double Hessian(ReadOnlySpan<double> x, Span<double> hessian);

    public static int Minimize(
        Gradient gradient, Hessian hessian, Span<double> x, int maxIterations, double tolerance, Action<int, double, double, double>? progress = null)
    {
        int n = x.Length;
        var g = new double[n];
        var h = new double[n * n];
        var step = new double[n];
        var trial = new double[n];
        for (int iteration = 1; iteration <= maxIterations; iteration++)
        {
            double value = gradient(x, g);
            double norm = Math.Sqrt(g.Sum(v => v * v));
            if (norm < tolerance)
            {
                progress?.Invoke(iteration, value, norm, 0);
                return iteration;
            }

            hessian(x, h);
            double shift = SolveShifted(h, g, step);
            progress?.Invoke(iteration, value, norm, shift);

            // Backtracking: halve the step until f decreases enough (Armijo condition).
            double slope = step.Zip(g, (s, d) => s * d).Sum();
            double t = 1;
            for (int k = 0; k < 40; k++, t /= 2)
            {
                for (int i = 0; i < n; i++)
                {
                    trial[i] = x[i] + (t * step[i]);
                }

                if (gradient(trial, g) <= value + (1e-4 * t * slope))
                {
                    break;
                }
            }

            trial.CopyTo(x);
        }

        return maxIterations;
    }

    /// <summary>Solves (H + μI)·p = -g with the smallest μ in 0, 1e-3·scale, 1e-2·scale, ... that makes the matrix positive definite; returns μ.</summary>
    private static double SolveShifted(double[] h, double[] g, double[] p)
    {
        int n = g.Length;
        double scale = Enumerable.Range(0, n).Max(i => Math.Abs(h[(i * n) + i])) + 1e-12;
        var l = new double[n * n];
        for (double shift = 0; ; shift = shift == 0 ? 1e-3 * scale : shift * 10)
        {
            if (Cholesky(h, shift, l))
            {
                // L·y = -g, then Lᵀ·p = y.
                for (int i = 0; i < n; i++)
                {
                    double s = -g[i];
                    for (int k = 0; k < i; k++)
                    {
                        s -= l[(i * n) + k] * p[k];
                    }

                    p[i] = s / l[(i * n) + i];
                }

                for (int i = n - 1; i >= 0; i--)
                {
                    double s = p[i];
                    for (int k = i + 1; k < n; k++)
                    {
                        s -= l[(k * n) + i] * p[k];
                    }

                    p[i] = s / l[(i * n) + i];
                }

                return shift;
            }
        }
    }

    private static bool Cholesky(double[] h, double shift, double[] l)
    {
        int n = (int)Math.Sqrt(h.Length);
        Array.Clear(l);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double s = h[(i * n) + j] + (i == j ? shift : 0);
                for (int k = 0; k < j; k++)
                {
                    s -= l[(i * n) + k] * l[(j * n) + k];
                }

                if (i == j)
                {
                    if (s <= 0)
                    {
                        return false;
                    }

                    l[(i * n) + i] = Math.Sqrt(s);
                }
                else
                {
                    l[(i * n) + j] = s / l[(j * n) + j];
                }
            }
        }

        return true;
    }
}
