using AutoDiff.Tensors;
using T = AutoDiff.Tensors.Tensor<double>;

namespace AutoDiff.Tensors.Tests;

/// <summary>Every differentiable op, checked in double precision against central finite differences.</summary>
public class GradientCheckTests
{
    private enum Domain
    {
        Any,
        Positive,
        AwayFromZero,
    }

    private sealed record GradCase(Func<Random, int[][]> Shapes, Func<T[], T> F, Domain Domain = Domain.Any);

    private static int[] RandomShape(Random r, int minRank = 1, int maxRank = 3)
    {
        int rank = r.Next(minRank, maxRank + 1);
        return [.. Enumerable.Range(0, rank).Select(_ => r.Next(1, 5))];
    }

    /// <summary>A shape that broadcasts against <paramref name="shape"/>: some leading dims dropped, some set to 1.</summary>
    private static int[] BroadcastPartner(Random r, int[] shape)
    {
        int drop = r.Next(0, shape.Length);
        int[] partner = [.. shape.Skip(drop).Select(d => r.Next(2) == 0 ? 1 : d)];
        if (partner.SequenceEqual(shape))
        {
            partner[0] = 1; // make sure something is actually broadcast
        }
        return partner;
    }

    private static int Dim(int[] shape, int seed) => new Random(seed).Next(shape.Length);

    private static int[] Targets(int n, int classes) => [.. Enumerable.Range(0, n).Select(i => (i * 7 + 3) % classes)];

