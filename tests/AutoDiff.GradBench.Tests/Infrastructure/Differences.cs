namespace AutoDiff.GradBench.Tests.Infrastructure;

/// <summary>Central differences, and a comparison with a relative-or-absolute tolerance.</summary>
internal static class Differences
{
    /// <summary>(f(x + h eᵢ) − f(x − h eᵢ)) / 2h for every i; f may return several values (one column of the Jacobian each).</summary>
    public static double[][] Jacobian(Func<double[], double[]> f, double[] x, double h = 1e-6)
    {
        var columns = new double[x.Length][];
        for (int i = 0; i < x.Length; i++)
        {
            double[] plus = (double[])x.Clone();
            double[] minus = (double[])x.Clone();
            plus[i] += h;
            minus[i] -= h;
            double[] fp = f(plus);
            double[] fm = f(minus);
            columns[i] = [.. fp.Zip(fm, (a, b) => (a - b) / (2 * h))];
        }

        return columns;
    }

    /// <summary>The gradient of a scalar function by central differences.</summary>
    public static double[] Gradient(Func<double[], double> f, double[] x, double h = 1e-6) =>
        [.. Jacobian(p => [f(p)], x, h).Select(column => column[0])];

    /// <summary>Asserts |actual − expected| ≤ tolerance · max(1, |expected|) elementwise.</summary>
    public static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double scale = Math.Max(1, Math.Abs(expected[i]));
            Assert.True(
                Math.Abs(actual[i] - expected[i]) <= tolerance * scale,
                $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }

    /// <summary>Reproducible uniform values in [low, high).</summary>
    public static double[] Random(Random random, int count, double low = -1, double high = 1) =>
        [.. Enumerable.Range(0, count).Select(_ => low + ((high - low) * random.NextDouble()))];
}
