using System;
using System.Globalization;
using System.Linq;
using AutoDiff.Generator.Differentiation;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Emitting;

/// <summary>
/// The one place expression trees become C#: operators with the fewest parentheses their precedence
/// needs, literals in invariant culture with their type's suffix, types in full.
/// </summary>
internal static class ExprPrinter
{
    private const int ConditionalLevel = 1;
    private const int UnaryLevel = 13;
    private const int PrimaryLevel = 14;

    /// <summary>
    /// What printing a method of a generic number type needs to know: the type parameter's name, and the types declared
    /// so far, so a literal is written as a T (<c>T.One</c>, <c>T.CreateTruncating(0.5)</c>) where a T is expected.
    /// </summary>
    internal sealed class Context
    {
        public Context(string generic) => Generic = generic;

        public string Generic { get; }

        public System.Collections.Generic.Dictionary<string, TypeRef> Declared { get; } = new(StringComparer.Ordinal);

        /// <summary>Whether <paramref name="expr"/> is a value of the generic number type.</summary>
        public bool IsGeneric(Expr expr) => expr switch
        {
            LiteralExpr => false,
            VariableExpr variable when Declared.TryGetValue(variable.Name, out TypeRef? type) => type is { Kind: TypeRefKind.Scalar, Scalar: ScalarType.Generic },
            _ => expr.Type == ScalarType.Generic,
        };
    }

    public static string Print(Expr expr) => Print(expr, null, out _);

    public static string Print(Expr expr, Context? context) => Print(expr, context, out _);

    /// <summary>A value where a T is expected: a literal written as one.</summary>
    public static string PrintAs(Expr expr, bool generic, Context? context) =>
        generic && context is not null && expr is LiteralExpr literal && literal.Value.Type != ScalarType.Bool ? GenericLiteral(literal.Value, context) : Print(expr, context);

    private static string GenericLiteral(Constant value, Context context) => value.Value switch
    {
        0 => context.Generic + ".Zero",
        1 => context.Generic + ".One",
        _ => context.Generic + ".CreateTruncating(" + Literal(value.Type == ScalarType.Generic ? Constant.Real(value.Value) : value) + ")",
    };

