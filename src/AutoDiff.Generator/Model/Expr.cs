using AutoDiff.Generator.Helpers;

namespace AutoDiff.Generator.Model;

/// <summary>
/// An expression tree. The parser makes them from a method body (conversions explicit, constants folded,
/// every call classified; <see cref="Source"/> is the user's text, kept for comments in the generated code);
/// lowering, the rule table and the builders make more of them (with an empty <see cref="Source"/>), and
/// only the printer in <c>Emitting/</c> turns them into C#. Records: equal trees are equal values.
/// </summary>
internal abstract record Expr(ScalarType Type, string Source);

/// <summary>A constant of <see cref="Expr.Type"/>.</summary>
internal sealed record LiteralExpr(ScalarType Type, string Source, Constant Value) : Expr(Type, Source)
{
    public static LiteralExpr Of(Constant value) => new(value.Type, string.Empty, value);
}

/// <summary>A parameter or local of the method, by its source name.</summary>
internal sealed record VariableExpr(ScalarType Type, string Source, string Name) : Expr(Type, Source);

/// <summary><c>array[index]</c>: an element of a vector parameter or a local array.</summary>
internal sealed record ElementExpr(ScalarType Type, string Source, string Array, Expr Index) : Expr(Type, Source);

/// <summary><c>array.Length</c> (an int).</summary>
internal sealed record LengthExpr(ScalarType Type, string Source, string Array) : Expr(Type, Source);

/// <summary>
/// A vector passed to a call; <see cref="Expr.Type"/> is its element type. A slice of it (<c>x.Slice(1)</c>,
/// <c>x[1..^1]</c>) has an <see cref="Offset"/> and a <see cref="Length"/> (int expressions, both or neither).
/// </summary>
internal sealed record VectorExpr(ScalarType Type, string Source, string Name, Expr? Offset = null, Expr? Length = null) : Expr(Type, Source)
{
    public bool IsSlice => Offset is not null;
}

/// <summary>A static field or property read: a constant for differentiation. <see cref="Member"/> is fully qualified.</summary>
internal sealed record ExternalValueExpr(ScalarType Type, string Source, string Member) : Expr(Type, Source);

internal enum UnaryOperator
{
    Negate,
    Plus,
    Not,

    /// <summary><c>++x</c> (generated code only).</summary>
    PreIncrement,

    /// <summary><c>x++</c> (generated code only).</summary>
    PostIncrement,

    /// <summary><c>x--</c> (generated code only).</summary>
    PostDecrement,
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
/// <param name="CalleeKey">The callee's <see cref="MethodModel.Key"/>, by which the pipeline looks up what was generated for it.</param>
/// <param name="CalleeInSource">The callee is in this compilation, so its derivatives are generated with the caller's.</param>
/// <param name="ExternalDual">A callee from another assembly has a <c>GradientDual</c> (second derivatives can call it).</param>
internal sealed record DifferentiableCallExpr(
    ScalarType Type,
    string Source,
    string ContainingType,
    string MethodName,
    EquatableArray<Expr> Arguments,
    EquatableArray<bool> ArgumentIsDifferentiable,
    EquatableArray<string> ParameterNames,
    string CalleeKey = "",
    bool CalleeInSource = true,
    bool ExternalDual = false) : Expr(Type, Source);

/// <summary>A call whose result is never differentiated (it returns a bool or an integer, or all its inputs are constants).</summary>
/// <param name="Target">For a call on data (<c>name.StartsWith("x")</c>, <c>weightOf(i)</c> as <c>weightOf.Invoke(i)</c>): the receiver; null for a static call named in full.</param>
internal sealed record OpaqueCallExpr(ScalarType Type, string Source, string Method, EquatableArray<Expr> Arguments, Expr? Target = null) : Expr(Type, Source);

/// <summary><c>this</c> in an instance method: its fields and properties are data.</summary>
internal sealed record ThisExpr() : Expr(ScalarType.Data, string.Empty);

/// <summary>
/// A string constant (or <c>null</c>): compared with or passed to data, an exception's message, a <c>nameof</c>,
/// a parameter name the compiler filled in. Never a number: nothing differentiates, converts or computes with it.
/// </summary>
internal sealed record StringExpr(string? Value, string Source = "") : Expr(ScalarType.Data, Source);

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
/// <param name="CalleeKey">For a [Differentiable] callee of this compilation: its <see cref="MethodModel.Key"/>, else empty.</param>
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
    bool ViaGenerated,
    string CalleeKey = "") : Expr(Type, Source)
{
    /// <summary>How argument <paramref name="index"/> is passed (kept as ints: enums are not IEquatable).</summary>
    public ArgumentRole Role(int index) => (ArgumentRole)RoleCodes[index];
}


// Nodes the builders use for generated code: member access, general calls, out/ref arguments, object creation.

/// <summary><c>Target.Member</c> (<c>x.Length</c>, <c>g.Tangent</c>).</summary>
internal sealed record MemberExpr(ScalarType Type, Expr Target, string Member) : Expr(Type, string.Empty);

/// <summary><c>Target[Index]</c> on any span or array expression.</summary>
internal sealed record IndexExpr(ScalarType Type, Expr Target, Expr Index) : Expr(Type, string.Empty);

/// <summary>
/// A call of <see cref="Method"/> on <see cref="Target"/> (<c>workspace.Push(x)</c>), or, without a target, of
/// a method named in full or in scope (<c>global::Demo.C.FGradient(a, out t3_da)</c>).
/// </summary>
internal sealed record InvokeExpr(ScalarType Type, Expr? Target, string Method, EquatableArray<Expr> Arguments) : Expr(Type, string.Empty);

internal enum ArgumentModifier
{
    Out,
    Ref,

    /// <summary>A parameter passed <c>in</c> (generated signatures only).</summary>
    In,
}

/// <summary>An <c>out</c> or <c>ref</c> argument; <see cref="Declared"/> declares an out variable in place (<c>out double d</c>).</summary>
internal sealed record ArgumentExpr(ArgumentModifier Modifier, Expr Value, TypeRef? Declared = null) : Expr(Value.Type, string.Empty);

/// <summary>The discard <c>_</c>.</summary>
internal sealed record DiscardExpr() : Expr(ScalarType.Double, string.Empty);

/// <summary><c>new Created(arguments)</c>.</summary>
internal sealed record NewExpr(TypeRef Created, EquatableArray<Expr> Arguments) : Expr(ScalarType.Double, string.Empty);

/// <summary><c>new Created { Members[0] = Values[0], ... }</c>.</summary>
internal sealed record InitializerExpr(TypeRef Created, EquatableArray<string> Members, EquatableArray<Expr> Values) : Expr(ScalarType.Data, string.Empty);

/// <summary>A tuple: on the left of a deconstruction (<c>(double a, _) = F(x)</c>), or a tuple value built by generated code.</summary>
internal sealed record TupleExpr(EquatableArray<Expr> Elements) : Expr(ScalarType.Double, string.Empty);

/// <summary>A variable declared in place: <c>double a</c> inside a tuple.</summary>
internal sealed record DeclarationExpr(TypeRef Declared, string Name) : Expr(Declared.Scalar, string.Empty);
