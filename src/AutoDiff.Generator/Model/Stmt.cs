using System.Collections.Generic;
using System.Linq;
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

/// <summary>
/// A loop: <c>while (Condition) { Body; Step }</c>, or with <see cref="TestFirst"/> false a do-while.
/// <c>for</c> and <c>foreach</c> arrive in this form (initialisers before it, increments in <see cref="Step"/>).
/// </summary>
internal sealed record LoopStmt(string Source, Expr Condition, EquatableArray<Stmt> Body, EquatableArray<Stmt> Step, bool TestFirst) : Stmt(Source);

/// <summary><c>break</c> out of the innermost loop; removed by <c>JumpNormalizer</c> before lowering.</summary>
internal sealed record BreakStmt(string Source) : Stmt(Source);

/// <summary><c>continue</c> with the innermost loop's next iteration; removed by <c>JumpNormalizer</c>.</summary>
internal sealed record ContinueStmt(string Source) : Stmt(Source);

/// <summary>A local array or span of <see cref="ElementType"/> (<c>new double[n]</c>, <c>stackalloc double[n]</c>), zeroed.</summary>
internal sealed record ArrayDeclStmt(string Source, string Name, ScalarType ElementType, Expr Length) : Stmt(Source);

/// <summary><c>array[index] = value</c> into a local array (compound forms desugared).</summary>
internal sealed record StoreStmt(string Source, string Array, Expr Index, Expr Value) : Stmt(Source);

/// <summary>A void call that writes output spans (<c>SpanMath.Softmax(z, p)</c>).</summary>
internal sealed record CallStmt(string Source, CustomCallExpr Call) : Stmt(Source);

/// <summary>Which generated derivative a <see cref="DerivativeCallStmt"/> calls.</summary>
internal enum DerivativeKind
{
    /// <summary><c>FGradient(inputs, out g1, ..., out gn)</c>: reverse mode.</summary>
    Gradient,

    /// <summary><c>FDerivative(inputs, tangents, out derivative)</c>: forward mode.</summary>
    Derivative,
}

/// <summary>
/// A call of a derivative AutoDiff writes (<c>PotentialGradient(x, y, w, out double ax, out double ay)</c>) inside a
/// [Differentiable] method: nested differentiation. The generated method does not exist while the parser runs, so
/// the call is kept by name; before lowering, <c>Differentiation/Nesting</c> replaces it with the callee's generated
/// derivative body (an <see cref="InnerDerivative"/>), and the caller is differentiated through that code.
/// </summary>
/// <param name="CalleeKey">The callee's <see cref="MethodModel.Key"/>.</param>
/// <param name="Callee">The callee's name (<c>Potential</c>), for names and messages.</param>
/// <param name="Inputs">The arguments passed by value, in order (for a derivative: the inputs, then the tangents).</param>
/// <param name="Outputs">The caller's locals the <c>out</c> arguments write, in order; empty for a discard.</param>
/// <param name="Result">The local that receives the returned value, or null when it is discarded.</param>
internal sealed record DerivativeCallStmt(
    string Source,
    string CalleeKey,
    string Callee,
    DerivativeKind Kind,
    EquatableArray<Expr> Inputs,
    EquatableArray<string> Outputs,
    string? Result) : Stmt(Source);


internal static class StmtExtensions
{
    /// <summary>The statements and, depth first, every statement nested in their branches, loop bodies and steps.</summary>
    public static IEnumerable<Stmt> Descendants(this IEnumerable<Stmt> statements)
    {
        foreach (Stmt statement in statements)
        {
            yield return statement;
            IEnumerable<Stmt> nested = statement switch
            {
                IfStmt branch => branch.Then.Concat(branch.Else),
                LoopStmt loop => loop.Body.Concat(loop.Step),
                _ => Enumerable.Empty<Stmt>(),
            };
            foreach (Stmt inner in nested.Descendants())
            {
                yield return inner;
            }
        }
    }

    /// <summary>The expressions a statement holds directly (not those of nested statements).</summary>
    public static IEnumerable<Expr> Expressions(this Stmt statement) => statement switch
    {
        DeclareStmt { Initializer: { } value } => new[] { value },
        AssignStmt assign => new[] { assign.Value },
        IfStmt branch => new[] { branch.Condition },
        ReturnStmt ret => new[] { ret.Value },
        LoopStmt loop => new[] { loop.Condition },
        ArrayDeclStmt array => new[] { array.Length },
        StoreStmt store => new[] { store.Index, store.Value },
        CallStmt call => new Expr[] { call.Call },
        DerivativeCallStmt nested => nested.Inputs,
        _ => Enumerable.Empty<Expr>(),
    };
}
