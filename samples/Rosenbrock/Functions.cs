using AutoDiff;

namespace Samples;

/// <summary>Ordinary math, marked [Differentiable]: the generator adds XGradient and XDerivative beside each method.</summary>
public static partial class Functions
{
    /// <summary>The banana valley: minimum 0 at (1, 1), hard for plain gradient descent.</summary>
    // Hessian = true: also FHessian and FHessianVectorProduct (Newton's method below uses them).
    [Differentiable(Hessian = true)]
    public static double Rosenbrock(double x, double y)
    {
        double a = 1 - x;
        double b = y - x * x;
        return a * a + 100 * b * b;
    }

    /// <summary>A smooth ReLU, with a branch that keeps exp from overflowing.</summary>
    [Differentiable]
    public static double Softplus(double x) => x > 30 ? x : Math.Log(1 + Math.Exp(x));

    /// <summary>A one-neuron logistic loss; the feature and label are data, not inputs to differentiate.</summary>
    [Differentiable]
    public static double LogisticLoss(double w, double b, [NoDerivative] double feature, [NoDerivative] double label) =>
        Softplus(w * feature + b) - label * (w * feature + b);

    /// <summary>A damped spring's energy, in single precision.</summary>
    [Differentiable]
    public static float SpringEnergy(float position, float velocity, [NoDerivative] float stiffness) =>
        0.5f * stiffness * position * position + 0.5f * velocity * velocity * MathF.Exp(-0.1f * position);

    /// <summary>The n-dimensional Rosenbrock function: a loop over a span, minimum 0 at (1, ..., 1).</summary>
    [Differentiable(Hessian = true)]
    public static double RosenbrockN(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double a = 1 - x[i];
            double b = x[i + 1] - x[i] * x[i];
            sum += a * a + 100 * b * b;
        }

        return sum;
    }
}
