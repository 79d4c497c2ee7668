using AutoDiff.NN;
using AutoDiff.Tensors;
using T = AutoDiff.Tensors.Tensor<double>;

namespace AutoDiff.Tensors.Tests;

/// <summary>Bad shapes fail fast with an ArgumentException that names the argument and both shapes.</summary>
public class ShapeErrorTests
{
    private static void AssertNamesBoth(ArgumentException e, string param, string shapeA, string shapeB)
    {
        Assert.Equal(param, e.ParamName);
        Assert.Contains(shapeA, e.Message);
        Assert.Contains(shapeB, e.Message);
    }

    [Fact]
    public void Elementwise_ops_on_incompatible_shapes_name_both_shapes()
    {
        T a = T.Ones(2, 3), b = T.Ones(4, 5);
        AssertNamesBoth(Assert.Throws<ArgumentException>(() => a + b), "right", "[2, 3]", "[4, 5]");
        AssertNamesBoth(Assert.Throws<ArgumentException>(() => a - b), "right", "[2, 3]", "[4, 5]");
        AssertNamesBoth(Assert.Throws<ArgumentException>(() => a * b), "right", "[2, 3]", "[4, 5]");
        AssertNamesBoth(Assert.Throws<ArgumentException>(() => a / b), "right", "[2, 3]", "[4, 5]");
        AssertNamesBoth(Assert.Throws<ArgumentException>(() => T.Pow(a, b)), "right", "[2, 3]", "[4, 5]");
    }

    [Fact]
    public void MatMul_with_mismatched_inner_sizes_names_both_shapes()
    {
        AssertNamesBoth(Assert.Throws<ArgumentException>(() => T.MatMul(T.Ones(2, 3), T.Ones(4, 5))), "right", "[2, 3]", "[4, 5]");
        AssertNamesBoth(Assert.Throws<ArgumentException>(() => T.MatMul(T.Ones(2, 2, 3), T.Ones(3, 3, 4))), "right", "[2]", "[3]");
    }

    [Fact]
    public void Losses_with_mismatched_target_shapes_name_both_shapes()
    {
        AssertNamesBoth(Assert.Throws<ArgumentException>(() => Losses.Mse(T.Ones(3), T.Ones(3, 1))), "target", "[3]", "[3, 1]");
        AssertNamesBoth(Assert.Throws<ArgumentException>(() => Losses.BinaryCrossEntropyWithLogits(T.Ones(2, 2), T.Ones(4))), "target", "[2, 2]", "[4]");
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => Losses.CrossEntropy(T.Ones(3, 2), [0, 1])).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentOutOfRangeException>(() => Losses.CrossEntropy(T.Ones(2, 2), [0, 2])).ParamName);
    }

    [Fact]
    public void Reshape_to_a_different_element_count_names_both_shapes()
    {
        AssertNamesBoth(Assert.Throws<ArgumentException>(() => T.Ones(2, 3).Reshape(4, 2)), "shape", "[4, 2]", "[2, 3]");
        Assert.Equal("shape", Assert.Throws<ArgumentException>(() => T.Ones(2, 3).Reshape(-1, 4)).ParamName);
    }

    [Fact]
    public void Concat_of_tensors_differing_outside_the_joined_dimension_names_both_shapes()
    {
        AssertNamesBoth(Assert.Throws<ArgumentException>(() => T.Concat(0, T.Ones(2, 3), T.Ones(2, 4))), "tensors", "[2, 3]", "[2, 4]");
    }

    [Fact]
    public void Out_of_range_dimensions_and_slices_are_rejected_with_the_argument_name()
    {
        T x = T.Ones(2, 3);
        Assert.Equal("dim", Assert.Throws<ArgumentOutOfRangeException>(() => x.Sum(2)).ParamName);
        Assert.Equal("dim", Assert.Throws<ArgumentOutOfRangeException>(() => x.Softmax(-3)).ParamName);
        Assert.Equal("end", Assert.Throws<ArgumentOutOfRangeException>(() => x.Slice(1, 1, 4)).ParamName);
        Assert.Equal("start", Assert.Throws<ArgumentOutOfRangeException>(() => x.Slice(1, -4, 2)).ParamName); // -1 counts from the end, as in PyTorch
        Assert.Equal("step", Assert.Throws<ArgumentOutOfRangeException>(() => x.Slice(1, 0, 2, 0)).ParamName);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => x[2, 0]).ParamName);
    }

    [Fact]
    public void Creation_rejects_data_that_does_not_fill_the_shape()
    {
        var e = Assert.Throws<ArgumentException>(() => T.FromArray([1.0, 2, 3], 2, 2));
        Assert.Equal("data", e.ParamName);
        Assert.Contains("[2, 2]", e.Message);
        Assert.Equal("shape", Assert.Throws<ArgumentException>(() => T.Zeros(2, -1)).ParamName);
    }

    [Fact]
    public void Assigning_a_gradient_of_another_shape_names_both_shapes()
    {
        T x = T.Ones(2, 3).RequireGrad();
        AssertNamesBoth(Assert.Throws<ArgumentException>(() => x.Grad = T.Ones(3, 2)), "value", "[3, 2]", "[2, 3]");
        x.Grad = T.Ones(2, 3);
        x.Grad = null;
    }

    [Fact]
    public void Linear_rejects_inputs_of_the_wrong_width()
    {
        var layer = new Linear<double>(3, 2, new Random(0));
        var e = Assert.Throws<ArgumentException>(() => layer.Forward(T.Ones(5, 4)));
        Assert.Equal("input", e.ParamName);
        Assert.Contains("[5, 4]", e.Message);
    }
}
