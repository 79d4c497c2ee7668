using AutoDiff.Tensors;
using T = AutoDiff.Tensors.Tensor<double>;

namespace AutoDiff.Tensors.Tests;

/// <summary>PyTorch-compatible autograd behaviour: accumulation, reuse, detach, no-grad, graph lifetime.</summary>
public class AutogradSemanticsTests
{
    private static T Vec(params double[] v) => T.FromArray(v);

    [Fact]
    public void Gradients_accumulate_across_two_backward_calls()
    {
        T x = Vec(1, 2, 3).RequireGrad();
        (x * x).Sum().Backward();
        Assert.Equal([2.0, 4, 6], x.Grad!.ToArray());
        (x * 3.0).Sum().Backward();
        Assert.Equal([5.0, 7, 9], x.Grad!.ToArray());
    }

    [Fact]
    public void A_tensor_used_in_two_branches_gets_the_sum_of_both_gradients()
    {
        T x = Vec(2.0).RequireGrad();
        T y = x.Exp() + x * x; // d/dx = e^x + 2x
        y.Sum().Backward();
        Assert.Equal(Math.Exp(2) + 4, x.Grad!.Item(), 12);
    }

    [Fact]
    public void The_same_intermediate_feeding_two_consumers_is_backpropagated_once_with_the_summed_gradient()
    {
        T x = Vec(0.5).RequireGrad();
        T h = x.Tanh();
        T y = h * h + h; // dy/dh = 2h + 1
        y.Sum().Backward();
        double th = Math.Tanh(0.5);
        Assert.Equal((2 * th + 1) * (1 - th * th), x.Grad!.Item(), 12);
    }

    [Fact]
    public void Detach_cuts_the_graph_but_shares_the_values()
    {
        T x = Vec(1, 2).RequireGrad();
        T d = (x * 2.0).Detach();
        Assert.False(d.RequiresGrad);
        Assert.True(d.IsLeaf);
        Assert.Equal([2.0, 4], d.ToArray());
        T y = (x * d).Sum(); // d acts as a constant
        y.Backward();
        Assert.Equal([2.0, 4], x.Grad!.ToArray());
    }

    [Fact]
    public void Operations_inside_NoGrad_record_nothing_and_the_scope_restores_recording()
    {
        T x = Vec(1, 2).RequireGrad();
        T inside;
        using (Tensor.NoGrad())
        {
            Assert.False(Tensor.IsGradEnabled);
            inside = (x * x).Exp();
        }
        Assert.True(Tensor.IsGradEnabled);
        Assert.False(inside.RequiresGrad);
        Assert.Null(inside.GradFn);
        Assert.Throws<InvalidOperationException>(() => inside.Sum().Backward());
        Assert.True((x * x).RequiresGrad);
    }

    [Fact]
    public void NoGrad_is_per_thread()
    {
        T x = Vec(1.0).RequireGrad();
        bool otherThreadRecords = false;
        using (Tensor.NoGrad())
        {
            var thread = new Thread(() => otherThreadRecords = (x * 2.0).RequiresGrad);
            thread.Start();
            thread.Join();
            Assert.False((x * 2.0).RequiresGrad);
        }
        Assert.True(otherThreadRecords);
    }

    [Fact]
    public void NoGrad_scopes_nest()
    {
        using (Tensor.NoGrad())
        {
            using (Tensor.NoGrad())
            {
                Assert.False(Tensor.IsGradEnabled);
            }
            Assert.False(Tensor.IsGradEnabled);
        }
        Assert.True(Tensor.IsGradEnabled);
    }

    [Fact]
    public void A_second_backward_through_a_freed_graph_throws()
    {
        T x = Vec(1, 2).RequireGrad();
        T y = (x.Exp() * x).Sum();
        y.Backward();
        var error = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("second time", error.Message);
        Assert.Contains("retainGraph", error.Message);
    }

    [Fact]
    public void A_retained_graph_can_be_backpropagated_again_and_accumulates()
    {
        T x = Vec(1, 2).RequireGrad();
        T y = (x * x).Sum();
        y.Backward(retainGraph: true);
        y.Backward();
        Assert.Equal([4.0, 8], x.Grad!.ToArray());
        Assert.Throws<InvalidOperationException>(() => y.Backward());
    }

