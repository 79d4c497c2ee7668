using AutoDiff.NN;
using AutoDiff.Tensors;
using T = AutoDiff.Tensors.Tensor<double>;

namespace AutoDiff.Tensors.Tests;

public class TrainingTests
{
    [Fact]
    public void An_MLP_trained_with_Adam_separates_two_moons_with_at_least_97_percent_accuracy()
    {
        (T points, int[] labels) = Datasets.TwoMoons<double>(300, 0.15, seed: 3);
        Sequential<double> model = Mlp.Create<double>([2, 32, 32, 2], Activation.Tanh, new Random(3));
        var optimizer = new Adam<double>(model.Parameters(), 0.02);
        double firstLoss = double.NaN, lastLoss = double.NaN;
        for (int epoch = 0; epoch < 300; epoch++)
        {
            optimizer.ZeroGrad();
            T loss = Losses.CrossEntropy(model.Forward(points), labels);
            loss.Backward();
            optimizer.Step();
            lastLoss = loss.Item();
            firstLoss = epoch == 0 ? lastLoss : firstLoss;
        }
        int[] predicted;
        using (Tensor.NoGrad())
        {
            predicted = model.Forward(points).ArgMax(1);
        }
        double accuracy = predicted.Where((p, i) => p == labels[i]).Count() / (double)labels.Length;
        Assert.True(accuracy >= 0.97, $"training accuracy {accuracy:P1}");
        Assert.True(lastLoss < firstLoss / 5, $"loss went from {firstLoss} to {lastLoss}");
    }

    [Fact]
    public void A_single_logit_MLP_with_BCE_and_SGD_momentum_also_learns_two_moons()
    {
        (T points, int[] labels) = Datasets.TwoMoons<double>(200, 0.1, seed: 9);
        T targets = T.FromArray([.. labels.Select(l => (double)l)], labels.Length, 1);
        Sequential<double> model = Mlp.Create<double>([2, 16, 16, 1], Activation.ReLU, new Random(1));
        var optimizer = new Sgd<double>(model.Parameters(), 0.1, momentum: 0.9);
        for (int epoch = 0; epoch < 400; epoch++)
        {
            optimizer.ZeroGrad();
            Losses.BinaryCrossEntropyWithLogits(model.Forward(points), targets).Backward();
            optimizer.Step();
        }
        double[] logits = model.Forward(points).ToArray();
        double accuracy = logits.Where((z, i) => (z > 0 ? 1 : 0) == labels[i]).Count() / (double)labels.Length;
        Assert.True(accuracy >= 0.97, $"training accuracy {accuracy:P1}");
    }

    [Fact]
    public void Sgd_with_momentum_and_weight_decay_follows_the_pytorch_update()
    {
        T p = T.FromArray([1.0, -2]).RequireGrad();
        var sgd = new Sgd<double>([p], 0.1, momentum: 0.5, weightDecay: 0.01);
        double[] expected = [1.0, -2];
        double[] velocity = [0, 0];
        for (int step = 0; step < 3; step++)
        {
            sgd.ZeroGrad();
            (p * p).Sum().Backward(); // gradient 2p
            sgd.Step();
            for (int i = 0; i < 2; i++)
            {
                double g = 2 * expected[i] + 0.01 * expected[i];
                velocity[i] = step == 0 ? g : 0.5 * velocity[i] + g;
                expected[i] -= 0.1 * velocity[i];
            }
            Assert.Equal(expected[0], p[0], 12);
            Assert.Equal(expected[1], p[1], 12);
        }
    }

    [Fact]
    public void Adam_follows_the_bias_corrected_update()
    {
        T p = T.FromArray([0.5]).RequireGrad();
        var adam = new Adam<double>([p], 0.1);
        double x = 0.5, m = 0, v = 0;
        for (int t = 1; t <= 4; t++)
        {
            adam.ZeroGrad();
            (p * p * p).Sum().Backward(); // gradient 3p²
            adam.Step();
            double g = 3 * x * x;
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            x -= 0.1 * (m / (1 - Math.Pow(0.9, t))) / (Math.Sqrt(v / (1 - Math.Pow(0.999, t))) + 1e-8);
            Assert.Equal(x, p.Item(), 12);
        }
    }

    [Fact]
    public void Modules_enumerate_their_parameters_once_with_names()
    {
        Sequential<double> model = Mlp.Create<double>([3, 5, 2], Activation.ReLU, new Random(0));
        Assert.Equal(4, model.Parameters().Count());
        Assert.Equal(3 * 5 + 5 + 5 * 2 + 2, model.ParameterCount());
        Assert.Equal(["0.Weight", "0.Bias", "2.Weight", "2.Bias"], model.NamedParameters().Select(p => p.Name));
        Assert.All(model.Parameters(), p => Assert.True(p.RequiresGrad && p.IsLeaf));
        var shared = new Linear<double>(2, 2, new Random(0));
        Assert.Equal(2, new Sequential<double>(shared, new Tanh<double>(), shared).Parameters().Count());
    }

    [Fact]
    public void Linear_initialisation_is_reproducible_from_the_seed_and_bounded()
    {
        var a = new Linear<double>(16, 4, new Random(42));
        var b = new Linear<double>(16, 4, new Random(42));
        Assert.Equal(a.Weight.ToArray(), b.Weight.ToArray());
        Assert.All(a.Weight.ToArray(), w => Assert.InRange(w, -0.25, 0.25));
        Assert.Equal([7, 4], a.Forward(T.Ones(7, 16)).Shape);
    }

    [Fact]
    public void Optimizers_reject_parameters_that_are_not_trainable_leaves()
    {
        T notTrainable = T.Ones(2);
        Assert.Equal("parameters", Assert.Throws<ArgumentException>(() => new Sgd<double>([notTrainable], 0.1)).ParamName);
        Assert.Equal("learningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam<double>([T.Ones(1).RequireGrad()], -1.0)).ParamName);
    }
}
