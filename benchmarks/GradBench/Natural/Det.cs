// Natural form, not compiled (see docs/gradbench.md, "Generator gaps"): the local array is declared after the early
// return. The generator accepts it without a diagnostic, but the gradient it writes does not compile. Evals/Det/Det.cs
// declares the array before the return.
namespace AutoDiff.GradBench.Natural.Det;

public static partial class Det
{
    [Differentiable]
    public static double Determinant(ReadOnlySpan<double> a, int ell)
    {
        if (ell == 1)
        {
            return a[0];
        }

        int m = ell - 1;
        double[] minor = new double[m * m];
        double det = 0;
        double sign = 1;
        for (int j = 0; j < ell; j++)
        {
            for (int r = 0; r < m; r++)
            {
                for (int c = 0; c < m; c++)
                {
                    minor[(r * m) + c] = a[((r + 1) * ell) + (c < j ? c : c + 1)];
                }
            }

            det += sign * a[j] * Determinant(minor, m);
            sign = -sign;
        }

        return det;
    }
}
