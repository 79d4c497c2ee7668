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
                double numeric = Central(data[i], j, eps, () => Evaluate(f, data, shapes, weights));
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

    /// <summary>
    /// The runtime's central difference (<see cref="GradientCheck.CentralDifference(Func{double, double}, double, double, Func{double, double}?)"/>)
    /// of <paramref name="evaluate"/> along element <paramref name="j"/> of <paramref name="values"/>, steps of ±<paramref name="eps"/>.
    /// </summary>
    public static double Central(double[] values, int j, double eps, Func<double> evaluate)
    {
        double saved = values[j];
        double numeric = GradientCheck.CentralDifference(
            shift =>
            {
                values[j] = saved + shift;
                return evaluate();
            },
            0,
            eps);
        values[j] = saved;
        return numeric;
    }

    /// <summary>
    /// Second order: with createGraph, the gradient of s(x) = Σᵢ wᵢ·∇ᵢ(Σ u·f(x)) must match central differences of s
    /// computed from first-order gradients (gradients of gradients against finite differences of gradients).
    /// </summary>
    public static void AssertSecondOrderMatches(
        Func<Tensor<double>[], Tensor<double>> f, double[][] data, int[][] shapes, int seed, double eps = 1e-5, double atol = 1e-6, double rtol = 1e-4)
    {
        Tensor<double>[] inputs = Build(data, shapes, requiresGrad: true);
        Tensor<double> output = f(inputs);
        Tensor<double> u = Tensor<double>.RandomNormal(new Random(seed + 2000), [.. output.Shape]);
        Tensor<double>[] w = [.. shapes.Select((s, i) => Tensor<double>.RandomNormal(new Random(seed + 3000 + i), s))];
        Tensor<double>?[] grads = Tensor.Grad([(output * u).Sum()], inputs, createGraph: true, allowUnused: true);
        Tensor<double>? s = null;
        for (int i = 0; i < grads.Length; i++)
        {
            if (grads[i] is { } g && g.RequiresGrad)
            {
                Tensor<double> term = (g * w[i]).Sum();
                s = s is null ? term : s + term;
            }
        }
        Assert.True(s is not null, "no gradient depends on the inputs (the function is linear?)");
        s!.Backward();
        for (int i = 0; i < data.Length; i++)
        {
            double[] analytic = inputs[i].Grad?.ToArray() ?? new double[data[i].Length];
            for (int j = 0; j < data[i].Length; j++)
            {
                double numeric = Central(data[i], j, eps, () => FirstOrderWeighted(f, data, shapes, u, w));
                Assert.True(Math.Abs(analytic[j] - numeric) <= atol + rtol * Math.Abs(numeric),
                    $"second order, input {i} element {j}: autograd {analytic[j]:R} vs finite difference of gradients {numeric:R}");
            }
        }
    }

    private static double FirstOrderWeighted(Func<Tensor<double>[], Tensor<double>> f, double[][] data, int[][] shapes, Tensor<double> u, Tensor<double>[] w)
    {
        Tensor<double>[] inputs = Build(data, shapes, requiresGrad: true);
        Tensor<double>?[] grads = Tensor.Grad([(f(inputs) * u).Sum()], inputs, allowUnused: true);
        double total = 0;
        for (int i = 0; i < grads.Length; i++)
        {
            if (grads[i] is { } g)
            {
                total += (g * w[i]).Sum().Item();
            }
        }
        return total;
    }
}
