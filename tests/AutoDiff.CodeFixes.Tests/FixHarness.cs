using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiff.CodeFixes.Tests;

/// <summary>
/// Tests a fix the way Roslyn's fixer tests do, before and after: the source goes into a workspace, the
/// generator runs over the project's compilation in-process and reports its real diagnostic, the fix is
/// asked for its actions, one is applied, and the changed source is compared with the expected one.
/// </summary>
internal static class FixHarness
{
    public const string Usings = "using System;\nusing AutoDiff;\n\n";

    private static readonly ImmutableArray<MetadataReference> References = Net100.References.All.CastArray<MetadataReference>()
        .Add(MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location));

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>The generator's diagnostics for the document, located in it the way the compiler reports them.</summary>
    public static async Task<ImmutableArray<Diagnostic>> GeneratorDiagnostics(Document document)
    {
        Compilation compilation = (await document.Project.GetCompilationAsync())!;
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new Generator.DifferentiableGenerator().AsSourceGenerator()], parseOptions: ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out _, out ImmutableArray<Diagnostic> diagnostics);
        return diagnostics;
    }

    public static Document Document(string source)
    {
        var workspace = new AdhocWorkspace();
        ProjectInfo project = ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Default,
            "UserCode",
            "UserCode",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: ParseOptions,
            metadataReferences: References);
        Solution solution = workspace.CurrentSolution.AddProject(project);
        DocumentId id = DocumentId.CreateNewId(project.Id);
        solution = solution.AddDocument(id, "Source0.cs", SourceText.From(source), filePath: "Source0.cs");
        return solution.GetDocument(id)!;
    }

    /// <summary>The actions the fix offers for the first diagnostic <paramref name="id"/> the generator reports on <paramref name="source"/>.</summary>
    public static async Task<(Document Document, Diagnostic Diagnostic, List<CodeAction> Actions)> Actions(CodeFixProvider fix, string source, string id)
    {
        Document document = Document(source);
        ImmutableArray<Diagnostic> diagnostics = await GeneratorDiagnostics(document);
        // The first one the generator reports (AD0002 comes once per type that is not partial, innermost first).
        Diagnostic diagnostic = Assert.IsAssignableFrom<Diagnostic>(diagnostics.FirstOrDefault(d => d.Id == id));
        Assert.Contains(id, fix.FixableDiagnosticIds);

        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await fix.RegisterCodeFixesAsync(context);
        return (document, diagnostic, actions);
    }

    /// <summary>
    /// Applies the action titled <paramref name="title"/> to <paramref name="before"/>, asserts the result is
    /// <paramref name="after"/>, and that the generator no longer reports <paramref name="id"/> on it.
    /// </summary>
    public static async Task AssertFix(CodeFixProvider fix, string id, string before, string after, string title)
    {
        (Document document, _, List<CodeAction> actions) = await Actions(fix, Usings + before, id);
        CodeAction action = Assert.Single(actions, a => a.Title == title);
        ImmutableArray<CodeActionOperation> operations = await action.GetOperationsAsync(CancellationToken.None);
        Solution changed = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;
        Document fixedDocument = changed.GetDocument(document.Id)!;
        string text = (await fixedDocument.GetTextAsync()).ToString();
        Assert.Equal((Usings + after).ReplaceLineEndings("\n"), text.ReplaceLineEndings("\n"));

        ImmutableArray<Diagnostic> remaining = await GeneratorDiagnostics(fixedDocument);
        Assert.DoesNotContain(remaining, d => d.Id == id);
    }
}
