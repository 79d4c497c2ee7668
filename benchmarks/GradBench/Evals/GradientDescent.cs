namespace AutoDiff.GradBench.Evals;

/// <summary>
/// GradBench's gradient descent for the particle and saddle evals (cpp/gradbench/gd.hpp), step for step: the same
/// step-size rule and stopping tests, so every tool converges to the same point.
/// </summary>
public static class GradientDescent
{
    /// <summary>A function of a point.</summary>
    public delegate double Function(ReadOnlySpan<double> x);

    /// <summary>Writes the gradient of a function at a point.</summary>
    public delegate void Gradient(ReadOnlySpan<double> x, Span<double> gradient);

    /// <summary>The point where gradient descent from <paramref name="start"/> stops: gradient or step below 1e-5.</summary>
    public static double[] ArgMin(Function f, Gradient gradient, ReadOnlySpan<double> start)
    {
        int n = start.Length;
        double[] x = start.ToArray();
        var gx = new double[n];
        var next = new double[n];
        double fx = f(x);
        gradient(x, gx);
        int i = 0;
        double eta = 1e-5;
        while (true)
        {
            if (Norm(gx) <= 1e-5)
            {
                return x;
            }

            if (i == 10)
            {
                eta *= 2;
                i = 0;
                continue;
            }

            double distance = 0;
            for (int j = 0; j < n; j++)
            {
                next[j] = x[j] - (eta * gx[j]);
                distance += (x[j] - next[j]) * (x[j] - next[j]);
            }

            if (Math.Sqrt(distance) <= 1e-5)
            {
                return x;
            }

            double fNext = f(next);
            if (fNext < fx)
            {
                next.CopyTo(x, 0);
                fx = fNext;
                gradient(x, gx);
                i++;
            }
            else
            {
                eta /= 2;
                i = 0;
            }
        }
    }

    /// <summary>Gradient descent on −f: the point where f is (locally) largest.</summary>
    public static double[] ArgMax(Function f, Gradient gradient, ReadOnlySpan<double> start) =>
        ArgMin(
            x => -f(x),
            (x, g) =>
            {
                gradient(x, g);
                for (int j = 0; j < g.Length; j++)
                {
                    g[j] = -g[j];
                }
            },
            start);

    private static double Norm(ReadOnlySpan<double> v)
    {
        double sum = 0;
        foreach (double e in v)
        {
            sum += e * e;
        }

        return Math.Sqrt(sum);
    }
}
