namespace AutoDiff.GradBench.Tests.Infrastructure;

/// <summary>Central differences, and a comparison with a relative-or-absolute tolerance.</summary>
internal static class Differences
{
    /// <summary>
    /// (f(x + h eᵢ) − f(x − h eᵢ)) / 2h for every i, from the runtime's <see cref="GradientCheck.CentralDifference(Action{double, Span{double}}, double, Span{double}, double, Func{double, double}?)"/>
    /// with the absolute step h; f may return several values (one column of the Jacobian each).
    /// </summary>
    public static double[][] Jacobian(Func<double[], double[]> f, double[] x, double h = 1e-6)
    {
        int outputs = f((double[])x.Clone()).Length;
        var columns = new double[x.Length][];
        for (int i = 0; i < x.Length; i++)
        {
            int coordinate = i;
            columns[i] = new double[outputs];
            GradientCheck.CentralDifference(
                (at, values) =>
                {
                    double[] moved = (double[])x.Clone();
                    moved[coordinate] = at;
                    f(moved).CopyTo(values);
                },
                x[i],
                columns[i],
                h / Math.Max(1, Math.Abs(x[i])));
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
