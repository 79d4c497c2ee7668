using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.CodeFixes;

/// <summary>AD0001: a <c>[Differentiable]</c> method is not static. Adds <c>static</c> after its accessibility.</summary>
/// <remarks>A body that reads instance members then fails to compile where it does: those values have to become parameters.</remarks>
[ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(MakeStaticCodeFix)), Shared]
public sealed class MakeStaticCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => [DiagnosticIds.MethodNotStatic];

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindToken(context.Span.Start).Parent is not MethodDeclarationSyntax method)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                $"Make '{method.Identifier.ValueText}' static",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(method, Syntax.AddStatic(method)))),
                equivalenceKey: nameof(MakeStaticCodeFix)),
            context.Diagnostics);
    }
}