    private static readonly Dictionary<string, GradCase> Cases = new()
    {
        ["add"] = new(r => { int[] s = RandomShape(r); return [s, s]; }, x => x[0] + x[1]),
        ["add_broadcast"] = new(r => { int[] s = RandomShape(r, 2); return [s, BroadcastPartner(r, s)]; }, x => x[0] + x[1]),
        ["add_broadcast_both_sides"] = new(_ => [[3, 1], [1, 4]], x => x[0] + x[1]),
        ["add_scalar"] = new(r => [RandomShape(r)], x => x[0] + 1.5),
        ["scalar_add"] = new(r => [RandomShape(r)], x => 1.5 + x[0]),
        ["sub"] = new(r => { int[] s = RandomShape(r); return [s, s]; }, x => x[0] - x[1]),
        ["sub_broadcast"] = new(r => { int[] s = RandomShape(r, 2); return [BroadcastPartner(r, s), s]; }, x => x[0] - x[1]),
        ["sub_scalar"] = new(r => [RandomShape(r)], x => x[0] - 0.7),
        ["rsub_scalar"] = new(r => [RandomShape(r)], x => 2.0 - x[0]),
        ["mul"] = new(r => { int[] s = RandomShape(r); return [s, s]; }, x => x[0] * x[1]),
        ["mul_broadcast"] = new(r => { int[] s = RandomShape(r, 2); return [s, BroadcastPartner(r, s)]; }, x => x[0] * x[1]),
        ["mul_scalar"] = new(r => [RandomShape(r)], x => x[0] * -1.3),
        ["scalar_mul"] = new(r => [RandomShape(r)], x => 0.6 * x[0]),
        ["div"] = new(r => { int[] s = RandomShape(r); return [s, s]; }, x => x[0] / x[1], Domain.AwayFromZero),
        ["div_broadcast"] = new(r => { int[] s = RandomShape(r, 2); return [s, BroadcastPartner(r, s)]; }, x => x[0] / x[1], Domain.AwayFromZero),
        ["div_scalar"] = new(r => [RandomShape(r)], x => x[0] / 2.5),
        ["rdiv_scalar"] = new(r => [RandomShape(r)], x => 3.0 / x[0], Domain.AwayFromZero),
        ["neg"] = new(r => [RandomShape(r)], x => -x[0]),
        ["pow_scalar_int"] = new(r => [RandomShape(r)], x => x[0].Pow(3.0)),
        ["pow_scalar_square"] = new(r => [RandomShape(r)], x => x[0].Pow(2.0)),
        ["pow_scalar_fractional"] = new(r => [RandomShape(r)], x => x[0].Pow(1.7), Domain.Positive),
        ["pow_tensor"] = new(r => { int[] s = RandomShape(r, 2); return [s, BroadcastPartner(r, s)]; }, x => T.Pow(x[0], x[1]), Domain.Positive),
        ["exp"] = new(r => [RandomShape(r)], x => x[0].Exp()),
        ["log"] = new(r => [RandomShape(r)], x => x[0].Log(), Domain.Positive),
        ["sqrt"] = new(r => [RandomShape(r)], x => x[0].Sqrt(), Domain.Positive),
        ["tanh"] = new(r => [RandomShape(r)], x => x[0].Tanh()),
        ["sigmoid"] = new(r => [RandomShape(r)], x => x[0].Sigmoid()),
        ["relu"] = new(r => [RandomShape(r)], x => x[0].Relu(), Domain.AwayFromZero),
        ["abs"] = new(r => [RandomShape(r)], x => x[0].Abs(), Domain.AwayFromZero),
        ["sum_all"] = new(r => [RandomShape(r)], x => x[0].Sum()),
        ["sum_dim"] = new(r => [RandomShape(r, 2)], x => x[0].Sum(Dim([.. x[0].Shape], 1))),
        ["sum_dims_keepdim"] = new(r => [RandomShape(r, 3)], x => x[0].Sum([0, -1], keepDim: true)),
        ["mean_all"] = new(r => [RandomShape(r)], x => x[0].Mean()),
        ["mean_dim_keepdim"] = new(r => [RandomShape(r, 2)], x => x[0].Mean(Dim([.. x[0].Shape], 2), keepDim: true)),
        ["max_all"] = new(r => [RandomShape(r)], x => x[0].Max()),
        ["max_dim"] = new(r => [RandomShape(r, 2)], x => x[0].Max(Dim([.. x[0].Shape], 3))),
        ["max_dims_keepdim"] = new(r => [RandomShape(r, 3)], x => x[0].Max([0, 2], keepDim: true)),
        ["matmul_2d"] = new(r => { int m = r.Next(1, 6), k = r.Next(1, 6), n = r.Next(1, 6); return [[m, k], [k, n]]; }, x => T.MatMul(x[0], x[1])),
        ["matmul_batched"] = new(r => { int b = r.Next(1, 4), m = r.Next(1, 5), k = r.Next(1, 5), n = r.Next(1, 5); return [[b, m, k], [b, k, n]]; }, x => x[0].MatMul(x[1])),
        ["matmul_broadcast_batch"] = new(r => { int m = r.Next(1, 4), k = r.Next(1, 4), n = r.Next(1, 4); return [[2, 1, m, k], [3, k, n]]; }, x => x[0].MatMul(x[1])),
        ["matmul_matrix_vector"] = new(r => { int m = r.Next(1, 5), k = r.Next(1, 5); return [[m, k], [k]]; }, x => x[0].MatMul(x[1])),
        ["matmul_vector_matrix"] = new(r => { int k = r.Next(1, 5), n = r.Next(1, 5); return [[k], [k, n]]; }, x => x[0].MatMul(x[1])),
        ["matmul_vector_vector"] = new(r => { int k = r.Next(1, 6); return [[k], [k]]; }, x => x[0].MatMul(x[1])),
        ["transpose"] = new(r => [RandomShape(r, 3)], x => x[0].Transpose(0, 2)),
        ["transpose_last_two"] = new(r => [RandomShape(r, 2)], x => x[0].Transpose() * T.Arange(1.0, 1.0 + x[0].Size(-2))),
        ["permute"] = new(r => [RandomShape(r, 3, 3)], x => x[0].Permute(2, 0, 1)),
        ["reshape"] = new(_ => [[2, 3, 4]], x => x[0].Reshape(4, 6)),
        ["view_inferred"] = new(_ => [[2, 6]], x => x[0].View(3, -1).Tanh()),
        ["unsqueeze_squeeze_flatten"] = new(r => [RandomShape(r)], x => x[0].Unsqueeze(0).Sigmoid().Squeeze(0).Flatten()),
        ["clone"] = new(r => [RandomShape(r)], x => x[0].Clone() * x[0]),
        ["expand"] = new(_ => [[3, 1]], x => x[0].Expand(2, 3, 4)),
        ["slice"] = new(r => [RandomShape(r, 2)], x => x[0].Slice(1, 0, 1 + (x[0].Size(1) - 1) / 2)),
        ["slice_middle"] = new(_ => [[3, 5, 2]], x => x[0].Slice(1, 1, 4)),
        ["concat"] = new(_ => [[2, 3], [2, 1], [2, 2]], x => T.Concat(1, x[0], x[1], x[2])),
        ["concat_dim0"] = new(_ => [[1, 3, 2], [2, 3, 2]], x => T.Concat(0, x[0], x[1])),
        ["softmax"] = new(r => [RandomShape(r, 2)], x => x[0].Softmax(Dim([.. x[0].Shape], 5))),
        ["log_softmax"] = new(r => [RandomShape(r, 2)], x => x[0].LogSoftmax(Dim([.. x[0].Shape], 6))),
        ["mse"] = new(r => { int[] s = RandomShape(r); return [s, s]; }, x => Losses.Mse(x[0], x[1])),
        ["cross_entropy"] = new(r => [[r.Next(1, 6), r.Next(2, 5)]], x => Losses.CrossEntropy(x[0], Targets(x[0].Size(0), x[0].Size(1)))),
        ["bce_with_logits"] = new(r => { int[] s = RandomShape(r); return [s, s]; }, x => Losses.BinaryCrossEntropyWithLogits(x[0], x[1].Sigmoid())),
        ["reuse_in_two_branches"] = new(r => [RandomShape(r)], x => x[0] * x[0].Tanh() + x[0].Exp() * x[0]),
        ["composite_mlp_layer"] = new(_ => [[4, 3], [3, 2], [2]], x => (x[0].MatMul(x[1]) + x[2]).Tanh().Softmax(1)),
    };

    public static TheoryData<string> Ops => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Ops))]
    public void Autograd_gradient_matches_central_finite_differences(string op)
    {
        GradCase c = Cases[op];
        for (int seed = 0; seed < 3; seed++)
        {
            var rng = new Random(op.Sum(ch => ch) * 97 + seed); // stable across processes, unlike string.GetHashCode
            int[][] shapes = c.Shapes(new Random(seed * 31 + op.Length));
            double[][] data = [.. shapes.Select(s => Sample(rng, s, c.Domain))];
            GradCheck.AssertGradientsMatch(c.F, data, shapes, seed);
        }
    }

    private static double[] Sample(Random rng, int[] shape, Domain domain)
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        var d = new double[n];
        for (int i = 0; i < n; i++)
        {
            double v = rng.NextDouble() * 2 - 1;
            d[i] = domain switch
            {
                Domain.Positive => 0.3 + Math.Abs(v) * 1.5,
                Domain.AwayFromZero => (v < 0 ? -1 : 1) * (0.2 + Math.Abs(v)),
                _ => v * 1.5,
            };
        }
        return d;
    }
}
