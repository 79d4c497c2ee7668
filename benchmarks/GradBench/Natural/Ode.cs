// Natural form, not compiled (see docs/gradbench.md, "Generator gaps"): the ode solver with the right-hand side as
// a helper, and the stages as Span<double> locals. Evals/Ode/Ode.cs writes the helper out four times and declares
// the stages as double[].
namespace AutoDiff.GradBench.Natural.Ode;

public static partial class Ode
{
    [Differentiable]
    public static void Solve(ReadOnlySpan<double> x, int s, Span<double> y)
    {
        int n = x.Length;
        double h = 2.0 / s;
        Span<double> k1 = new double[n];
        Span<double> k2 = new double[n];
        Span<double> k3 = new double[n];
        Span<double> k4 = new double[n];
        Span<double> yTemp = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = 0;
        }

        for (int step = 0; step < s; step++)
        {
            Rate(x, y, k1);
            for (int i = 0; i < n; i++)
            {
                yTemp[i] = y[i] + (h * k1[i] / 2);
            }

            Rate(x, yTemp, k2);
            for (int i = 0; i < n; i++)
            {
                yTemp[i] = y[i] + (h * k2[i] / 2);
            }

            Rate(x, yTemp, k3);
            for (int i = 0; i < n; i++)
            {
                yTemp[i] = y[i] + (h * k3[i]);
            }

            Rate(x, yTemp, k4);
            for (int i = 0; i < n; i++)
            {
                y[i] += h * (k1[i] + (2 * k2[i]) + (2 * k3[i]) + k4[i]) / 6;
            }
        }
    }

    // The right-hand side: z₀ = x₀, zᵢ = xᵢ yᵢ₋₁.
    [Differentiable]
    public static void Rate(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> z)
    {
        z[0] = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            z[i] = x[i] * y[i - 1];
        }
    }
}
