namespace AutoDiff.Runtime.Tests;

/// <summary>Bytes a warm call allocates on the calling thread.</summary>
internal static class Allocations
{
    /// <summary>
    /// The fewest bytes allocated by <paramref name="round"/> in up to three rounds, stopping at a round of 0: on a
    /// loaded machine the runtime now and then allocates a little on the test thread during one round (tiered
    /// compilation), while an allocation per call shows in every round.
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