    [Fact]
    public void The_freed_graph_error_leaves_existing_gradients_untouched()
    {
        T x = Vec(3.0).RequireGrad();
        T y = (x * x).Sum();
        y.Backward();
        Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Equal(6.0, x.Grad!.Item());
    }

    [Fact]
    public void Backward_lets_intermediate_results_be_collected_while_the_output_is_alive()
    {
        T x = Vec(1, 2).RequireGrad();
        (WeakReference hidden, T y) = BuildGraph(x);
        y.Backward();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(hidden.IsAlive);
        Assert.Throws<InvalidOperationException>(() => (y * 2.0).Backward());
        GC.KeepAlive(y);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (WeakReference Hidden, T Y) BuildGraph(T x)
    {
        T hidden = x.Exp();
        return (new WeakReference(hidden), (hidden * 2.0).Sum());
    }

    [Fact]
    public void ZeroGrad_clears_accumulated_gradients()
    {
        T x = Vec(1, 2).RequireGrad();
        (x * x).Sum().Backward();
        x.ZeroGrad();
        Assert.Equal([0.0, 0], x.Grad!.ToArray());
        (x * 5.0).Sum().Backward();
        Assert.Equal([5.0, 5], x.Grad!.ToArray());
    }

    [Fact]
    public void Backward_of_a_non_scalar_needs_an_explicit_gradient()
    {
        T x = Vec(1, 2, 3).RequireGrad();
        T y = x * x;
        var error = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("[3]", error.Message);
        y.Backward(Vec(1, 0.5, -1));
        Assert.Equal([2.0, 2, -6], x.Grad!.ToArray());
    }

    [Fact]
    public void Backward_with_a_gradient_of_the_wrong_shape_names_both_shapes()
    {
        T y = Vec(1, 2, 3).RequireGrad() * 2.0;
        var error = Assert.Throws<ArgumentException>(() => y.Backward(T.Ones(2, 2)));
        Assert.Equal("gradient", error.ParamName);
        Assert.Contains("[2, 2]", error.Message);
        Assert.Contains("[3]", error.Message);
    }

    [Fact]
    public void Broadcast_gradients_are_summed_back_to_each_input_shape()
    {
        T a = T.Ones(2, 3).RequireGrad();
        T b = Vec(1, 2, 3).RequireGrad();
        T c = T.Ones(2, 1).RequireGrad();
        ((a * b) + c).Sum().Backward();
        Assert.Equal([2, 3], a.Grad!.Shape);
        Assert.Equal([3], b.Grad!.Shape);
        Assert.Equal([2.0, 2, 2], b.Grad!.ToArray());
        Assert.Equal([2, 1], c.Grad!.Shape);
        Assert.Equal([3.0, 3], c.Grad!.ToArray());
    }

    [Fact]
    public void Only_leaves_that_require_grad_receive_gradients()
    {
        T x = Vec(1, 2).RequireGrad();
        T constant = Vec(3, 4);
        T hidden = x * constant;
        hidden.Sum().Backward();
        Assert.Null(constant.Grad);
        Assert.Null(hidden.Grad);
        Assert.Equal([3.0, 4], x.Grad!.ToArray());
    }

    [Fact]
    public void Results_record_their_operation_and_RequiresGrad_cannot_be_changed_on_them()
    {
        T x = T.Ones(2, 2).RequireGrad();
        T y = x.MatMul(x);
        Assert.Equal("MatMul", y.GradFn);
        Assert.False(y.IsLeaf);
        Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
    }

    [Fact]
    public void Backward_on_a_tensor_without_history_throws()
    {
        Assert.Throws<InvalidOperationException>(() => Vec(1.0).Backward());
    }

    [Fact]
    public void Backward_on_a_leaf_accumulates_the_seed_gradient()
    {
        T x = Vec(4.0).RequireGrad();
        x.Backward();
        Assert.Equal(1.0, x.Grad!.Item());
    }

    [Fact]
    public void Two_leaves_sharing_one_upstream_gradient_do_not_alias_each_other()
    {
        T a = Vec(1.0).RequireGrad();
        T b = Vec(2.0).RequireGrad();
        (a + b).Sum().Backward();
        a.ZeroGrad();
        Assert.Equal(1.0, b.Grad!.Item());
    }
}
