namespace AutoDiff.GradBench.Evals.Llsq;

/// <summary>The <c>llsq</c> eval's objective (evals/llsq/README.md): a polynomial least-squares fit of sign(t).</summary>
public static partial class Llsq
{
    /// <summary>½ Σᵢ (sᵢ − Σⱼ xⱼ tᵢʲ)², tᵢ = −1 + 2i/(n − 1), sᵢ = sign(tᵢ), for i &lt; n.</summary>
    [Differentiable]
    public static double Objective(ReadOnlySpan<double> x, int n)
    {
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double t = -1 + (i * 2.0 / (n - 1));
            double residual = Math.Sign(t);
            double power = 1;
            for (int j = 0; j < x.Length; j++)
            {
                residual -= x[j] * power;
                power *= t;
            }

            sum += residual * residual;
        }

        return sum / 2;
    }
}
