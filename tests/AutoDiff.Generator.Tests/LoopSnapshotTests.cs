namespace AutoDiff.Generator.Tests;

/// <summary>
/// Loops, vectors and local arrays: one scenario per statement form, each compared with its snapshot
/// and checked numerically (reverse vs forward mode vs central differences, vectors element by element).
/// </summary>
public class LoopSnapshotTests
{
    [Fact]
    public void For_loop_over_a_span() => SnapshotTests.Scenario(nameof(For_loop_over_a_span), """
        public static double F(ReadOnlySpan<double> w, double x)
        {
            double sum = 0;
            for (int i = 0; i < w.Length; i++)
            {
                sum += w[i] * Math.Sin(x * i);
            }

            return sum;
        }
        """);

    [Fact]
    public void Running_product_saves_overwritten_values() => SnapshotTests.Scenario(nameof(Running_product_saves_overwritten_values), """
        public static double F(double[] x, double y)
        {
            double p = y;
            foreach (double v in x)
            {
                p *= v + 0.5;
                p = Math.Tanh(p);
            }

            return p;
        }
        """);
}
