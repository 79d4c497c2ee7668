namespace AutoDiff.GradBench.Evals.Ode;

/// <summary>
/// The <c>ode</c> eval's solver (evals/ode/README.md): y₀' = x₀, yᵢ' = xᵢ yᵢ₋₁, y(0) = 0, integrated to t = 2
/// with <c>s</c> steps of classical Runge-Kutta.
/// </summary>
public static partial class Ode
{
    /// <summary>Writes y(2) into <paramref name="y"/> (as long as <paramref name="x"/>).</summary>
    /// <remarks>
    /// The right-hand side f(y)₀ = x₀, f(y)ᵢ = xᵢ yᵢ₋₁ is written out four times: a call to a helper
    /// <c>void Rate(x, y, z)</c> is not differentiated yet (AD0004, docs/gradbench.md, "Generator gaps").
    /// </remarks>
    [Differentiable]
    public static void Solve(ReadOnlySpan<double> x, int s, Span<double> y)
    {
        int n = x.Length;
        double h = 2.0 / s;
        double[] k1 = new double[n];
        double[] k2 = new double[n];
        double[] k3 = new double[n];
        double[] k4 = new double[n];
        double[] yTemp = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = 0;
        }

        for (int step = 0; step < s; step++)
        {
            k1[0] = x[0];
            for (int i = 1; i < n; i++)
            {
                k1[i] = x[i] * y[i - 1];
            }

            for (int i = 0; i < n; i++)
            {
                yTemp[i] = y[i] + (h * k1[i] / 2);
            }

            k2[0] = x[0];
            for (int i = 1; i < n; i++)
            {
                k2[i] = x[i] * yTemp[i - 1];
            }

            for (int i = 0; i < n; i++)
            {
                yTemp[i] = y[i] + (h * k2[i] / 2);
            }

            k3[0] = x[0];
            for (int i = 1; i < n; i++)
            {
                k3[i] = x[i] * yTemp[i - 1];
            }

            for (int i = 0; i < n; i++)
            {
                yTemp[i] = y[i] + (h * k3[i]);
            }

            k4[0] = x[0];
            for (int i = 1; i < n; i++)
            {
                k4[i] = x[i] * yTemp[i - 1];
            }

            for (int i = 0; i < n; i++)
            {
                y[i] += h * (k1[i] + (2 * k2[i]) + (2 * k3[i]) + k4[i]) / 6;
            }
        }
    }
}
