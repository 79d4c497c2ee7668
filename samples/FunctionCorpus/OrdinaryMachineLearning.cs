using AutoDiff;

namespace FunctionCorpus;

/// <summary>Machine learning as people write it: jagged arrays of vectors, 2-D weight matrices, labels as bool[], delegates.</summary>
public static partial class OrdinaryMachineLearning
{
    /// <summary>
    /// Self-attention over a sequence of query vectors (a jagged array, differentiated: its gradient is a jagged array
    /// of the same shape), with keys and values as data.
    /// </summary>
    [Differentiable]
    [SampleRange(-1, 1)]
    public static double AttentionLoss(
        [SampleShape(3, 2)] double[][] queries, [NoDerivative][SampleShape(3, 2)] double[][] keys, [NoDerivative][SampleShape(3, 2)] double[][] values)
    {
        int n = queries.Length, d = queries[0].Length;
        double scale = 1 / Math.Sqrt(d);
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            double max = double.NegativeInfinity;
            for (int k = 0; k < keys.Length; k++)
            {
                double score = 0;
                for (int j = 0; j < d; j++)
                {
                    score += queries[i][j] * keys[k][j];
                }

                max = Math.Max(max, score * scale);
            }

            double sum = 0, output = 0;
            for (int k = 0; k < keys.Length; k++)
            {
                double score = 0;
                for (int j = 0; j < d; j++)
                {
                    score += queries[i][j] * keys[k][j];
                }

                double weight = Math.Exp(score * scale - max);
                sum += weight;
                output += weight * values[k][0];
            }

            double attended = output / sum;
            loss += attended * attended;
        }

        return loss;
    }

    /// <summary>Squared error of a dense tanh layer whose weights are a 2-D array (gradient of the same shape).</summary>
    [Differentiable]
    [SampleRange(-1, 1)]
    public static double DenseLayerLoss(
        [SampleShape(3, 2)] double[,] weights,
        [SampleLength(3)] ReadOnlySpan<double> bias,
        [NoDerivative][SampleLength(2)] ReadOnlySpan<double> input,
        [NoDerivative][SampleLength(3)] ReadOnlySpan<double> target)
    {
        double loss = 0;
        for (int i = 0; i < weights.GetLength(0); i++)
        {
            double z = bias[i];
            for (int j = 0; j < weights.GetLength(1); j++)
            {
                z += weights[i, j] * input[j];
            }

            double error = Math.Tanh(z) - target[i];
            loss += error * error;
        }

        return loss;
    }

    /// <summary>Logistic loss with labels as a bool[] and features as a 2-D array.</summary>
    [Differentiable]
    public static double BoolLabelLogLoss([SampleLength(2)] ReadOnlySpan<double> w, [NoDerivative][SampleShape(6, 2)] double[,] features, [SampleLength(6)] bool[] labels)
    {
        double loss = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double z = w[0] * features[i, 0] + w[1] * features[i, 1];
            double y = labels[i] ? 1 : -1;
            loss += Math.Log(1 + Math.Exp(-y * z));
        }

        return loss / labels.Length;
    }

    /// <summary>A kernel ridge penalty where each coefficient's weight comes from a delegate (data).</summary>
    [Differentiable]
    public static double WeightedRidgePenalty([SampleLength(5)] ReadOnlySpan<double> coefficients, Func<int, double> weightOf, double lambda)
    {
        double penalty = 0;
        for (int i = 0; i < coefficients.Length; i++)
        {
            penalty += weightOf(i) * coefficients[i] * coefficients[i];
        }

        return lambda * lambda * penalty;
    }

    /// <summary>Soft dynamic time warping between two sequences, its table a local 2-D array.</summary>
    [Differentiable]
    [SampleRange(0.5, 1.5)]
    public static double SoftDtw([SampleLength(4)] ReadOnlySpan<double> x, [NoDerivative][SampleLength(3)] ReadOnlySpan<double> y, double gamma)
    {
        int n = x.Length, m = y.Length;
        var r = new double[n + 1, m + 1];
        for (int i = 0; i <= n; i++)
        {
            for (int j = 0; j <= m; j++)
            {
                r[i, j] = 1e3;
            }
        }

        r[0, 0] = 0;
        for (int i = 1; i <= n; i++)
        {
            for (int j = 1; j <= m; j++)
            {
                double cost = (x[i - 1] - y[j - 1]) * (x[i - 1] - y[j - 1]);
                double a = -r[i - 1, j] / gamma, b = -r[i, j - 1] / gamma, c = -r[i - 1, j - 1] / gamma;
                double top = Math.Max(a, Math.Max(b, c));
                r[i, j] = cost - gamma * (top + Math.Log(Math.Exp(a - top) + Math.Exp(b - top) + Math.Exp(c - top)));
            }
        }

        return r[n, m];
    }
}

/// <summary>A linear classifier whose training data lives in fields: its loss is an instance method.</summary>
public sealed partial class LinearClassifier
{
    private readonly double[] _features = { 0.5, -1.2, 2.0, 0.3, -0.7, 1.1 };
    private readonly int[] _labels = { 1, 0, 1, 1, 0, 0 };

    public static LinearClassifier Sample { get; } = new();

    public double L2 { get; init; } = 0.05;

    [Differentiable]
    public double Loss(double weight, double bias)
    {
        double loss = 0;
        for (int i = 0; i < _features.Length; i++)
        {
            double z = weight * _features[i] + bias;
            double p = Sigmoid(z);
            loss -= _labels[i] == 1 ? Math.Log(p) : Math.Log(1 - p);
        }

        return loss / _features.Length + L2 * weight * weight;
    }

    [Differentiable]
    public double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
