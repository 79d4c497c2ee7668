using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.CodeFixes;

/// <summary>
/// AD0004: a call to a method with no derivative. The message offers two repairs, and so does this fix:
/// mark the <c>[Differentiable]</c> method's parameters that the call's arguments read <c>[NoDerivative]</c>
/// (they become data and the call is computed as written), or, when the callee is a static method in this
/// solution, mark the callee <c>[Differentiable]</c>.
/// </summary>
/// <remarks>
/// Marking parameters is offered only where it clears the diagnostic today: the callee is neither a math
/// function without a rule nor a <c>[Differentiable]</c> method (those are errors whatever the arguments), and
/// the arguments read parameters directly, no real-valued locals (the generator counts every such local as
/// possibly active).
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MarkNoDerivativeCodeFix)), Shared]
public sealed class MarkNoDerivativeCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => [DiagnosticIds.NoDerivative];

    // One diagnostic, several different repairs: no fix-all (the right one differs call by call).
    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        Document document = context.Document;
        CancellationToken cancellationToken = context.CancellationToken;
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        InvocationExpressionSyntax? call = root?.FindNode(context.Span, getInnermostNodeForTie: true)
            .AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();
        MethodDeclarationSyntax? method = call?.Ancestors().OfType<MethodDeclarationSyntax>().FirstOrDefault();
        if (root is null || model is null || call is null || method is null
            || model.GetDeclaredSymbol(method, cancellationToken) is not IMethodSymbol caller)
        {
            return;
        }

        IMethodSymbol? target = model.GetSymbolInfo(call, cancellationToken).Symbol as IMethodSymbol;
        bool targetIsDifferentiable = target?.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == Syntax.DifferentiableAttribute) == true;
        if (target is not null && !targetIsDifferentiable && !IsMathType(target.ContainingType)
            && ParametersRead(call, caller, model, cancellationToken) is { Count: > 0 } read)
        {
            string noDerivative = Syntax.SpellAttribute(model, method.SpanStart, Syntax.NoDerivativeAttribute);
            if (read.Count > 1)
            {
                RegisterMark(context, root, method, read, noDerivative);
            }

            foreach (IParameterSymbol parameter in read)
            {
                RegisterMark(context, root, method, [parameter], noDerivative);
            }
        }

        if (target is { } callee
            && !targetIsDifferentiable
            && callee.IsStatic
            && !callee.IsGenericMethod
            && callee.MethodKind == MethodKind.Ordinary
            && callee.DeclaringSyntaxReferences.Length == 1
            && document.Project.Solution.GetDocument(callee.DeclaringSyntaxReferences[0].SyntaxTree) is { } calleeDocument)
        {
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Mark '{callee.Name}' [Differentiable]",
                    ct => MarkDifferentiable(calleeDocument, callee.DeclaringSyntaxReferences[0], ct),
                    equivalenceKey: nameof(MarkNoDerivativeCodeFix) + ".Callee"),
                context.Diagnostics);
        }
    }

    private static void RegisterMark(CodeFixContext context, SyntaxNode root, MethodDeclarationSyntax method, IReadOnlyList<IParameterSymbol> parameters, string attribute)
    {
        string names = string.Join(", ", parameters.Select(p => "'" + p.Name + "'"));
        var ordinals = new HashSet<int>(parameters.Select(p => p.Ordinal));
        context.RegisterCodeFix(
            CodeAction.Create(
                $"Mark {names} [NoDerivative] (treat as data)",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNodes(
                    method.ParameterList.Parameters.Where((_, i) => ordinals.Contains(i)),
                    (_, parameter) => AddAttribute(parameter, attribute)))),
                equivalenceKey: nameof(MarkNoDerivativeCodeFix) + "." + string.Join(",", parameters.Select(p => p.Name))),
            context.Diagnostics);
    }

    /// <summary>
    /// The caller's differentiable parameters the call's arguments read, in parameter order; none when an
    /// argument reads a real-valued local (or a local vector), which the generator treats as active whatever it holds.
    /// </summary>
    private static List<IParameterSymbol> ParametersRead(InvocationExpressionSyntax call, IMethodSymbol caller, SemanticModel model, CancellationToken cancellationToken)
    {
        var found = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
        foreach (IdentifierNameSyntax name in call.ArgumentList.Arguments.SelectMany(a => a.Expression.DescendantNodesAndSelf()).OfType<IdentifierNameSyntax>())
        {
            switch (model.GetSymbolInfo(name, cancellationToken).Symbol)
            {
                case IParameterSymbol parameter when SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, caller) && IsDifferentiable(parameter, caller):
                    found.Add(parameter);
                    break;
                case ILocalSymbol local when IsReal(local.Type) || ElementType(local.Type) is { } element && IsReal(element):
                    return [];
            }
        }

        return found.OrderBy(p => p.Ordinal).ToList();
    }

    private static bool IsMathType(INamedTypeSymbol type) =>
        type.SpecialType is SpecialType.System_Double or SpecialType.System_Single
        || type.ToDisplayString() is "System.Math" or "System.MathF";

    /// <summary>The element type of an array, Span or ReadOnlySpan; null for anything else.</summary>
    private static ITypeSymbol? ElementType(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => array.ElementType,
        INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic
            when generic.ConstructedFrom.ToDisplayString() is "System.Span<T>" or "System.ReadOnlySpan<T>" => generic.TypeArguments[0],
        _ => null,
    };

    /// <summary>Parameters the generator differentiates: real scalars and read-only vectors not already marked (outputs cannot be marked).</summary>
    private static bool IsDifferentiable(IParameterSymbol parameter, IMethodSymbol caller)
    {
        if (parameter.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == Syntax.NoDerivativeAttribute))
        {
            return false;
        }

        bool output = caller.ReturnsVoid && parameter.Type is INamedTypeSymbol named && named.ConstructedFrom.ToDisplayString() == "System.Span<T>";
        return !output && (IsReal(parameter.Type) || ElementType(parameter.Type) is { } element && IsReal(element));
    }

    private static bool IsReal(ITypeSymbol type) => type.SpecialType is SpecialType.System_Double or SpecialType.System_Single;

    private static ParameterSyntax AddAttribute(ParameterSyntax parameter, string name)
    {
        AttributeListSyntax list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.ParseName(name))))
            .WithLeadingTrivia(parameter.GetLeadingTrivia())
            .WithTrailingTrivia(SyntaxFactory.Space);
        return parameter.WithoutLeadingTrivia().WithAttributeLists(parameter.AttributeLists.Insert(0, list));
    }

    private static async Task<Solution> MarkDifferentiable(Document document, SyntaxReference reference, CancellationToken cancellationToken)
    {
        SyntaxNode root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) ?? throw new System.InvalidOperationException("No syntax root.");
        SemanticModel model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) ?? throw new System.InvalidOperationException("No semantic model.");
        if (await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not MethodDeclarationSyntax callee)
        {
            return document.Project.Solution;
        }

        string name = Syntax.SpellAttribute(model, callee.SpanStart, Syntax.DifferentiableAttribute);
        SyntaxTriviaList indentation = callee.GetLeadingTrivia();
        SyntaxTrivia newLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        AttributeListSyntax list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.ParseName(name))))
            .WithLeadingTrivia(indentation)
            .WithTrailingTrivia(newLine == default ? SyntaxFactory.ElasticCarriageReturnLineFeed : newLine);

        // The attribute takes the method's place (its comments and indentation); the method keeps its indentation after it.
        SyntaxTriviaList lastLine = SyntaxFactory.TriviaList(indentation.Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse());
        MethodDeclarationSyntax marked = callee.WithLeadingTrivia(lastLine).WithAttributeLists(callee.AttributeLists.Insert(0, list));
        return document.WithSyntaxRoot(root.ReplaceNode(callee, marked)).Project.Solution;
    }
}
