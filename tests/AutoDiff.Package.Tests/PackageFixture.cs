using System.Reflection;

namespace AutoDiff.Package.Tests;

/// <summary>
/// Packs src/AutoDiff.Runtime once (no-build, in the configuration these tests were built in) into a
/// temporary directory of its own, under a version no earlier run used, so NuGet cannot hand a consumer a
/// cached copy of an older package. The directory is deleted when the tests are done.
/// </summary>
public sealed class PackageFixture : IDisposable
{
    public PackageFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "autodiff-package-tests-" + Guid.NewGuid().ToString("N"));
        Feed = Path.Combine(Root, "feed");
        Directory.CreateDirectory(Feed);
        Version = "0.1.0-test.g" + Guid.NewGuid().ToString("N")[..12];

        string project = Metadata("RuntimeProject");
        Pack = DotNetCli.Run(
            Root,
            "pack",
            project,
            "--no-build",
            "--configuration",
            Metadata("Configuration"),
            "--output",
            Feed,
            $"-p:PackageVersion={Version}",
            // Keeps the intermediate .nuspec out of the repository's obj folder.
            $"-p:NuspecOutputPath={Path.Combine(Root, "nuspec")}{Path.DirectorySeparatorChar}");
        PackagePath = Path.Combine(Feed, $"AutoDiffGen.{Version}.nupkg");
    }

    /// <summary>The test's own directory; everything the tests write goes below it.</summary>
    public string Root { get; }

    /// <summary>The local package source holding the packed .nupkg.</summary>
    public string Feed { get; }

    /// <summary>The package version of this run.</summary>
    public string Version { get; }

    /// <summary>The `dotnet pack` run, for failure messages.</summary>
    public DotNetResult Pack { get; }

    public string PackagePath { get; }

    /// <summary>Fails with pack's output unless it produced the package.</summary>
    public void AssertPacked()
    {
        Assert.True(Pack.ExitCode == 0 && File.Exists(PackagePath), $"Packing failed, no {PackagePath}.\n{Pack.Describe()}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file for a moment; the name is unique, so nothing reuses it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string Metadata(string key) =>
        typeof(PackageFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"No {key} metadata in the test assembly.");
}
