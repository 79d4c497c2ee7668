using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.CodeFixes;

/// <summary>
/// AD0020 (warning): the method falls back to the run-time tape. Asks for the tape explicitly,
/// <c>[Differentiable(Strategy = DifferentiationStrategy.Tape)]</c>, which keeps the same code and silences the message.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseTapeExplicitlyCodeFix)), Shared]
public sealed class UseTapeExplicitlyCodeFix : CodeFixProvider
{
    private const string StrategyType = "AutoDiff.DifferentiationStrategy";

    public override ImmutableArray<string> FixableDiagnosticIds => [DiagnosticIds.TapeFallback];

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        Document document = context.Document;
        SyntaxNode? root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        MethodDeclarationSyntax? method = root?.FindToken(context.Span.Start).Parent?.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault();
        if (root is null || model is null || method is null)
        {
            return;
        }

        AttributeSyntax? attribute = method.AttributeLists.SelectMany(l => l.Attributes)
            .FirstOrDefault(a => a.Is(model, Syntax.DifferentiableAttribute, context.CancellationToken));
        if (attribute is null)
        {
            return;
        }

        string strategy = Syntax.Spell(model, attribute.SpanStart, StrategyType, "DifferentiationStrategy");
        ExpressionSyntax tape = SyntaxFactory.ParseExpression(strategy + ".Tape");
        context.RegisterCodeFix(
            CodeAction.Create(
                $"Differentiate '{method.Identifier.ValueText}' on the tape explicitly (Strategy = Tape)",
                _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(attribute, WithStrategy(attribute, tape)))),
                equivalenceKey: nameof(UseTapeExplicitlyCodeFix)),
            context.Diagnostics);
    }

    private static AttributeSyntax WithStrategy(AttributeSyntax attribute, ExpressionSyntax value)
    {
        AttributeArgumentSyntax? existing = attribute.ArgumentList?.Arguments
            .FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "Strategy");
        if (existing is not null)
        {
            return attribute.ReplaceNode(existing.Expression, value.WithTriviaFrom(existing.Expression));
        }

        AttributeArgumentSyntax argument = SyntaxFactory.AttributeArgument(value)
            .WithNameEquals(SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName("Strategy"), SyntaxFactory.Token(SyntaxKind.EqualsToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space)));
        AttributeArgumentListSyntax list = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
        SeparatedSyntaxList<AttributeArgumentSyntax> arguments = list.Arguments.Count == 0
            ? SyntaxFactory.SingletonSeparatedList(argument)
            : SyntaxFactory.SeparatedList(
                list.Arguments.Append(argument),
                list.Arguments.GetSeparators().Append(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space)));
        return attribute.WithArgumentList(list.WithArguments(arguments));
    }
}
