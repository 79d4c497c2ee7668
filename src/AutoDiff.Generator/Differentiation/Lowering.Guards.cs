using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// A guard of the user's method (<c>throw</c>, <c>ThrowIfNegative(x)</c>, <c>Debug.Assert(c)</c>): run where it
/// stands in the primal part of every generated method, never differentiated, and never in a backward pass.
/// </summary>
internal sealed class LGuard : LStmt
{
    public LGuard(Expr code, bool isThrow)
    {
        Code = code;
        IsThrow = isThrow;
        Uses = LoweredQueries.Uses(code).ToList();
    }

    /// <summary>The exception thrown (a <see cref="NewExpr"/>), or the call made.</summary>
    public Expr Code { get; }

    public bool IsThrow { get; }

    /// <summary>The values it reads.</summary>
    public IReadOnlyList<LVar> Uses { get; }

    /// <summary>The statement in generated code: on dual numbers the guard sees plain values, as the user's method does.</summary>
    public CodeNode Emit(Arithmetic arithmetic)
    {
        if (arithmetic.OnDuals && Uses.Any(v => v.IsArray && v.Active))
        {
            // A vector on dual numbers is a span of duals the guard cannot take; FGradient checks it.
            return Differentiation.Code.Comment("(a guard on a vector; FGradient and FDerivative check it)");
        }

        Expr code = ExprTrees.Rewrite(arithmetic.Adapt(Code), node => node is VarRef { Variable.IsArray: false } or IndexExpr ? arithmetic.Plain(node) : node);
        return IsThrow ? new CodeThrow(code) : Differentiation.Code.Statement(code);
    }
}

/// <summary>Guards and the branches they end.</summary>
internal sealed partial class Lowering
{
    private void LowerGuard(Stmt statement)
    {
        (Expr code, bool isThrow) = statement switch
        {
            ThrowStmt thrown => (thrown.Exception, true),
            EffectStmt effect => (effect.Call, false),
            _ => throw new System.InvalidOperationException("Not a guard: " + statement.GetType().Name),
        };
        _block.Statements.Add(new LGuard(Resolve(code), isThrow));
    }

    /// <summary>The values one branch changed, carried past the if by joins it alone assigns (the other branch throws).</summary>
    private void JoinFrom(LBlock live, Dictionary<string, LVar?> after, Dictionary<string, LVar?> before, LBlock parent, List<LVar> joins)
    {
        foreach (string name in before.Keys.OrderBy(n => n, System.StringComparer.Ordinal))
        {
            LVar? value = after[name];
            if (value == before[name])
            {
                continue;
            }

            if (value is null)
            {
                _environment[name] = null;
                continue;
            }

            var join = new LVar(NewVersionName(name), value.Type, parent, isJoin: true) { Active = value.Active, InLoop = _loopDepth > 0 };
            live.Statements.Add(new LAssign(join, new LConvert(Atom.Of(value))));
            joins.Add(join);
            _environment[name] = join;
        }
    }

    /// <summary>Every path through the statements ends in a throw (after the normalizers, a return ends only its block's last statement).</summary>
    private static bool AlwaysThrows(IReadOnlyList<Stmt> statements) =>
        statements.Any(s => s is ThrowStmt || (s is IfStmt branch && AlwaysThrows(branch.Then) && AlwaysThrows(branch.Else)));

    /// <summary>A slice of <paramref name="vector"/> in generated code: <c>AsSpan</c> on an array parameter, <c>Slice</c> on a span.</summary>
    private Expr Slice(LVar vector, Expr offset, Expr length) =>
        new SliceExpr(vector.Type, new VarRef(vector), offset, length, _method.Parameters.Any(p => p.Name == vector.Name && p.Shape == ParameterShape.Array));
}
