using AutoDiff.Tensors.Kernels;
using T = AutoDiff.Tensors.Tensor<double>;

namespace AutoDiff.Tensors.Tests;

/// <summary>The packed matrix kernel against a plain triple loop: edge sizes, strided and transposed operands, batches, threads, 512-bit vectors.</summary>
public class MatMulKernelTests
{
    private static double[] Naive(double[] a, double[] b, int m, int k, int n)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                {
                    s += a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    private static void AssertClose(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-9 * (1 + Math.Abs(expected[i])), $"{what}: element {i}: {actual[i]} vs {expected[i]}");
        }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(5, 7, 3)]
    [InlineData(6, 256, 16)]
    [InlineData(13, 300, 37)]
    [InlineData(73, 17, 513)]
    [InlineData(130, 260, 90)]
    public void Products_of_every_size_match_the_triple_loop(int m, int k, int n)
    {
        var rng = new Random(m * 1000 + k * 10 + n);
        T a = T.RandomNormal(rng, m, k), b = T.RandomNormal(rng, k, n);
        double[] expected = Naive(a.ToArray(), b.ToArray(), m, k, n);
        AssertClose(expected, a.MatMul(b).ToArray(), "plain");
        // Transposed views: (bᵀ·aᵀ)ᵀ = a·b, read through strides without copies.
        AssertClose(expected, b.Transpose().MatMul(a.Transpose()).Transpose().ToArray(), "transposed operands");
        // Stepped views of larger matrices.
        T wide = T.RandomNormal(rng, m, 2 * k);
        T stepped = wide.Slice(1, 0, 2 * k, 2);
        AssertClose(Naive(stepped.ToArray(), b.ToArray(), m, k, n), stepped.MatMul(b).ToArray(), "stepped slice");
    }

    /// <summary>
    /// Float products through every path: the skinny unpacked kernel (k ≤ 4 or m ≤ 3 with B's rows contiguous),
    /// the AVX 8 × 8 transpose that packs a transposed right operand (k not a multiple of 8, partial panels), and k
    /// split into equal blocks (k = 784, 513).
    /// </summary>
    [Theory]
    [InlineData(400, 2, 256)]
    [InlineData(2, 400, 256)]
    [InlineData(3, 37, 45)]
    [InlineData(256, 400, 2)]
    [InlineData(37, 4, 70)]
    [InlineData(61, 13, 35)]
    [InlineData(30, 784, 48)]
    [InlineData(19, 513, 40)]
    public void Float_products_match_the_triple_loop_with_plain_and_transposed_operands(int m, int k, int n)
    {
        var rng = new Random(m * 7 + k * 3 + n);
        T a = T.RandomNormal(rng, m, k), b = T.RandomNormal(rng, k, n);
        double[] expected = Naive(a.ToArray(), b.ToArray(), m, k, n);
        float[] af = [.. a.ToArray().Select(v => (float)v)], bf = [.. b.ToArray().Select(v => (float)v)];
        var fa = Tensor<float>.FromArray(af, m, k);
        var fb = Tensor<float>.FromArray(bf, k, n);
        // The same matrices stored transposed, multiplied through transposed views.
        var faT = fa.Transpose().Contiguous().Transpose();
        var fbT = fb.Transpose().Contiguous().Transpose();
        var bias = Tensor<float>.Zeros(n);
        foreach ((string what, float[] got) in new[]
        {
            ("plain", fa.MatMul(fb).ToArray()),
            ("A transposed", faT.MatMul(fb).ToArray()),
            ("B transposed", fa.MatMul(fbT).ToArray()),
            ("both transposed", faT.MatMul(fbT).ToArray()),
            ("linear, zero bias", Tensor<float>.Linear(fa, fb, bias).ToArray()),
        })
        {
            Assert.Equal(expected.Length, got.Length);
            for (int i = 0; i < got.Length; i++)
            {
                Assert.True(Math.Abs(got[i] - expected[i]) <= 1e-4 * (Math.Sqrt(k) + Math.Abs(expected[i])), $"{what}: element {i}: {got[i]} vs {expected[i]}");
            }
        }
    }

    [Fact]
    public void The_512_bit_kernel_gives_the_same_products()
    {
        var rng = new Random(5);
        T a = T.RandomNormal(rng, 29, 70), b = T.RandomNormal(rng, 70, 45);
        double[] expected = Naive(a.ToArray(), b.ToArray(), 29, 70, 45);
        float[] af = [.. a.ToArray().Select(v => (float)v)], bf = [.. b.ToArray().Select(v => (float)v)];
        MatMulKernel.ForceVector512 = true;
        try
        {
            AssertClose(expected, a.MatMul(b).ToArray(), "double, 512-bit");
            float[] cf = Tensor<float>.FromArray(af, 29, 70).MatMul(Tensor<float>.FromArray(bf, 70, 45)).ToArray();
            for (int i = 0; i < cf.Length; i++)
            {
                Assert.True(Math.Abs(cf[i] - expected[i]) <= 1e-4 * (1 + Math.Abs(expected[i])), $"float, 512-bit: element {i}");
            }
        }
        finally
        {
            MatMulKernel.ForceVector512 = false;
        }
    }

    [Fact]
    public void Threaded_products_equal_single_threaded_ones_bit_for_bit()
    {
        var rng = new Random(8);
        T a = T.RandomNormal(rng, 300, 200), b = T.RandomNormal(rng, 200, 150);
        int saved = Tensor.NumThreads;
        try
        {
            Tensor.NumThreads = 1;
            double[] one = a.MatMul(b).ToArray();
            Tensor.NumThreads = 4;
            double[] four = a.MatMul(b).ToArray();
            Assert.Equal(one, four);
        }
        finally
        {
            Tensor.NumThreads = saved;
        }
    }

    [Fact]
    public void Batched_products_broadcast_the_batch_and_read_views()
    {
        var rng = new Random(3);
        T a = T.RandomNormal(rng, 2, 1, 4, 5), b = T.RandomNormal(rng, 3, 5, 6);
        T c = a.MatMul(b);
        Assert.Equal([2, 3, 4, 6], c.Shape);
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                double[] expected = Naive(a.Select(0, i).Select(0, 0).ToArray(), b.Select(0, j).ToArray(), 4, 5, 6);
                AssertClose(expected, c.Select(0, i).Select(0, j).ToArray(), $"batch ({i}, {j})");
            }
        }
    }

    [Fact]
    public void Linear_adds_the_bias_in_the_same_pass()
    {
        var rng = new Random(4);
        T x = T.RandomNormal(rng, 7, 9), w = T.RandomNormal(rng, 9, 11), bias = T.RandomNormal(rng, 11);
        AssertClose((x.MatMul(w) + bias).ToArray(), T.Linear(x, w, bias).ToArray(), "linear");
    }

    /// <summary>
    /// Linear adds its weight gradient straight into an existing Grad (no temporary): a second backward pass
    /// doubles it, a transposed input view gives the same gradient, and Tensor.Grad (which must leave Grad alone)
    /// returns the plain product xᵀ·g.
    /// </summary>
    [Fact]
    public void Linear_weight_gradient_accumulates_in_place_only_into_grad()
    {
        var rng = new Random(6);
        T x = T.RandomNormal(rng, 7, 9), w = T.RandomNormal(rng, 9, 11).RequireGrad(), bias = T.RandomNormal(rng, 11).RequireGrad();
        T xt = x.Transpose().Contiguous().Transpose();
        // d/dW Σ y² = xᵀ·(2y), y = x·W + b.
        double[] g = (T.Linear(x, w, bias).Detach() * 2.0).ToArray();
        double[] xa = x.ToArray();
        double[] xT = [.. Enumerable.Range(0, 9 * 7).Select(i => xa[(i % 7) * 9 + i / 7])];
        double[] expected = Naive(xT, g, 9, 7, 11);
        T.Linear(x, w, bias).Square().Sum().Backward();
        AssertClose(expected, w.Grad!.ToArray(), "first backward (Grad created by the engine)");
        T.Linear(xt, w, bias).Square().Sum().Backward();
        AssertClose([.. expected.Select(v => 2 * v)], w.Grad!.ToArray(), "second backward (added in place), transposed input view");
        double[] before = w.Grad!.ToArray();
        T viaGrad = Tensor.Grad(T.Linear(x, w, bias).Square().Sum(), w);
        AssertClose(expected, viaGrad.ToArray(), "Tensor.Grad");
        Assert.Equal(before, w.Grad!.ToArray());
    }
}
