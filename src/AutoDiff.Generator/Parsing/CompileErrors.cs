using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiff.Generator.Parsing;

/// <summary>
/// Whether a method the compiler will reject anyway should be left alone. The parse transform re-runs for
/// every [Differentiable] method on every edit, so the usual questions are answered without compiling the
/// body: its syntax errors, and operations that did not bind (invalid operations, error types, conversions
/// that do not exist). Errors only flow analysis finds (an unassigned local, a missing return) are asked of
/// the compiler (<see cref="Reported"/>) only before a rejection would be reported, where a diagnostic of
/// ours would be noise next to the compiler's.
/// </summary>
internal static class CompileErrors
{
    public static bool InSyntax(SyntaxNode syntax) =>
        syntax.ContainsDiagnostics && syntax.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <param name="skip">Operations checked elsewhere, with what they hold (calls of derivatives the generator writes).</param>
    public static bool InOperations(IOperation root, System.Func<IOperation, bool>? skip = null)
    {
        var pending = new Stack<IOperation>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            IOperation operation = pending.Pop();
            if (skip is not null && skip(operation))
            {
                continue;
            }

            foreach (IOperation child in operation.ChildOperations)
            {
                pending.Push(child);
            }

            if (operation is IInvalidOperation
                || operation.Type is { TypeKind: TypeKind.Error }
                || operation is IConversionOperation { Conversion.Exists: false })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Errors flow analysis would find, asked cheaply: a value-returning body whose end is reachable (CS0161), and,
    /// only where a local is declared without a value, the compiler's own verdict (CS0165 needs definite assignment).
    /// </summary>
    /// <param name="ignored">Where errors are expected and not the user's (the names of derivatives the generator writes).</param>
    public static bool InFlow(SemanticModel semanticModel, IMethodSymbol method, BaseMethodDeclarationSyntax syntax, CancellationToken cancellationToken, IReadOnlyList<TextSpan>? ignored = null)
    {
        if (syntax.Body is not { } block)
        {
            return false;
        }

        if (!method.ReturnsVoid && semanticModel.AnalyzeControlFlow(block) is { Succeeded: true, EndPointIsReachable: true })
        {
            return true;
        }

        bool declaredWithoutValue = block.DescendantNodes().OfType<VariableDeclaratorSyntax>().Any(d => d.Initializer is null);
        return declaredWithoutValue && Reported(semanticModel, syntax, cancellationToken, ignored);
    }

    /// <summary>
    /// A parameter or return type that does not bind (CS0246): without this, a parameter of an unknown type would be
    /// read as data and generated code would name the missing type again.
    /// </summary>
    public static bool InSignature(IMethodSymbol method) =>
        IsError(method.ReturnType) || method.Parameters.Any(p => IsError(p.Type));

    private static bool IsError(ITypeSymbol type) => type switch
    {
        { TypeKind: TypeKind.Error } => true,
        IArrayTypeSymbol array => IsError(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(IsError),
        _ => false,
    };

    /// <summary>A second member of the same name and parameter types (CS0111): the compiler rejects both.</summary>
    public static bool Duplicated(IMethodSymbol method) =>
        method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Count(other =>
            other.Parameters.Length == method.Parameters.Length
            && other.Parameters.Zip(method.Parameters, (a, b) => SymbolEqualityComparer.Default.Equals(a.Type, b.Type) && a.RefKind == b.RefKind).All(same => same)) > 1;

    /// <summary>The compiler's own verdict: compiles the body (binding and flow analysis), so only on the way to a rejection.</summary>
    public static bool Reported(SemanticModel semanticModel, SyntaxNode syntax, CancellationToken cancellationToken, IReadOnlyList<TextSpan>? ignored = null) =>
        semanticModel.GetDiagnostics(syntax.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error
            && (ignored is null || !ignored.Any(span => span.Contains(d.Location.SourceSpan))));
}