    private static string Print(Expr expr, Context? c, out int level)
    {
        level = PrimaryLevel;
        switch (expr)
        {
            case LiteralExpr { Value.Type: ScalarType.Generic } genericLiteral when c is not null:
                string genericText = GenericLiteral(genericLiteral.Value, c);
                level = genericText.StartsWith("-", StringComparison.Ordinal) ? UnaryLevel : PrimaryLevel;
                return genericText;

            case LiteralExpr literal:
                string text = Literal(literal.Value);
                level = text.StartsWith("-", StringComparison.Ordinal) ? UnaryLevel : PrimaryLevel;
                return text;

            case VariableExpr variable:
                return variable.Name;

            case VarRef reference:
                return reference.Variable.Name;

            case VectorExpr { IsSlice: true } slice:
                return slice.Name + ".Slice(" + Print(slice.Offset!, c) + ", " + Print(slice.Length!, c) + ")";

            case VectorExpr vector:
                return vector.Name;

            case SliceExpr slice:
                return Operand(slice.Target, c, PrimaryLevel, strict: false) + (slice.OnArray ? ".AsSpan(" : ".Slice(") + Print(slice.Offset, c) + ", " + Print(slice.Length, c) + ")";

            case InterpolatedStringExpr interpolated:
                return Interpolated(interpolated, c);

            case ElementExpr element:
                return element.Array + "[" + Print(element.Index, c) + "]";

            case LengthExpr length:
                return length.Array + ".Length";

            case ExternalValueExpr external:
                return external.Member;

            case UnaryExpr { Operator: UnaryOperator.PostIncrement or UnaryOperator.PostDecrement } postfix:
                return Operand(postfix.Operand, c, PrimaryLevel, strict: false) + (postfix.Operator == UnaryOperator.PostIncrement ? "++" : "--");

            case UnaryExpr unary:
                {
                    string operand = Operand(unary.Operand, c, UnaryLevel, strict: false);
                    string op = unary.Operator switch
                    {
                        UnaryOperator.Negate => "-",
                        UnaryOperator.Plus => "+",
                        UnaryOperator.PreIncrement => "++",
                        _ => "!",
                    };

                    // Never print "--x" or "++x" for a negation of a negation: those are decrements and increments.
                    if (op is "-" or "+" && operand.StartsWith(op, StringComparison.Ordinal))
                    {
                        operand = "(" + operand + ")";
                    }

                    level = UnaryLevel;
                    return op + operand;
                }

            case BinaryExpr binary:
                {
                    (string symbol, int precedence) = Binary(binary.Operator);
                    bool generic = c is not null && (binary.Type == ScalarType.Generic || c.IsGeneric(binary.Left) || c.IsGeneric(binary.Right));
                    string left = Operand(binary.Left, c, precedence, strict: false, generic);
                    string right = Operand(binary.Right, c, precedence, strict: true, generic);
                    level = precedence;
                    return left + " " + symbol + " " + right;
                }

            case ConditionalExpr conditional:
                {
                    // A choice inside a choice is parenthesised: c ? a : (d ? b : e).
                    bool generic = c is not null && (conditional.Type == ScalarType.Generic || c.IsGeneric(conditional.WhenTrue) || c.IsGeneric(conditional.WhenFalse));
                    string condition = Operand(conditional.Condition, c, ConditionalLevel + 1, strict: false);
                    string whenTrue = Operand(conditional.WhenTrue, c, ConditionalLevel, strict: true, generic);
                    string whenFalse = Operand(conditional.WhenFalse, c, ConditionalLevel, strict: true, generic);
                    level = ConditionalLevel;
                    return condition + " ? " + whenTrue + " : " + whenFalse;
                }

            case CastExpr cast when c is not null && (cast.Type == ScalarType.Generic || c.IsGeneric(cast.Operand)):
                // Conversions to and from the generic number type go through its generic-math factory.
                return (cast.Type == ScalarType.Generic ? c.Generic : cast.Type.Keyword()) + ".CreateTruncating(" + Print(cast.Operand, c) + ")";

            case CastExpr cast:
                level = UnaryLevel;
                return "(" + cast.Type.Keyword() + ")" + Operand(cast.Operand, c, UnaryLevel, strict: true);

            case MathCallExpr call when c is not null && call.Type == ScalarType.Generic:
                return c.Generic + "." + call.Function + "(" + string.Join(", ", call.Arguments.Select(a => PrintAs(a, generic: true, c))) + ")";

            case MathCallExpr call:
                return call.Receiver + "." + call.Function + "(" + Arguments(call.Arguments, c) + ")";

            case OpaqueCallExpr call:
                return (call.Target is null ? string.Empty : Operand(call.Target, c, PrimaryLevel, strict: false) + ".")
                    + call.Method + "(" + Arguments(call.Arguments, c) + ")";

            case ThisExpr:
                return "this";

            case StringExpr constantText:
                return constantText.Value is null ? "null" : Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(constantText.Value, quote: true);

            case InitializerExpr created:
                return "new " + Type(created.Created, c) + " { "
                    + string.Join(", ", created.Members.Select((member, i) => member + " = " + Print(created.Values[i], c))) + " }";

            case DifferentiableCallExpr call:
                return call.ContainingType + "." + call.MethodName + "(" + Arguments(call.Arguments, c) + ")";

            case CustomCallExpr call:
                return call.Function + "(" + Arguments(call.Arguments, c) + ")";

            case MemberExpr member:
                return Operand(member.Target, c, PrimaryLevel, strict: false) + "." + member.Member;

            case IndexExpr index:
                return Operand(index.Target, c, PrimaryLevel, strict: false) + "[" + Print(index.Index, c) + "]";

            case InvokeExpr invoke:
                return (invoke.Target is null ? string.Empty : Operand(invoke.Target, c, PrimaryLevel, strict: false) + ".")
                    + invoke.Method + "(" + Arguments(invoke.Arguments, c) + ")";

            case ArgumentExpr argument:
                return (argument.Modifier == ArgumentModifier.Out ? "out " : "ref ")
                    + (argument.Declared is null ? string.Empty : Type(argument.Declared, c) + " ")
                    + Print(argument.Value, c);

            case DiscardExpr:
                return "_";

            case NewExpr created:
                return "new " + Type(created.Created, c) + "(" + Arguments(created.Arguments, c) + ")";

            case TupleExpr tuple:
                return "(" + Arguments(tuple.Elements, c) + ")";

            case DeclarationExpr declaration:
                return Type(declaration.Declared, c) + " " + declaration.Name;

            default:
                throw new InvalidOperationException("Cannot print " + expr.GetType().Name);
        }
    }

    /// <summary>A type as generated code spells it.</summary>
    public static string Type(TypeRef type, Context? context = null) => type.Kind switch
    {
        TypeRefKind.Span => "global::System.Span<" + Type(type.Element!, context) + ">",
        TypeRefKind.ReadOnlySpan => "global::System.ReadOnlySpan<" + Type(type.Element!, context) + ">",
        TypeRefKind.Array => Type(type.Element!, context) + "[]" + (type.IsNullable ? "?" : string.Empty),
        TypeRefKind.MultiArray => Type(type.Element!, context) + "[" + new string(',', type.Rank - 1) + "]" + (type.IsNullable ? "?" : string.Empty),
        TypeRefKind.Tuple => "(" + string.Join(", ", type.Elements.Select((element, i) =>
            Type(element, context) + (type.ElementNames.Count > i && type.ElementNames[i].Length > 0 ? " " + type.ElementNames[i] : string.Empty))) + ")",
        TypeRefKind.Named => type.Name!,
        _ when type.Scalar == ScalarType.Generic && context is not null => context.Generic,
        _ => type.Scalar.Keyword(),
    };

