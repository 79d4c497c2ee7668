namespace AutoDiff.Tests.Shared;

/// <summary>Bytes a warm loop allocates on the calling thread (linked into the test projects that measure it).</summary>
internal static class Allocations
{
    /// <summary>
    /// The fewest bytes allocated by <paramref name="round"/> in up to three rounds, stopping at a round of 0: on a
    /// loaded machine the runtime now and then allocates a little on the test thread during one round, while an
    /// allocation per call shows in every round (thousands of calls times at least 24 bytes).
    /// </summary>
    public static long Fewest(Action round)
    {
        long fewest = long.MaxValue;
        for (int attempt = 0; attempt < 3 && fewest > 0; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            round();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
