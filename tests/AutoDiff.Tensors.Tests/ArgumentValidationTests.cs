using AutoDiff.NN;
using T = AutoDiff.Tensors.Tensor<double>;

namespace AutoDiff.Tensors.Tests;

/// <summary>
/// Bad arguments to the tensor and NN API fail at the call with an exception that names the caller's
/// argument (shape mismatches are in ShapeErrorTests).
/// </summary>
public class ArgumentValidationTests
{
    [Fact]
    public void Scalar_operators_with_a_null_tensor_name_the_tensor_argument()
    {
        T none = null!;
        Assert.Equal("left", Assert.Throws<ArgumentNullException>(() => none + 1.0).ParamName);
        Assert.Equal("right", Assert.Throws<ArgumentNullException>(() => 1.0 + none).ParamName);
        Assert.Equal("left", Assert.Throws<ArgumentNullException>(() => none - 1.0).ParamName);
        Assert.Equal("right", Assert.Throws<ArgumentNullException>(() => 1.0 - none).ParamName);
        Assert.Equal("left", Assert.Throws<ArgumentNullException>(() => none * 2.0).ParamName);
        Assert.Equal("right", Assert.Throws<ArgumentNullException>(() => 2.0 * none).ParamName);
        Assert.Equal("left", Assert.Throws<ArgumentNullException>(() => none / 2.0).ParamName);
        Assert.Equal("right", Assert.Throws<ArgumentNullException>(() => 2.0 / none).ParamName);
    }

    [Fact]
    public void A_shape_with_more_elements_than_an_array_holds_is_rejected_naming_the_shape()
    {
        Assert.Equal("shape", Assert.Throws<ArgumentException>(() => T.Zeros(int.MaxValue, 4)).ParamName);
        Assert.Equal("shape", Assert.Throws<ArgumentException>(() => T.Full(1.0, 65536, 65536)).ParamName);
        Assert.Equal("shape", Assert.Throws<ArgumentException>(() => T.Ones(2).Expand(int.MaxValue, 2)).ParamName);
    }

    [Fact]
    public void Activation_and_sequential_modules_reject_a_null_input_by_name()
    {
        Module<double>[] modules = [new ReLU<double>(), new Tanh<double>(), new Sigmoid<double>(), new Sequential<double>(new ReLU<double>())];
        Assert.All(modules, m => Assert.Equal("input", Assert.Throws<ArgumentNullException>(() => m.Forward(null!)).ParamName));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Setting_a_learning_rate_that_is_negative_or_not_finite_throws_and_keeps_the_old_one(double rate)
    {
        T w = T.Ones(3).RequireGrad();
        Optimizer<double>[] optimizers = [new Sgd<double>([w], 0.1), new Adam<double>([w], 0.1)];
        Assert.All(optimizers, o =>
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => o.LearningRate = rate);
            Assert.Equal("value", e.ParamName);
            Assert.Equal(0.1, o.LearningRate);
        });

        // Zero stays allowed (a schedule may end there).
        optimizers[0].LearningRate = 0;
        Assert.Equal(0, optimizers[0].LearningRate);
    }

    [Fact]
    public void Mlp_rejects_non_positive_layer_sizes_and_a_null_random_by_name()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Mlp.Create<double>([2, 0, 1], Activation.ReLU, new Random(1)));
        Assert.Equal("sizes", e.ParamName);
        Assert.Contains("size 1", e.Message, StringComparison.Ordinal);
        Assert.Equal("sizes", Assert.Throws<ArgumentOutOfRangeException>(() => Mlp.Create<double>([-3, 4], Activation.Tanh, new Random(1))).ParamName);
        Assert.Equal("random", Assert.Throws<ArgumentNullException>(() => Mlp.Create<double>([2, 1], Activation.ReLU, null!)).ParamName);
        Assert.Equal("activation", Assert.Throws<ArgumentOutOfRangeException>(() => Mlp.Create<double>([2, 3, 1], (Activation)99, new Random(1))).ParamName);
    }

    [Fact]
    public void Null_arguments_to_creation_losses_and_optimizers_are_named()
    {
        Assert.Equal("shape", Assert.Throws<ArgumentNullException>(() => T.Zeros(null!)).ParamName);
        Assert.Equal("data", Assert.Throws<ArgumentNullException>(() => T.FromArray((double[])null!)).ParamName);
        Assert.Equal("random", Assert.Throws<ArgumentNullException>(() => T.RandomNormal(null!, 2)).ParamName);
        Assert.Equal("prediction", Assert.Throws<ArgumentNullException>(() => Losses.Mse(null!, T.Ones(2))).ParamName);
        Assert.Equal("target", Assert.Throws<ArgumentNullException>(() => Losses.Mse(T.Ones(2), null!)).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentNullException>(() => Losses.CrossEntropy(T.Ones(2, 2), null!)).ParamName);
        Assert.Equal("parameters", Assert.Throws<ArgumentNullException>(() => new Sgd<double>(null!, 0.1)).ParamName);
        Assert.Equal("parameters", Assert.Throws<ArgumentNullException>(() => new Adam<double>([null!], 0.1)).ParamName);
        Assert.Equal("layers", Assert.Throws<ArgumentNullException>(() => new Sequential<double>(new ReLU<double>(), null!)).ParamName);
        Assert.Equal("tensors", Assert.Throws<ArgumentNullException>(() => T.Concat(0, T.Ones(2), null!)).ParamName);
    }
}
