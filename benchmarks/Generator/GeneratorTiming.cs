using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using AutoDiff.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiff.Benchmarks.Generator;

/// <summary>
/// <c>--generator [count]</c>: how much build time the generator adds for <c>count</c> (default 1,000)
/// [Differentiable] methods. Runs the compiler in-process on a generated project: the generator run
/// through a <see cref="GeneratorDriver"/> (cold, then after editing one method, as an IDE or an
/// incremental build does), and compiling the project with and without the generated code.
/// </summary>
internal static class GeneratorTiming
{
    private const int Repetitions = 5;

    /// <summary>
    /// Whether this process runs the compiler the way the build server does. VBCSCompiler (the SDK's
    /// <c>Roslyn/bincore/VBCSCompiler.runtimeconfig.json</c>) runs with tiered compilation on and the server
    /// garbage collector; this project turns tiered compilation off for its timed numeric code, which would leave
    /// the compiler in its ReadyToRun code for good and make every build step look about 40 % slower than it is.
    /// </summary>
    public static bool RunsLikeTheCompilerServer =>
        Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") == "1" && System.Runtime.GCSettings.IsServerGC;

    /// <summary>Runs this mode again in a child process set up like the build server, and returns its exit code.</summary>
    public static int RunLikeTheCompilerServer(string[] args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(GeneratorTiming).Assembly.Location);
        }

        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_TieredCompilation"] = "1";
        start.Environment["DOTNET_gcServer"] = "1";
        using Process child = Process.Start(start)!;
        child.WaitForExit();
        return child.ExitCode;
    }

    // Methods per source file: Roslyn re-runs a generator's transform for every method in an edited file.
    private const int MethodsPerFile = 20;

    /// <param name="hessians">False measures a project with <c>&lt;AutoDiffHessians&gt;false&lt;/AutoDiffHessians&gt;</c>.</param>
    public static int Run(TextWriter output, int count, bool hessians = true, bool reportSteps = false)
    {
        s_hessians = hessians;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        SyntaxTree[] trees = Enumerable.Range(0, (count + MethodsPerFile - 1) / MethodsPerFile)
            .Select(f => CSharpSyntaxTree.ParseText(Source(f * MethodsPerFile, Math.Min(count, (f + 1) * MethodsPerFile)), parseOptions, path: $"Methods{f}.cs"))
            .ToArray();
        SyntaxTree tree = trees[0];
        string source = tree.ToString();
        CSharpCompilation compilation = CSharpCompilation.Create(
            "ScaleTest",
            trees,
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));

        // Warm the compiler and the generator on the whole project first, twice: the timings below are of a warm
        // build server (VBCSCompiler), the usual state during development, whose hot paths the runtime has
        // already recompiled at its top tier. A single small warm-up left the first timed builds a third slower.
        for (int warm = 0; warm < 2; warm++)
        {
            Generate(compilation, parseOptions, out Compilation warmed);
            Emit(compilation);
            Emit(warmed);
        }

        var cold = new List<double>();
        var unchanged = new List<double>();
        var incremental = new List<double>();
        var emitPlain = new List<double>();
        var emitGenerated = new List<double>();
        Compilation? generated = null;
        string[] parseReasons = [];
        int files = 0;
        for (int r = 0; r < Repetitions; r++)
        {
            var clock = Stopwatch.StartNew();
            GeneratorDriver driver = Generate(compilation, parseOptions, out generated);
            cold.Add(clock.Elapsed.TotalSeconds);
            files = driver.GetRunResult().GeneratedTrees.Length;

            // The same compilation again: nothing changed, so every step should be cached.
            clock.Restart();
            driver.RunGeneratorsAndUpdateCompilation(compilation, out _, out _);
            unchanged.Add(clock.Elapsed.TotalSeconds);

            // Edit one method's body (M1's first Math.Sin becomes Math.Cos) and run the same driver again.
            int at = source.IndexOf("Math.Sin(", StringComparison.Ordinal);
            string text = string.Concat(source.AsSpan(0, at), "Math.Cos(", source.AsSpan(at + "Math.Sin(".Length));
            CSharpCompilation edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(text, parseOptions, path: tree.FilePath));
            clock.Restart();
            driver.RunGeneratorsAndUpdateCompilation(edited, out _, out _);
            incremental.Add(clock.Elapsed.TotalSeconds);
            if (r == 0 && reportSteps)
            {
                // Untimed, on request: the same edit with step tracking on, for which per-method parses re-ran. Roslyn's
                // step recording grows faster than the pipeline (every method's step records the collected table of
                // nested differentiation): 30 s at 300 methods, over 10 minutes at 1,000, none of it in a real build.
                GeneratorDriver tracked = Generate(compilation, parseOptions, out _, track: true).RunGeneratorsAndUpdateCompilation(edited, out _, out _);
                parseReasons = tracked.GetRunResult().Results[0].TrackedSteps["ParsedMethods"]
                    .SelectMany(step => step.Outputs)
                    .GroupBy(o => o.Reason)
                    .Select(g => $"{g.Count()} {g.Key}")
                    .ToArray();
            }


            clock.Restart();
            Emit(compilation);
            emitPlain.Add(clock.Elapsed.TotalSeconds);
            clock.Restart();
            Emit(generated);
            emitGenerated.Add(clock.Elapsed.TotalSeconds);
        }

        Diagnostic[] errors = generated!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        long lines = generated!.SyntaxTrees.Skip(trees.Length).Sum(t => (long)t.GetText().Lines.Count);
        output.WriteLine($"{count} [Differentiable] methods in {trees.Length} files ({trees.Sum(t => t.GetText().Lines.Count)} lines); {files} generated files ({lines} lines); {errors.Length} errors; best of {Repetitions}:");
        output.WriteLine($"| step | seconds |");
        output.WriteLine($"| --- | ---: |");
        output.WriteLine($"| generator, first run | {cold.Min():F2} |");
        output.WriteLine($"| generator, run again with nothing changed | {unchanged.Min():F3} |");
        output.WriteLine($"| generator, after editing one method | {incremental.Min():F3} |");
        output.WriteLine($"| compile + emit without the generated code | {emitPlain.Min():F2} |");
        output.WriteLine($"| compile + emit with the generated code | {emitGenerated.Min():F2} |");
        output.WriteLine($"| added build time (generator + compiling its output) | {cold.Min() + emitGenerated.Min() - emitPlain.Min():F2} |");
        if (reportSteps)
        {
            output.WriteLine($"After the edit, the per-method parse step reported: {string.Join(", ", parseReasons)}.");
        }
        foreach (Diagnostic error in errors.Take(5))
        {
            output.WriteLine(error.ToString());
        }

        return errors.Length == 0 ? 0 : 1;
    }

    /// <param name="track">
    /// Step tracking is for the report of which steps re-ran, never for timing: recording the steps of a
    /// thousand-method pipeline costs the driver about a second per run that a real build does not pay.
    /// </param>
    private static GeneratorDriver Generate(Compilation compilation, CSharpParseOptions parseOptions, out Compilation output, bool track = false)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new DifferentiableGenerator().AsSourceGenerator()],
            parseOptions: parseOptions,
            optionsProvider: new ProjectProperties(s_hessians ? "true" : "false"),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));
        return driver.RunGeneratorsAndUpdateCompilation(compilation, out output, out _);
    }

    private static void Emit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics.Take(5)));
        }
    }

    private static ImmutableArray<MetadataReference> References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is { } name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll"))
            .Append(typeof(DifferentiableAttribute).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();

    /// <summary>
    /// Methods <paramref name="first"/> to <paramref name="end"/> − 1, cycling through five shapes (a polynomial, transcendental
    /// functions, a branch, a call to another method, a loop over a span), each with its own constants.
    /// </summary>
    internal static string Source(int first, int end)
    {
        var text = new StringBuilder();
        text.AppendLine("using System;\nusing AutoDiff;\n\nnamespace Scale;\n\npublic static partial class Methods\n{");
        for (int i = first; i < end; i++)
        {
            string c = (1 + (i * 0.001)).ToString("R", CultureInfo.InvariantCulture);
            string body = (i % 5) switch
            {
                0 => $$"""
                    public static double M{{i}}(double x{{i % 10}}, double y{{i % 10}})
                    {
                        double a = {{c}} - x{{i % 10}};
                        double b = y{{i % 10}} - (x{{i % 10}} * x{{i % 10}});
                        return (a * a) + (100 * b * b) + (0.5 * x{{i % 10}} * y{{i % 10}});
                    }
                """,
                1 => $$"""
                    public static double M{{i}}(double x, double y, double z) =>
                        (Math.Sin({{c}} * x) * Math.Exp(-y * y)) + Math.Log(1 + (z * z)) + Math.Sqrt((x * x) + 1);
                """,
                2 => $$"""
                    public static double M{{i}}(double x, double y)
                    {
                        if (x > {{c}})
                        {
                            return Math.Tanh(x * y) + x;
                        }

                        double s = Math.Log(1 + Math.Exp(x - y));
                        return s * s;
                    }
                """,
                3 => $$"""
                    public static double M{{i}}(double x, double y) => M{{i - 3}}(x * {{c}}, y) + Math.Cos(M{{i - 1}}(y, x));
                """,
                _ => $$"""
                    public static double M{{i}}(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> data)
                    {
                        double loss = 0;
                        for (int i = 0; i < data.Length; i++)
                        {
                            double z = (w[0] * data[i]) + w[1];
                            loss += Math.Log(1 + Math.Exp(-{{c}} * z));
                        }

                        return loss / data.Length;
                    }
                """,
            };
            text.AppendLine("    [Differentiable]");
            text.AppendLine(body);
        }

        text.AppendLine("}");
        return text.ToString();
    }

    private static bool s_hessians = true;

    /// <summary>The project's MSBuild properties as the generator sees them: only AutoDiffHessians.</summary>
    private sealed class ProjectProperties(string hessians) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
    {
        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions { get; } = new Options(hessians);

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(null);

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(null);

        private sealed class Options(string? hessians) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
            {
                value = key == "build_property.AutoDiffHessians" ? hessians : null;
                return value is not null;
            }
        }
    }
}
