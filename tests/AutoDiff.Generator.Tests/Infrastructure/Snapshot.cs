using System.Runtime.CompilerServices;

namespace AutoDiff.Generator.Tests.Infrastructure;

/// <summary>
/// Snapshot files in Verify's conventions: <c>Snapshots/Name.verified.cs</c> is the accepted output;
/// on a mismatch <c>Name.received.cs</c> is written beside it and the test fails. Set
/// <c>AUTODIFF_ACCEPT_SNAPSHOTS=1</c> to accept the received output.
/// </summary>
internal static class Snapshot
{
    /// <summary>The accepted snapshot <paramref name="name"/> beside the calling test file.</summary>
    public static string Read(string name, [CallerFilePath] string callerFile = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots", name + ".verified.cs")).Replace("\r\n", "\n");

    public static void Match(string actual, string name, [CallerFilePath] string callerFile = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        string verified = Path.Combine(directory, name + ".verified.cs");
        string received = Path.Combine(directory, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n");

        if (Environment.GetEnvironmentVariable("AUTODIFF_ACCEPT_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        string? expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No snapshot {verified} yet; review {received} and accept it (AUTODIFF_ACCEPT_SNAPSHOTS=1)."
            : $"Generated code differs from {verified}; see {received} (diff the two, then accept with AUTODIFF_ACCEPT_SNAPSHOTS=1).");
    }
}
