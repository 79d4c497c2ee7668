using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiff.Generator.Parsing;

/// <summary>
/// Calls of derivatives this generator writes (<c>FGradient</c> inside a [Differentiable] method: nested
/// differentiation). They do not bind while the generator runs, since the generated code is not in the compilation
/// yet, so they are recognised by name: a name that binds to nothing, ending in a suffix the generator writes, whose
/// stem is a [Differentiable] method of the receiver. <c>FGradient</c> and <c>FDerivative</c> become a
/// <see cref="DerivativeCallStmt"/> (the pipeline splices the callee's derivative code in its place); other
/// derivatives, and forms the parser cannot read, are reported as AD0004.
/// </summary>
internal sealed partial class BodyParser
{
    // What the generator names the derivatives of F: FGradient, FDerivative, ... (longest suffixes first).
    private static readonly string[] GeneratedSuffixes =
    [
        "HessianVectorProduct", "GradientDual", "Gradient", "Derivative", "Hessian", "Jacobian", "Jvp", "Vjp",
    ];

    /// <summary>A call of a generated derivative: the invocation, the name called, the method it derives from, the suffix.</summary>
    private sealed record GeneratedCall(InvocationExpressionSyntax Invocation, string Name, IMethodSymbol Callee, string Suffix)
    {
        public DerivativeKind? Kind => Suffix switch
        {
            "Gradient" => DerivativeKind.Gradient,
            "Derivative" => DerivativeKind.Derivative,
            _ => null,
        };
    }

    // The calls of FGradient and FDerivative the body holds, by invocation (read as DerivativeCallStmt).
    private Dictionary<InvocationExpressionSyntax, GeneratedCall> _derivativeCalls = new();

    /// <summary>Every call of a generated derivative in the method, in source order.</summary>
    private List<GeneratedCall> CallsOfGeneratedDerivatives(MethodDeclarationSyntax syntax)
    {
        var calls = new List<GeneratedCall>();
        foreach (InvocationExpressionSyntax invocation in syntax.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            // The name first (every parse runs this), then the binding.
            string? name = invocation.Expression switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                _ => null,
            };
            string? suffix = name is null ? null : GeneratedSuffixes.FirstOrDefault(s => name.Length > s.Length && name.EndsWith(s, StringComparison.Ordinal));
            if (name is null || suffix is null)
            {
                continue;
            }

            ITypeSymbol? receiver = invocation.Expression is MemberAccessExpressionSyntax access
                ? _semanticModel.GetSymbolInfo(access.Expression, _cancellationToken).Symbol as ITypeSymbol
                : _method.ContainingType;

            // Only a name that binds to nothing at all: a method the user declared (called with wrong arguments) is not ours.
            SymbolInfo bound = _semanticModel.GetSymbolInfo(invocation, _cancellationToken);
            if (receiver is null || bound.Symbol is not null || !bound.CandidateSymbols.IsEmpty)
            {
                continue;
            }

            string original = name.Substring(0, name.Length - suffix.Length);
            IMethodSymbol[] callees = receiver.GetMembers(original).OfType<IMethodSymbol>()
                .Where(m => HasAttribute(m, MethodParser.DifferentiableAttribute))
                .ToArray();
            if (callees.Length > 0)
            {
                calls.Add(new GeneratedCall(invocation, name, callees[0], suffix));
            }
        }

