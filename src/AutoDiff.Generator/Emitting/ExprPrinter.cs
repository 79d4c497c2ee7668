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

    public static string Print(Expr expr) => Print(expr, out _);

    private static string Print(Expr expr, out int level)
    {
        level = PrimaryLevel;
        switch (expr)
        {
            case LiteralExpr literal:
                string text = Literal(literal.Value);
                level = text.StartsWith("-", StringComparison.Ordinal) ? UnaryLevel : PrimaryLevel;
                return text;

            case VariableExpr variable:
                return variable.Name;

            case VarRef reference:
                return reference.Variable.Name;

            case VectorExpr { IsSlice: true } slice:
                return slice.Name + ".Slice(" + Print(slice.Offset!) + ", " + Print(slice.Length!) + ")";

            case VectorExpr vector:
                return vector.Name;

            case SliceExpr slice:
                return Operand(slice.Target, PrimaryLevel, strict: false) + (slice.OnArray ? ".AsSpan(" : ".Slice(") + Print(slice.Offset) + ", " + Print(slice.Length) + ")";

            case StringExpr constant:
                return Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(constant.Value, quote: true);

            case InterpolatedStringExpr interpolated:
                return Interpolated(interpolated);

            case ElementExpr element:
                return element.Array + "[" + Print(element.Index) + "]";

            case LengthExpr length:
                return length.Array + ".Length";

            case ExternalValueExpr external:
                return external.Member;

            case UnaryExpr { Operator: UnaryOperator.PostIncrement or UnaryOperator.PostDecrement } postfix:
                return Operand(postfix.Operand, PrimaryLevel, strict: false) + (postfix.Operator == UnaryOperator.PostIncrement ? "++" : "--");

            case UnaryExpr unary:
                {
                    string operand = Operand(unary.Operand, UnaryLevel, strict: false);
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
                    string left = Operand(binary.Left, precedence, strict: false);
                    string right = Operand(binary.Right, precedence, strict: true);
                    level = precedence;
                    return left + " " + symbol + " " + right;
                }

            case ConditionalExpr conditional:
                {
                    // A choice inside a choice is parenthesised: c ? a : (d ? b : e).
                    string condition = Operand(conditional.Condition, ConditionalLevel + 1, strict: false);
                    string whenTrue = Operand(conditional.WhenTrue, ConditionalLevel, strict: true);
                    string whenFalse = Operand(conditional.WhenFalse, ConditionalLevel, strict: true);
                    level = ConditionalLevel;
                    return condition + " ? " + whenTrue + " : " + whenFalse;
                }

            case CastExpr cast:
                level = UnaryLevel;
                return "(" + cast.Type.Keyword() + ")" + Operand(cast.Operand, UnaryLevel, strict: true);

            case MathCallExpr call:
                return call.Receiver + "." + call.Function + "(" + Arguments(call.Arguments) + ")";

            case OpaqueCallExpr call:
                return call.Method + "(" + Arguments(call.Arguments) + ")";

            case DifferentiableCallExpr call:
                return call.ContainingType + "." + call.MethodName + "(" + Arguments(call.Arguments) + ")";

            case CustomCallExpr call:
                return call.Function + "(" + Arguments(call.Arguments) + ")";

            case MemberExpr member:
                return Operand(member.Target, PrimaryLevel, strict: false) + "." + member.Member;

            case IndexExpr index:
                return Operand(index.Target, PrimaryLevel, strict: false) + "[" + Print(index.Index) + "]";

            case InvokeExpr invoke:
                return (invoke.Target is null ? string.Empty : Operand(invoke.Target, PrimaryLevel, strict: false) + ".")
                    + invoke.Method + "(" + Arguments(invoke.Arguments) + ")";

            case ArgumentExpr argument:
                return (argument.Modifier == ArgumentModifier.Out ? "out " : "ref ")
                    + (argument.Declared is null ? string.Empty : Type(argument.Declared) + " ")
                    + Print(argument.Value);

            case DiscardExpr:
                return "_";

            case NewExpr created:
                return "new " + Type(created.Created) + "(" + Arguments(created.Arguments) + ")";

            case TupleExpr tuple:
                return "(" + Arguments(tuple.Elements) + ")";

            case DeclarationExpr declaration:
                return Type(declaration.Declared) + " " + declaration.Name;

            default:
                throw new InvalidOperationException("Cannot print " + expr.GetType().Name);
        }
    }

    /// <summary>A type as generated code spells it.</summary>
    public static string Type(TypeRef type) => type.Kind switch
    {
        TypeRefKind.Span => "global::System.Span<" + Type(type.Element!) + ">",
        TypeRefKind.ReadOnlySpan => "global::System.ReadOnlySpan<" + Type(type.Element!) + ">",
        TypeRefKind.Array => Type(type.Element!) + "[]",
        TypeRefKind.Named => type.Name!,
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

    private static string Arguments(EquatableArray<Expr> arguments) => string.Join(", ", arguments.Select(Print));

    /// <summary><c>$"text {value,alignment:format}"</c>, braces in the text doubled, each hole's value parenthesised unless primary.</summary>
    private static string Interpolated(InterpolatedStringExpr interpolated)
    {
        var text = new System.Text.StringBuilder("$\"");
        foreach (Expr part in interpolated.Parts)
        {
            if (part is StringExpr literal)
            {
                string quoted = Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(literal.Value, quote: true);
                text.Append(quoted.Substring(1, quoted.Length - 2).Replace("{", "{{").Replace("}", "}}"));
                continue;
            }

            var hole = (InterpolationExpr)part;
            text.Append('{').Append(Operand(hole.Value, PrimaryLevel, strict: false));
            if (hole.Alignment is not null)
            {
                text.Append(',').Append(Print(hole.Alignment));
            }

            if (hole.Format is not null)
            {
                text.Append(':').Append(hole.Format);
            }

            text.Append('}');
        }

        return text.Append('"').ToString();
    }

    /// <summary>Parenthesises an operand that binds more loosely than its context (or equally, when <paramref name="strict"/>: the right of a left-associative operator).</summary>
    private static string Operand(Expr expr, int context, bool strict)
    {
        string text = Print(expr, out int level);
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
