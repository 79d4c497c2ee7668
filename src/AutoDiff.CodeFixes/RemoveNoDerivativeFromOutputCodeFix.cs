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

/// <summary>AD0012: an output (a <c>Span</c> parameter of a void method) is marked <c>[NoDerivative]</c>. Removes the attribute.</summary>
[ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(RemoveNoDerivativeFromOutputCodeFix)), Shared]
public sealed class RemoveNoDerivativeFromOutputCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => [DiagnosticIds.OutputMarkedNoDerivative];

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        Document document = context.Document;
        SyntaxNode? root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        ParameterSyntax? parameter = root?.FindToken(context.Span.Start).Parent?.AncestorsAndSelf().OfType<ParameterSyntax>().FirstOrDefault();
        if (root is null || model is null || parameter is null)
        {
            return;
        }

        AttributeSyntax[] marks = parameter.AttributeLists.SelectMany(l => l.Attributes)
            .Where(a => a.Is(model, Syntax.NoDerivativeAttribute, context.CancellationToken))
            .ToArray();
        if (marks.Length == 0)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                $"Remove [NoDerivative] from the output '{parameter.Identifier.ValueText}'",
                ct => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(parameter, Remove(parameter, marks, ct)))),
                equivalenceKey: nameof(RemoveNoDerivativeFromOutputCodeFix)),
            context.Diagnostics);
    }

    private static ParameterSyntax Remove(ParameterSyntax parameter, AttributeSyntax[] marks, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var lists = new SyntaxList<AttributeListSyntax>();
        foreach (AttributeListSyntax list in parameter.AttributeLists)
        {
            SeparatedSyntaxList<AttributeSyntax> kept = list.Attributes;
            foreach (AttributeSyntax mark in marks.Where(m => list.Attributes.Contains(m)))
            {
                kept = kept.Remove(kept.First(a => a.IsEquivalentTo(mark)));
            }

            if (kept.Count > 0)
            {
                lists = lists.Add(list.WithAttributes(kept));
            }
        }

        // The removed list's own trailing space goes with it; the parameter keeps what stood before it.
        return parameter.WithAttributeLists(lists).WithLeadingTrivia(parameter.GetLeadingTrivia());
    }
}
