using AutoDiff.Tensors.Kernels;

namespace AutoDiff.Tensors.Tests;

/// <summary>The thread-sharing helper behind the parallel kernels: every item exactly once, errors surface, results independent of threads.</summary>
public class WorkSharingTests
{
    [Fact]
    public void Every_item_runs_exactly_once_with_several_threads()
    {
        int saved = Tensor.NumThreads;
        try
        {
            Tensor.NumThreads = 4;
            var counts = new int[1000];
            WorkSharing.For(counts.Length, i => Interlocked.Increment(ref counts[i]));
            Assert.All(counts, c => Assert.Equal(1, c));
            var ranges = new int[100_000];
            WorkSharing.ForRange(ranges.Length, 1000, (s, e) =>
            {
                for (int i = s; i < e; i++)
                {
                    Interlocked.Increment(ref ranges[i]);
                }
            });
            Assert.All(ranges, c => Assert.Equal(1, c));
        }
        finally
        {
            Tensor.NumThreads = saved;
        }
    }

    [Fact]
    public void An_exception_in_an_item_reaches_the_caller()
    {
        int saved = Tensor.NumThreads;
        try
        {
            Tensor.NumThreads = 2;
            var e = Assert.Throws<AggregateException>(() => WorkSharing.For(64, i =>
            {
                if (i == 37)
                {
                    throw new InvalidOperationException("item 37");
                }
            }));
            Assert.Contains("item 37", e.InnerException!.Message);
        }
        finally
        {
            Tensor.NumThreads = saved;
        }
    }

    [Fact]
    public void Large_elementwise_ops_and_sums_give_the_same_result_on_one_and_two_threads()
    {
        var rng = new Random(2);
        Tensor<double> a = Tensor<double>.RandomNormal(rng, 300_000), b = Tensor<double>.RandomNormal(rng, 300_000);
        int saved = Tensor.NumThreads;
        try
        {
            Tensor.NumThreads = 1;
            double[] one = (a * b + a).Tanh().ToArray();
            double sumOne = (a * b).Sum().Item();
            Tensor.NumThreads = 2;
            Assert.Equal(one, (a * b + a).Tanh().ToArray());
            Assert.Equal(sumOne, (a * b).Sum().Item());
        }
        finally
        {
            Tensor.NumThreads = saved;
        }
    }
}