        return calls;
    }

    /// <summary>
    /// The calls of <c>FGradient</c> and <c>FDerivative</c> the parser reads as <see cref="DerivativeCallStmt"/>: of a
    /// method of this compilation with one [Differentiable] overload, its arguments passed by position.
    /// </summary>
    private static bool Readable(GeneratedCall call) =>
        call.Kind is not null
        && MethodParser.InSource(call.Callee)
        && call.Callee.ContainingType.GetMembers(call.Callee.Name).OfType<IMethodSymbol>().Count(m => HasAttribute(m, MethodParser.DifferentiableAttribute)) == 1
        && call.Invocation.ArgumentList.Arguments.All(a => a.NameColon is null && !a.RefKindKeyword.IsKind(SyntaxKind.RefKeyword) && !a.RefKindKeyword.IsKind(SyntaxKind.InKeyword));

    /// <summary>The spans where the compiler's "does not exist" errors of readable calls are (the names called).</summary>
    private IReadOnlyList<TextSpan> DerivativeCallNames() => _derivativeCalls.Keys.Select(i => i.Expression.Span).ToList();

    /// <summary>
    /// Whether an operation is a readable call of a generated derivative, or a conversion of one: the compile-error
    /// check leaves it to <see cref="DerivativeCallArgumentsBind"/>.
    /// </summary>
    private bool IsDerivativeCall(IOperation operation) =>
        operation is IInvalidOperation { Syntax: InvocationExpressionSyntax invocation } && _derivativeCalls.ContainsKey(invocation)
        || operation is IConversionOperation { Operand: IInvalidOperation { Syntax: InvocationExpressionSyntax converted } } && _derivativeCalls.ContainsKey(converted);

    /// <summary>The arguments of the readable calls bind (only the name called does not): values, out variables of a type, discards.</summary>
    private bool DerivativeCallArgumentsBind()
    {
        foreach (InvocationExpressionSyntax invocation in _derivativeCalls.Keys)
        {
            foreach (ArgumentSyntax argument in invocation.ArgumentList.Arguments)
            {
                IOperation? operation = _semanticModel.GetOperation(argument.Expression, _cancellationToken);
                if (operation is null || (operation is not IDiscardOperation && CompileErrors.InOperations(operation, IsDerivativeCall)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// When the body does not bind: reports each call of a generated derivative (the tape cannot run them either),
    /// saying what to change, and returns whether there was one.
    /// </summary>
    private bool ReportCallsOfGeneratedDerivatives(IReadOnlyList<GeneratedCall> calls, IOperation? body)
    {
        foreach (GeneratedCall call in calls)
        {
            string original = call.Callee.Name;
            string why;
            if (call.Kind is null)
            {
                why = $"it is generated by AutoDiff from '{original}', and of the derivatives AutoDiff writes only {original}Gradient and {original}Derivative can be called inside a [Differentiable] method (nested differentiation); " +
                    $"compute what you need from those, or take [Differentiable] off '{_method.Name}' and give it a derivative of your own with [DerivativeOf]";
            }
            else if (!Readable(call))
            {
                why = $"it is generated by AutoDiff from '{original}', and a call of it inside a [Differentiable] method is differentiated only when '{original}' is a [Differentiable] method of this compilation without [Differentiable] overloads, called with its arguments in order (no names, no ref or in); " +
                    $"call it that way, or take [Differentiable] off '{_method.Name}' and give it a derivative of your own with [DerivativeOf]";
            }
            else if (call.Invocation.ArgumentList.Arguments.Any(a => a.Expression is DeclarationExpressionSyntax { Type.IsVar: true }))
            {
                why = $"it is generated by AutoDiff from '{original}' and does not exist yet while AutoDiff reads '{_method.Name}', so 'out var' has no type to take; declare the out variables with their type ('out double g')";
            }
            else if (body is not null && UsedInsideExpression(body, call.Invocation))
            {
                why = $"it is generated by AutoDiff from '{original}' and does not exist yet while AutoDiff reads '{_method.Name}', so its value cannot be computed with inside a larger expression; " +
                    $"assign it to a local first ('double v = {call.Name}(...);') and use the local";
            }
            else
            {
                continue; // the body has errors of its own: the compiler's say what they are
            }

            Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoDerivative, LocationInfo.From(call.Invocation), call.Name, why));
        }

        return Diagnostics.Count > 0;
    }

    /// <summary>Whether the call's value is an operand (not a whole statement, an initializer, an assignment's value or a returned value).</summary>
    private static bool UsedInsideExpression(IOperation body, InvocationExpressionSyntax invocation)
    {
        IOperation? call = body.Descendants().FirstOrDefault(o => o is IInvalidOperation && o.Syntax == invocation);
        IOperation? parent = call?.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        return parent is not (null or IExpressionStatementOperation or IVariableInitializerOperation or ISimpleAssignmentOperation or IReturnOperation);
    }

    /// <summary>
    /// A call of FGradient or FDerivative as a <see cref="DerivativeCallStmt"/> in <paramref name="into"/>, after the
    /// declarations of its out variables; with <paramref name="resultType"/>, its value goes to a new local, returned.
    /// </summary>
    private Expr? AddDerivativeCall(GeneratedCall call, ScalarType? resultType, List<Stmt> into)
    {
        string source = SourceFormatting.OneLine(call.Invocation);
        var inputs = new List<Expr>();
        var outputs = new List<string>();
        foreach (ArgumentSyntax argument in call.Invocation.ArgumentList.Arguments)
        {
            IOperation? operation = _semanticModel.GetOperation(argument.Expression, _cancellationToken);
            if (!argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword))
            {
                if (operation is null)
                {
                    HasCompileErrors = true;
                    return null;
                }

                inputs.Add(Convert(operation));
                continue;
            }

            switch (operation)
            {
                case IDiscardOperation:
                    outputs.Add(string.Empty);
                    break;
                case IDeclarationExpressionOperation { Expression: ILocalReferenceOperation { Local: { } local } }
                    when MethodParser.SignatureType(local.Type) is ScalarType.Double or ScalarType.Float:
                    into.Add(new DeclareStmt(local.Type.ToDisplayString() + " " + local.Name, NameOf(local), MethodParser.SignatureType(local.Type)!.Value, null));
                    outputs.Add(NameOf(local));
                    break;
                case ILocalReferenceOperation or IParameterReferenceOperation when TargetName(operation) is { } name
                    && MethodParser.SignatureType(operation.Type!) is ScalarType.Double or ScalarType.Float:
                    outputs.Add(name);
                    break;
                default:
                    Diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.NoDerivative,
                        LocationInfo.From(argument),
                        call.Name,
                        $"its out argument '{argument}' is not a double or float local, a new 'out double' variable or a discard; write the derivative to one of those"));
                    return null;
            }
        }

        string? result = null;
        if (resultType is { } type)
        {
            result = LocalName(char.ToLowerInvariant(call.Name[0]) + call.Name.Substring(1));
            into.Add(new DeclareStmt(string.Empty, result, type, null));
        }

        string key = MethodParser.KeyOf(call.Callee);
        into.Add(new DerivativeCallStmt(source, key, call.Callee.Name, call.Kind!.Value, inputs.ToEquatableArray(), outputs.ToEquatableArray(), result));
        CallSites.Add(new CallSite(key, call.Name, LocationInfo.From(call.Invocation))
        {
            Derivative = call.Kind,
            Inputs = inputs.Count,
            Outputs = outputs.Count,
        });
        return result is null ? null : new VariableExpr(resultType!.Value, source, result);
    }

    /// <summary>The readable call of a generated derivative an invalid operation is, if it is one.</summary>
    private GeneratedCall? DerivativeCallOf(IOperation operation) =>
        operation is IInvalidOperation { Syntax: InvocationExpressionSyntax invocation } && _derivativeCalls.TryGetValue(invocation, out GeneratedCall? call)
            ? call
            : null;

    /// <summary>The value type of a call of a generated derivative: the callee's return type.</summary>
    private static ScalarType ResultTypeOf(GeneratedCall call) => MethodParser.SignatureType(call.Callee.ReturnType) ?? ScalarType.Double;
}
