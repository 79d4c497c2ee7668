using AutoDiff.Tensors;
using T = AutoDiff.Tensors.Tensor<double>;

namespace AutoDiff.Tensors.Tests;

public class DeepGraphTests
{
    [Fact]
    public void Backward_through_a_chain_of_100000_ops_does_not_overflow_the_stack()
    {
        const int Depth = 100_000;
        T x = T.FromArray([1.0]).RequireGrad();
        T y = x;
        for (int i = 0; i < Depth; i++)
        {
            y = i % 2 == 0 ? y * 1.00001 : y + 0.5;
        }
        // Run on a thread with a small stack: a recursive walk would need far more than 256 KB here.
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                y.Sum().Backward();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
        Assert.Equal(Math.Pow(1.00001, Depth / 2), x.Grad!.Item(), 9);
    }

    [Fact]
    public void A_wide_diamond_graph_visits_each_node_once()
    {
        T x = T.FromArray([0.3]).RequireGrad();
        T h = x.Sigmoid();
        T total = T.Zeros(1);
        for (int i = 0; i < 1000; i++)
        {
            total = total + h * (double)i;
        }
        total.Sum().Backward();
        double s = 1 / (1 + Math.Exp(-0.3));
        Assert.Equal(999.0 * 1000 / 2 * s * (1 - s), x.Grad!.Item(), 8);
    }
}
