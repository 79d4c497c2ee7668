using System.Globalization;
using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace AutoDiff.Package.Tests;

/// <summary>
/// The AutoDiffGen NuGet package, installed by following the README: its layout, what the install leaves in
/// the clone, and a console project outside the clone that gets the package through the README's own
/// command, compiles the README's tour with the packaged generator and prints the gradients.
/// </summary>
public sealed partial class PackageTests(PackageFixture package, ITestOutputHelper output) : IClassFixture<PackageFixture>
{
    [Fact]
    public void The_package_holds_the_runtime_in_lib_the_generator_in_analyzers_and_the_readme_and_license()
    {
        package.AssertInstalled();
        using ZipArchive zip = ZipFile.OpenRead(package.PackagePath);
        string[] files = zip.Entries
            .Select(e => e.FullName)
            .Where(name => !name.StartsWith("_rels/", StringComparison.Ordinal)
                && !name.StartsWith("package/", StringComparison.Ordinal)
                && name != "[Content_Types].xml")
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(
            [
                "AutoDiffGen.nuspec",
                "LICENSE",
                "README.md",
                "analyzers/dotnet/cs/AutoDiff.CodeFixes.dll",
                "analyzers/dotnet/cs/AutoDiff.Generator.dll",
                "build/AutoDiffGen.props",
                "lib/net10.0/AutoDiff.Runtime.dll",
                "lib/net10.0/AutoDiff.Runtime.xml",
            ],
            files);

        XElement metadata = XDocument.Load(zip.GetEntry("AutoDiffGen.nuspec")!.Open()).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Field(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
        Assert.Equal("AutoDiffGen", Field("id"));
        Assert.Equal(package.Version, Field("version"));
        Assert.Equal("README.md", Field("readme"));
        Assert.Equal("LICENSE", Field("license"));

        // The props file lets the generator see <AutoDiffHessians>false</AutoDiffHessians>.
        using (var props = new StreamReader(zip.GetEntry("build/AutoDiffGen.props")!.Open()))
        {
            Assert.Contains("<CompilerVisibleProperty Include=\"AutoDiffHessians\" />", props.ReadToEnd());
        }

        // The generator is inside the package, not a dependency of it.
        string[] dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!).ToArray();
        Assert.Equal(["System.Numerics.Tensors"], dependencies);

        using var license = new StreamReader(zip.GetEntry("LICENSE")!.Open());
        string licenseText = license.ReadToEnd();
        Assert.StartsWith("MIT License", licenseText, StringComparison.Ordinal);
        Assert.Contains("AutoDiff contributors", licenseText, StringComparison.Ordinal);
    }

