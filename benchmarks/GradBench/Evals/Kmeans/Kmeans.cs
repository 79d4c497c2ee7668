namespace AutoDiff.GradBench.Evals.Kmeans;

/// <summary>The <c>kmeans</c> eval's cost (evals/kmeans/README.md): Σᵢ minⱼ ‖Cⱼ − Pᵢ‖².</summary>
public static partial class Kmeans
{
    /// <summary>
    /// The sum over the points of the squared distance to the nearest centroid; <paramref name="points"/> (n × d)
    /// and <paramref name="centroids"/> (k × d) are row-major.
    /// </summary>
    [Differentiable]
    public static double Cost([NoDerivative] ReadOnlySpan<double> points, ReadOnlySpan<double> centroids, int d)
    {
        int n = points.Length / d;
        int k = centroids.Length / d;
        double cost = 0;
        for (int i = 0; i < n; i++)
        {
            double closest = double.PositiveInfinity;
            for (int j = 0; j < k; j++)
            {
                double distance = 0;
                for (int e = 0; e < d; e++)
                {
                    double difference = points[(i * d) + e] - centroids[(j * d) + e];
                    distance += difference * difference;
                }

                closest = Math.Min(closest, distance);
            }

            cost += closest;
        }

        return cost;
    }
}
