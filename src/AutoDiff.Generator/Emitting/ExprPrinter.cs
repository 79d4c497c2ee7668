using System;
using System.Linq;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Emitting;

/// <summary>Prints a parsed expression as C#, renaming variables to their current SSA names, with minimal parentheses.</summary>
internal static class ExprPrinter
{
    private const int ConditionalLevel = 1;
    private const int UnaryLevel = 13;
    private const int PrimaryLevel = 14;

    public static string Print(Expr expr, Func<string, string> rename, MathNames math) => Print(expr, rename, math, out _);

    private static string Print(Expr expr, Func<string, string> rename, MathNames math, out int level)
    {
        switch (expr)
        {
            case LiteralExpr literal:
                level = literal.Code.StartsWith("-", StringComparison.Ordinal) ? UnaryLevel : PrimaryLevel;
                return literal.Code;

            case VariableExpr variable:
                level = PrimaryLevel;
                return rename(variable.Name);

            case VectorExpr vector:
                level = PrimaryLevel;
                return rename(vector.Name);

            case ElementExpr element:
                level = PrimaryLevel;
                return rename(element.Array) + "[" + Print(element.Index, rename, math) + "]";

            case LengthExpr length:
                level = PrimaryLevel;
                return rename(length.Array) + ".Length";

            case ExternalValueExpr external:
                level = PrimaryLevel;
                return external.Code;

            case UnaryExpr unary:
                {
                    string operand = Operand(unary.Operand, UnaryLevel, rename, math, strict: false);
                    string op = unary.Operator switch
                    {
                        UnaryOperator.Negate => "-",
                        UnaryOperator.Plus => "+",
                        _ => "!",
                    };

                    // Never print "--x" or "++x": those are decrements and increments.
                    if (operand.StartsWith(op, StringComparison.Ordinal) && op != "!")
                    {
                        operand = "(" + operand + ")";
                    }

                    level = UnaryLevel;
                    return op + operand;
                }

            case BinaryExpr binary:
                {
                    (string symbol, int precedence) = Binary(binary.Operator);
                    string left = Operand(binary.Left, precedence, rename, math, strict: false);
                    string right = Operand(binary.Right, precedence, rename, math, strict: true);
                    level = precedence;
                    return left + " " + symbol + " " + right;
                }

            case ConditionalExpr conditional:
                {
                    string condition = Operand(conditional.Condition, ConditionalLevel + 1, rename, math, strict: false);
                    string whenTrue = Operand(conditional.WhenTrue, ConditionalLevel, rename, math, strict: false);
                    string whenFalse = Operand(conditional.WhenFalse, ConditionalLevel, rename, math, strict: false);
                    level = ConditionalLevel;
                    return condition + " ? " + whenTrue + " : " + whenFalse;
                }

            case CastExpr cast when math.IsOnDuals && cast.Type.IsReal() && cast.Operand.Type.IsReal():
                // On dual numbers float and double are both Dual: a cast between them would only drop the tangent.
                return Print(cast.Operand, rename, math, out level);

            case CastExpr cast:
                level = UnaryLevel;
                return "(" + cast.Type.Keyword() + ")" + Operand(cast.Operand, UnaryLevel, rename, math, strict: true);

            case MathCallExpr call:
                level = PrimaryLevel;
                return math.Receiver(call.Receiver) + "." + call.Function + "(" + Arguments(call.Arguments, rename, math) + ")";

            case DifferentiableCallExpr call:
                level = PrimaryLevel;
                return call.ContainingType + "." + call.MethodName + "(" + (math.IsOnDuals ? PlainArguments(call.Arguments, rename, math) : Arguments(call.Arguments, rename, math)) + ")";

            case CustomCallExpr call:
                level = PrimaryLevel;
                return call.Function + "(" + Arguments(call.Arguments, rename, math) + ")";

            case OpaqueCallExpr call:
                level = PrimaryLevel;
                return call.Method + "(" + (math.IsOnDuals ? PlainArguments(call.Arguments, rename, math) : Arguments(call.Arguments, rename, math)) + ")";

            default:
                throw new InvalidOperationException("Unknown expression " + expr.GetType().Name);
        }
    }

    private static string Arguments(Helpers.EquatableArray<Expr> arguments, Func<string, string> rename, MathNames math) =>
        string.Join(", ", arguments.Select(a => Print(a, rename, math)));

    /// <summary>A method that is not differentiated takes plain values: on dual numbers, real arguments drop their tangents.</summary>
    private static string PlainArguments(Helpers.EquatableArray<Expr> arguments, Func<string, string> rename, MathNames math) =>
        string.Join(", ", arguments.Select(a => a.Type.IsReal() && a is not (LiteralExpr or ExternalValueExpr) ? "(" + a.Type.Keyword() + ")" + Operand(a, UnaryLevel, rename, math, strict: true) : Print(a, rename, math)));

    /// <summary>Parenthesises an operand that binds more loosely than its context (or equally, on the right of a left-associative operator).</summary>
    private static string Operand(Expr expr, int context, Func<string, string> rename, MathNames math, bool strict)
    {
        string text = Print(expr, rename, math, out int level);
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
