using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.Generator.Tests.Architecture;

/// <summary>
/// The generator's layers point one way: Parsing → Model → Differentiation → Emitting, with the rule table
/// beside the model and the tape fallback as its own branch off it. The generator's sources are bound here
/// and every name each file uses is checked against what its folder may use.
/// </summary>
public class LayeringTests
{
    /// <summary>What each folder may use besides itself; the pipeline (the generator's root) may use everything.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Helpers"] = [],
        ["Model"] = ["Helpers"],
        ["Diagnostics"] = ["Helpers"],
        ["Rules"] = ["Helpers", "Model"],
        ["Parsing"] = ["Helpers", "Model", "Rules", "Diagnostics"],
        ["Differentiation"] = ["Helpers", "Model", "Rules"],
        ["Emitting"] = ["Helpers", "Model", "Differentiation"],
        ["Fallback"] = ["Helpers", "Model", "Rules", "Diagnostics", "Parsing", "Emitting"],
    };

    [Fact]
    public void No_layer_uses_a_later_one()
    {
        var violations = new List<string>();
        foreach ((SyntaxTree tree, string layer) in Sources())
        {
            if (!Allowed.TryGetValue(layer, out string[]? allowed))
            {
                continue; // the pipeline
            }

            SemanticModel model = Compilation.GetSemanticModel(tree);
            foreach (SimpleNameSyntax name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                // Types and members count; namespaces are only named on the way to them (usings, qualified names).
                ISymbol? symbol = model.GetSymbolInfo(name).Symbol ?? model.GetSymbolInfo(name).CandidateSymbols.FirstOrDefault();
                string? used = symbol is INamespaceSymbol ? null : LayerOf(symbol?.ContainingNamespace);
                if (used is not null && used != layer && !allowed.Contains(used))
                {
                    violations.Add($"{Path.GetFileName(tree.FilePath)} ({layer}) uses {symbol} ({used}) at line {name.GetLocation().GetLineSpan().StartLinePosition.Line + 1}");
                }
            }
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations.Distinct().Take(40)));
    }

    [Fact]
    public void Namespaces_match_folders()
    {
        foreach ((SyntaxTree tree, string layer) in Sources())
        {
            string expected = layer == "Pipeline" && Path.GetDirectoryName(tree.FilePath) == GeneratorRoot ? "AutoDiff.Generator" : "AutoDiff.Generator." + layer;
            foreach (BaseNamespaceDeclarationSyntax declaration in tree.GetRoot().DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>())
            {
                Assert.True(declaration.Name.ToString() == expected, $"{tree.FilePath} declares {declaration.Name}, its folder says {expected}");
            }
        }
    }

    [Fact]
    public void The_check_sees_a_layer_using_a_later_one()
    {
        // The test above is only as good as its binding: a Parsing file that used the differentiator would be caught.
        SyntaxTree bad = CSharpSyntaxTree.ParseText(
            "namespace AutoDiff.Generator.Parsing; internal static class Bad { public static object F() => AutoDiff.Generator.Differentiation.Differentiator.Differentiate(null!); }",
            path: Path.Combine(GeneratorRoot, "Parsing", "Bad.cs"));
        SemanticModel model = Compilation.AddSyntaxTrees(bad).GetSemanticModel(bad);
        ISymbol? used = bad.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>()
            .Select(n => model.GetSymbolInfo(n).Symbol).FirstOrDefault(s => s?.Name == "Differentiate");
        Assert.Equal("Differentiation", LayerOf(used?.ContainingNamespace));
    }

    private static readonly string GeneratorRoot = Path.Combine(Repository.Root(), "src", "AutoDiff.Generator");

    private static readonly Lazy<List<(SyntaxTree Tree, string Layer)>> Trees = new(() =>
        Directory.GetFiles(GeneratorRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (CSharpSyntaxTree.ParseText(File.ReadAllText(f), path: f), Layer(f)))
            .ToList());

    private static readonly Lazy<CSharpCompilation> Binding = new(() => CSharpCompilation.Create(
        "LayerCheck",
        Trees.Value.Select(t => t.Tree),
        Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(SyntaxNode).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(CSharpSyntaxNode).Assembly.Location)),
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)));

    private static CSharpCompilation Compilation => Binding.Value;

    private static IEnumerable<(SyntaxTree Tree, string Layer)> Sources() => Trees.Value;

    /// <summary>The first folder under the generator's root, or "Pipeline" for the files at the root and in Pipeline/.</summary>
    private static string Layer(string file)
    {
        string relative = Path.GetRelativePath(GeneratorRoot, file);
        int slash = relative.IndexOf(Path.DirectorySeparatorChar);
        return slash < 0 ? "Pipeline" : relative[..slash];
    }

    /// <summary>The layer a namespace belongs to: AutoDiff.Generator.X is X, the root namespace the pipeline; null outside the generator.</summary>
    private static string? LayerOf(INamespaceSymbol? ns)
    {
        string? name = ns?.ToDisplayString();
        if (name is null || !(name == "AutoDiff.Generator" || name.StartsWith("AutoDiff.Generator.", StringComparison.Ordinal)))
        {
            return null;
        }

        string rest = name == "AutoDiff.Generator" ? "Pipeline" : name["AutoDiff.Generator.".Length..];
        int dot = rest.IndexOf('.');
        return dot < 0 ? rest : rest[..dot];
    }
}
