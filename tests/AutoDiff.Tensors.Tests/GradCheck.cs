using AutoDiff.Tensors;

namespace AutoDiff.Tensors.Tests;

/// <summary>Compares autograd gradients with central finite differences of a weighted sum of the output.</summary>
internal static class GradCheck
{
    public static void AssertGradientsMatch(
        Func<Tensor<double>[], Tensor<double>> f, double[][] data, int[][] shapes, int seed, double eps = 1e-6, double atol = 1e-7, double rtol = 1e-5)
    {
        Tensor<double>[] inputs = Build(data, shapes, requiresGrad: true);
        Tensor<double> output = f(inputs);
        // Random upstream weights make every output element matter, with distinct sensitivities.
        Tensor<double> weights = Tensor<double>.RandomNormal(new Random(seed + 1000), [.. output.Shape]);
        (output * weights).Sum().Backward();

        for (int i = 0; i < data.Length; i++)
        {
            Assert.True(inputs[i].Grad is not null, $"input {i} received no gradient");
            Assert.Equal(shapes[i], inputs[i].Grad!.Shape);
            double[] analytic = inputs[i].Grad!.ToArray();
            for (int j = 0; j < data[i].Length; j++)
            {
                double saved = data[i][j];
                data[i][j] = saved + eps;
                double plus = Evaluate(f, data, shapes, weights);
                data[i][j] = saved - eps;
                double minus = Evaluate(f, data, shapes, weights);
                data[i][j] = saved;
                double numeric = (plus - minus) / (2 * eps);
                double error = Math.Abs(analytic[j] - numeric);
                Assert.True(error <= atol + rtol * Math.Abs(numeric),
                    $"input {i} element {j}: autograd {analytic[j]:R} vs finite difference {numeric:R} (shape {Format(shapes[i])})");
            }
        }
    }

    private static double Evaluate(Func<Tensor<double>[], Tensor<double>> f, double[][] data, int[][] shapes, Tensor<double> weights)
    {
        using (Tensor.NoGrad())
        {
            return (f(Build(data, shapes, requiresGrad: false)) * weights).Sum().Item();
        }
    }

    private static Tensor<double>[] Build(double[][] data, int[][] shapes, bool requiresGrad)
        => [.. data.Select((d, i) => Tensor<double>.FromArray(d, shapes[i]).RequireGrad(requiresGrad))];

    public static string Format(int[] shape) => "[" + string.Join(", ", shape) + "]";
}
