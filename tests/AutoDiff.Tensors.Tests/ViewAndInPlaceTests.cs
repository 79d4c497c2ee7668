using T = AutoDiff.Tensors.Tensor<double>;

namespace AutoDiff.Tensors.Tests;

/// <summary>Views share storage; in-place operations bump the version counter, and autograd refuses stale saved values.</summary>
public class ViewAndInPlaceTests
{
    [Fact]
    public void Transpose_narrow_slice_select_and_expand_are_views_of_the_same_storage()
    {
        T x = T.Arange(12.0).Reshape(3, 4);
        T t = x.Transpose(), n = x.Narrow(1, 1, 2), s = x.Slice(1, 0, 4, 2), row = x.Select(0, 1), e = x.Narrow(0, 0, 1).Expand(5, 4);
        Assert.False(t.IsContiguous);
        Assert.Equal([4, 1], x.Stride());
        Assert.Equal([1, 4], t.Stride());
        using (Tensor.NoGrad())
        {
            x.MulInPlace(10.0);
        }
        Assert.Equal(10.0, t[1, 0]);
        Assert.Equal([10.0, 20, 50, 60, 90, 100], n.ToArray());
        Assert.Equal([0.0, 20, 40, 60, 80, 100], s.ToArray());
        Assert.Equal([40.0, 50, 60, 70], row.ToArray());
        Assert.Equal(30.0, e[4, 3]);
        Assert.Equal([0, 1], e.Stride());
    }

    [Fact]
    public void Writing_through_a_view_changes_the_base()
    {
        T x = T.Zeros(2, 3);
        x.Select(1, 2).Fill(7.0);
        x.Narrow(0, 1, 1).AddInPlace(1.0);
        Assert.Equal([0.0, 0, 7, 1, 1, 8], x.ToArray());
    }

    [Fact]
    public void Modifying_a_saved_tensor_in_place_makes_backward_throw()
    {
        T x = T.FromArray([0.5, 1.0]).RequireGrad();
        T y = x.Tanh();          // saves its output y
        T z = (y * 2.0).Sum();
        int version = y.Version;
        y.MulInPlace(3.0);       // y is not a leaf: allowed, history rebased
        Assert.Equal(version + 1, y.Version);
        var e = Assert.Throws<InvalidOperationException>(() => (y.Sum() + z).Backward());
        Assert.Contains("modified by an in-place operation", e.Message);
    }

    [Fact]
    public void In_place_ops_on_intermediate_results_are_differentiated()
    {
        T x = T.FromArray([0.5, -1.0, 2.0]).RequireGrad();
        T w = T.FromArray([2.0, 3.0, 4.0]).RequireGrad();
        T y = x * 1.0;            // d/dx 1
        y.MulInPlace(w);          // y = x·w
        y.AddInPlace(x);          // y = x·w + x
        y.Sum().Backward();
        Assert.Equal([3.0, 4, 5], x.Grad!.ToArray());
        Assert.Equal([0.5, -1, 2], w.Grad!.ToArray());
        Assert.Equal("AddInPlace", y.GradFn);
    }

    [Fact]
    public void Leaves_that_require_grad_cannot_be_modified_in_place_while_recording()
    {
        T p = T.Ones(2).RequireGrad();
        Assert.Throws<InvalidOperationException>(() => p.AddInPlace(1.0));
        using (Tensor.NoGrad())
        {
            p.AddInPlace(1.0);
        }
        Assert.Equal([2.0, 2.0], p.ToArray());
    }

    [Fact]
    public void Expanded_views_refuse_in_place_writes_and_views_of_graph_tensors_too()
    {
        T e = T.Ones(1, 3).Expand(2, 3);
        Assert.Throws<InvalidOperationException>(() => e.AddInPlace(1.0));
        T x = T.Ones(2, 3).RequireGrad();
        T v = (x * 2.0).Narrow(1, 0, 2);
        Assert.Throws<NotSupportedException>(() => v.AddInPlace(1.0));
    }

    [Fact]
    public void Reshape_copies_non_contiguous_views_and_view_refuses_them()
    {
        T x = T.Arange(6.0).Reshape(2, 3).Transpose();
        Assert.Equal([0.0, 3, 1, 4, 2, 5], x.Reshape(6).ToArray());
        Assert.Throws<InvalidOperationException>(() => x.View(6));
        Assert.Equal([0.0, 3, 1, 4, 2, 5], x.Contiguous().View(6).ToArray());
    }

    [Fact]
    public void Flip_roll_and_negative_slices_follow_pytorch()
    {
        T x = T.Arange(5.0);
        Assert.Equal([4.0, 3, 2, 1, 0], x.Flip(0).ToArray());
        Assert.Equal([3.0, 4, 0, 1, 2], x.Roll(2, 0).ToArray());
        Assert.Equal([2.0, 3], x.Slice(0, -3, -1).ToArray());
    }
}
