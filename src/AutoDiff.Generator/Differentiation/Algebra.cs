using System;
using System.Collections.Generic;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Rules;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// Applying rules to operands, and the few simplifications that keep derivative code what a person would
/// write: <c>ȳ · 1</c> is <c>ȳ</c>, <c>ȳ · (1 / d)</c> is <c>ȳ / d</c>, <c>a + -b</c> is <c>a - b</c>, and a factor
/// multiplies each branch of a choice, so the branch not taken contributes nothing.
/// </summary>
internal static class Algebra
{
    /// <summary>The operation itself: the operator of the rule, or the function called on its receiver.</summary>
    public static Expr Primal(LApply apply, ScalarType type)
    {
        var arguments = new Expr[apply.Arguments.Count];
        for (int i = 0; i < arguments.Length; i++)
        {
            arguments[i] = apply.Arguments[i].Expr;
        }

        return apply.Rule.Primal is { } primal
            ? Instantiate(primal, arguments, result: null, type)
            : new MathCallExpr(type, string.Empty, apply.Receiver!, apply.Rule.Name, new Helpers.EquatableArray<Expr>(arguments));
    }

    /// <summary>∂f/∂argument for these operands and result, or null when it is zero.</summary>
    public static Expr? Partial(LApply apply, int argument, LVar result)
    {
        if (apply.Rule.Partial(argument) is not { } template)
        {
            return null;
        }

        var arguments = new Expr[apply.Arguments.Count];
        for (int i = 0; i < arguments.Length; i++)
        {
            arguments[i] = apply.Arguments[i].Expr;
        }

        return Instantiate(template, arguments, new VarRef(result), result.Type);
    }

    /// <summary>
    /// A rule's tree with its placeholders replaced: arguments, the result, <c>M.</c> as the math class of
    /// <paramref name="type"/>, fractions as reals of <paramref name="type"/> (whole numbers stay integers).
    /// </summary>
    public static Expr Instantiate(Expr template, IReadOnlyList<Expr> arguments, Expr? result, ScalarType type) =>
        Differentiation.ExprTrees.Rewrite(template, node => node switch
        {
            ArgumentRef argument => arguments[argument.Index],
            ResultRef => result ?? throw new InvalidOperationException("The primal of a rule cannot read its own result"),
            LiteralExpr { Value.Type: ScalarType.Double } literal => LiteralExpr.Of(literal.Value.As(type)),
            BinaryExpr { Type: not ScalarType.Bool } binary => binary with { Type = type },
            UnaryExpr { Type: not ScalarType.Bool } unary => unary with { Type = type },
            ConditionalExpr conditional => conditional with { Type = type },
            MathCallExpr { Receiver: Term.MathClass } call => call with { Type = type, Receiver = type == ScalarType.Float ? "MathF" : "Math" },
            _ => node,
        });

    /// <summary>
    /// <paramref name="factor"/> × <paramref name="partial"/>, or null when the partial is zero. A choice
    /// (<c>c ? p : q</c>) takes the factor into each branch; with <paramref name="isZero"/> a zero factor
    /// gives zero whatever the partial (<see cref="DerivativeRule.ZeroStaysZero"/>).
    /// </summary>
    public static Expr? Scale(Expr factor, Expr? partial, Func<Expr, Expr>? isZero = null)
    {
        Expr? scaled = Scale(factor, partial);
        return scaled is null || isZero is null ? scaled : Code.Conditional(isZero(factor), Code.Int(0), scaled);
    }

    private static Expr? Scale(Expr factor, Expr? partial)
    {
        switch (partial)
        {
            case null:
                return null;
            case LiteralExpr literal when literal.Value.Value == 0:
                return null;
            case LiteralExpr literal when literal.Value.Value == 1:
                return factor;
            case LiteralExpr literal when literal.Value.Value == -1:
                return Negated(factor);
            case ConditionalExpr choice:
                {
                    Expr? whenTrue = Scale(factor, choice.WhenTrue);
                    Expr? whenFalse = Scale(factor, choice.WhenFalse);
                    return whenTrue is null && whenFalse is null
                        ? null
                        : Code.Conditional(choice.Condition, whenTrue ?? Code.Int(0), whenFalse ?? Code.Int(0));
                }

            case UnaryExpr { Operator: UnaryOperator.Negate } negation:
                // factor · (−p) is −(factor · p): the sign moves to the front, and the sum subtracts it.
                return Scale(factor, negation.Operand) is { } scaled ? Negated(scaled) : null;
            case BinaryExpr { Operator: BinaryOperator.Divide, Left: LiteralExpr one } quotient when Math.Abs(one.Value.Value) == 1:
                // factor · (1 / d) is factor / d: one division instead of a division and a product.
                return Code.Divide(one.Value.Value > 0 ? factor : Negated(factor), quotient.Right);
            default:
                return Code.Multiply(factor, partial);
        }
    }

    /// <summary>−<paramref name="expr"/>, with the sign taken into a literal or the first factor of a product.</summary>
    public static Expr Negated(Expr expr) => expr switch
    {
        LiteralExpr literal => LiteralExpr.Of(literal.Value.Type.IsReal() ? Constant.Real(-literal.Value.Value, literal.Value.Type) : Constant.Integer(-(long)literal.Value.Value, literal.Value.Type)),
        UnaryExpr { Operator: UnaryOperator.Negate } negation => negation.Operand,
        BinaryExpr { Operator: BinaryOperator.Multiply or BinaryOperator.Divide } product => product with { Left = Negated(product.Left) },
        _ => Code.Negate(expr),
    };

    /// <summary>Whether <paramref name="expr"/> reads as a negation (<c>-a * b</c>), and what it negates.</summary>
    public static (bool Negative, Expr Magnitude) SplitSign(Expr expr)
    {
        switch (expr)
        {
            case UnaryExpr { Operator: UnaryOperator.Negate } negation:
                return (true, negation.Operand);
            case LiteralExpr literal when literal.Value.Value < 0:
                return (true, Negated(literal));
            case BinaryExpr { Operator: BinaryOperator.Multiply or BinaryOperator.Divide } product:
                (bool negative, Expr magnitude) = SplitSign(product.Left);
                return negative ? (true, product with { Left = magnitude }) : (false, expr);
            default:
                return (false, expr);
        }
    }

    /// <summary><c>t0 + t1 - t2</c>: the terms added in order, a negated term subtracted; <c>0</c> when there are none.</summary>
    public static Expr Sum(IReadOnlyList<Expr> terms)
    {
        if (terms.Count == 0)
        {
            return Code.Int(0);
        }

        Expr sum = terms[0];
        for (int i = 1; i < terms.Count; i++)
        {
            (bool negative, Expr magnitude) = SplitSign(terms[i]);
            sum = negative ? Code.Subtract(sum, magnitude) : Code.Add(sum, terms[i]);
        }

        return sum;
    }

    /// <summary>A numeric conversion, when the types differ.</summary>
    /// <param name="onDuals">Code on dual numbers: float and double are both <c>Dual</c>, and a cast would drop the tangent.</param>
    public static Expr Convert(Expr expr, ScalarType from, ScalarType to, bool onDuals) =>
        from == to || (onDuals && from.IsReal() && to.IsReal()) ? expr : Code.Cast(to, expr);
}
