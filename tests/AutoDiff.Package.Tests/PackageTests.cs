using System.Globalization;
using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AutoDiff.Package.Tests;

/// <summary>
/// The AutoDiff NuGet package: its layout, and a console project outside the solution that references
/// nothing but the package, differentiates a method with the packaged generator and prints the gradient.
/// </summary>
public sealed partial class PackageTests(PackageFixture package) : IClassFixture<PackageFixture>
{
    [Fact]
    public void The_package_holds_the_runtime_in_lib_the_generator_in_analyzers_and_the_readme_and_license()
    {
        package.AssertPacked();
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

    [Theory]
    [InlineData("lib/net10.0/AutoDiff.Runtime.dll")]
    [InlineData("analyzers/dotnet/cs/AutoDiff.Generator.dll")]
    [InlineData("analyzers/dotnet/cs/AutoDiff.CodeFixes.dll")]
    public void Each_packaged_dll_carries_its_symbols_as_an_embedded_pdb(string entry)
    {
        package.AssertPacked();
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
    public void A_fresh_console_project_referencing_only_the_package_prints_the_closed_form_gradient()
    {
        package.AssertPacked();
        string app = Path.Combine(package.Root, "Consumer");
        Directory.CreateDirectory(app);
        WriteConsumer(app);

        DotNetResult run = DotNetCli.Run(app, "run", "--configuration", "Release", "--disable-build-servers");
        Assert.True(run.ExitCode == 0, run.Describe());

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

    private void WriteConsumer(string app)
    {
        // The local folder first, then whatever feed this machine normally uses (its NuGet.Config is not
        // cleared). Packages land in a private folder that the fixture deletes; packages already in the
        // machine's global folder (the package's own dependencies) are read from there without copying.
        string globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string fallback = Directory.Exists(globalPackages)
            ? $"""
                 <fallbackPackageFolders>
                   <add key="machine" value="{globalPackages}" />
                 </fallbackPackageFolders>
               """
            : string.Empty;
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(package.Root, "packages")}" />
              </config>
              <packageSources>
                <add key="autodiff-local" value="{package.Feed}" />
              </packageSources>
            {fallback}
            </configuration>
            """);

        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="AutoDiffGen" Version="[{package.Version}]" />
              </ItemGroup>
            </Project>
            """);

        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using System.Globalization;
            using AutoDiff;
            using AutoDiff.Taping;

            double value = Functions.FGradient(1.5, -0.5, out double dx, out double dy);
            var h = new double[4];
            Functions.FHessian(1.5, -0.5, h);

            Tape tape = Tape.Current;
            tape.Reset();
            Var x = tape.Variable(1.5);
            Var y = tape.Variable(-0.5);
            tape.Backward(x * x * y + VarMath.Sin(x * y));

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"value={value:R} dx={dx:R} dy={dy:R} tapeDx={tape.Gradient(x):R} hxx={h[0]:R} hxy={h[1]:R} hyy={h[3]:R}"));

            public static partial class Functions
            {
                [Differentiable]
                public static double F(double x, double y) => x * x * y + Math.Sin(x * y);
            }
            """);
    }

    [GeneratedRegex(@"value=(?<value>\S+) dx=(?<dx>\S+) dy=(?<dy>\S+) tapeDx=(?<tapeDx>\S+) hxx=(?<hxx>\S+) hxy=(?<hxy>\S+) hyy=(?<hyy>\S+)")]
    private static partial Regex GradientLine();
}
