using AutoDiff.NN;
using T = AutoDiff.Tensors.Tensor<double>;

namespace AutoDiff.Tensors.Tests;

/// <summary>
/// The ops added for issue 17, each checked in double precision against central finite differences on random
/// shapes (and broadcast shapes where the op broadcasts), and, for createGraph, second order against finite
/// differences of first-order gradients.
/// </summary>
public class OpGradientTests
{
    public enum Domain
    {
        Any,
        Positive,
        AwayFromZero,
        Distinct,
    }

    public sealed record GradCase(Func<Random, int[][]> Shapes, Func<T[], T> F, Domain Domain = Domain.Any, bool SecondOrder = true);

    private static int[] RandomShape(Random r, int minRank = 1, int maxRank = 3)
    {
        int rank = r.Next(minRank, maxRank + 1);
        return [.. Enumerable.Range(0, rank).Select(_ => r.Next(1, 5))];
    }

    private static int[] BroadcastPartner(Random r, int[] shape)
    {
        int drop = r.Next(0, shape.Length);
        int[] partner = [.. shape.Skip(drop).Select(d => r.Next(2) == 0 ? 1 : d)];
        if (partner.SequenceEqual(shape))
        {
            partner[0] = 1;
        }
        return partner;
    }

    private static int[][] Same(Random r, int minRank = 1) { int[] s = RandomShape(r, minRank); return [s, s]; }

    private static int[][] Broadcast(Random r) { int[] s = RandomShape(r, 2); return [s, BroadcastPartner(r, s)]; }

    private static IntTensor Labels(int n, int classes, int seed = 3) => IntTensor.FromArray([.. Enumerable.Range(0, n).Select(i => (i * 7 + seed) % classes)]);

