using System.Text.Json.Nodes;
using AutoDiff.GradBench.Evals.Particle;
using AutoDiff.GradBench.Evals.Saddle;
using AutoDiff.GradBench.Tests.Infrastructure;

namespace AutoDiff.GradBench.Tests;

/// <summary>particle and saddle: the four mode pairs agree with the evals' expected answers, and the outer derivatives with differences.</summary>
public class NestedEvalTests
{
    private static readonly string[] Modes = ["rr", "rf", "fr", "ff"];

    [Fact]
    public void Particle_finds_the_evals_w_in_every_mode()
    {
        foreach (string mode in Modes)
        {
            Assert.Equal(0.2071918746486116, Tool.Evaluate("particle", mode, new JsonObject { ["w"] = 0.0 }).GetDouble(), 1e-9);
        }
    }

    [Fact]
    public void Particle_outer_derivatives_match_differences()
    {
        foreach (double w in new[] { 0.05, 0.3 })
        {
            double expectedR = Differences.Gradient(p => Particle.MissR(p[0]), [w])[0];
            double expectedF = Differences.Gradient(p => Particle.MissF(p[0]), [w])[0];
            Particle.MissRGradient(w, out double rr);
            Particle.MissFGradient(w, out double rf);
            Particle.MissRDerivative(w, 1, out double fr);
            Particle.MissFDerivative(w, 1, out double ff);
            Differences.AssertClose([expectedR, expectedF, expectedR, expectedF], [rr, rf, fr, ff], 1e-6, $"particle at w = {w}");
        }
    }

    [Fact]
    public void Saddle_finds_the_evals_point_in_every_mode()
    {
        foreach (string mode in Modes)
        {
            double[] output = Tool.Doubles(Tool.Evaluate("saddle", mode, new JsonObject { ["start"] = Tool.Array([1, 1]) }));
            Differences.AssertClose([8.246324826140356e-06, 8.246324826140356e-06, 8.246324826140356e-06, 8.246324826140356e-06], output, 1e-12, $"saddle {mode}");
        }
    }

    [Fact]
    public void Saddle_outer_derivatives_match_differences()
    {
        double[] p1 = [0.7, -0.4];
        double[] expected = Differences.Gradient(p => Saddle.MaxR(p[0], p[1], 1, 1), p1);
        Saddle.MaxRGradient(p1[0], p1[1], 1, 1, out double rx, out double ry);
        Saddle.MaxFGradient(p1[0], p1[1], 1, 1, out double fx, out double fy);
        Saddle.MaxRDerivative(p1[0], p1[1], 1, 1, 1, 0, out double frx);
        Saddle.MaxFDerivative(p1[0], p1[1], 1, 1, 0, 1, out double ffy);
        Differences.AssertClose([.. expected, .. expected, expected[0], expected[1]], [rx, ry, fx, fy, frx, ffy], 1e-6, "saddle outer gradient");
    }
}
