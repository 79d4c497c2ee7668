using AutoDiff.Generator.Helpers;

namespace AutoDiff.Generator.Model;

/// <summary>
/// An expression of a differentiable method body, resolved by the parser: conversions are explicit,
/// constants are folded into literals, and every call is classified. <see cref="Source"/> is the
/// user's text, kept for comments in the generated code.
/// </summary>
internal abstract record Expr(ScalarType Type, string Source);

/// <summary>A constant, already formatted as a C# literal of <see cref="Expr.Type"/>.</summary>
internal sealed record LiteralExpr(ScalarType Type, string Source, string Code) : Expr(Type, Source);

/// <summary>A parameter or local of the method, by its source name.</summary>
internal sealed record VariableExpr(ScalarType Type, string Source, string Name) : Expr(Type, Source);

/// <summary><c>array[index]</c>: an element of a vector parameter or a local array.</summary>
internal sealed record ElementExpr(ScalarType Type, string Source, string Array, Expr Index) : Expr(Type, Source);

/// <summary><c>array.Length</c> (an int).</summary>
internal sealed record LengthExpr(ScalarType Type, string Source, string Array) : Expr(Type, Source);

/// <summary>A whole vector passed to a call; <see cref="Expr.Type"/> is its element type.</summary>
internal sealed record VectorExpr(ScalarType Type, string Source, string Name) : Expr(Type, Source);

/// <summary>A static field or property read: a constant for differentiation. <see cref="Code"/> is fully qualified.</summary>
internal sealed record ExternalValueExpr(ScalarType Type, string Source, string Code) : Expr(Type, Source);

internal enum UnaryOperator
{
    Negate,
    Plus,
    Not,
}

internal sealed record UnaryExpr(ScalarType Type, string Source, UnaryOperator Operator, Expr Operand) : Expr(Type, Source);

internal enum BinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    ConditionalAnd,
    ConditionalOr,
    And,
    Or,
    ExclusiveOr,
}

internal sealed record BinaryExpr(ScalarType Type, string Source, BinaryOperator Operator, Expr Left, Expr Right) : Expr(Type, Source);

/// <summary><c>condition ? whenTrue : whenFalse</c>; the condition is never differentiated.</summary>
internal sealed record ConditionalExpr(ScalarType Type, string Source, Expr Condition, Expr WhenTrue, Expr WhenFalse) : Expr(Type, Source);

/// <summary>A numeric conversion to <see cref="Expr.Type"/>.</summary>
internal sealed record CastExpr(ScalarType Type, string Source, Expr Operand) : Expr(Type, Source);

/// <summary>
/// A call to a function of the rule table (<c>Math.Sin</c>, <c>double.Hypot</c>, ...).
/// <see cref="Receiver"/> is the type it was called on, as written in generated code.
/// </summary>
internal sealed record MathCallExpr(ScalarType Type, string Source, string Receiver, string Function, EquatableArray<Expr> Arguments) : Expr(Type, Source);

/// <summary>A call to another <c>[Differentiable]</c> method, differentiated through its generated derivatives.</summary>
/// <param name="CalleeHasDualGradient">The callee gets a <c>GradientDual</c> (it qualifies for second derivatives on its own).</param>
internal sealed record DifferentiableCallExpr(
    ScalarType Type,
    string Source,
    string ContainingType,
    string MethodName,
    EquatableArray<Expr> Arguments,
    EquatableArray<bool> ArgumentIsDifferentiable,
    EquatableArray<string> ParameterNames,
    bool CalleeHasDualGradient = false) : Expr(Type, Source);

/// <summary>A call whose result is never differentiated (it returns a bool or an integer, or all its inputs are constants).</summary>
internal sealed record OpaqueCallExpr(ScalarType Type, string Source, string Method, EquatableArray<Expr> Arguments) : Expr(Type, Source);

/// <summary>How a call passes one argument.</summary>
internal enum ArgumentRole
{
    /// <summary>A scalar value.</summary>
    Value,

    /// <summary>A vector the callee reads.</summary>
    Vector,

    /// <summary>A <c>Span</c> the callee writes.</summary>
    Output,
}

/// <summary>
/// A call differentiated through derivative methods: user or runtime methods marked <c>[DerivativeOf]</c>
/// (a partials method, or a pullback and a pushforward), or the generated <c>Gradient</c>/<c>Derivative</c>
/// of a <c>[Differentiable]</c> callee that takes vectors (<see cref="ViaGenerated"/>).
/// </summary>
/// <param name="ReturnsValue">False for a void call that only writes its outputs.</param>
/// <param name="Function">The primal, fully qualified (<c>global::AutoDiff.SpanMath.Dot</c>).</param>
/// <param name="Differentiable">Per argument: the callee differentiates with respect to it (or writes it).</param>
internal sealed record CustomCallExpr(
    ScalarType Type,
    string Source,
    bool ReturnsValue,
    string Function,
    EquatableArray<Expr> Arguments,
    EquatableArray<int> RoleCodes,
    EquatableArray<bool> Differentiable,
    string? Partials,
    string? Pullback,
    string? Pushforward,
    bool ViaGenerated) : Expr(Type, Source)
{
    /// <summary>How argument <paramref name="index"/> is passed (kept as ints: enums are not IEquatable).</summary>
    public ArgumentRole Role(int index) => (ArgumentRole)RoleCodes[index];
}