    public static readonly Dictionary<string, GradCase> Cases = new()
    {
        // Elementwise unary
        ["sin"] = new(r => [RandomShape(r)], x => x[0].Sin()),
        ["cos"] = new(r => [RandomShape(r)], x => x[0].Cos()),
        ["tan"] = new(r => [RandomShape(r)], x => (x[0] * 0.6).Tan()),
        ["log1p"] = new(r => [RandomShape(r)], x => x[0].Log1p(), Domain.Positive),
        ["expm1"] = new(r => [RandomShape(r)], x => x[0].Expm1()),
        ["square"] = new(r => [RandomShape(r)], x => x[0].Square()),
        ["rsqrt"] = new(r => [RandomShape(r)], x => x[0].Rsqrt(), Domain.Positive),
        ["reciprocal"] = new(r => [RandomShape(r)], x => x[0].Reciprocal(), Domain.AwayFromZero),
        ["erf"] = new(r => [RandomShape(r)], x => x[0].Erf()),
        ["gelu"] = new(r => [RandomShape(r)], x => x[0].Gelu()),
        ["silu"] = new(r => [RandomShape(r)], x => x[0].Silu()),
        ["softplus"] = new(r => [RandomShape(r)], x => x[0].Softplus()),
        ["softplus_beta"] = new(r => [RandomShape(r)], x => x[0].Softplus(beta: 2, threshold: 1.5), Domain.AwayFromZero),
        ["elu"] = new(r => [RandomShape(r)], x => x[0].Elu(0.7), Domain.AwayFromZero),
        ["logsigmoid"] = new(r => [RandomShape(r)], x => x[0].LogSigmoid()),
        ["leaky_relu"] = new(r => [RandomShape(r)], x => x[0].LeakyRelu(0.1), Domain.AwayFromZero, SecondOrder: false),
        ["clamp"] = new(r => [RandomShape(r)], x => x[0].Clamp(-0.5, 0.7), Domain.AwayFromZero, SecondOrder: false),
        ["sign_floor_round_zero_gradient"] = new(r => [RandomShape(r)], x => x[0].Sign() + x[0].Floor() + x[0].Round() + x[0].Ceiling() + x[0].Truncate() + x[0] * 0.5, Domain.AwayFromZero, SecondOrder: false),

        // Binary with broadcasting
        ["maximum"] = new(r => Same(r), x => T.Maximum(x[0], x[1]), Domain.Distinct, SecondOrder: false),
        ["maximum_broadcast"] = new(Broadcast, x => T.Maximum(x[0], x[1]), Domain.Distinct, SecondOrder: false),
        ["minimum_broadcast"] = new(Broadcast, x => T.Minimum(x[0], x[1]) * x[0], Domain.Distinct),
        ["where"] = new(Broadcast, x => T.Where(x[0].Gt(0.1), x[0].Exp(), x[1].Square())),
        ["masked_fill"] = new(r => [RandomShape(r, 2)], x => x[0].MaskedFill(x[0].Lt(0), 2.0).Square()),
        ["pow_tensor_broadcast"] = new(Broadcast, x => T.Pow(x[0], x[1]), Domain.Positive),
        ["div_broadcast_second_order"] = new(Broadcast, x => x[0] / x[1], Domain.AwayFromZero),

        // Reductions
        ["min_all"] = new(r => [RandomShape(r)], x => x[0].Min(), Domain.Distinct, SecondOrder: false),
        ["min_dims"] = new(r => [RandomShape(r, 3)], x => x[0].Min([0, 2], keepDim: true), Domain.Distinct, SecondOrder: false),
        ["max_with_indices"] = new(r => [RandomShape(r, 2)], x => x[0].MaxWithIndices(1).Values, Domain.Distinct, SecondOrder: false),
        ["min_with_indices"] = new(r => [RandomShape(r, 2)], x => x[0].MinWithIndices(-1, keepDim: true).Values, Domain.Distinct, SecondOrder: false),
        ["var"] = new(r => [[r.Next(2, 5), r.Next(2, 5)]], x => x[0].Var(1)),
        ["var_all_biased"] = new(r => [RandomShape(r, 2)], x => x[0].Var(0)),
        ["std"] = new(r => [[r.Next(2, 5), r.Next(2, 5)]], x => x[0].Std(0, keepDim: true)),
        ["norm_2"] = new(r => [RandomShape(r)], x => x[0].Norm()),
        ["norm_dim"] = new(r => [[r.Next(1, 4), r.Next(2, 5)]], x => x[0].Norm(2, [1])),
        ["norm_1"] = new(r => [RandomShape(r)], x => x[0].Norm(1), Domain.AwayFromZero, SecondOrder: false),
        ["norm_3"] = new(r => [RandomShape(r)], x => x[0].Norm(3), Domain.AwayFromZero),
        ["logsumexp"] = new(r => [RandomShape(r, 2)], x => x[0].LogSumExp(-1)),
        ["cumsum"] = new(r => [RandomShape(r, 2)], x => x[0].CumSum(1) * x[0]),
        ["prod"] = new(r => [RandomShape(r, 2)], x => x[0].Prod(0)),
        ["sort_values"] = new(r => [RandomShape(r, 2)], x => x[0].Sort(-1, descending: true).Values * T.Arange(1.0, 1.0 + x[0].Size(-1)), Domain.Distinct, SecondOrder: false),
        ["topk_values"] = new(r => [[r.Next(1, 4), 5]], x => x[0].TopK(2, 1).Values.Square(), Domain.Distinct),

        // Shape and indexing
        ["narrow"] = new(_ => [[3, 5, 2]], x => x[0].Narrow(1, 1, 3).Square()),
        ["slice_step"] = new(_ => [[3, 7]], x => x[0].Slice(1, 1, 7, 2).Square()),
        ["slice_negative"] = new(_ => [[4, 3]], x => x[0].Slice(0, -3, -1) * x[0].Slice(0, 0, 2)),
        ["select"] = new(_ => [[3, 4]], x => x[0].Select(1, 2).Exp()),
        ["flip"] = new(r => [RandomShape(r, 2)], x => x[0].Flip(0, -1) * x[0]),
        ["roll"] = new(_ => [[2, 5]], x => x[0].Roll(2, 1) * x[0]),
        ["stack"] = new(r => Same(r), x => T.Stack(1, x[0], x[1].Square())),
        ["split"] = new(_ => [[5, 3]], x => x[0].Split(2)[1].Exp() + x[0].Split([1, 4])[0].Sum()),
        ["chunk"] = new(_ => [[2, 6]], x => x[0].Chunk(3, 1)[2] * x[0].Chunk(3, 1)[0]),
        ["repeat"] = new(_ => [[2, 3]], x => x[0].Repeat(2, 1, 2).Square()),
        ["tril_triu"] = new(_ => [[2, 4, 4]], x => x[0].Tril() * 2.0 + x[0].Triu(1).Square()),
        ["pad"] = new(_ => [[2, 3, 4]], x => x[0].Pad([1, 2, 0, 1]).Square()),
        ["gather"] = new(_ => [[3, 4]], x => x[0].Gather(1, IntTensor.FromArray([0, 3, 3, 1, 2, 0], 3, 2)).Square()),
        ["scatter_add"] = new(_ => [[3, 4], [3, 2]], x => x[0].ScatterAdd(1, IntTensor.FromArray([0, 3, 3, 3, 2, 0], 3, 2), x[1]).Square()),
        ["index_select"] = new(_ => [[4, 3]], x => x[0].IndexSelect(0, IntTensor.FromArray([3, 0, 3])).Square()),
        ["index_add"] = new(_ => [[4, 3], [2, 3]], x => x[0].IndexAdd(0, IntTensor.FromArray([1, 1]), x[1]).Square()),
        ["masked_select"] = new(_ => [[3, 3]], x => x[0].MaskedSelect(x[0].Gt(0)).Exp(), Domain.AwayFromZero),
        ["transposed_view_into_elementwise"] = new(_ => [[3, 4], [4, 3]], x => x[0].Transpose() * x[1] + x[1].Transpose().Tanh().Transpose()),
        ["expand_view_sum"] = new(_ => [[3, 1]], x => x[0].Expand(3, 4).Sum(1) * x[0].Squeeze()),

        // Linear algebra
        ["linear_fused"] = new(r => [[r.Next(1, 5), 3], [3, 2], [2]], x => T.Linear(x[0], x[1], x[2]).Tanh()),
        ["linear_3d_input"] = new(_ => [[2, 3, 4], [4, 2], [2]], x => T.Linear(x[0], x[1], x[2]).Square()),
        ["matmul_transposed_views"] = new(_ => [[4, 3], [5, 4]], x => x[0].Transpose().MatMul(x[1].Transpose()).Square()),
        ["outer"] = new(_ => [[3], [4]], x => T.Outer(x[0], x[1]).Square()),
        ["addmm"] = new(_ => [[2, 4], [2, 3], [3, 4]], x => T.AddMM(x[0], x[1], x[2]).Square()),

        // Convolution and pooling
        ["conv2d"] = new(_ => [[2, 2, 5, 5], [3, 2, 3, 3], [3]], x => T.Conv2d(x[0], x[1], x[2], stride: 2, padding: 1).Square()),
        ["conv1d"] = new(_ => [[2, 2, 6], [3, 2, 3], [3]], x => T.Conv1d(x[0], x[1], x[2], padding: 1).Square()),
        ["unfold_fold"] = new(_ => [[1, 2, 4, 4]], x => T.Fold(T.Unfold(x[0], (2, 2), (1, 1), (0, 0)).Square(), (4, 4), (2, 2), (1, 1), (0, 0))),
        ["max_pool2d"] = new(_ => [[2, 2, 4, 4]], x => T.MaxPool2d(x[0], 2), Domain.Distinct, SecondOrder: false),
        ["max_pool2d_padding"] = new(_ => [[1, 2, 5, 5]], x => T.MaxPool2d(x[0], 3, 2, 1), Domain.Distinct, SecondOrder: false),
        ["avg_pool2d"] = new(_ => [[2, 1, 4, 6]], x => T.AvgPool2d(x[0], 2).Square()),
        ["max_pool1d"] = new(_ => [[1, 2, 6]], x => T.MaxPool1d(x[0], 2), Domain.Distinct, SecondOrder: false),

        // Normalisation, attention
        ["layer_norm"] = new(_ => [[3, 4], [4], [4]], x => Functional.LayerNorm(x[0], 1, x[1], x[2]).Square()),
        ["batch_norm_training"] = new(_ => [[4, 3, 2], [3], [3]], x => Functional.BatchNorm(x[0], T.Zeros(3), T.Ones(3), x[1], x[2], training: true).Square()),
        ["attention"] = new(_ => [[2, 3, 4], [2, 5, 4], [2, 5, 4]], x => Functional.ScaledDotProductAttention(x[0], x[1], x[2])),
        ["attention_causal"] = new(_ => [[1, 4, 2], [1, 4, 2], [1, 4, 2]], x => Functional.ScaledDotProductAttention(x[0], x[1], x[2], causal: true)),

        // Losses
        ["l1"] = new(r => Same(r), x => Losses.L1(x[0], x[1]), Domain.Distinct, SecondOrder: false),
        ["huber"] = new(r => Same(r), x => Losses.Huber(x[0] * 2.0, x[1], 0.8), Domain.Distinct),
        ["smooth_l1_sum"] = new(r => Same(r), x => Losses.SmoothL1(x[0], x[1], 0.5, Reduction.Sum), Domain.Distinct),
        ["mse_none"] = new(r => Same(r), x => Losses.Mse(x[0], x[1], Reduction.None)),
        ["nll"] = new(_ => [[5, 3]], x => Losses.Nll(x[0].LogSoftmax(1), Labels(5, 3))),
        ["cross_entropy_fused_second_order"] = new(_ => [[4, 3]], x => Losses.CrossEntropy(x[0], [0, 2, 1, 2])),
        ["cross_entropy_weights_ignore"] = new(_ => [[6, 4]], x => Losses.CrossEntropy(x[0], IntTensor.FromArray([0, 3, -100, 1, 3, 2]), weight: T.FromArray([0.5, 2.0, 1.0, 0.7]), ignoreIndex: -100)),
        ["cross_entropy_label_smoothing"] = new(_ => [[5, 3]], x => Losses.CrossEntropy(x[0], Labels(5, 3), labelSmoothing: 0.2)),
        ["cross_entropy_sum_none"] = new(_ => [[4, 3]], x => Losses.CrossEntropy(x[0], Labels(4, 3), reduction: Reduction.None) * 2.0 + Losses.CrossEntropy(x[0], Labels(4, 3), reduction: Reduction.Sum)),
        ["cross_entropy_spatial"] = new(_ => [[2, 3, 2, 2]], x => Losses.CrossEntropy(x[0], IntTensor.FromArray([0, 1, 2, 2, 1, 0, 0, 1], 2, 2, 2))),
        ["bce_probabilities"] = new(r => Same(r), x => Losses.BinaryCrossEntropy(x[0].Sigmoid(), x[1].Sigmoid())),
        ["bce_logits_sum"] = new(r => Same(r), x => Losses.BinaryCrossEntropyWithLogits(x[0], x[1].Sigmoid(), Reduction.Sum)),
        ["kl_div"] = new(_ => [[3, 4], [3, 4]], x => Losses.KLDiv(x[0].LogSoftmax(1), x[1].Softmax(1), batchMean: true)),
        ["kl_div_log_target"] = new(_ => [[3, 4], [3, 4]], x => Losses.KLDiv(x[0].LogSoftmax(1), x[1].LogSoftmax(1), logTarget: true)),
    };

