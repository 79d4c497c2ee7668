using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>Saving what the forward pass overwrites and the backward pass reads, and restoring it.</summary>
internal sealed partial class ReverseBuilder
{
    /// <summary>
    /// Whether a write into <paramref name="array"/> saves the elements it overwrites: when the backward
    /// pass reads the array, unless this is the first statement of the method to touch it (then the old
    /// elements are the zeros nothing has read).
    /// </summary>
    private bool SavesElement(LStmt statement, LVar array) =>
        _needed.Contains(array) && !_firstTouch.Contains((statement, array)) && !(statement is LStore store && _covered.Contains(store));

    /// <summary>
    /// What an assignment inside a loop saves before it runs: its old value, then a call's old partials. In a fused
    /// iteration only the fused loop's own variables hold values this iteration's backward pass still reads.
    /// </summary>
    private List<Expr> SavedBy(LAssign assign, Repeat repeat)
    {
        var saved = new List<Expr>();
        if (repeat == Repeat.Fused && !_fusedCarried.Contains(assign.Target))
        {
            return saved;
        }

        if (SavesTarget(assign))
        {
            saved.Add(new VarRef(assign.Target));
        }

        if (assign.Operation is LCall call && repeat == Repeat.Loop)
        {
            for (int i = 0; i < call.Arguments.Count; i++)
            {
                if (call.Differentiates(i))
                {
                    saved.Add(Code.Name(CallPartial(assign, i), call.Type));
                }
            }
        }

        return saved;
    }

    /// <summary>A value the backward pass reads is saved before it is overwritten, unless its old value can be recomputed.</summary>
    private bool SavesTarget(LAssign assign) =>
        _needed.Contains(assign.Target) && assign.Operation is not LConstant { Inverse: not null } && !_recomputed.ContainsKey(assign.Target)
        && !_unsaved.Contains(assign);

    /// <summary>Restores, in reverse order, what <see cref="SavedBy"/> saved.</summary>
    private void Restore(LAssign assign, List<CodeNode> output, Repeat repeat)
    {
        if (repeat == Repeat.Fused && !_fusedCarried.Contains(assign.Target))
        {
            return;
        }

        List<Expr> saved = SavedBy(assign, repeat);
        for (int i = saved.Count - 1; i >= 0; i--)
        {
            Expr pop = i == 0 && SavesTarget(assign) ? Pop(assign.Target) : Pop(((LCall)assign.Operation).Type, _onDuals);
            output.Add(Code.Assign(saved[i], pop));
        }

        if (_needed.Contains(assign.Target) && assign.Operation is LConstant { Inverse: { } inverse })
        {
            output.Add(Code.Assign(new VarRef(assign.Target), _arithmetic.Adapt(inverse)));
        }
    }

    /// <summary>Pops a saved value (or an element of a saved array) of <paramref name="variable"/>.</summary>
    private Expr Pop(LVar variable) => Pop(variable.Type, _onDuals);

    private Expr Pop(ScalarType type, bool dual = false)
    {
        Expr workspace = Code.Name(Workspace);
        return dual && type.IsReal() ? Code.CallOn(workspace, "PopDual", type) : type switch
        {
            ScalarType.Int => Code.CallOn(workspace, "PopInt", type),
            ScalarType.Bool => Code.CallOn(workspace, "PopBool", type),
            ScalarType.Double => Code.CallOn(workspace, "PopDouble", type),
            _ => Code.Cast(type, Code.CallOn(workspace, "PopDouble", ScalarType.Double)),
        };
    }
}
