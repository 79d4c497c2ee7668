using AutoDiff.Tensors;
using F = AutoDiff.Tensors.Tensor<float>;

namespace AutoDiff.Tensors.Tests;

/// <summary>Single precision: gradients agree with finite differences taken in double, to float accuracy.</summary>
public class FloatTests
{
    public static TheoryData<string> Ops => ["tanh_matmul", "softmax_mul", "sigmoid_broadcast", "cross_entropy", "exp_sum_dim"];

    private static Func<F[], F> Op(string name) => name switch
    {
        "tanh_matmul" => x => x[0].MatMul(x[1]).Tanh(),
        "softmax_mul" => x => (x[0] * x[1]).Softmax(1),
        "sigmoid_broadcast" => x => (x[0] + x[1].Slice(0, 0, 1)).Sigmoid(),
        "cross_entropy" => x => Losses.CrossEntropy(x[0].MatMul(x[1]), [0, 2, 1, 2]),
        "exp_sum_dim" => x => (x[0].Exp() / x[1].Sum(0, keepDim: true)).Sum(1),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Ops))]
    public void Float_gradients_match_double_finite_differences(string op)
    {
        var rng = new Random(11);
        int[][] shapes = op == "tanh_matmul" || op == "cross_entropy" ? [[4, 3], [3, 3]] : [[4, 3], [4, 3]];
        float[][] data = [.. shapes.Select(s => Enumerable.Range(0, s[0] * s[1]).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray())];
        Func<F[], F> f = Op(op);

        F[] inputs = [.. data.Select((d, i) => F.FromArray(d, shapes[i]).RequireGrad())];
        f(inputs).Sum().Backward();

        // Evaluate the same float function at double-precision perturbations of its inputs.
        for (int i = 0; i < data.Length; i++)
        {
            float[] grad = inputs[i].Grad!.ToArray();
            for (int j = 0; j < data[i].Length; j++)
            {
                // The runtime's central difference, steps of ±0.01 in float.
                float saved = data[i][j];
                float[] values = data[i];
                int element = j;
                double numeric = GradientCheck.CentralDifference(
                    shift =>
                    {
                        values[element] = saved + (float)shift;
                        return Eval(f, data, shapes);
                    },
                    0,
                    1e-2,
                    shift => (saved + (float)shift) - saved);
                data[i][j] = saved;
                Assert.True(Math.Abs(grad[j] - numeric) <= 2e-3 + 2e-2 * Math.Abs(numeric), $"{op}: input {i}[{j}] autograd {grad[j]} vs {numeric}");
            }
        }
    }

    private static double Eval(Func<F[], F> f, float[][] data, int[][] shapes)
    {
        using (Tensor.NoGrad())
        {
            return f([.. data.Select((d, i) => F.FromArray(d, shapes[i]))]).Sum().Item();
        }
    }

    [Fact]
    public void Float_and_double_engines_agree_on_a_small_network()
    {
        var rng = new Random(2);
        double[] w = [.. Enumerable.Range(0, 12).Select(_ => rng.NextDouble() - 0.5)];
        double[] x = [.. Enumerable.Range(0, 8).Select(_ => rng.NextDouble() * 2 - 1)];
        var wd = Tensor<double>.FromArray(w, 4, 3).RequireGrad();
        var wf = F.FromArray([.. w.Select(v => (float)v)], 4, 3).RequireGrad();
        Tensor<double>.FromArray(x, 2, 4).MatMul(wd).Tanh().Pow(2.0).Mean().Backward();
        F.FromArray([.. x.Select(v => (float)v)], 2, 4).MatMul(wf).Tanh().Pow(2f).Mean().Backward();
        double[] gd = wd.Grad!.ToArray();
        float[] gf = wf.Grad!.ToArray();
        for (int i = 0; i < gd.Length; i++)
        {
            Assert.Equal(gd[i], gf[i], 5);
        }
    }

    [Fact]
    public void Float_matmul_on_a_large_product_matches_double()
    {
        var rng = new Random(4);
        Tensor<double> a = Tensor<double>.RandomNormal(rng, 130, 200), b = Tensor<double>.RandomNormal(rng, 200, 90);
        F af = F.FromArray([.. a.ToArray().Select(v => (float)v)], 130, 200);
        F bf = F.FromArray([.. b.ToArray().Select(v => (float)v)], 200, 90);
        double[] cd = a.MatMul(b).ToArray();
        float[] cf = af.MatMul(bf).ToArray();
        for (int i = 0; i < cd.Length; i++)
        {
            Assert.True(Math.Abs(cd[i] - cf[i]) < 1e-3 * (1 + Math.Abs(cd[i])), $"element {i}: {cf[i]} vs {cd[i]}");
        }
    }

    [Fact]
    public void Unsupported_element_types_are_rejected()
    {
        Assert.Throws<NotSupportedException>(() => Tensor<Half>.Zeros(2));
    }
}
