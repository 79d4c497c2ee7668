using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.CodeFixes;

/// <summary>
/// AD0002: a type holding a <c>[Differentiable]</c> method is not <c>partial</c>. Makes it partial, and the
/// types around it too: they enclose the same method, so they must be partial as well.
/// </summary>
[ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(MakePartialCodeFix)), Shared]
public sealed class MakePartialCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => [DiagnosticIds.TypeNotPartial];

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindToken(context.Span.Start).Parent is not TypeDeclarationSyntax type)
        {
            return;
        }

        List<TypeDeclarationSyntax> types = type.AncestorsAndSelf().OfType<TypeDeclarationSyntax>()
            .Where(t => !t.Modifiers.Any(Microsoft.CodeAnalysis.CSharp.SyntaxKind.PartialKeyword))
            .ToList();
        if (types.Count == 0)
        {
            return;
        }

        string title = types.Count == 1
            ? $"Make '{type.Identifier.ValueText}' partial"
            : $"Make '{type.Identifier.ValueText}' and the types around it partial";
        context.RegisterCodeFix(
            CodeAction.Create(title, ct => Fix(context.Document, root, types, ct), equivalenceKey: nameof(MakePartialCodeFix)),
            context.Diagnostics);
    }

    private static Task<Document> Fix(Document document, SyntaxNode root, List<TypeDeclarationSyntax> types, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        SyntaxNode fixedRoot = root.ReplaceNodes(types, (_, rewritten) => Syntax.AddPartial(rewritten));
        return Task.FromResult(document.WithSyntaxRoot(fixedRoot));
    }
}
