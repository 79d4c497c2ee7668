using System.Text.Json;
using System.Text.Json.Nodes;
using AutoDiff.GradBench.Tests.Infrastructure;

namespace AutoDiff.GradBench.Tests;

/// <summary>lse, llsq, det, ode and kmeans: each derivative the tool answers with, against central differences of its own primal.</summary>
public class SmallEvalTests
{
    [Fact]
    public void Lse_gradient_matches_differences_and_the_primal_the_plain_formula()
    {
        double[] x = Differences.Random(new Random(1), 6, -3, 3);
        JsonObject Input(double[] p) => new() { ["x"] = Tool.Array(p) };
        double Primal(double[] p) => Tool.Evaluate("lse", "primal", Input(p)).GetDouble();

        Assert.Equal(Math.Log(x.Sum(Math.Exp)), Primal(x), 1e-12);
        Differences.AssertClose(Differences.Gradient(Primal, x), Tool.Doubles(Tool.Evaluate("lse", "gradient", Input(x))), 1e-7, "lse gradient");
    }

    [Fact]
    public void Llsq_gradient_matches_differences()
    {
        double[] x = Differences.Random(new Random(2), 4);
        JsonObject Input(double[] p) => new() { ["x"] = Tool.Array(p), ["n"] = 7 };
        double Primal(double[] p) => Tool.Evaluate("llsq", "primal", Input(p)).GetDouble();

        Differences.AssertClose(Differences.Gradient(Primal, x), Tool.Doubles(Tool.Evaluate("llsq", "gradient", Input(x))), 1e-7, "llsq gradient");
    }

    [Fact]
    public void Det_is_the_determinant_and_its_gradient_matches_differences()
    {
        JsonObject Input(double[] a, int ell) => new() { ["A"] = Tool.Array(a), ["ell"] = ell };
        Assert.Equal(18.0, Tool.Evaluate("det", "primal", Input([2, 1, 0, 1, 3, 1, 0, 1, 4], 3)).GetDouble(), 1e-12);
        Assert.Equal(-2.5, Tool.Evaluate("det", "primal", Input([-2.5], 1)).GetDouble());

        double[] a = Differences.Random(new Random(3), 16);
        double Primal(double[] p) => Tool.Evaluate("det", "primal", Input(p, 4)).GetDouble();
        Differences.AssertClose(Differences.Gradient(Primal, a), Tool.Doubles(Tool.Evaluate("det", "gradient", Input(a, 4))), 1e-7, "det gradient");
    }

    [Fact]
    public void Ode_gradient_is_that_of_the_last_element_of_the_solution()
    {
        double[] x = Differences.Random(new Random(4), 5, 0, 1);
        JsonObject Input(double[] p) => new() { ["x"] = Tool.Array(p), ["s"] = 3 };
        double Last(double[] p) => Tool.Doubles(Tool.Evaluate("ode", "primal", Input(p)))[^1];

        // y₀(2) = 2x₀ exactly (y₀' = x₀), whatever the step count.
        Assert.Equal(2 * x[0], Tool.Doubles(Tool.Evaluate("ode", "primal", Input(x)))[0], 1e-12);
        Differences.AssertClose(Differences.Gradient(Last, x), Tool.Doubles(Tool.Evaluate("ode", "gradient", Input(x))), 1e-7, "ode gradient");
    }

    [Fact]
    public void Kmeans_dir_is_the_gradient_over_the_diagonal_hessian()
    {
        var random = new Random(5);
        const int d = 2;
        double[] points = Differences.Random(random, 12 * d, 0, 1);
        double[] centroids = points[^(3 * d)..];
        JsonObject Input(double[] c) => new() { ["points"] = Tool.Rows(points, d), ["centroids"] = Tool.Rows(c, d) };
        double Cost(double[] c) => Tool.Evaluate("kmeans", "cost", Input(c)).GetDouble();

        // The cost is piecewise quadratic: second differences give the Hessian's diagonal exactly while no point
        // changes its nearest centroid.
        const double h = 1e-3;
        double[] gradient = Differences.Gradient(Cost, centroids, h);
        double[] expected = new double[centroids.Length];
        for (int i = 0; i < centroids.Length; i++)
        {
            double[] plus = (double[])centroids.Clone();
            double[] minus = (double[])centroids.Clone();
            plus[i] += h;
            minus[i] -= h;
            double diagonal = (Cost(plus) - (2 * Cost(centroids)) + Cost(minus)) / (h * h);
            expected[i] = gradient[i] / diagonal;
        }

        Differences.AssertClose(expected, Tool.Flatten(Tool.Evaluate("kmeans", "dir", Input(centroids))), 1e-6, "kmeans dir");
    }
}
