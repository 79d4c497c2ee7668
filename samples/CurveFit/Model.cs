using AutoDiff;

namespace CurveFit;

/// <summary>The model to fit, as residuals: the generator adds ResidualsJacobian, ResidualsJvp and ResidualsVjp.</summary>
public static partial class Model
{
    /// <summary>r[i] = y[i] − a·exp(−b·t[i]) + c, for parameters p = (a, b, c).</summary>
    [Differentiable]
    public static void Residuals(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> t, [NoDerivative] ReadOnlySpan<double> y, Span<double> r)
    {
        for (int i = 0; i < t.Length; i++)
        {
            r[i] = y[i] - (p[0] * Math.Exp(-p[1] * t[i]) + p[2]);
        }
    }
}
