using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// Which locals and local arrays may ever hold a value that depends on a differentiable input, whatever
/// the path: a fixed point over every assignment and store. Lowering decides the activity of straight-line
/// values as it goes; it asks this for values a loop carries and for arrays, which are read before the
/// statement that makes them active has been seen.
/// </summary>
internal static class ActivityAnalysis
{
    public static HashSet<string> ActiveNames(MethodModel method, IReadOnlyList<Stmt> body)
    {
        var active = new HashSet<string>(method.Parameters.Where(p => p.IsDifferentiable).Select(p => p.Name));
        bool changed = true;
        while (changed)
        {
            changed = false;
            Visit(body, active, ref changed);
        }

        return active;
    }

    private static void Visit(IEnumerable<Stmt> statements, HashSet<string> active, ref bool changed)
    {
        foreach (Stmt statement in statements)
        {
            switch (statement)
            {
                case DeclareStmt { Initializer: { } value } declare when declare.Type.IsReal() && IsActive(value, active):
                    changed |= active.Add(declare.Name);
                    break;
                case AssignStmt assign when assign.Value.Type.IsReal() && IsActive(assign.Value, active):
                    changed |= active.Add(assign.Name);
                    break;
                case StoreStmt store when IsActive(store.Value, active):
                    changed |= active.Add(store.Array);
                    break;
                case CallStmt call when IsActive(call.Call, active):
                    foreach (Expr output in call.Call.Arguments.Where((a, i) => call.Call.Role(i) == ArgumentRole.Output))
                    {
                        changed |= active.Add(((VectorExpr)output).Name);
                    }

                    break;
                case IfStmt branch:
                    Visit(branch.Then, active, ref changed);
                    Visit(branch.Else, active, ref changed);
                    break;
                case LoopStmt loop:
                    Visit(loop.Body, active, ref changed);
                    Visit(loop.Step, active, ref changed);
                    break;
            }
        }
    }

    private static bool IsActive(Expr expr, HashSet<string> active) => (expr.Type.IsReal() || expr is CustomCallExpr) && expr switch
    {
        VariableExpr variable => active.Contains(variable.Name),
        ElementExpr element => active.Contains(element.Array),
        UnaryExpr unary => IsActive(unary.Operand, active),
        BinaryExpr binary => IsActive(binary.Left, active) || IsActive(binary.Right, active),
        ConditionalExpr conditional => IsActive(conditional.WhenTrue, active) || IsActive(conditional.WhenFalse, active),
        CastExpr cast => IsActive(cast.Operand, active),
        MathCallExpr call => call.Arguments.Any(a => IsActive(a, active)),
        DifferentiableCallExpr call => call.Arguments.Where((a, i) => call.ArgumentIsDifferentiable[i]).Any(a => IsActive(a, active) || (a is VectorExpr v && active.Contains(v.Name))),
        CustomCallExpr call => call.Arguments.Where((a, i) => call.Differentiable[i] && call.Role(i) != ArgumentRole.Output)
            .Any(a => a is VectorExpr vector ? active.Contains(vector.Name) : IsActive(a, active)),
        _ => false,
    };
}
