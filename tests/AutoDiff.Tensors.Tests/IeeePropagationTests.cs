using T = AutoDiff.Tensors.Tensor<double>;

namespace AutoDiff.Tensors.Tests;

/// <summary>NaN and infinity go through tensor values and gradients the way IEEE arithmetic sends them.</summary>
public class IeeePropagationTests
{
    [Fact]
    public void A_NaN_input_gives_NaN_values_through_every_elementwise_op_and_reduction()
    {
        T x = T.FromArray([1.0, double.NaN, -2.0]);
        Assert.True(double.IsNaN(x.Exp()[1]));
        Assert.True(double.IsNaN(x.Tanh()[1]));
        Assert.True(double.IsNaN(x.Sigmoid()[1]));
        Assert.True(double.IsNaN(x.Relu()[1])); // max(NaN, 0) is NaN, as in PyTorch, not 0
        Assert.True(double.IsNaN(x.Abs()[1]));
        Assert.True(double.IsNaN((x * 2.0 + 1.0)[1]));
        Assert.True(double.IsNaN(x.Sum().Item()));
        Assert.True(double.IsNaN(x.Mean().Item()));
        Assert.True(double.IsNaN(x.Max().Item()));
        Assert.All(x.Softmax(0).ToArray(), v => Assert.True(double.IsNaN(v)));
        Assert.Equal(Math.E, x.Exp()[0], 12); // the other entries are untouched
        Assert.Equal(0.0, x.Relu()[2]);
    }

    [Fact]
    public void A_NaN_input_gives_a_NaN_gradient_where_it_flows_and_leaves_other_entries_finite()
    {
        T x = T.FromArray([1.0, double.NaN, -2.0]).RequireGrad();
        (x * x).Sum().Backward();
        Assert.Equal(2.0, x.Grad![0]);
        Assert.True(double.IsNaN(x.Grad[1]));
        Assert.Equal(-4.0, x.Grad[2]);
    }

    [Fact]
    public void Infinities_follow_IEEE_rules_in_values()
    {
        T x = T.FromArray([double.PositiveInfinity, double.NegativeInfinity, 0.0]);
        Assert.Equal([double.PositiveInfinity, 0.0, 1.0], x.Exp().ToArray());
        Assert.Equal([1.0, 0.0, 0.5], x.Sigmoid().ToArray());
        Assert.Equal([1.0, -1.0, 0.0], x.Tanh().ToArray());
        Assert.Equal([double.PositiveInfinity, 0.0, 0.0], x.Relu().ToArray());
        Assert.Equal(double.PositiveInfinity, x.Max().Item());
        Assert.True(double.IsNaN(x.Sum().Item())); // ∞ + (−∞)
        Assert.Equal(double.PositiveInfinity, (T.Ones(1) / 0.0)[0]);
        Assert.True(double.IsNaN((T.Zeros(1) / 0.0)[0]));
    }

    [Fact]
    public void An_infinite_input_gives_the_IEEE_gradient_of_the_op()
    {
        // d/dx x² = 2x = ∞ at ∞; d/dx exp(x) at −∞ is exp(−∞) = 0.
        T x = T.FromArray([double.PositiveInfinity]).RequireGrad();
        (x * x).Sum().Backward();
        Assert.Equal(double.PositiveInfinity, x.Grad![0]);

        T y = T.FromArray([double.NegativeInfinity]).RequireGrad();
        y.Exp().Sum().Backward();
        Assert.Equal(0.0, y.Grad![0]);
    }
}
