using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Parsing;

/// <summary>
/// Guards: <c>throw</c> statements and expressions, the <c>ThrowIf*</c> helpers of the exception types
/// (<c>ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma)</c>, as .NET's CA1512 recommends) and
/// <c>Debug.Assert</c>/<c>Trace.Assert</c>. Each is kept as written in the primal part of every generated method.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary><c>throw new E(...)</c>; the exception must be created in place.</summary>
    private Stmt ThrowStatement(IThrowOperation thrown)
    {
        string source = SourceFormatting.OneLine(thrown.Syntax);
        IOperation? exception = thrown.Exception is null ? null : WithoutConversions(thrown.Exception);
        if (exception is IObjectCreationOperation { Constructor: { } constructor, Initializer: null } creation)
        {
            var arguments = new List<Expr>();
            foreach (IArgumentOperation argument in creation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
            {
                if (GuardArgument(argument.Value) is not { } value)
                {
                    return new ThrowStmt(source, Placeholder(source));
                }

                arguments.Add(value);
            }

            return new ThrowStmt(source, new NewExpr(TypeRef.Named(QualifiedType(constructor.ContainingType)), arguments.ToEquatableArray()));
        }

        Unsupported(thrown, $"The throw '{source}'", "throw a new exception created in place: throw new ArgumentException(\"...\", nameof(x))");
        return new ThrowStmt(source, Placeholder(source));
    }

    /// <summary>
    /// An argument of a guard: a string (constant, <c>nameof</c>, interpolated, or concatenated), a number, a bool
    /// or a whole vector; null (with AD0005) for anything else.
    /// </summary>
    private Expr? GuardArgument(IOperation operation)
    {
        if (operation.Type is { } scalar && MethodParser.SignatureType(scalar) is not null)
        {
            return Convert(operation); // conversions kept: a generic helper infers its type from them
        }

        IOperation value = WithoutConversions(operation);
        if (value.ConstantValue is { HasValue: true, Value: string text })
        {
            return new StringExpr(text, SourceFormatting.OneLine(value.Syntax));
        }

        if (value is IInterpolatedStringOperation interpolated)
        {
            var parts = new List<Expr>();
            foreach (IInterpolatedStringContentOperation part in interpolated.Parts)
            {
                switch (part)
                {
                    case IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string piece } }:
                        parts.Add(new StringExpr(piece, piece));
                        break;
                    case IInterpolationOperation hole when GuardArgument(hole.Expression) is { } holeValue:
                        Expr? alignment = hole.Alignment is null ? null : Convert(hole.Alignment);
                        string? format = hole.FormatString?.ConstantValue.Value as string;
                        parts.Add(new InterpolationExpr(holeValue, alignment, format));
                        break;
                    default:
                        return null;
                }
            }

            return new InterpolatedStringExpr(SourceFormatting.OneLine(value.Syntax), parts.ToEquatableArray());
        }

        if (value is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } concatenation)
        {
            Expr? left = GuardArgument(concatenation.LeftOperand);
            Expr? right = GuardArgument(concatenation.RightOperand);
            return left is null || right is null ? null : new BinaryExpr(ScalarType.Bool, SourceFormatting.OneLine(value.Syntax), BinaryOperator.Add, left, right);
        }

        if (value.Type is { } type && MethodParser.VectorElement(type) is { } vector && VectorName(value) is { } name)
        {
            return new VectorExpr(vector.Element, SourceFormatting.OneLine(value.Syntax), name);
        }

        if (value.Type is { } number && MethodParser.SignatureType(number) is not null)
        {
            return Convert(value);
        }

        Unsupported(
            value,
            $"The guard argument '{SourceFormatting.OneLine(value.Syntax)}'",
            "pass strings (constants, nameof, interpolated strings), numbers and bools to exceptions and guard helpers");
        return null;
    }

    /// <summary>
    /// <c>ArgumentOutOfRangeException.ThrowIfNegative(x)</c> and the other <c>ThrowIf*</c> helpers of exception
    /// types, <c>Debug.Assert</c>, <c>Debug.Fail</c>, <c>Trace.Assert</c>: kept as calls with every argument written
    /// out (the parameter name the compiler fills in included). False when the call is none of them.
    /// </summary>
    private bool TryAddGuardCall(IInvocationOperation invocation, string source, List<Stmt> into)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (!method.IsStatic || !method.ReturnsVoid || !IsGuard(method))
        {
            return false;
        }

        var arguments = new List<Expr>();
        foreach (IArgumentOperation argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
        {
            if (GuardArgument(argument.Value) is not { } value)
            {
                return true;
            }

            arguments.Add(value);
        }

        into.Add(new EffectStmt(source, new OpaqueCallExpr(ScalarType.Bool, source, QualifiedMember(method), arguments.ToEquatableArray())));
        return true;
    }

    private static bool IsGuard(IMethodSymbol method) => GuardCalls.IsGuard(method);
}

/// <summary>Which calls are guards: kept as written, never differentiated (the tape fallback asks too).</summary>
internal static class GuardCalls
{
    /// <summary>A static void <c>ThrowIf*</c> helper of an exception type, or <c>Debug</c>/<c>Trace</c> <c>Assert</c> and <c>Fail</c>.</summary>
    public static bool IsGuard(IMethodSymbol method)
    {
        if (!method.IsStatic || !method.ReturnsVoid)
        {
            return false;
        }

        string type = method.ContainingType.ToDisplayString();
        if (type is "System.Diagnostics.Debug" or "System.Diagnostics.Trace")
        {
            return method.Name is "Assert" or "Fail";
        }

        if (!method.Name.StartsWith("ThrowIf", System.StringComparison.Ordinal))
        {
            return false;
        }

        for (INamedTypeSymbol? t = method.ContainingType; t is not null; t = t.BaseType)
        {
            if (t.ToDisplayString() == "System.Exception")
            {
                return true;
            }
        }

        return false;
    }
}
