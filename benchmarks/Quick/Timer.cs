using System.Diagnostics;

namespace AutoDiff.Benchmarks.Quick;

/// <summary>
/// Batch timing for quick mode: calibrate a batch to about <see cref="BatchSeconds"/>, then keep the fastest
/// of many batches. Callers interleave the things they compare round by round, so a burst of load on the
/// shared machine hits all of them alike; the minimum is the batch the other jobs disturbed least, which
/// on a busy 2-core machine is far more repeatable than a mean or a median.
/// </summary>
internal sealed class Timer(Func<int, double> run)
{
    public const double BatchSeconds = 0.004;

    private readonly List<double> _samples = [];

    public int Iterations { get; private set; } = 1;

    /// <summary>Heap bytes allocated per call on this thread, measured over one batch.</summary>
    public double BytesPerCall { get; private set; }

    public static double Sink { get; private set; }

    /// <summary>Warms up and picks the batch size.</summary>
    public void Calibrate()
    {
        Sink += run(2);
        int iterations = 1;
        while (true)
        {
            long start = Stopwatch.GetTimestamp();
            Sink += run(iterations);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (seconds >= BatchSeconds / 4 || iterations >= 1 << 24)
            {
                Iterations = Math.Max(1, (int)(iterations * BatchSeconds / Math.Max(seconds, 1e-9)));
                break;
            }

            iterations *= 4;
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        Sink += run(Iterations);
        BytesPerCall = (double)(GC.GetAllocatedBytesForCurrentThread() - before) / Iterations;
    }

    /// <summary>Times one batch and keeps the time per call.</summary>
    public void Sample()
    {
        long start = Stopwatch.GetTimestamp();
        Sink += run(Iterations);
        _samples.Add(Stopwatch.GetElapsedTime(start).TotalNanoseconds / Iterations);
    }

    /// <summary>Nanoseconds per call in the fastest batch.</summary>
    public double Nanoseconds => _samples.Min();

    /// <summary>Calibrates every timer, then samples them round-robin.</summary>
    public static void Measure(IReadOnlyList<Timer> timers, int rounds)
    {
        foreach (Timer timer in timers)
        {
            timer.Calibrate();
        }

        for (int round = 0; round < rounds; round++)
        {
            foreach (Timer timer in timers)
            {
                timer.Sample();
            }
        }
    }
}
