using System.Diagnostics;
using System.Text.Json;

namespace AutoDiff.GradBench.Protocol;

/// <summary>
/// GradBench's <c>Runs</c>: run a function at least <c>min_runs</c> times and until the runs together took
/// <c>min_seconds</c>, timing each run on its own (as GradBench's C++ harness does).
/// </summary>
public static class Runs
{
    /// <summary>Reads <c>min_runs</c> (default 1) and <c>min_seconds</c> (default 0) from an input object.</summary>
    public static (int MinRuns, double MinSeconds) Read(JsonElement input)
    {
        int minRuns = 1;
        double minSeconds = 0;
        if (input.ValueKind == JsonValueKind.Object)
        {
            if (input.TryGetProperty("min_runs", out JsonElement runs))
            {
                minRuns = Math.Max(1, runs.GetInt32());
            }

            if (input.TryGetProperty("min_seconds", out JsonElement seconds))
            {
                minSeconds = seconds.GetDouble();
            }
        }

        return (minRuns, minSeconds);
    }

    /// <summary>Runs <paramref name="evaluation"/> as <c>Runs</c> asks; returns each run's time in nanoseconds.</summary>
    public static List<long> Time(IEvaluation evaluation, int minRuns, double minSeconds)
    {
        var timings = new List<long>();
        double elapsedSeconds = 0;
        for (int i = 0; i < minRuns || elapsedSeconds < minSeconds; i++)
        {
            long start = Stopwatch.GetTimestamp();
            evaluation.Run();
            long ticks = Stopwatch.GetTimestamp() - start;
            long nanoseconds = (long)(ticks * (1e9 / Stopwatch.Frequency));
            timings.Add(nanoseconds);
            elapsedSeconds += nanoseconds / 1e9;
        }

        return timings;
    }
}
