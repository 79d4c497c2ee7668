using System.Text.Json;
using System.Text.Json.Nodes;
using AutoDiff.GradBench.Tests.Infrastructure;

namespace AutoDiff.GradBench.Tests;

/// <summary>gmm, lstm, ba and ht on small inputs made here: each Jacobian the tool answers with, against central differences of its objective.</summary>
public class ModelEvalTests
{
    [Fact]
    public void Gmm_jacobian_matches_differences_of_the_objective()
    {
        var random = new Random(6);
        const int d = 3;
        const int k = 2;
        int triangle = d * (d - 1) / 2;
        double[] x = Differences.Random(random, 5 * d);
        double[] parameters = Differences.Random(random, k + (2 * k * d) + (k * triangle));
        JsonObject Input(double[] p) => new()
        {
            ["d"] = d,
            ["k"] = k,
            ["n"] = 5,
            ["x"] = Tool.Rows(x, d),
            ["m"] = 1,
            ["gamma"] = 1.3,
            ["alpha"] = Tool.Array(p[..k]),
            ["mu"] = Tool.Rows(p[k..(k + (k * d))], d),
            ["q"] = Tool.Rows(p[(k + (k * d))..(k + (2 * k * d))], d),
            ["l"] = Tool.Rows(p[(k + (2 * k * d))..], triangle),
        };
        double Objective(double[] p) => Tool.Evaluate("gmm", "objective", Input(p)).GetDouble();

        JsonElement jacobian = Tool.Evaluate("gmm", "jacobian", Input(parameters));
        double[] actual =
        [
            .. Tool.Doubles(jacobian.GetProperty("alpha")),
            .. Tool.Flatten(jacobian.GetProperty("mu")),
            .. Tool.Flatten(jacobian.GetProperty("q")),
            .. Tool.Flatten(jacobian.GetProperty("l")),
        ];
        Differences.AssertClose(Differences.Gradient(Objective, parameters), actual, 1e-6, "gmm jacobian");
    }

    [Fact]
    public void Gmm_objective_is_the_log_posterior_of_the_definition()
    {
        // d = 1: Q = [e^q], Σ⁻¹ = e^{2q}; the posterior written from the README's definition, term by term.
        double[] x = [0.3, -1.2, 0.8];
        double[] alpha = [0.2, -0.4];
        double[] mu = [0.1, 0.5];
        double[] q = [0.3, -0.2];
        const int m = 2;
        const double gamma = 0.7;
        double output = Tool.Evaluate("gmm", "objective", new JsonObject
        {
            ["d"] = 1,
            ["k"] = 2,
            ["n"] = 3,
            ["x"] = Tool.Rows(x, 1),
            ["m"] = m,
            ["gamma"] = gamma,
            ["alpha"] = Tool.Array(alpha),
            ["mu"] = Tool.Rows(mu, 1),
            ["q"] = Tool.Rows(q, 1),
            ["l"] = new JsonArray(new JsonArray(), new JsonArray()),
        }).GetDouble();

        double weightSum = alpha.Sum(Math.Exp);
        double logLikelihood = x.Sum(xi => Math.Log(Enumerable.Range(0, 2).Sum(c =>
        {
            double precision = Math.Exp(2 * q[c]);
            return Math.Exp(alpha[c]) / weightSum * Math.Sqrt(precision / (2 * Math.PI)) * Math.Exp(-0.5 * precision * (xi - mu[c]) * (xi - mu[c]));
        })));

        // Wishart W₁(V = 1/γ², n = d + m + 1) density of the precision X = e^{2q}: X^{(n−2)/2} e^{−γ²X/2} / (2^{n/2} γ^{−n} Γ(n/2)).
        const int dof = 1 + m + 1;
        double logPrior = q.Sum(qc =>
        {
            double precision = Math.Exp(2 * qc);
            return (((dof - 2) / 2.0) * Math.Log(precision)) - (gamma * gamma * precision / 2) - ((dof / 2.0) * Math.Log(2)) + (dof * Math.Log(gamma)) - Math.Log(1.0); // Γ(2) = 1
        });
        Assert.Equal(logLikelihood + logPrior, output, 1e-10);
    }

    [Fact]
    public void Lstm_jacobian_matches_differences_of_the_objective()
    {
        var random = new Random(7);
        const int layers = 2;
        const int b = 3;
        double[] main = Differences.Random(random, 2 * layers * 4 * b, 0, 1);
        double[] extra = Differences.Random(random, 3 * b, 0, 1);
        double[] state = Differences.Random(random, 2 * layers * b, 0, 1);
        double[] sequence = [.. Enumerable.Range(0, 4 * b).Select(_ => (double)random.Next(2))];
        JsonObject Input(double[] p) => new()
        {
            ["main_params"] = Tool.Rows(p[..main.Length], 4 * b),
            ["extra_params"] = Tool.Rows(p[main.Length..], b),
            ["state"] = Tool.Rows(state, b),
            ["sequence"] = Tool.Rows(sequence, b),
        };
        double Objective(double[] p) => Tool.Evaluate("lstm", "objective", Input(p)).GetDouble();
        double[] parameters = [.. main, .. extra];

        Differences.AssertClose(
            Differences.Gradient(Objective, parameters),
            Tool.Doubles(Tool.Evaluate("lstm", "jacobian", Input(parameters))),
            1e-7,
            "lstm jacobian");
    }

