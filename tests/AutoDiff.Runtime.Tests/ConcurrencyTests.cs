using AutoDiff.Taping;

namespace AutoDiff.Runtime.Tests;

public class ConcurrencyTests
{
    private const int Threads = 8;
    private const int RunsPerThread = 25;

    private static double[] Point(int thread, int run) =>
        Enumerable.Range(0, 6).Select(i => Math.Sin(thread * 7.1 + run * 1.3 + i)).ToArray();

    private static double[] GradientAt(double[] x) =>
        Differentiate.Reverse(Objectives<Var, ReverseMath>.TinyNetwork, [.. x, 0.5, -0.5]);

    [Fact]
    public void Threads_differentiating_at_once_match_sequential_results()
    {
        double[][][] expected = new double[Threads][][];
        for (int t = 0; t < Threads; t++)
        {
            expected[t] = Enumerable.Range(0, RunsPerThread).Select(r => GradientAt(Point(t, r))).ToArray();
        }

        double[][][] actual = new double[Threads][][];
        using Barrier start = new(Threads);
        Thread[] workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait(); // maximise overlap between the threads' recordings
            actual[t] = Enumerable.Range(0, RunsPerThread).Select(r => GradientAt(Point(t, r))).ToArray();
        })).ToArray();
        foreach (Thread w in workers)
        {
            w.Start();
        }

        foreach (Thread w in workers)
        {
            w.Join();
        }

        // Same operations in the same order on private tapes: results are bit-identical.
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Parallel_For_on_pooled_threads_matches_sequential_results()
    {
        const int Items = 64;
        double[][] expected = Enumerable.Range(0, Items).Select(i => GradientAt(Point(i, i))).ToArray();
        double[][] actual = new double[Items][];
        Parallel.For(
            0,
            Items,
            new ParallelOptions { MaxDegreeOfParallelism = Threads },
            i => actual[i] = GradientAt(Point(i, i)));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_tape_cannot_be_current_on_two_threads()
    {
        Tape mine = Tape.Current;
        Exception? error = null;
        Thread other = new(() => error = Record.Exception(() => Tape.Current = mine));
        other.Start();
        other.Join();
        Assert.IsType<InvalidOperationException>(error);
    }

    [Fact]
    public void A_tape_released_by_one_thread_can_be_installed_on_another()
    {
        Tape handedOver = new();
        Exception? error = null;
        Thread first = new(() =>
        {
            Tape.Current = handedOver;
            Tape.Current = new Tape(); // releases handedOver
        });
        first.Start();
        first.Join();

        Thread second = new(() => error = Record.Exception(() =>
        {
            Tape.Current = handedOver;
            Var x = Var.Variable(3.0);
            handedOver.Backward(x * x);
            Assert.Equal(6.0, x.Gradient);
        }));
        second.Start();
        second.Join();
        Assert.Null(error);
    }

    [Fact]
    public void Each_thread_gets_its_own_current_tape()
    {
        Tape mine = Tape.Current;
        Tape? theirs = null;
        Thread other = new(() => theirs = Tape.Current);
        other.Start();
        other.Join();
        Assert.NotNull(theirs);
        Assert.NotSame(mine, theirs);
    }
}
