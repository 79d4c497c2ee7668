using AutoDiff.Generator.Helpers;

namespace AutoDiff.Generator.Model;

/// <summary>A statement of a differentiable method body. Blocks are flattened; compound assignments are desugared.</summary>
internal abstract record Stmt(string Source);

/// <summary>A local declaration, with or without an initial value.</summary>
internal sealed record DeclareStmt(string Source, string Name, ScalarType Type, Expr? Initializer) : Stmt(Source);

/// <summary><c>name = value</c> (also <c>+=</c>, <c>++</c>, ... after desugaring).</summary>
internal sealed record AssignStmt(string Source, string Name, Expr Value) : Stmt(Source);

internal sealed record IfStmt(string Source, Expr Condition, EquatableArray<Stmt> Then, EquatableArray<Stmt> Else) : Stmt(Source);

internal sealed record ReturnStmt(string Source, Expr Value) : Stmt(Source);
