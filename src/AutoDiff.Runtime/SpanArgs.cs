using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace AutoDiff;

// Argument checks shared by SpanMath; the throws live out of line so the checks stay small.
internal static class SpanArgs
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SameLength(int length, int expected, string paramName, string expectedName)
    {
        if (length != expected)
        {
            ThrowLength(length, expected, paramName, expectedName);
        }
    }

    // Written spans must not share memory with what the function still reads, or results would be wrong.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Disjoint(ReadOnlySpan<double> written, ReadOnlySpan<double> read, string writtenName, string readName)
    {
        if (written.Overlaps(read))
        {
            ThrowOverlap(writtenName, readName);
        }
    }

    [DoesNotReturn]
    private static void ThrowLength(int length, int expected, string paramName, string expectedName) =>
        throw new ArgumentException($"Length {length} does not match {expectedName} ({expected}).", paramName);

    [DoesNotReturn]
    private static void ThrowOverlap(string writtenName, string readName) =>
        throw new ArgumentException($"'{writtenName}' must not overlap '{readName}'.", writtenName);
}
