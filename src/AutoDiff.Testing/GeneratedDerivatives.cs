using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using AutoDiff.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiff.Testing;

/// <summary>
/// The files AutoDiff's generator writes, computed in-process: one per <c>[Differentiable]</c> method, sorted
/// by hint name. Pin them with <see cref="Snapshots.Verify(IEnumerable{GeneratedFile}, string, string)"/> so
/// that a generator upgrade that changes your derivatives shows in review.
/// </summary>
public static class GeneratedDerivatives
{
    private static readonly ConcurrentDictionary<Assembly, Lazy<CSharpCompilation>> Compilations = new();

    /// <summary>
    /// The generated files for the <c>[Differentiable]</c> methods of <paramref name="type"/>: the generator runs
    /// over <see cref="CompilationOf(Assembly)"/>, the type's assembly rebuilt from its own source files.
    /// </summary>
    /// <param name="type">A type of your code with <c>[Differentiable]</c> methods.</param>
    /// <param name="buildProperties">MSBuild properties the generator reads, e.g. <c>["AutoDiffHessians"] = "false"</c>.</param>
    public static IReadOnlyList<GeneratedFile> Of(Type type, IReadOnlyDictionary<string, string>? buildProperties = null)
    {
        CSharpCompilation compilation = CompilationOf(type.Assembly);
        string metadataName = type.FullName ?? throw new ArgumentException($"{type} has no full name.", nameof(type));
        if (compilation.GetTypeByMetadataName(metadataName) is not { } symbol || !SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, compilation.Assembly))
        {
            throw new ArgumentException($"{metadataName} is not declared in the source files of {type.Assembly.GetName().Name}.", nameof(type));
        }

        return Run(compilation, buildProperties, metadataName);
    }

    /// <summary>The generated files for every <c>[Differentiable]</c> method of <paramref name="compilation"/>.</summary>
    /// <param name="compilation">A compilation of your code; it must reference AutoDiff.Runtime.</param>
    /// <param name="buildProperties">MSBuild properties the generator reads, e.g. <c>["AutoDiffHessians"] = "false"</c>.</param>
    public static IReadOnlyList<GeneratedFile> Of(Compilation compilation, IReadOnlyDictionary<string, string>? buildProperties = null) =>
        Run(compilation, buildProperties, only: null);

    /// <summary>
    /// <paramref name="assembly"/> rebuilt from source: the documents its PDB (embedded or beside the dll) lists,
    /// read from disk, or from the PDB where it embeds them (other generators' output); AutoDiff's own generated
    /// files are left out, so running the generator adds them again. References: every assembly of the running
    /// test (its trusted platform assemblies) but this one. Nullable annotations as the assembly was built;
    /// no preprocessor symbols. Cached per assembly.
    /// </summary>
    public static CSharpCompilation CompilationOf(Assembly assembly) =>
        Compilations.GetOrAdd(assembly, a => new Lazy<CSharpCompilation>(() => Rebuild(a))).Value;

    private static IReadOnlyList<GeneratedFile> Run(Compilation compilation, IReadOnlyDictionary<string, string>? buildProperties, string? only)
    {
        ParseOptions? parseOptions = compilation.SyntaxTrees.FirstOrDefault()?.Options;
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new DifferentiableGenerator().AsSourceGenerator()],
            parseOptions: parseOptions as CSharpParseOptions,
            optionsProvider: new BuildProperties(buildProperties ?? new Dictionary<string, string>()));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null)
        {
            throw new InvalidOperationException("AutoDiff's generator failed.", result.Exception);
        }

        INamedTypeSymbol? type = only is null ? null : output.GetTypeByMetadataName(only);
        return result.GeneratedSources
            .Where(source => type is null || Declares(output, source.SyntaxTree, type))
            .Select(source => new GeneratedFile(source.HintName, source.SourceText.ToString()))
            .OrderBy(file => file.HintName, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Whether a generated file adds to <paramref name="type"/> (its innermost partial declaration is that type).</summary>
    private static bool Declares(Compilation output, SyntaxTree tree, INamedTypeSymbol type)
    {
        SemanticModel model = output.GetSemanticModel(tree);
        return tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>()
            .Where(declaration => !declaration.Members.OfType<TypeDeclarationSyntax>().Any(m => m.Modifiers.Any(SyntaxKind.PartialKeyword)))
            .Any(declaration => SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(declaration)?.OriginalDefinition, type.OriginalDefinition));
    }

    private static CSharpCompilation Rebuild(Assembly assembly)
    {
        IReadOnlyList<SourceDocuments.Document> documents = SourceDocuments.Read(assembly);
        var parseOptions = new CSharpParseOptions(LanguageVersion.Preview);
        SyntaxTree[] trees = documents
            .Where(d => !d.IsAutoDiffOutput)
            .Select(d => CSharpSyntaxTree.ParseText(d.Text, parseOptions, d.Path))
            .ToArray();

        string self = Path.GetFileName(assembly.Location);
        MetadataReference[] references = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => !string.Equals(Path.GetFileName(path), self, StringComparison.OrdinalIgnoreCase))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray();

        bool nullable = assembly.GetType("System.Runtime.CompilerServices.NullableAttribute") is not null
            || assembly.GetType("System.Runtime.CompilerServices.NullableContextAttribute") is not null;
        var compilation = CSharpCompilation.Create(
            assembly.GetName().Name,
            trees,
            references,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                allowUnsafe: true,
                nullableContextOptions: nullable ? NullableContextOptions.Enable : NullableContextOptions.Disable));

        // The generated derivatives are what is missing; any other error means the rebuild is not the build.
        Diagnostic[] errors = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && !IsMissingGeneratedMember(d))
            .Take(10)
            .ToArray();
        if (errors.Length > 0)
        {
            throw new InvalidOperationException(
                $"{assembly.GetName().Name} does not compile again from its source files, so its generated derivatives would not be the build's; "
                + "pass a Compilation of your own to GeneratedDerivatives.Of instead. First errors:\n" + string.Join("\n", errors.Select(e => e.ToString())));
        }

        return compilation;
    }

    /// <summary>Calls to the generated methods (<c>FGradient</c>, ...) do not bind until the generator has run.</summary>
    private static bool IsMissingGeneratedMember(Diagnostic diagnostic) => diagnostic.Id is "CS0117" or "CS0103" or "CS1061" or "CS0539";

    /// <summary>Build properties as the generator sees them (<c>build_property.Name</c> in the global options).</summary>
    private sealed class BuildProperties(IReadOnlyDictionary<string, string> properties) : AnalyzerConfigOptionsProvider
    {
        private readonly Options _global = new(properties.ToImmutableDictionary(p => "build_property." + p.Key, p => p.Value));

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public static readonly Options Empty = new(ImmutableDictionary<string, string>.Empty);

            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
                values.TryGetValue(key, out value);
        }
    }
}
