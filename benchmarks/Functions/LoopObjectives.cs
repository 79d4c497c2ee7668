using AutoDiff;

namespace AutoDiff.Benchmarks.Functions;

/// <summary>
/// The loop suite: objectives over data sets written with plain loops, as a user would write them for
/// the generator. Parameters are one vector <c>p</c>; data is <c>[NoDerivative]</c>.
/// </summary>
public static partial class LoopObjectives
{
    /// <summary>
    /// Mean logistic loss log(1 + e^(−y·z)) of a linear classifier z = w·x + b; <c>p</c> is the d weights
    /// then the bias, <c>features</c> is n × d row-major, labels are ±1.
    /// </summary>
    [Differentiable]
    public static double LogisticRegression(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> features, [NoDerivative] ReadOnlySpan<double> labels)
    {
        int d = p.Length - 1;
        double loss = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double z = p[d];
            for (int j = 0; j < d; j++)
            {
                z += p[j] * features[(i * d) + j];
            }

            loss += Math.Log(1 + Math.Exp(-labels[i] * z));
        }

        return loss / labels.Length;
    }

    /// <summary>
    /// Mean negative log-likelihood (without the constant ½·log 2π) of 1-D data under a mixture of k
    /// Gaussians; <c>p</c> is the k means, the k log standard deviations, then the k weight logits.
    /// Per-component constants are computed once, before the data loop.
    /// </summary>
    [Differentiable]
    public static double GaussianMixture(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data)
    {
        int k = p.Length / 3;
        Span<double> inverseSigma = stackalloc double[k];
        Span<double> offset = stackalloc double[k];

        double weightSum = 0;
        for (int c = 0; c < k; c++)
        {
            weightSum += Math.Exp(p[(2 * k) + c]);
        }

        double logWeightSum = Math.Log(weightSum);
        for (int c = 0; c < k; c++)
        {
            inverseSigma[c] = Math.Exp(-p[k + c]);
            offset[c] = p[(2 * k) + c] - logWeightSum - p[k + c];
        }

        double total = 0;
        for (int i = 0; i < data.Length; i++)
        {
            double sum = 0;
            for (int c = 0; c < k; c++)
            {
                double z = (data[i] - p[c]) * inverseSigma[c];
                sum += Math.Exp(offset[c] - (0.5 * z * z));
            }

            total += Math.Log(sum);
        }

        return -total / data.Length;
    }

    /// <summary>
    /// Mean squared error of a d-h-1 network with one tanh hidden layer, written as loops; <c>p</c> holds
    /// the h × d first-layer weights (row-major), the h hidden biases, the h output weights, then the output bias.
    /// </summary>
    [Differentiable]
    public static double MlpLoss(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> inputs, [NoDerivative] ReadOnlySpan<double> targets)
    {
        int n = targets.Length;
        int d = inputs.Length / n;
        int h = (p.Length - 1) / (d + 2);
        int hiddenBias = h * d;
        int outputWeight = hiddenBias + h;
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            double output = p[p.Length - 1];
            for (int j = 0; j < h; j++)
            {
                double a = p[hiddenBias + j];
                for (int m = 0; m < d; m++)
                {
                    a += p[(j * d) + m] * inputs[(i * d) + m];
                }

                output += p[outputWeight + j] * Math.Tanh(a);
            }

            double r = output - targets[i];
            loss += r * r;
        }

        return loss / n;
    }

    /// <summary>
    /// Softened gravitational potential energy −Σ_{i&lt;j} mᵢmⱼ / √(|qᵢ − qⱼ|² + ε²) of particles at
    /// <c>positions</c> (x, y, z per particle); ε² = 0.01.
    /// </summary>
    [Differentiable]
    public static double NBodyEnergy(ReadOnlySpan<double> positions, [NoDerivative] ReadOnlySpan<double> masses)
    {
        double energy = 0;
        for (int i = 0; i < masses.Length; i++)
        {
            for (int j = i + 1; j < masses.Length; j++)
            {
                double dx = positions[3 * i] - positions[3 * j];
                double dy = positions[(3 * i) + 1] - positions[(3 * j) + 1];
                double dz = positions[(3 * i) + 2] - positions[(3 * j) + 2];
                energy -= masses[i] * masses[j] / Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz) + 0.01);
            }
        }

        return energy;
    }
}