    [Fact]
    public void Ba_jacobian_has_the_sparse_layout_and_matches_differences()
    {
        const int n = 2;
        const int m = 3;
        const int p = 12;
        double[] cam = [0.1, -0.2, 0.15, 0.3, -0.1, -4, 1.2, 0.05, -0.03, 0.01, -0.002];
        double[] x = [0.4, -0.3, 2.0];
        const double w = 0.8;
        double[] feat = [0.2, -0.1];
        JsonObject Input(double[] c, double[] pt, double weight) => new()
        {
            ["n"] = n,
            ["m"] = m,
            ["p"] = p,
            ["cam"] = Tool.Array(c),
            ["x"] = Tool.Array(pt),
            ["w"] = weight,
            ["feat"] = Tool.Array(feat),
        };
        double[] Error(double[] q) => Tool.Doubles(Tool.Evaluate("ba", "objective", Input(q[..11], q[11..14], q[14])).GetProperty("reproj_error").GetProperty("elements"));

        JsonElement objective = Tool.Evaluate("ba", "objective", Input(cam, x, w));
        Assert.Equal(p, objective.GetProperty("reproj_error").GetProperty("repeated").GetInt32());
        Assert.Equal(1 - (w * w), objective.GetProperty("w_err").GetProperty("element").GetDouble(), 1e-15);

        JsonElement jacobian = Tool.Evaluate("ba", "jacobian", Input(cam, x, w));
        double[][] columns = Differences.Jacobian(Error, [.. cam, .. x, w]);
        double[] expected = [.. Enumerable.Range(0, 2).SelectMany(row => columns.Select(c => c[row])), -2 * w];
        Differences.AssertClose(expected, Tool.Doubles(jacobian.GetProperty("vals")), 1e-6, "ba vals");

        // Row 0 and 1: camera 0's 11 columns, point 0's 3, observation 0's weight; the last entry: the last weight.
        int[] block = [.. Enumerable.Range(0, 11), .. Enumerable.Range(11 * n, 3), (11 * n) + (3 * m)];
        Assert.Equal([.. block, .. block, (11 * n) + (3 * m) + p - 1], jacobian.GetProperty("cols").EnumerateArray().Select(e => e.GetInt32()));
        int[] rows = [.. jacobian.GetProperty("rows").EnumerateArray().Select(e => e.GetInt32())];
        Assert.Equal(31, rows.Length);
        Assert.Equal([0, 15, 30, 45], rows[..4]);
        Assert.Equal((2 * 15 * p) + p, rows[^1]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ht_jacobian_matches_differences_of_the_objective(bool complicated)
    {
        var random = new Random(complicated ? 8 : 9);
        const int bones = 22;
        const int vertices = 8;
        const int count = 3;
        double[] theta = Differences.Random(random, 26, -0.5, 0.5);
        double[] us = complicated ? Differences.Random(random, 2 * count, 0, 0.5) : [];
        double[] basePositions = [.. Enumerable.Range(0, vertices).SelectMany(_ => new[] { random.NextDouble(), random.NextDouble(), random.NextDouble(), 1.0 })];
        JsonObject Input(double[] t, double[] u) => new()
        {
            ["theta"] = Tool.Array(t),
            ["us"] = Tool.Rows(u, 2),
            ["data"] = new JsonObject
            {
                ["model"] = new JsonObject
                {
                    ["bone_count"] = bones,
                    ["bone_names"] = new JsonArray([.. Enumerable.Range(0, bones).Select(i => (JsonNode)JsonValue.Create($"bone{i}"))]),
                    ["parents"] = new JsonArray([.. Enumerable.Range(0, bones).Select(i => (JsonNode)JsonValue.Create(i == 0 ? -1 : (i - 1) / 2))]),
                    ["base_relatives"] = Matrices(new Random(10)),
                    ["inverse_base_absolutes"] = Matrices(new Random(11)),
                    ["base_positions"] = Tool.Rows(basePositions, 4),
                    ["weights"] = Tool.Rows(Differences.Random(new Random(12), vertices * bones, 0, 0.1), bones),
                    ["triangles"] = new JsonArray(new JsonArray(0, 1, 2), new JsonArray(2, 3, 4), new JsonArray(5, 6, 7), new JsonArray(7, 1, 3)),
                    ["is_mirrored"] = complicated,
                },
                ["correspondences"] = new JsonArray(3, 0, 2),
                ["points"] = Tool.Rows(Differences.Random(new Random(13), 3 * count), 3),
            },
        };
        double[] Objective(double[] q) => Tool.Doubles(Tool.Evaluate("ht", "objective", Input(q[..26], q[26..])));

        double[][] jacobian = [.. Tool.Evaluate("ht", "jacobian", Input(theta, us)).EnumerateArray().Select(Tool.Doubles)];
        double[][] columns = Differences.Jacobian(Objective, [.. theta, .. us]);

        // GradBench's columns: with us, ∂/∂u₀ and ∂/∂u₁ of each residual's own point, then the 26 θ.
        Assert.Equal(3 * count, jacobian.Length);
        for (int row = 0; row < jacobian.Length; row++)
        {
            int point = row / 3;
            double[] expected = complicated
                ? [columns[26 + (2 * point)][row], columns[26 + (2 * point) + 1][row], .. columns[..26].Select(c => c[row])]
                : [.. columns.Select(c => c[row])];
            Differences.AssertClose(expected, jacobian[row], 1e-6, $"ht jacobian row {row}");
        }
    }

    private static JsonArray Matrices(Random random) =>
        new([.. Enumerable.Range(0, 22).Select(_ => (JsonNode)Tool.Rows([.. Differences.Random(random, 12), 0, 0, 0, 1], 4))]);
}
