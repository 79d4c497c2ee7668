namespace AutoDiff.GradBench.Evals.Lse;

/// <summary>The <c>lse</c> eval's function (evals/lse/README.md): log Σ exp xᵢ with the max trick.</summary>
public static partial class Lse
{
    /// <summary>a + log Σᵢ exp(xᵢ − a), a = max x.</summary>
    [Differentiable]
    public static double LogSumExp(ReadOnlySpan<double> x)
    {
        double max = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            max = Math.Max(max, x[i]);
        }

        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += Math.Exp(x[i] - max);
        }

        return Math.Log(sum) + max;
    }
}
