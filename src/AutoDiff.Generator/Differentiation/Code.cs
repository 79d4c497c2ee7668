using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>Shorthands the builders use to make expression and statement trees of generated code.</summary>
internal static class Code
{
    /// <summary>A generated local or parameter, by name.</summary>
    public static Expr Name(string name, ScalarType type = ScalarType.Double) => new VariableExpr(type, string.Empty, name);

    public static Expr Int(long value) => LiteralExpr.Of(Constant.Integer(value));

    public static Expr Real(double value, ScalarType type) => LiteralExpr.Of(Constant.Real(value, type));

    public static Expr Bool(bool value) => LiteralExpr.Of(Constant.Boolean(value));

    /// <summary>The zero of a type: <c>0</c> or <c>false</c>.</summary>
    public static Expr Zero(ScalarType type) => LiteralExpr.Of(type.Zero());

    public static Expr Binary(BinaryOperator op, Expr left, Expr right, ScalarType? type = null) =>
        new BinaryExpr(type ?? (IsComparison(op) ? ScalarType.Bool : left.Type), string.Empty, op, left, right);

    public static Expr Add(Expr left, Expr right) => Binary(BinaryOperator.Add, left, right);

    public static Expr Subtract(Expr left, Expr right) => Binary(BinaryOperator.Subtract, left, right);

    public static Expr Multiply(Expr left, Expr right) => Binary(BinaryOperator.Multiply, left, right);

    public static Expr Divide(Expr left, Expr right) => Binary(BinaryOperator.Divide, left, right);

    public static Expr Negate(Expr operand) => new UnaryExpr(operand.Type, string.Empty, UnaryOperator.Negate, operand);

    public static Expr Unary(UnaryOperator op, Expr operand) => new UnaryExpr(operand.Type, string.Empty, op, operand);

    public static Expr Conditional(Expr condition, Expr whenTrue, Expr whenFalse) =>
        new ConditionalExpr(whenTrue.Type, string.Empty, condition, whenTrue, whenFalse);

    public static Expr Cast(ScalarType type, Expr operand) => new CastExpr(type, string.Empty, operand);

    public static Expr Member(Expr target, string member, ScalarType type = ScalarType.Int) => new MemberExpr(type, target, member);

    /// <summary><c>target.Length</c>.</summary>
    public static Expr Length(Expr target) => Member(target, "Length");

    public static Expr Index(Expr target, Expr index, ScalarType type = ScalarType.Double) => new IndexExpr(type, target, index);

    /// <summary>A call of a method in scope or named in full.</summary>
    public static Expr Call(string method, IEnumerable<Expr> arguments, ScalarType type = ScalarType.Double) =>
        new InvokeExpr(type, null, method, arguments.ToEquatableArray());

    public static Expr Call(string method, params Expr[] arguments) => Call(method, (IEnumerable<Expr>)arguments);

    /// <summary>A call on an object: <c>target.method(arguments)</c>.</summary>
    public static Expr CallOn(Expr target, string method, ScalarType type, params Expr[] arguments) =>
        new InvokeExpr(type, target, method, new EquatableArray<Expr>(arguments));

    /// <summary><c>out name</c>, or <c>out Type name</c> with a declaration.</summary>
    public static Expr Out(string name, TypeRef? declare = null) => new ArgumentExpr(ArgumentModifier.Out, Name(name), declare);

    /// <summary><c>out _</c>.</summary>
    public static Expr OutDiscard() => new ArgumentExpr(ArgumentModifier.Out, new DiscardExpr());

    public static Expr Ref(Expr value) => new ArgumentExpr(ArgumentModifier.Ref, value);

    public static Expr New(TypeRef type, params Expr[] arguments) => new NewExpr(type, new EquatableArray<Expr>(arguments));

    public static CodeNode Comment(string text) => new CodeComment(text);

    public static CodeNode Declare(TypeRef type, string name, Expr? value = null) => new CodeDeclare(type, name, value);

    public static CodeNode Assign(Expr target, Expr value, string? trailingComment = null) => new CodeAssign(target, value, AssignOperator.Assign, trailingComment);

    /// <summary><c>target += value</c>, or <c>target -= magnitude</c> when the value is a negation.</summary>
    public static CodeNode AddTo(Expr target, Expr value)
    {
        (bool negative, Expr magnitude) = Algebra.SplitSign(value);
        return new CodeAssign(target, negative ? magnitude : value, negative ? AssignOperator.Subtract : AssignOperator.Add);
    }

    public static CodeNode Statement(Expr expression) => new CodeExpression(expression);

    public static CodeNode Return(Expr? value) => new CodeReturn(value);

    public static CodeNode If(Expr condition, List<CodeNode> then, List<CodeNode>? otherwise = null) => new CodeIf(condition, then, otherwise);

    /// <summary><c>for (int i = from; i &lt; to; i++)</c>.</summary>
    public static CodeNode ForUp(string index, Expr from, Expr to, List<CodeNode> body)
    {
        Expr i = Name(index, ScalarType.Int);
        return new CodeLoop(
            LoopKind.For,
            Binary(BinaryOperator.Less, i, to),
            body,
            new CodeDeclare(TypeRef.Of(ScalarType.Int), index, from),
            Unary(UnaryOperator.PostIncrement, i));
    }

    /// <summary><c>throw new ArgumentException(message, nameof(parameter))</c> when <paramref name="condition"/> holds.</summary>
    /// <param name="message">Strings and expressions (printed as code), in order.</param>
    public static CodeNode ThrowIf(Expr condition, string parameter, params object[] message) =>
        new CodeIf(condition, new List<CodeNode> { new CodeThrowArgument(message, parameter) });

    /// <summary>Whether the operator gives a bool: a comparison, <c>&amp;&amp;</c> or <c>||</c>.</summary>
    public static bool IsComparison(BinaryOperator op) => op is BinaryOperator.Equal or BinaryOperator.NotEqual or BinaryOperator.Less
        or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual
        or BinaryOperator.ConditionalAnd or BinaryOperator.ConditionalOr;
}
