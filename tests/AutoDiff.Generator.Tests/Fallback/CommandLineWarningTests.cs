using System.Diagnostics;

namespace AutoDiff.Generator.Tests.Fallback;

/// <summary>
/// A visible fallback (issue 15, item 6): a method that goes to the tape without being asked gets warning AD0020,
/// which a plain <c>dotnet build</c> prints at its default verbosity, naming the construct, its line and the
/// rewrite that keeps the method on generated code; asking for the tape with <c>Strategy</c> prints nothing.
/// One small project, built by the machine's dotnet against the generator and runtime this test was built with
/// (no package, no network).
/// </summary>
public sealed class CommandLineWarningTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "autodiff-build-warning-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_plain_dotnet_build_shows_the_fallback_warning_with_its_construct_line_and_rewrite()
    {
        Directory.CreateDirectory(_directory);
        string generator = typeof(DifferentiableGenerator).Assembly.Location;
        string runtime = typeof(DifferentiableAttribute).Assembly.Location;
        string tensors = Path.Combine(Path.GetDirectoryName(runtime)!, "System.Numerics.Tensors.dll");
        File.WriteAllText(Path.Combine(_directory, "Pricing.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="{runtime}" />
                <Reference Include="{tensors}" />
                <Analyzer Include="{generator}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(_directory, "Pricing.cs"), """
            using System;
            using AutoDiff;

            public static partial class Pricing
            {
                [Differentiable]
                public static double Payoff(double x, double strike)
                {
                    switch ((int)Math.Floor(x))
                    {
                        case 0:
                            return 0;
                        default:
                            return Math.Max(x - strike, 0);
                    }
                }

                [Differentiable(Strategy = DifferentiationStrategy.Tape)]
                public static double AskedForTheTape(double x)
                {
                    switch ((int)x)
                    {
                        case 0:
                            return x;
                        default:
                            return x * x;
                    }
                }
            }
            """);

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", "build")
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // No build servers or reused nodes outlive the test.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        output += await error;
        Assert.True(process.ExitCode == 0, "dotnet build failed:\n" + output);

        string[] warnings = output.Split('\n').Where(line => line.Contains("warning AD0020", StringComparison.Ordinal)).Distinct().ToArray();
        string warning = Assert.Single(warnings);
        Assert.Contains("Pricing.cs(9,9)", warning);
        Assert.Contains("'Payoff' is differentiated on the run-time tape because of a switch statement at line 9", warning);
        Assert.Contains("several times slower than generated code", warning);
        Assert.Contains("to avoid it, rewrite it with if/else, or as a switch expression", warning);
        Assert.DoesNotContain("AskedForTheTape", output);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A process may still hold a file for a moment; the name is unique, so nothing reuses it.
        }
    }
}
