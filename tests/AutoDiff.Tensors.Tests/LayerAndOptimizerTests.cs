using AutoDiff.NN;
using T = AutoDiff.Tensors.Tensor<double>;

namespace AutoDiff.Tensors.Tests;

/// <summary>Layers against their definitions, optimisers against one step written out by hand, schedulers, clipping, save/load.</summary>
public class LayerAndOptimizerTests
{
    private static void AssertClose(double[] expected, double[] actual, double tol = 1e-12)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol * (1 + Math.Abs(expected[i])), $"element {i}: {actual[i]:R} vs {expected[i]:R}");
        }
    }

    [Fact]
    public void Conv2d_matches_the_direct_sum()
    {
        var rng = new Random(1);
        T x = T.RandomNormal(rng, 2, 3, 6, 5), w = T.RandomNormal(rng, 4, 3, 3, 3), b = T.RandomNormal(rng, 4);
        T y = T.Conv2d(x, w, b, stride: 2, padding: 1);
        Assert.Equal([2, 4, 3, 3], y.Shape);
        for (int n = 0; n < 2; n++)
        {
            for (int o = 0; o < 4; o++)
            {
                for (int i = 0; i < 3; i++)
                {
                    for (int j = 0; j < 3; j++)
                    {
                        double s = b[o];
                        for (int c = 0; c < 3; c++)
                        {
                            for (int ki = 0; ki < 3; ki++)
                            {
                                for (int kj = 0; kj < 3; kj++)
                                {
                                    int h = i * 2 - 1 + ki, v = j * 2 - 1 + kj;
                                    if (h >= 0 && h < 6 && v >= 0 && v < 5)
                                    {
                                        s += x[n, c, h, v] * w[o, c, ki, kj];
                                    }
                                }
                            }
                        }
                        Assert.Equal(s, y[n, o, i, j], 10);
                    }
                }
            }
        }
    }

    [Fact]
    public void Pooling_takes_window_maxima_and_means()
    {
        T x = T.Arange(16.0).Reshape(1, 1, 4, 4);
        Assert.Equal([5.0, 7, 13, 15], T.MaxPool2d(x, 2).ToArray());
        Assert.Equal([2.5, 4.5, 10.5, 12.5], T.AvgPool2d(x, 2).ToArray());
        Assert.Equal([5.0, 7, 13, 15], T.MaxPool2d(x, 3, 2, 1).ToArray()); // windows over the −∞-padded 6×6 grid
        Assert.Equal([0.0, 2, 3, 8, 10, 11, 12, 14, 15], T.MaxPool2d(x, 2, 2, 1).ToArray());
    }

    [Fact]
    public void LayerNorm_normalises_each_row_and_BatchNorm_each_channel()
    {
        T x = T.FromArray([1.0, 2, 3, 4, 10, 20, 30, 40], 2, 4);
        T y = new LayerNorm<double>(4).Forward(x);
        double sd = Math.Sqrt(1.25 + 1e-5);
        AssertClose([-1.5 / sd, -0.5 / sd, 0.5 / sd, 1.5 / sd], y.Narrow(0, 0, 1).ToArray(), 1e-12);

        var bn = new BatchNorm<double>(4);
        T z = bn.Forward(x);
        AssertClose([-1, -1, -1, -1, 1, 1, 1, 1], z.ToArray(), 1e-5);
        // Running statistics: 0.9·0 + 0.1·mean, 0.9·1 + 0.1·unbiased variance.
        AssertClose([0.55, 1.1, 1.65, 2.2], bn.RunningMean.ToArray(), 1e-12);
        AssertClose([0.9 + 0.1 * 40.5, 0.9 + 0.1 * 162, 0.9 + 0.1 * 364.5, 0.9 + 0.1 * 648], bn.RunningVar.ToArray(), 1e-12);
        bn.Eval();
        T e = bn.Forward(x);
        Assert.Equal((1 - 0.55) / Math.Sqrt(0.9 + 4.05 + 1e-5), e[0, 0], 10);
    }

    [Fact]
    public void Dropout_scales_kept_elements_in_training_and_is_the_identity_in_eval()
    {
        var d = new Dropout<double>(0.5, new Random(3));
        T x = T.Ones(1000);
        double[] y = d.Forward(x).ToArray();
        Assert.All(y, v => Assert.True(v == 0 || v == 2));
        Assert.InRange(y.Count(v => v == 0), 400, 600);
        d.Eval();
        Assert.Same(x, d.Forward(x));
    }

    [Fact]
    public void Embedding_gathers_rows_and_adds_up_gradients_of_repeated_indices()
    {
        var emb = new Embedding<double>(5, 3, new Random(2));
        T y = emb.Forward(IntTensor.FromArray([4, 1, 4], 3));
        Assert.Equal([3, 3], y.Shape);
        AssertClose(emb.Weight.Select(0, 4).ToArray(), y.Select(0, 0).ToArray());
        y.Sum().Backward();
        Assert.Equal([0.0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 2, 2, 2], emb.Weight.Grad!.ToArray());
    }

    [Fact]
    public void Lstm_and_gru_cells_follow_the_pytorch_equations()
    {
        var rng = new Random(4);
        var lstm = new LstmCell<double>(3, 2, rng);
        T x = T.RandomNormal(rng, 1, 3), h = T.RandomNormal(rng, 1, 2), c = T.RandomNormal(rng, 1, 2);
        (T h2, T c2) = lstm.Step(x, (h, c));
        double[] gates = (x.MatMul(lstm.WeightIH) + lstm.BiasIH + h.MatMul(lstm.WeightHH) + lstm.BiasHH).ToArray();
        static double S(double v) => 1 / (1 + Math.Exp(-v));
        for (int k = 0; k < 2; k++)
        {
            double cell = S(gates[2 + k]) * c[0, k] + S(gates[k]) * Math.Tanh(gates[4 + k]);
            Assert.Equal(cell, c2[0, k], 12);
            Assert.Equal(S(gates[6 + k]) * Math.Tanh(cell), h2[0, k], 12);
        }
        var gru = new GruCell<double>(3, 2, rng);
        T hg = gru.Step(x, h);
        double[] gi = (x.MatMul(gru.WeightIH) + gru.BiasIH).ToArray(), gh = (h.MatMul(gru.WeightHH) + gru.BiasHH).ToArray();
        for (int k = 0; k < 2; k++)
        {
            double r = S(gi[k] + gh[k]), z = S(gi[2 + k] + gh[2 + k]);
            double n = Math.Tanh(gi[4 + k] + r * gh[4 + k]);
            Assert.Equal((1 - z) * n + z * h[0, k], hg[0, k], 12);
        }
    }

    [Fact]
    public void Multihead_attention_with_one_head_is_softmax_attention_of_the_projections()
    {
        var rng = new Random(6);
        var mha = new MultiheadAttention<double>(4, 1, rng);
        T x = T.RandomNormal(rng, 1, 3, 4);
        T q = mha.Query.Forward(x), k = mha.Key.Forward(x), v = mha.Value.Forward(x);
        T expected = mha.Output.Forward((q.MatMul(k.Transpose()) / 2.0).Softmax(-1).MatMul(v));
        AssertClose(expected.ToArray(), mha.Forward(x).ToArray(), 1e-12);
        T causal = mha.Forward(x, x, x, causal: true);
        // The first position attends only to itself.
        AssertClose(mha.Output.Forward(v.Narrow(1, 0, 1)).ToArray(), causal.Narrow(1, 0, 1).ToArray(), 1e-12);
        Assert.Equal(4 * (4 * 4 + 4), mha.ParameterCount());
    }

    [Fact]
    public void AdamW_RmsProp_and_Adagrad_take_the_documented_first_step()
    {
        static T Param() => T.FromArray([1.0, -2.0]).RequireGrad();
        double[] g = [0.5, -0.25];
        void SetGrad(T p) => p.Grad = T.FromArray(g);

        T a = Param();
        var adamw = new AdamW<double>([a], 0.1, weightDecay: 0.5);
        SetGrad(a);
        adamw.Step();
        // Decoupled decay p·(1 − lr·λ), then Adam's first step moves each coordinate by lr·sign(g).
        AssertClose([1.0 * 0.95 - 0.1, -2.0 * 0.95 + 0.1], a.ToArray(), 1e-7);

        T r = Param();
        var rms = new RmsProp<double>([r], 0.01);
        SetGrad(r);
        rms.Step();
        AssertClose([1 - 0.01 * 0.5 / (Math.Sqrt(0.01 * 0.25) + 1e-8), -2 + 0.01 * 0.25 / (Math.Sqrt(0.01 * 0.0625) + 1e-8)], r.ToArray());

        T d = Param();
        var ada = new Adagrad<double>([d], 0.1);
        SetGrad(d);
        ada.Step();
        AssertClose([1 - 0.1 * 0.5 / (0.5 + 1e-10), -2 + 0.1 * 0.25 / (0.25 + 1e-10)], d.ToArray());
    }

    [Fact]
    public void Schedulers_set_the_learning_rate_per_epoch()
    {
        T p = T.Ones(1).RequireGrad();
        var opt = new Sgd<double>([p], 1.0);
        var step = new StepLR<double>(opt, stepSize: 2, gamma: 0.5);
        step.Step();
        Assert.Equal(1.0, opt.LearningRate);
        step.Step();
        Assert.Equal(0.5, opt.LearningRate);
        var cosine = new CosineAnnealingLR<double>(new Sgd<double>([p], 2.0), maxEpochs: 4, minRate: 0);
        Assert.Equal(1.0, cosine.RateAt(2), 12);
        Assert.Equal(0.0, cosine.RateAt(4), 12);
        Assert.Equal(0.25, new ExponentialLR<double>(opt, 0.5).RateAt(1));
    }

    [Fact]
    public void Clipping_scales_gradients_to_the_maximum_norm_and_returns_the_norm_before()
    {
        T a = T.Ones(2).RequireGrad(), b = T.Ones(1).RequireGrad();
        a.Grad = T.FromArray([3.0, 0.0]);
        b.Grad = T.FromArray([4.0]);
        double norm = GradClip.ClipGradNorm([a, b], 1.0);
        Assert.Equal(5.0, norm, 12);
        AssertClose([0.6, 0], a.Grad.ToArray(), 1e-6);
        AssertClose([0.8], b.Grad.ToArray(), 1e-6);
        GradClip.ClipGradValue([a, b], 0.7);
        Assert.Equal([0.7], b.Grad.ToArray());
    }

    [Fact]
    public void Safetensors_round_trip_a_module_and_read_the_documented_layout()
    {
        var rng = new Random(9);
        var model = new Sequential<double>(new Linear<double>(3, 4, rng), new BatchNorm<double>(4), new Linear<double>(4, 2, rng));
        model.Forward(T.RandomNormal(rng, 5, 3)); // moves the running statistics
        string path = Path.Combine(Path.GetTempPath(), $"autodiff-{Guid.NewGuid():N}.safetensors");
        try
        {
            Safetensors.Save(path, model);
            var copy = new Sequential<double>(new Linear<double>(3, 4, new Random(1)), new BatchNorm<double>(4), new Linear<double>(4, 2, new Random(1)));
            Safetensors.Load(path, copy);
            foreach (((string name, T p), (_, T q)) in model.NamedParameters().Concat(model.NamedBuffers()).Zip(copy.NamedParameters().Concat(copy.NamedBuffers())))
            {
                Assert.True(p.ToArray().SequenceEqual(q.ToArray()), name);
            }
            // The header is JSON after an 8-byte little-endian length, data offsets are byte ranges of F64 values.
            byte[] bytes = File.ReadAllBytes(path);
            long headerLength = BitConverter.ToInt64(bytes, 0);
            string header = System.Text.Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
            Assert.Contains("\"0.Weight\":{\"dtype\":\"F64\",\"shape\":[3,4],\"data_offsets\":[0,96]}", header);
            Assert.Contains("\"1.RunningMean\"", header);
            // Loading as float converts.
            Assert.Equal((float)model.NamedParameters().First().Parameter[0, 0], Safetensors.Load<float>(path)["0.Weight"][0, 0]);
            var wrong = new Sequential<double>(new Linear<double>(3, 5, rng));
            Assert.Throws<InvalidDataException>(() => Safetensors.Load(path, wrong));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Grad_returns_gradients_without_touching_Grad_and_create_graph_gives_second_derivatives()
    {
        T x = T.FromArray([0.3, -0.7]).RequireGrad();
        T y = (x * x * x).Sum();                                   // y = Σ x³
        T g = Tensor.Grad(y, x, createGraph: true);                // 3x²
        Assert.Null(x.Grad);
        AssertClose([0.27, 1.47], g.ToArray());
        T h = Tensor.Grad(g.Sum(), x);                             // 6x
        AssertClose([1.8, -4.2], h.ToArray());
        T unused = T.Ones(1).RequireGrad();
        Assert.Throws<InvalidOperationException>(() => Tensor.Grad([(x * 2.0).Sum()], [unused]));
        Assert.Null(Tensor.Grad([(x * 2.0).Sum()], [unused], allowUnused: true)[0]);
    }

    [Fact]
    public void Cross_entropy_options_match_their_definitions()
    {
        T logits = T.FromArray([2.0, 0.5, -1, 0.1, 0.2, 3], 2, 3);
        double[] lp = logits.LogSoftmax(1).ToArray();
        double plain = -(lp[0] + lp[5]) / 2;
        Assert.Equal(plain, Losses.CrossEntropy(logits, [0, 2]).Item(), 12);
        Assert.Equal(-lp[0], Losses.CrossEntropy(logits, IntTensor.FromArray([0, -100])).Item(), 12);
        T w = T.FromArray([1.0, 1, 3]);
        Assert.Equal(-(lp[0] + 3 * lp[5]) / 4, Losses.CrossEntropy(logits, IntTensor.FromArray([0, 2]), weight: w).Item(), 12);
        double eps = 0.3;
        double smooth0 = (1 - eps) * -lp[0] + eps * -(lp[0] + lp[1] + lp[2]) / 3;
        double smooth1 = (1 - eps) * -lp[5] + eps * -(lp[3] + lp[4] + lp[5]) / 3;
        Assert.Equal((smooth0 + smooth1) / 2, Losses.CrossEntropy(logits, IntTensor.FromArray([0, 2]), labelSmoothing: eps).Item(), 12);
    }
}
