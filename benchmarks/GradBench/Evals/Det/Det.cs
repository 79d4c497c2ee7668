namespace AutoDiff.GradBench.Evals.Det;

/// <summary>The <c>det</c> eval's function (evals/det/README.md): the determinant by expansion by minors.</summary>
public static partial class Det
{
    /// <summary>det A for the row-major <paramref name="ell"/> × <paramref name="ell"/> matrix <paramref name="a"/>, expanding along the first row.</summary>
    [Differentiable]
    public static double Determinant(ReadOnlySpan<double> a, int ell)
    {
        // Declared before the early return: declared after it, the generated gradient does not compile
        // (docs/gradbench.md, "Generator gaps").
        int m = ell - 1;
        double[] minor = new double[m * m];
        if (ell == 1)
        {
            return a[0];
        }

        double det = 0;
        double sign = 1;
        for (int j = 0; j < ell; j++)
        {
            // The minor without row 0 and column j.
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
