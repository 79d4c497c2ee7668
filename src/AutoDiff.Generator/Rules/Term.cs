using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Rules;

/// <summary>Argument number <see cref="Index"/> of the function a rule describes (<c>x</c>, <c>y</c>, ...).</summary>
internal sealed record ArgumentRef(int Index) : Expr(ScalarType.Double, string.Empty);

/// <summary>The function's own result, which a partial may reuse (<c>exp' = exp</c>, <c>tanh' = 1 - tanh²</c>).</summary>
internal sealed record ResultRef() : Expr(ScalarType.Double, string.Empty);

/// <summary>
/// A little language for writing rules as C#: a <see cref="Term"/> wraps an expression tree and has the
/// arithmetic operators, so <c>1 / Sqrt((1 - x) * (1 + x))</c> in the table is the tree it reads as.
/// Whole numbers stay integer literals (<c>1 / x</c>); fractions become reals of the values' type.
/// </summary>
internal readonly struct Term
{
    /// <summary>The receiver that stands for the values' math class (<c>Math</c> or <c>MathF</c>).</summary>
    public const string MathClass = "M";

    public Term(Expr expr) => Expr = expr;

    public Expr Expr { get; }

    public static implicit operator Term(int value) => new(LiteralExpr.Of(Constant.Integer(value)));

    public static implicit operator Term(double value) => new(LiteralExpr.Of(Constant.Real(value)));

    public static Term operator +(Term a, Term b) => Binary(BinaryOperator.Add, a, b);

    public static Term operator -(Term a, Term b) => Binary(BinaryOperator.Subtract, a, b);

    public static Term operator *(Term a, Term b) => Binary(BinaryOperator.Multiply, a, b);

    public static Term operator /(Term a, Term b) => Binary(BinaryOperator.Divide, a, b);

    public static Term operator -(Term a) => new(new UnaryExpr(ScalarType.Double, string.Empty, UnaryOperator.Negate, a.Expr));

    public static Term operator <(Term a, Term b) => Compare(BinaryOperator.Less, a, b);

    public static Term operator >(Term a, Term b) => Compare(BinaryOperator.Greater, a, b);

    public static Term operator <=(Term a, Term b) => Compare(BinaryOperator.LessOrEqual, a, b);

    public static Term operator >=(Term a, Term b) => Compare(BinaryOperator.GreaterOrEqual, a, b);

    public static Term operator &(Term a, Term b) => Compare(BinaryOperator.ConditionalAnd, a, b);

    /// <summary><c>a == b</c> (a method: <c>==</c> on a struct would have to be equality).</summary>
    public static Term Equal(Term a, Term b) => Compare(BinaryOperator.Equal, a, b);

    /// <summary><c>condition ? whenTrue : whenFalse</c>: a choice. Builders push the adjoint or tangent into its branches, so the branch not taken contributes nothing (never 0 · ∞).</summary>
    public static Term If(Term condition, Term whenTrue, Term whenFalse) =>
        new(new ConditionalExpr(ScalarType.Double, string.Empty, condition.Expr, whenTrue.Expr, whenFalse.Expr));

    /// <summary>A function of the values' math class: <c>M.Cos(x)</c>.</summary>
    public static Term Call(string function, params Term[] arguments)
    {
        var trees = new Expr[arguments.Length];
        for (int i = 0; i < arguments.Length; i++)
        {
            trees[i] = arguments[i].Expr;
        }

        return new(new MathCallExpr(ScalarType.Double, string.Empty, MathClass, function, new EquatableArray<Expr>(trees)));
    }

    private static Term Binary(BinaryOperator op, Term a, Term b) => new(new BinaryExpr(ScalarType.Double, string.Empty, op, a.Expr, b.Expr));

    private static Term Compare(BinaryOperator op, Term a, Term b) => new(new BinaryExpr(ScalarType.Bool, string.Empty, op, a.Expr, b.Expr));
}
