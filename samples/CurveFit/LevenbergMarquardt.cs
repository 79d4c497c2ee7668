namespace CurveFit;

/// <summary>
/// Levenberg–Marquardt for small least-squares problems: solve (JᵀJ + λ·diag(JᵀJ))·δ = −Jᵀr and move
/// when the sum of squares drops, shrinking λ (towards Gauss–Newton), else grow λ (towards gradient descent).
/// </summary>
public static class LevenbergMarquardt
{
    /// <summary>Fills the residuals and the row-major Jacobian (residuals × parameters) at the parameters.</summary>
    public delegate void JacobianFunction(ReadOnlySpan<double> parameters, Span<double> residuals, Span<double> jacobian);

    public static int Fit(
        JacobianFunction model, Span<double> parameters, int residualCount, int maxIterations, Action<int, double, double> progress)
    {
        int n = parameters.Length;
        var r = new double[residualCount];
        var j = new double[residualCount * n];
        var trialR = new double[residualCount];
        var trialJ = new double[residualCount * n];
        var trial = new double[n];
        double lambda = 1e-3;
        model(parameters, r, j);
        double cost = SumOfSquares(r);
        for (int iteration = 1; iteration <= maxIterations; iteration++)
        {
            // Normal equations: A = JᵀJ, g = Jᵀr.
            var a = new double[n, n];
            var g = new double[n];
            for (int row = 0; row < residualCount; row++)
            {
                for (int k = 0; k < n; k++)
                {
                    g[k] += j[(row * n) + k] * r[row];
                    for (int l = 0; l < n; l++)
                    {
                        a[k, l] += j[(row * n) + k] * j[(row * n) + l];
                    }
                }
            }

            double[] step = Solve(a, g, lambda);
            for (int k = 0; k < n; k++)
            {
                trial[k] = parameters[k] - step[k];
            }

            model(trial, trialR, trialJ);
            double trialCost = SumOfSquares(trialR);
            if (trialCost < cost)
            {
                trial.CopyTo(parameters);
                (r, trialR) = (trialR, r);
                (j, trialJ) = (trialJ, j);
                double improvement = cost - trialCost;
                cost = trialCost;
                lambda = Math.Max(lambda / 3, 1e-12);
                progress(iteration, cost, lambda);
                if (improvement < 1e-14 * (1 + cost))
                {
                    return iteration;
                }
            }
            else
            {
                lambda *= 4;
            }
        }

        return maxIterations;
    }

    private static double SumOfSquares(double[] values) => values.Sum(v => v * v);

    /// <summary>Solves (A + λ·diag(A))·x = g by Gaussian elimination with partial pivoting (n is tiny).</summary>
    private static double[] Solve(double[,] a, double[] g, double lambda)
    {
        int n = g.Length;
        var m = new double[n, n + 1];
        for (int k = 0; k < n; k++)
        {
            for (int l = 0; l < n; l++)
            {
                m[k, l] = a[k, l] + (k == l ? lambda * a[k, k] : 0);
            }

            m[k, n] = g[k];
        }

        for (int col = 0; col < n; col++)
        {
            int pivot = Enumerable.Range(col, n - col).MaxBy(row => Math.Abs(m[row, col]));
            for (int l = 0; l <= n; l++)
            {
                (m[col, l], m[pivot, l]) = (m[pivot, l], m[col, l]);
            }

            for (int row = col + 1; row < n; row++)
            {
                double factor = m[row, col] / m[col, col];
                for (int l = col; l <= n; l++)
                {
                    m[row, l] -= factor * m[col, l];
                }
            }
        }

        var x = new double[n];
        for (int row = n - 1; row >= 0; row--)
        {
            double sum = m[row, n];
            for (int l = row + 1; l < n; l++)
            {
                sum -= m[row, l] * x[l];
            }

            x[row] = sum / m[row, row];
        }

        return x;
    }
}
