using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>Small synthetic data sets generated in code (no downloads), reproducible from a seed.</summary>
public static class Datasets
{
    /// <summary>
    /// Two interleaving half circles: class 0 on (cos t, sin t), class 1 on (1 - cos t, 0.5 - sin t) for
    /// t in [0, π], plus Gaussian noise of standard deviation <paramref name="noise"/>. Points alternate classes.
    /// </summary>
    /// <returns>Points [samples, 2] and one label (0 or 1) per point.</returns>
    public static (Tensor<T> Points, int[] Labels) TwoMoons<T>(int samples, double noise, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 2);
        if (!(noise >= 0) || !double.IsFinite(noise))
        {
            throw new ArgumentOutOfRangeException(nameof(noise), noise, "Noise must be finite and non-negative.");
        }
        var random = new Random(seed);
        var points = new T[samples * 2];
        var labels = new int[samples];
        int perClass = (samples + 1) / 2;
        for (int i = 0; i < samples; i++)
        {
            int label = i % 2;
            double t = Math.PI * (i / 2) / Math.Max(perClass - 1, 1);
            double x = label == 0 ? Math.Cos(t) : 1 - Math.Cos(t);
            double y = label == 0 ? Math.Sin(t) : 0.5 - Math.Sin(t);
            points[2 * i] = T.CreateChecked(x + noise * Gaussian(random));
            points[2 * i + 1] = T.CreateChecked(y + noise * Gaussian(random));
            labels[i] = label;
        }
        return (Tensor<T>.FromArray(points, samples, 2), labels);
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
