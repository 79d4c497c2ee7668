using AutoDiff.Tensors;
using T = AutoDiff.Tensors.Tensor<double>;

namespace AutoDiff.Tensors.Tests;

/// <summary>Forward results against hand-computed values or naive reference loops.</summary>
public class ForwardValueTests
{
    [Fact]
    public void Creation_helpers_produce_the_expected_shapes_and_values()
    {
        Assert.Equal([0.0, 0, 0, 0, 0, 0], T.Zeros(2, 3).ToArray());
        Assert.Equal([2, 3], T.Ones(2, 3).Shape);
        Assert.Equal([7.0, 7], T.Full(7.0, 2).ToArray());
        Assert.Equal([0.0, 1, 2, 3], T.Arange(4.0).ToArray());
        Assert.Equal([1.0, 1.5, 2, 2.5], T.Arange(1.0, 3.0, 0.5).ToArray());
        Assert.Equal(0, T.Scalar(5.0).Rank);
        Assert.Equal(6.0, T.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } })[1, 2]);
    }

    [Fact]
    public void FromArray_copies_its_input()
    {
        double[] data = [1, 2];
        T t = T.FromArray(data);
        data[0] = 99;
        Assert.Equal(1.0, t[0]);
    }

    [Fact]
    public void Clone_owns_its_storage_while_Reshape_and_Detach_share_it()
    {
        T x = T.Arange(4.0).RequireGrad();
        T copy = x.Clone();
        Assert.Equal(x.ToArray(), copy.ToArray());
        Assert.Equal("Clone", copy.GradFn);
        var sgd = new AutoDiff.NN.Sgd<double>([x], 1.0);
        x.Grad = T.Ones(4);
        sgd.Step(); // updates x in place
        Assert.Equal([0.0, 1, 2, 3], copy.ToArray());
        Assert.Equal([-1.0, 0, 1, 2], x.Detach().ToArray());
        Assert.Equal(-1.0, x.Reshape(2, 2)[0, 0]);
    }

    [Fact]
    public void Seeded_random_tensors_repeat_and_have_the_requested_moments()
    {
        T a = T.RandomNormal(new Random(5), 2.0, 0.5, 20000);
        T b = T.RandomNormal(new Random(5), 2.0, 0.5, 20000);
        Assert.Equal(a.ToArray(), b.ToArray());
        Assert.InRange(a.Mean().Item(), 1.98, 2.02);
        Assert.InRange(((a - 2.0) * (a - 2.0)).Mean().Item(), 0.24, 0.26);
        T u = T.RandomUniform(new Random(1), -1.0, 3.0, 20000);
        Assert.True(u.ToArray().All(v => v >= -1 && v < 3));
        Assert.InRange(u.Mean().Item(), 0.97, 1.03);
    }

    [Fact]
    public void Broadcasting_follows_numpy_rules()
    {
        T column = T.FromArray([1.0, 2], 2, 1);
        T row = T.FromArray([10.0, 20, 30]);
        T sum = column + row;
        Assert.Equal([2, 3], sum.Shape);
        Assert.Equal([11.0, 21, 31, 12, 22, 32], sum.ToArray());
        Assert.Equal([9.0, 19, 29, 8, 18, 28], (row - column).ToArray());
        T cube = T.Arange(24.0).Reshape(2, 3, 4);
        T scaled = cube * T.FromArray([1.0, 0, -1], 3, 1);
        Assert.Equal(-(20.0 + 11), scaled[1, 2, 0] + scaled[0, 2, 3]); // cube[1,2,0] = 20, cube[0,2,3] = 11, both scaled by -1
        Assert.Equal([2, 3, 4], (cube / T.Scalar(2.0)).Shape);
    }

    [Fact]
    public void Reductions_over_dimensions_match_hand_sums()
    {
        T x = T.Arange(24.0).Reshape(2, 3, 4);
        Assert.Equal(276.0, x.Sum().Item());
        Assert.Equal([3, 4], x.Sum(0).Shape);
        Assert.Equal(12.0 + 0, x.Sum(0)[0, 0]);
        Assert.Equal([2, 1, 4], x.Sum(1, keepDim: true).Shape);
        Assert.Equal(0.0 + 4 + 8, x.Sum(1, keepDim: true)[0, 0, 0]);
        Assert.Equal([6.0, 22, 38, 54, 70, 86], x.Sum(-1).ToArray());
        Assert.Equal([60.0, 92, 124], x.Sum([0, 2]).ToArray());
        Assert.Equal(11.5, x.Mean().Item());
        Assert.Equal([1.5, 5.5, 9.5, 13.5, 17.5, 21.5], x.Mean(2).ToArray());
        Assert.Equal(23.0, x.Max().Item());
        Assert.Equal([20.0, 21, 22, 23], x.Max([0, 1]).ToArray());
        Assert.Equal([2, 2, 2, 2, 2, 2, 2, 2], x.ArgMax(1));
    }

    [Fact]
    public void Softmax_rows_sum_to_one_and_survive_large_inputs()
    {
        T logits = T.FromArray([1000.0, 1001, 1002, -5, 0, 5], 2, 3);
        T p = logits.Softmax(1);
        Assert.Equal(1.0, p.Sum(1)[0], 12);
        Assert.Equal(1.0, p.Sum(1)[1], 12);
        double z = 1 + Math.Exp(1) + Math.Exp(2);
        Assert.Equal(Math.Exp(2) / z, p[0, 2], 12);
        Assert.Equal(Math.Log(Math.Exp(2) / z), logits.LogSoftmax(1)[0, 2], 12);
        T columns = logits.Softmax(0);
        Assert.Equal(1.0, columns[0, 0] + columns[1, 0], 12);
    }

    [Fact]
    public void Losses_match_their_definitions()
    {
        Assert.Equal((1.0 + 4) / 2, Losses.Mse(T.FromArray([1.0, 2]), T.FromArray([0.0, 4])).Item(), 12);
        Assert.Equal(Math.Log(3), Losses.CrossEntropy(T.Zeros(4, 3), [0, 1, 2, 1]).Item(), 12);
        T x = T.FromArray([-800.0, 0, 3, 800]);
        T t = T.FromArray([0.0, 1, 1, 1]);
        double[] expected = [0, Math.Log(2), Math.Log(1 + Math.Exp(-3)), 0];
        Assert.Equal(expected.Average(), Losses.BinaryCrossEntropyWithLogits(x, t).Item(), 12);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 5, 7)]
    [InlineData(17, 33, 9)]
    [InlineData(67, 129, 75)]
    [InlineData(160, 300, 140)]
    [InlineData(9, 70, 300)]
    [InlineData(6, 260, 530)]
    public void MatMul_matches_a_naive_triple_loop(int m, int k, int n)
    {
        var rng = new Random(m * 1000 + n);
        T a = T.RandomNormal(rng, m, k), b = T.RandomNormal(rng, k, n);
        double[] c = T.MatMul(a, b).ToArray();
        double[] av = a.ToArray(), bv = b.ToArray();
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                {
                    s += av[i * k + p] * bv[p * n + j];
                }
                Assert.True(Math.Abs(s - c[i * n + j]) <= 1e-11 * (1 + Math.Abs(s)), $"C[{i}, {j}] = {c[i * n + j]:R}, expected {s:R}");
            }
        }
    }

    [Fact]
    public void Batched_MatMul_broadcasts_the_batch_dimensions()
    {
        var rng = new Random(3);
        T a = T.RandomNormal(rng, 4, 1, 3, 5), b = T.RandomNormal(rng, 2, 5, 6);
        T c = a.MatMul(b);
        Assert.Equal([4, 2, 3, 6], c.Shape);
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                T expected = a.Slice(0, i, i + 1).Reshape(3, 5).MatMul(b.Slice(0, j, j + 1).Reshape(5, 6));
                T actual = c.Slice(0, i, i + 1).Slice(1, j, j + 1).Reshape(3, 6);
                Assert.Equal(expected.ToArray(), actual.ToArray());
            }
        }
    }

    [Fact]
    public void Transpose_permute_slice_and_concat_move_elements_as_expected()
    {
        T x = T.Arange(6.0).Reshape(2, 3);
        Assert.Equal([0.0, 3, 1, 4, 2, 5], x.Transpose().ToArray());
        T cube = T.Arange(24.0).Reshape(2, 3, 4);
        T p = cube.Permute(2, 0, 1);
        Assert.Equal([4, 2, 3], p.Shape);
        Assert.Equal(cube[1, 2, 3], p[3, 1, 2]);
        Assert.Equal(cube[1, 0, 2], cube.Transpose(0, 2)[2, 0, 1]);
        Assert.Equal([1.0, 2, 4, 5], x.Slice(1, 1, 3).ToArray());
        T joined = T.Concat(1, x, T.Full(-1.0, 2, 1));
        Assert.Equal([0.0, 1, 2, -1, 3, 4, 5, -1], joined.ToArray());
        Assert.Equal([4, 3], T.Concat(0, x, x).Shape);
    }

    [Fact]
    public void Reshape_shares_storage_and_infers_one_dimension()
    {
        T x = T.Arange(12.0);
        T v = x.View(3, -1);
        Assert.Equal([3, 4], v.Shape);
        Assert.Equal(x[5], v[1, 1]);
        Assert.Equal([1, 12], x.Unsqueeze(0).Shape);
        Assert.Equal([12], x.Unsqueeze(-1).Squeeze(1).Shape);
    }

    [Fact]
    public void Unary_ops_match_math_functions()
    {
        double[] v = [-1.5, -0.2, 0.3, 2];
        T x = T.FromArray(v);
        Assert.Equal(v.Select(Math.Exp), x.Exp().ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(v.Select(Math.Tanh), x.Tanh().ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(v.Select(a => 1 / (1 + Math.Exp(-a))), x.Sigmoid().ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([0.0, 0, 0.3, 2], x.Relu().ToArray());
        Assert.Equal([1.5, 0.2, 0.3, 2], x.Abs().ToArray());
        Assert.Equal(v.Select(a => Math.Log(Math.Abs(a))), x.Abs().Log().ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(v.Select(a => Math.Sqrt(Math.Abs(a))), x.Abs().Sqrt().ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(v.Select(a => a * a * a), x.Pow(3.0).ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
    }
}