    /// <summary>A constant as a C# literal of its type, in invariant culture.</summary>
    public static string Literal(Constant constant)
    {
        switch (constant.Type)
        {
            case ScalarType.Bool:
                return constant.IsTrue ? "true" : "false";
            case ScalarType.Int:
                return constant.Bits.ToString(CultureInfo.InvariantCulture);
            case ScalarType.Long:
                return constant.Bits.ToString(CultureInfo.InvariantCulture) + "L";
            case ScalarType.UInt:
                return constant.Bits.ToString(CultureInfo.InvariantCulture) + "U";
            case ScalarType.Float:
                {
                    float f = (float)constant.Value;
                    if (float.IsNaN(f))
                    {
                        return "float.NaN";
                    }

                    if (float.IsInfinity(f))
                    {
                        return f > 0 ? "float.PositiveInfinity" : "float.NegativeInfinity";
                    }

                    return f.ToString("R", CultureInfo.InvariantCulture) + "f";
                }

            default:
                {
                    double d = constant.Value;
                    if (double.IsNaN(d))
                    {
                        return "double.NaN";
                    }

                    if (double.IsInfinity(d))
                    {
                        return d > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
                    }

                    string text = d.ToString("R", CultureInfo.InvariantCulture);
                    return text.IndexOfAny(new[] { '.', 'E', 'e' }) >= 0 ? text : text + ".0";
                }
        }
    }

    private static string Arguments(EquatableArray<Expr> arguments, Context? context) => string.Join(", ", arguments.Select(a => Print(a, context)));

    /// <summary><c>$"text {value,alignment:format}"</c>, braces in the text doubled, each hole's value parenthesised unless primary.</summary>
    private static string Interpolated(InterpolatedStringExpr interpolated, Context? c)
    {
        var text = new System.Text.StringBuilder("$\"");
        foreach (Expr part in interpolated.Parts)
        {
            if (part is StringExpr literal)
            {
                string quoted = Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(literal.Value ?? string.Empty, quote: true);
                text.Append(quoted.Substring(1, quoted.Length - 2).Replace("{", "{{").Replace("}", "}}"));
                continue;
            }

            var hole = (InterpolationExpr)part;
            text.Append('{').Append(Operand(hole.Value, c, PrimaryLevel, strict: false));
            if (hole.Alignment is not null)
            {
                text.Append(',').Append(Print(hole.Alignment, c));
            }

            if (hole.Format is not null)
            {
                text.Append(':').Append(hole.Format);
            }

            text.Append('}');
        }

        return text.Append('"').ToString();
    }

    /// <summary>
    /// Parenthesises an operand that binds more loosely than its context (or equally, when <paramref name="strict"/>: the right of a
    /// left-associative operator). With <paramref name="generic"/>, a literal operand is written as a value of the generic number type.
    /// </summary>
    private static string Operand(Expr expr, Context? c, int context, bool strict, bool generic = false)
    {
        if (generic && c is not null && expr is LiteralExpr literal && literal.Value.Type != ScalarType.Bool)
        {
            return GenericLiteral(literal.Value, c);
        }

        string text = Print(expr, c, out int level);
        return level < context || (strict && level == context) ? "(" + text + ")" : text;
    }

    private static (string Symbol, int Precedence) Binary(BinaryOperator op) => op switch
    {
        BinaryOperator.Multiply => ("*", 12),
        BinaryOperator.Divide => ("/", 12),
        BinaryOperator.Remainder => ("%", 12),
        BinaryOperator.Add => ("+", 11),
        BinaryOperator.Subtract => ("-", 11),
        BinaryOperator.Less => ("<", 9),
        BinaryOperator.LessOrEqual => ("<=", 9),
        BinaryOperator.Greater => (">", 9),
        BinaryOperator.GreaterOrEqual => (">=", 9),
        BinaryOperator.Equal => ("==", 8),
        BinaryOperator.NotEqual => ("!=", 8),
        BinaryOperator.And => ("&", 7),
        BinaryOperator.ExclusiveOr => ("^", 6),
        BinaryOperator.Or => ("|", 5),
        BinaryOperator.ConditionalAnd => ("&&", 4),
        BinaryOperator.ConditionalOr => ("||", 3),
        _ => throw new InvalidOperationException("Unknown operator " + op),
    };
}
