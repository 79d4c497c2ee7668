using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AutoDiff.Package.Tests;

/// <summary>
/// Follows the README's "Install" section word for word, as a new user on this machine would: a fresh
/// copy of the repository (its tracked and not-ignored files, committed to a new git repository so the
/// test can see what the steps leave behind), the README's shell commands run by bash in that copy's top
/// folder (and the snapshot section's, which packs the test helper), then its project command in a separate
/// project folder outside the copy. The user's home is a
/// temporary folder, so the commands change the NuGet configuration of that home only; restored packages
/// go to a private folder (the machine's own folder is read as a fallback, so nothing is downloaded twice).
/// Everything is deleted when the tests are done.
/// </summary>
public sealed partial class PackageFixture : IDisposable
{
    private readonly Dictionary<string, string?> _environment;

    public PackageFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "autodiff-package-tests-" + Guid.NewGuid().ToString("N"));
        Clone = Path.Combine(Root, "clone");
        App = Path.Combine(Root, "MyApp");
        string home = Path.Combine(Root, "home");
        Directory.CreateDirectory(Clone);
        Directory.CreateDirectory(App);
        Directory.CreateDirectory(home);

        string repository = Metadata("RepositoryRoot");
        Readme = Readme.Load(Path.Combine(repository, "README.md"));
        IReadOnlyList<string> shellBlocks = Readme.Blocks("Install", "sh");
        Assert.True(shellBlocks.Count == 2, $"The Install section should have two sh blocks (in the clone, in your project); it has {shellBlocks.Count}.");
        CloneCommands = Readme.Commands(shellBlocks[0]);
        ProjectCommands = Readme.Commands(shellBlocks[1]);
        Match version = VersionOption().Match(string.Join("\n", ProjectCommands));
        Assert.True(version.Success, "The Install section's project command names no --version.");
        Version = version.Groups[1].Value;
        PackagePath = Path.Combine(Clone, "artifacts", "packages", $"AutoDiffGen.{Version}.nupkg");
        IReadOnlyList<string> snapshotBlocks = Readme.Blocks("Snapshot tests of your derivatives", "sh");
        Assert.True(snapshotBlocks.Count == 1, $"The snapshot section should have one sh block (packing the helper); it has {snapshotBlocks.Count}.");
        TestingCommands = Readme.Commands(snapshotBlocks[0]);
        TestingPackagePath = Path.Combine(Clone, "artifacts", "packages", $"AutoDiffGen.Testing.{Version}.nupkg");

        _environment = new Dictionary<string, string?>
        {
            ["HOME"] = home,
            ["DOTNET_CLI_HOME"] = home,
            ["NUGET_PACKAGES"] = null,
            // No build servers or reused nodes outlive the test and hold files in its folder.
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["UseSharedCompilation"] = "false",
        };
        WriteUserNuGetConfig(home);

        if (CopyRepository(repository) && RunAll(Clone, CloneCommands) && RunAll(Clone, TestingCommands) && File.Exists(PackagePath))
        {
            GitStatusAfterPack = Git(Clone, "status", "--porcelain", "--untracked-files=all");
            WriteProject();
            RunAll(App, ProjectCommands);
        }
    }

    public Readme Readme { get; }

    /// <summary>The test's own directory; everything the tests write goes below it.</summary>
    public string Root { get; }

    /// <summary>The fresh copy of the repository, where the README's first commands run.</summary>
    public string Clone { get; }

    /// <summary>The user's project, outside the copy, where the README's project command runs.</summary>
    public string App { get; }

    public IReadOnlyList<string> CloneCommands { get; }

    public IReadOnlyList<string> ProjectCommands { get; }

    /// <summary>The snapshot section's command that packs the test helper, run in the copy after the install commands.</summary>
    public IReadOnlyList<string> TestingCommands { get; }

    public string TestingPackagePath { get; }

    /// <summary>The package version the README installs.</summary>
    public string Version { get; }

    public string PackagePath { get; }

    /// <summary>Every command run so far, for failure messages.</summary>
    public List<DotNetResult> Steps { get; } = [];

    /// <summary>What <c>git status</c> showed in the copy after the README's commands (empty: the outputs are ignored).</summary>
    public DotNetResult? GitStatusAfterPack { get; private set; }

    /// <summary>Fails with the output of the step that failed unless every step succeeded and the package is where the README says.</summary>
    public void AssertInstalled()
    {
        DotNetResult? failed = Steps.FirstOrDefault(s => s.ExitCode != 0);
        Assert.True(failed is null, "A step of the README's install failed.\n" + failed?.Describe());
        Assert.True(File.Exists(PackagePath), $"The README's commands wrote no {PackagePath}.\n" + string.Join("\n", Steps.Select(s => s.Describe())));
        Assert.True(File.Exists(TestingPackagePath), $"The snapshot section's command wrote no {TestingPackagePath}.");
        Assert.Equal(CloneCommands.Count + TestingCommands.Count + ProjectCommands.Count + 4, Steps.Count); // + git init, add, commit, status
    }

    /// <summary>Runs a command in the user's environment (their home, the machine's dotnet on PATH).</summary>
    public DotNetResult Run(string workingDirectory, params string[] arguments) =>
        DotNetCli.Run(DotNetCli.DotNet, workingDirectory, _environment, arguments);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process may still hold a file for a moment; the name is unique, so nothing reuses it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private bool RunAll(string directory, IReadOnlyList<string> commands)
    {
        foreach (string command in commands)
        {
            DotNetResult result = DotNetCli.Run("bash", directory, _environment, "-c", command);
            Steps.Add(result);
            if (result.ExitCode != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>What a fresh clone holds: tracked files and new files git does not ignore, as a new repository.</summary>
    private bool CopyRepository(string repository)
    {
        DotNetResult list = DotNetCli.Run("git", repository, _environment, "ls-files", "--cached", "--others", "--exclude-standard", "-z");
        if (list.ExitCode != 0)
        {
            Steps.Add(list);
            return false;
        }

        foreach (string file in list.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Trim('\n', '\r')).Distinct())
        {
            string source = Path.Combine(repository, file);
            if (File.Exists(source))
            {
                string target = Path.Combine(Clone, file);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(source, target);
            }
        }

        return Git(Clone, "init", "--quiet").ExitCode == 0
            && Git(Clone, "add", "--all").ExitCode == 0
            && Git(Clone, "-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit", "--quiet", "--no-verify", "-m", "clone").ExitCode == 0;
    }

    private DotNetResult Git(string directory, params string[] arguments)
    {
        DotNetResult result = DotNetCli.Run("git", directory, _environment, arguments);
        Steps.Add(result);
        return result;
    }

    /// <summary>
    /// The user's NuGet configuration in the temporary home: the machine's own sources, restored packages in a
    /// private folder, and the machine's package folder as a fallback (read in place, not copied).
    /// </summary>
    private static void WriteUserNuGetConfig(string home)
    {
        string realHome = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string machineConfig = Path.Combine(realHome, ".nuget", "NuGet", "NuGet.Config");
        XDocument config = File.Exists(machineConfig)
            ? XDocument.Load(machineConfig)
            : XDocument.Parse("""<configuration><packageSources><add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" /></packageSources></configuration>""");
        XElement root = config.Root!;
        root.Elements("config").Remove();
        root.Elements("fallbackPackageFolders").Remove();
        root.Add(new XElement("config", new XElement("add", new XAttribute("key", "globalPackagesFolder"), new XAttribute("value", Path.Combine(home, "..", "packages")))));
        string machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(realHome, ".nuget", "packages");
        if (Directory.Exists(machinePackages))
        {
            root.Add(new XElement("fallbackPackageFolders", new XElement("add", new XAttribute("key", "machine"), new XAttribute("value", machinePackages))));
        }

        string path = Path.Combine(home, ".nuget", "NuGet", "NuGet.Config");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        config.Save(path);
    }

    /// <summary>The user's project: a console app that treats warnings as errors (an analyzer that fails to load would show).</summary>
    private void WriteProject() => File.WriteAllText(Path.Combine(App, "MyApp.csproj"), """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
          </PropertyGroup>
        </Project>
        """);

    private static string Metadata(string key) =>
        typeof(PackageFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"No {key} metadata in the test assembly.");

    [GeneratedRegex(@"--version\s+(\S+)")]
    private static partial Regex VersionOption();
}
