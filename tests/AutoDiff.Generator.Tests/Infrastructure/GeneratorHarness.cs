using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiff.Generator.Tests.Infrastructure;

/// <summary>Runs the generator in-process over source text, the way the compiler does, and loads what it built.</summary>
internal static class GeneratorHarness
{
    public const string Usings = "using System;\nusing AutoDiff;\n";

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> References = Net100.References.All.CastArray<MetadataReference>()
        .Add(MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location));

    public sealed record Result(
        CSharpCompilation Input,
        Compilation Output,
        GeneratorDriver Driver,
        GeneratorDriverRunResult RunResult,
        ImmutableArray<Diagnostic> GeneratorDiagnostics)
    {
        public IReadOnlyList<GeneratedSourceResult> Sources => RunResult.Results.Single().GeneratedSources;

        public string Source(string hintNameStart) =>
            Sources.Single(s => s.HintName.StartsWith(hintNameStart, StringComparison.Ordinal)).SourceText.ToString();

        /// <summary>Errors anywhere, and warnings in generated files (a user building with warnings as errors must not trip on our code).</summary>
        public IEnumerable<Diagnostic> CompilationProblems =>
            Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error
                || (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true));
    }

    /// <summary>An empty compilation whose bound references every compilation here shares (adding trees keeps them), which saves each compilation setting them up again.</summary>
    private static readonly CSharpCompilation Empty = CSharpCompilation.Create(
        "UserCode",
        Array.Empty<SyntaxTree>(),
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static CSharpCompilation Compile(params string[] sources) =>
        Empty.AddSyntaxTrees(sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")));

    public static Result Run(params string[] sources) => Run(Compile(sources));

    public static Result Run(CSharpCompilation compilation, GeneratorDriver? driver = null)
    {
        driver ??= CreateDriver();
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return new Result(compilation, output, driver, driver.GetRunResult(), diagnostics);
    }

    /// <summary>A driver for the generator, its steps tracked.</summary>
    /// <param name="hessians">
    /// The project's <c>AutoDiffHessians</c> property, null for none. The tests ask for second derivatives
    /// everywhere by default, so every scenario's snapshot shows them too.
    /// </param>
    public static GeneratorDriver CreateDriver(string? hessians = "true") =>
        CSharpGeneratorDriver.Create(
            new[] { new DifferentiableGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            optionsProvider: new ProjectProperties(hessians is null ? new() : new() { ["build_property.AutoDiffHessians"] = hessians }),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>MSBuild properties as the generator sees them (<c>build_property.X</c>).</summary>
    private sealed class ProjectProperties(Dictionary<string, string> values) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
    {
        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions { get; } = new Options(values);

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(new());

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(new());

        private sealed class Options(Dictionary<string, string> values) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
                values.TryGetValue(key, out value);
        }
    }

    /// <summary>Compiles user code plus generated code into an assembly and loads it (asserting it compiles cleanly).</summary>
    public static Assembly Load(Result result)
    {
        Diagnostic[] problems = result.CompilationProblems.ToArray();
        Assert.True(problems.Length == 0, "Generated code does not compile cleanly:\n" + string.Join("\n", problems.Select(p => p.ToString())));
        using var stream = new MemoryStream();
        var emit = result.Output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        stream.Position = 0;
        return new AssemblyLoadContext(null, isCollectible: true).LoadFromStream(stream);
    }
}
