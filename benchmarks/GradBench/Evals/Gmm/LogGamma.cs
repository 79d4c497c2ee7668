namespace AutoDiff.GradBench.Evals.Gmm;

/// <summary>log Γ for the Wishart prior's normalising constant (.NET has no <c>lgamma</c>); never differentiated.</summary>
public static class LogGamma
{
    // Lanczos approximation, g = 7, n = 9 (about 15 significant digits for x > 0).
    private static readonly double[] Coefficients =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>log Γ(x) for x &gt; 0.</summary>
    public static double Of(double x)
    {
        if (x < 0.5)
        {
            // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - Of(1 - x);
        }

        x -= 1;
        double a = Coefficients[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++)
        {
            a += Coefficients[i] / (x + i);
        }

        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(a);
    }

    /// <summary>log Γ_p(a), the multivariate gamma function: p(p − 1)/4 · log π + Σⱼ₌₁..ₚ log Γ(a + (1 − j)/2).</summary>
    public static double Multivariate(double a, int p)
    {
        double result = 0.25 * p * (p - 1) * Math.Log(Math.PI);
        for (int j = 1; j <= p; j++)
        {
            result += Of(a + (0.5 * (1 - j)));
        }

        return result;
    }
}