    public static TheoryData<string> Ops => [.. Cases.Keys];

    public static TheoryData<string> SecondOrderOps => [.. Cases.Where(c => c.Value.SecondOrder).Select(c => c.Key)];

    [Theory]
    [MemberData(nameof(Ops))]
    public void Gradient_matches_central_finite_differences(string op)
    {
        GradCase c = Cases[op];
        for (int seed = 0; seed < 2; seed++)
        {
            (double[][] data, int[][] shapes) = Inputs(op, c, seed);
            GradCheck.AssertGradientsMatch(c.F, data, shapes, seed);
        }
    }

    [Theory]
    [MemberData(nameof(SecondOrderOps))]
    public void Second_order_gradient_with_create_graph_matches_differences_of_gradients(string op)
    {
        GradCase c = Cases[op];
        (double[][] data, int[][] shapes) = Inputs(op, c, 0);
        GradCheck.AssertSecondOrderMatches(c.F, data, shapes, 0);
    }

    private static (double[][] Data, int[][] Shapes) Inputs(string op, GradCase c, int seed)
    {
        var rng = new Random(op.Sum(ch => ch) * 97 + seed);
        int[][] shapes = c.Shapes(new Random(seed * 31 + op.Length));
        double[][] data = [.. shapes.Select(s => Sample(rng, s, c.Domain))];
        return (data, shapes);
    }

    private static double[] Sample(Random rng, int[] shape, Domain domain)
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        var d = new double[n];
        int[] permutation = [.. Enumerable.Range(0, n).OrderBy(_ => rng.Next())];
        for (int i = 0; i < n; i++)
        {
            double v = rng.NextDouble() * 2 - 1;
            d[i] = domain switch
            {
                Domain.Positive => 0.3 + Math.Abs(v) * 1.5,
                Domain.AwayFromZero => (v < 0 ? -1 : 1) * (0.2 + Math.Abs(v)),
                // Distinct values at least 0.05 apart (no ties, no kinks within the finite-difference step).
                Domain.Distinct => (permutation[i] - n / 2.0) * 0.13 + 0.011,
                _ => v * 1.5,
            };
        }
        return d;
    }
}
