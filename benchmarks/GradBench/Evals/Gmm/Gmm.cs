namespace AutoDiff.GradBench.Evals.Gmm;

/// <summary>
/// The <c>gmm</c> eval's objective (evals/gmm/README.md, "Implementation"): the log posterior of a Gaussian
/// mixture with a Wishart prior on the precision matrices, written as loops. Its gradient is the generated
/// <c>ObjectiveGradient</c>.
/// </summary>
public static partial class Gmm
{
    /// <summary>
    /// log p(X | θ, φ) + log p(θ). <paramref name="alpha"/> has k weights' logits; <paramref name="mu"/> the k
    /// means, <paramref name="q"/> the k log-diagonals and <paramref name="l"/> the k strictly lower triangles
    /// (column by column) of Q, each row-major; <paramref name="x"/> the n points of dimension d, row-major.
    /// </summary>
    [Differentiable]
    public static double Objective(
        ReadOnlySpan<double> alpha,
        ReadOnlySpan<double> mu,
        ReadOnlySpan<double> q,
        ReadOnlySpan<double> l,
        [NoDerivative] ReadOnlySpan<double> x,
        int d,
        [NoDerivative] double gamma,
        int m)
    {
        int k = alpha.Length;
        int n = x.Length / d;
        int triangle = d * (d - 1) / 2;
        Span<double> centered = stackalloc double[d];
        Span<double> qCentered = stackalloc double[d];
        Span<double> beta = stackalloc double[k];
        Span<double> sumQ = stackalloc double[k];

        for (int c = 0; c < k; c++)
        {
            double s = 0;
            for (int j = 0; j < d; j++)
            {
                s += q[(c * d) + j];
            }

            sumQ[c] = s;
        }

        // Σᵢ logsumexp(βᵢ), βᵢₖ = αₖ + Σⱼ qₖⱼ − ½‖Qₖ(xᵢ − μₖ)‖².
        double likelihood = 0;
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < k; c++)
            {
                for (int j = 0; j < d; j++)
                {
                    centered[j] = x[(i * d) + j] - mu[(c * d) + j];
                }

                for (int j = 0; j < d; j++)
                {
                    qCentered[j] = Math.Exp(q[(c * d) + j]) * centered[j];
                }

                int li = c * triangle;
                for (int j = 0; j < d; j++)
                {
                    for (int r = j + 1; r < d; r++)
                    {
                        qCentered[r] += l[li] * centered[j];
                        li++;
                    }
                }

                double norm = 0;
                for (int j = 0; j < d; j++)
                {
                    norm += qCentered[j] * qCentered[j];
                }

                beta[c] = alpha[c] + sumQ[c] - (0.5 * norm);
            }

            double max = beta[0];
            for (int c = 1; c < k; c++)
            {
                max = Math.Max(max, beta[c]);
            }

            double sum = 0;
            for (int c = 0; c < k; c++)
            {
                sum += Math.Exp(beta[c] - max);
            }

            likelihood += Math.Log(sum) + max;
        }

        double alphaMax = alpha[0];
        for (int c = 1; c < k; c++)
        {
            alphaMax = Math.Max(alphaMax, alpha[c]);
        }

        double alphaSum = 0;
        for (int c = 0; c < k; c++)
        {
            alphaSum += Math.Exp(alpha[c] - alphaMax);
        }

        double logSumExpAlpha = Math.Log(alphaSum) + alphaMax;

        // Wishart prior: −γ²/2 ‖Qₖ‖²_F + m Σⱼ qₖⱼ per component, plus a constant.
        double prior = 0;
        for (int c = 0; c < k; c++)
        {
            double frobenius = 0;
            for (int j = 0; j < d; j++)
            {
                double diagonal = Math.Exp(q[(c * d) + j]);
                frobenius += diagonal * diagonal;
            }

            for (int j = 0; j < triangle; j++)
            {
                frobenius += l[(c * triangle) + j] * l[(c * triangle) + j];
            }

            prior += (0.5 * gamma * gamma * frobenius) - (m * sumQ[c]);
        }

        int dof = d + m + 1;
        double constant = (dof * d * (Math.Log(gamma) - (0.5 * Math.Log(2)))) - LogGamma.Multivariate(0.5 * dof, d);
        return (-n * d * 0.5 * Math.Log(2 * Math.PI)) + likelihood - (n * logSumExpAlpha) - prior + (k * constant);
    }
}
