using System.Numerics;
using AutoDiff;

namespace FunctionCorpus;

/// <summary>Statistics as people write it: params spans of samples, 2-D data, label arrays, generic math, tuple results.</summary>
public static partial class OrdinaryStatistics
{
    /// <summary>Negative log-likelihood of samples under a normal distribution; samples come as params ReadOnlySpan.</summary>
    [Differentiable]
    public static double GaussianNegativeLogLikelihood(double mean, double logSigma, [NoDerivative][SampleLength(6)] params ReadOnlySpan<double> samples)
    {
        double sigma = Math.Exp(logSigma);
        double total = 0;
        foreach (double x in samples)
        {
            double z = (x - mean) / sigma;
            total += 0.5 * z * z + logSigma;
        }

        return total;
    }

    /// <summary>Soft k-means objective: centers and points as 2-D arrays (centers differentiated).</summary>
    [Differentiable]
    [SampleRange(-1, 1)]
    public static double SoftKMeans([SampleShape(3, 2)] double[,] centers, [NoDerivative][SampleShape(6, 2)] double[,] points, double temperature)
    {
        int k = centers.GetLength(0), d = centers.GetLength(1);
        double total = 0;
        for (int p = 0; p < points.GetLength(0); p++)
        {
            double sum = 0;
            for (int c = 0; c < k; c++)
            {
                double distance = 0;
                for (int j = 0; j < d; j++)
                {
                    double diff = points[p, j] - centers[c, j];
                    distance += diff * diff;
                }

                sum += Math.Exp(-distance / (1 + temperature * temperature));
            }

            total -= Math.Log(sum);
        }

        return total;
    }

    /// <summary>A random-intercept regression loss: group labels are an int[] (data).</summary>
    [Differentiable]
    public static double RandomInterceptLoss(
        [SampleLength(4)] ReadOnlySpan<double> groupMeans, double slope,
        [SampleLength(8)] int[] groups, [NoDerivative][SampleLength(8)] double[] x, [NoDerivative][SampleLength(8)] double[] y)
    {
        double loss = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double residual = y[i] - groupMeans[groups[i]] - slope * x[i];
            loss += residual * residual;
        }

        double shrinkage = 0;
        foreach (double mu in groupMeans)
        {
            shrinkage += mu * mu;
        }

        return loss / x.Length + 0.1 * shrinkage;
    }

    /// <summary>Weighted mean and variance, returned as a named tuple (a vector-valued function with a Jacobian).</summary>
    [Differentiable]
    public static (double Mean, double Variance) WeightedMoments([SampleLength(5)] ReadOnlySpan<double> x, double sharpness)
    {
        double totalWeight = 0, sum = 0, sumOfSquares = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double w = Math.Exp(-sharpness * sharpness * i);
            totalWeight += w;
            sum += w * x[i];
            sumOfSquares += w * x[i] * x[i];
        }

        double mean = sum / totalWeight;
        return (mean, sumOfSquares / totalWeight - mean * mean);
    }

    /// <summary>Softplus written once for every floating-point type.</summary>
    [Differentiable]
    public static T SoftPlus<T>(T x)
        where T : IFloatingPointIeee754<T> =>
        x > T.CreateChecked(20) ? x : T.Log(T.One + T.Exp(x));

    /// <summary>The log-density of a normal distribution, generic over the number type.</summary>
    [Differentiable]
    [SampleRange(0.5, 1.5)]
    public static T NormalLogDensity<T>(T x, T mean, T sigma)
        where T : IFloatingPointIeee754<T>
    {
        T z = (x - mean) / sigma;
        return -T.CreateChecked(0.5) * z * z - T.Log(sigma) - T.CreateChecked(0.5) * T.Log(T.CreateChecked(2) * T.Pi);
    }

    /// <summary>Log-sum-exp of a span, generic over the number type, with only the interfaces it needs.</summary>
    [Differentiable]
    public static T LogSumExp<T>(ReadOnlySpan<T> x)
        where T : IExponentialFunctions<T>, ILogarithmicFunctions<T>, IComparisonOperators<T, T, bool>
    {
        T max = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            if (x[i] > max)
            {
                max = x[i];
            }
        }

        T sum = T.Zero;
        for (int i = 0; i < x.Length; i++)
        {
            sum += T.Exp(x[i] - max);
        }

        return max + T.Log(sum);
    }

    /// <summary>Stable softmax statistics tracked in a named tuple local.</summary>
    [Differentiable]
    public static double SoftmaxEntropy([SampleLength(5)] ReadOnlySpan<double> logits)
    {
        var stats = (Max: logits[0], Sum: 0.0);
        foreach (double z in logits)
        {
            stats.Max = Math.Max(stats.Max, z);
        }

        double weighted = 0;
        foreach (double z in logits)
        {
            double e = Math.Exp(z - stats.Max);
            stats.Sum += e;
            weighted += e * (z - stats.Max);
        }

        return Math.Log(stats.Sum) - weighted / stats.Sum;
    }
}
