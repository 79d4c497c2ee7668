using AutoDiff.Generator.Helpers;

namespace AutoDiff.Generator.Model;

// Guards: statements that check the inputs and throw, kept as written in the primal part of every generated
// method and never differentiated. Their messages are the only strings in the model.

/// <summary><c>throw new E(arguments)</c>; <see cref="Exception"/> is a <see cref="NewExpr"/> naming the type in full.</summary>
internal sealed record ThrowStmt(string Source, Expr Exception) : Stmt(Source);

/// <summary>
/// A void call run for its checks and never differentiated (<c>ArgumentOutOfRangeException.ThrowIfNegative(sigma)</c>,
/// <c>Debug.Assert(n &gt; 0)</c>): an <see cref="OpaqueCallExpr"/> with every argument explicit.
/// </summary>
internal sealed record EffectStmt(string Source, Expr Call) : Stmt(Source);

/// <summary><c>$"text {value,alignment:format} text"</c>: <see cref="StringExpr"/> texts and <see cref="InterpolationExpr"/> holes in order.</summary>
internal sealed record InterpolatedStringExpr(string Source, EquatableArray<Expr> Parts) : Expr(ScalarType.Bool, Source);

/// <summary>One hole of an <see cref="InterpolatedStringExpr"/>.</summary>
internal sealed record InterpolationExpr(Expr Value, Expr? Alignment, string? Format) : Expr(Value.Type, string.Empty);

/// <summary>
/// A slice of a vector in generated code: <c>Target.Slice(Offset, Length)</c> on a span,
/// <c>Target.AsSpan(Offset, Length)</c> on an array (<see cref="OnArray"/>).
/// </summary>
internal sealed record SliceExpr(ScalarType Type, Expr Target, Expr Offset, Expr Length, bool OnArray) : Expr(Type, string.Empty);