    [Fact]
    public void The_testing_package_holds_the_helper_and_the_generator_it_runs_and_depends_on_Roslyn_only()
    {
        package.AssertInstalled();
        using ZipArchive zip = ZipFile.OpenRead(package.TestingPackagePath);
        string[] libraries = zip.Entries.Select(e => e.FullName).Where(n => n.StartsWith("lib/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["lib/net10.0/AutoDiff.Generator.dll", "lib/net10.0/AutoDiff.Testing.dll", "lib/net10.0/AutoDiff.Testing.xml"], libraries);

        XElement metadata = XDocument.Load(zip.GetEntry("AutoDiffGen.Testing.nuspec")!.Open()).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        Assert.Equal("AutoDiffGen.Testing", metadata.Elements().Single(e => e.Name.LocalName == "id").Value);
        string[] dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!).ToArray();
        Assert.Equal(["Microsoft.CodeAnalysis.CSharp"], dependencies);
    }

    [Theory]
    [InlineData("lib/net10.0/AutoDiff.Runtime.dll")]
    [InlineData("analyzers/dotnet/cs/AutoDiff.Generator.dll")]
    [InlineData("analyzers/dotnet/cs/AutoDiff.CodeFixes.dll")]
    public void Each_packaged_dll_carries_its_symbols_as_an_embedded_pdb(string entry)
    {
        package.AssertInstalled();
        using ZipArchive zip = ZipFile.OpenRead(package.PackagePath);
        using var copy = new MemoryStream();
        using (Stream stream = zip.GetEntry(entry)!.Open())
        {
            stream.CopyTo(copy);
        }

        copy.Position = 0;
        using var reader = new PEReader(copy);
        Assert.Contains(reader.ReadDebugDirectory(), d => d.Type == DebugDirectoryEntryType.EmbeddedPortablePdb);
    }

    [Fact]
    public void The_install_leaves_no_untracked_file_in_the_clone_and_registers_the_package_folder_by_its_full_path()
    {
        output.WriteLine(string.Join("\n", package.Steps.Select(s => $"{s.Elapsed.TotalSeconds,6:F1} s  {s.Command}")));
        package.AssertInstalled();
        DotNetResult status = package.GitStatusAfterPack!;
        Assert.True(status.ExitCode == 0 && status.Output.Trim().Length == 0, "Build outputs are not ignored:\n" + status.Describe());

        // The source the README's command registered, as the user's NuGet configuration now holds it.
        XDocument config = XDocument.Load(Path.Combine(package.Root, "home", ".nuget", "NuGet", "NuGet.Config"));
        string[] local = config.Descendants("packageSources").Elements("add")
            .Where(e => (string?)e.Attribute("key") == "autodiffgen-local")
            .Select(e => (string)e.Attribute("value")!)
            .ToArray();
        string folder = Assert.Single(local);
        Assert.True(Path.IsPathFullyQualified(folder), folder);
        Assert.Equal(Path.GetFullPath(Path.GetDirectoryName(package.PackagePath)!), Path.GetFullPath(folder));

        // The project command put the reference into the user's project.
        Assert.Contains($"<PackageReference Include=\"AutoDiffGen\" Version=\"{package.Version}\" />", File.ReadAllText(Path.Combine(package.App, "MyApp.csproj")));
    }

    [Fact]
    public void The_readme_tour_compiles_in_the_installed_project_and_prints_the_closed_form_derivatives()
    {
        package.AssertInstalled();
        WriteProgram(package.App);

        DotNetResult run = package.Run(package.App, "run");
        Assert.True(run.ExitCode == 0, run.Describe());

        Match tour = TourLine().Match(run.Output);
        Assert.True(tour.Success, "The program did not print the tour's line.\n" + run.Describe());
        double Tour(string group) => double.Parse(tour.Groups[group].Value, CultureInfo.InvariantCulture);

        // Rosenbrock (1 - x)² + 100 (y - x²)² at (-1.2, 1): 24.2, gradient (-215.6, -88).
        Assert.Equal(24.2, Tour("f"), 12);
        Assert.Equal(-215.6, Tour("dx"), 12);
        Assert.Equal(-88.0, Tour("dy"), 12);
        Assert.Equal(Tour("f"), Tour("same"), 15);
        Assert.Equal(-215.6, Tour("alongX"), 12);

        Match printed = GradientLine().Match(run.Output);
        Assert.True(printed.Success, "The program did not print its gradient line.\n" + run.Describe());
        double Read(string group) => double.Parse(printed.Groups[group].Value, CultureInfo.InvariantCulture);

        // f(x, y) = x²y + sin(xy) at (1.5, -0.5).
        const double x = 1.5, y = -0.5;
        Assert.Equal(x * x * y + Math.Sin(x * y), Read("value"), 14);
        Assert.Equal(2 * x * y + y * Math.Cos(x * y), Read("dx"), 14);
        Assert.Equal(x * x + x * Math.Cos(x * y), Read("dy"), 14);

        // Second derivatives: f_xx = 2y - y² sin(xy), f_xy = 2x + cos(xy) - xy sin(xy), f_yy = -x² sin(xy).
        Assert.Equal(2 * y - y * y * Math.Sin(x * y), Read("hxx"), 12);
        Assert.Equal(2 * x + Math.Cos(x * y) - x * y * Math.Sin(x * y), Read("hxy"), 12);
        Assert.Equal(-x * x * Math.Sin(x * y), Read("hyy"), 12);

        // The run-time library came along too: the tape gradient of the same function agrees.
        Assert.Equal(Read("dx"), Read("tapeDx"), 14);
    }

    /// <summary>
    /// Program.cs: the README tour's two C# blocks as written (the type, and the calls), a line printing what
    /// the calls computed, and a function of the test's own for second derivatives and the tape.
    /// </summary>
    private void WriteProgram(string app)
    {
        IReadOnlyList<string> blocks = package.Readme.Blocks("A five-minute tour", "csharp");
        string type = Assert.Single(blocks, b => b.Contains("partial class Functions", StringComparison.Ordinal));
        string calls = Assert.Single(blocks, b => b.Contains("Functions.RosenbrockGradient(", StringComparison.Ordinal));
        string[] typeLines = type.Split('\n');
        string usings = string.Join("\n", typeLines.Where(l => l.StartsWith("using ", StringComparison.Ordinal)));
        string declarations = string.Join("\n", typeLines.Where(l => !l.StartsWith("using ", StringComparison.Ordinal)));

        File.WriteAllText(Path.Combine(app, "Program.cs"), $$"""
            using System.Globalization;
            {{usings}}
            using AutoDiff.Taping;

            {{calls}}
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tour f={f:R} dx={dx:R} dy={dy:R} same={same:R} alongX={alongX:R}"));

            double value = Functions.FGradient(1.5, -0.5, out double fx, out double fy);
            var h = new double[4];
            Functions.FHessian(1.5, -0.5, h);

            Tape tape = Tape.Current;
            tape.Reset();
            Var x = tape.Variable(1.5);
            Var y = tape.Variable(-0.5);
            tape.Backward(x * x * y + VarMath.Sin(x * y));

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"value={value:R} dx={fx:R} dy={fy:R} tapeDx={tape.Gradient(x):R} hxx={h[0]:R} hxy={h[1]:R} hyy={h[3]:R}"));

            {{declarations}}

            public static partial class Functions
            {
                [Differentiable]
                public static double F(double x, double y) => x * x * y + Math.Sin(x * y);
            }
            """);
    }

    [GeneratedRegex(@"tour f=(?<f>\S+) dx=(?<dx>\S+) dy=(?<dy>\S+) same=(?<same>\S+) alongX=(?<alongX>\S+)")]
    private static partial Regex TourLine();

    [GeneratedRegex(@"value=(?<value>\S+) dx=(?<dx>\S+) dy=(?<dy>\S+) tapeDx=(?<tapeDx>\S+) hxx=(?<hxx>\S+) hxy=(?<hxy>\S+) hyy=(?<hyy>\S+)")]
    private static partial Regex GradientLine();
}
