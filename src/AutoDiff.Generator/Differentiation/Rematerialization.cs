using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Rules;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// Values in a loop body that the backward pass recomputes instead of saving: a cheap operation (an
/// inactive expression without calls, or +, -, × of operands) whose operands still hold their values when
/// the backward pass first needs it. Saving costs a push in the forward pass and a pop in the backward
/// pass per iteration; recomputing costs one operation.
/// </summary>
/// <remarks>
/// Backward pass order within an iteration is the reverse of the forward order, so a value defined by S
/// is first read, going backward, by the last statement U that reads it (or S itself, whose partial may
/// read its own result). By the save/restore invariant every variable holds its forward value at U when
/// U's adjoint code starts; if no statement from S to U writes an operand, the operands are as S saw them
/// and recomputing there gives S's value. Earlier iterations recompute their own value the same way, so
/// the old value never has to come back.
/// </remarks>
internal static class Rematerialization
{
    /// <summary>For each recomputed value: its definition, and the statement before whose adjoint code it is recomputed.</summary>
    /// <param name="live">Bodies of fused loops: an iteration's backward pass runs right after it, while the values
    /// its body defines still hold, so nothing there is recomputed (values in loops nested inside still may be).</param>
    public static Dictionary<LVar, (LAssign Definition, LStmt Before)> Find(LBlock root, HashSet<LVar> needed, ISet<LBlock> live)
    {
        var found = new Dictionary<LVar, (LAssign, LStmt)>();
        var writtenInLoops = new HashSet<LVar>();
        CollectLoopWrites(root, inLoop: false, writtenInLoops);
        Visit(root, needed, writtenInLoops, live, found);
        return found;
    }

    /// <summary>
    /// Makes needed the integer counters that would let a cheap value be recomputed: a counter every loop only steps
    /// by a constant (<c>i = i + 1</c>) is restored in the backward pass by the inverse step, for free, where saving
    /// the value it indexes costs a push and a pop per iteration (<c>difference = points[i * d + e] - c[j * d + e]</c>
    /// in a loop whose backward pass runs inside the loop over i, which never needed i itself).
    /// </summary>
    public static void WidenNeeded(LBlock root, HashSet<LVar> needed, ISet<LBlock> live)
    {
        var stepped = new HashSet<LVar>();
        var written = new HashSet<LVar>();
        CollectLoopSteps(root, inLoop: false, stepped, written);
        stepped.ExceptWith(written);
        if (stepped.Count == 0)
        {
            return;
        }

        var writtenInLoops = new HashSet<LVar>();
        CollectLoopWrites(root, inLoop: false, writtenInLoops);
        Widen(root, needed, stepped, writtenInLoops, live);
    }

    private static void CollectLoopSteps(LBlock block, bool inLoop, HashSet<LVar> stepped, HashSet<LVar> written)
    {
        foreach (LStmt statement in block.Statements)
        {
            switch (statement)
            {
                case LAssign { Operation: LConstant { Inverse: not null } } step when inLoop:
                    stepped.Add(step.Target);
                    break;
                case LLoop loop:
                    CollectLoopSteps(loop.Body, inLoop: true, stepped, written);
                    break;
                case LIf branch:
                    CollectLoopSteps(branch.Then, inLoop, stepped, written);
                    CollectLoopSteps(branch.Else, inLoop, stepped, written);
                    break;
                default:
                    if (inLoop)
                    {
                        CollectWrites(statement, written);
                    }

                    break;
            }
        }
    }

    private static void Widen(LBlock block, HashSet<LVar> needed, HashSet<LVar> stepped, HashSet<LVar> writtenInLoops, ISet<LBlock> live)
    {
        foreach (LStmt statement in block.Statements)
        {
            switch (statement)
            {
                case LLoop loop when !live.Contains(loop.Body):
                    foreach (LAssign definition in loop.Body.Statements.OfType<LAssign>().Where(d => Candidate(d, loop.Body, needed)))
                    {
                        var blocking = LoweredQueries.ReadBy(definition.Operation).Where(o => writtenInLoops.Contains(o) && !needed.Contains(o)).ToList();
                        if (blocking.Count > 0 && blocking.All(stepped.Contains))
                        {
                            needed.UnionWith(blocking);
                        }
                    }

                    Widen(loop.Body, needed, stepped, writtenInLoops, live);
                    break;
                case LLoop fused:
                    Widen(fused.Body, needed, stepped, writtenInLoops, live);
                    break;
                case LIf branch:
                    Widen(branch.Then, needed, stepped, writtenInLoops, live);
                    Widen(branch.Else, needed, stepped, writtenInLoops, live);
                    break;
            }
        }
    }

    private static void CollectLoopWrites(LBlock block, bool inLoop, HashSet<LVar> written)
    {
        foreach (LStmt statement in block.Statements)
        {
            if (statement is LLoop || inLoop)
            {
                CollectWrites(statement, written);
            }
            else if (statement is LIf branch)
            {
                CollectLoopWrites(branch.Then, inLoop, written);
                CollectLoopWrites(branch.Else, inLoop, written);
            }
        }
    }

    private static void Visit(LBlock block, HashSet<LVar> needed, HashSet<LVar> writtenInLoops, ISet<LBlock> live, Dictionary<LVar, (LAssign, LStmt)> found)
    {
        foreach (LStmt statement in block.Statements)
        {
            switch (statement)
            {
                case LLoop loop:
                    if (!live.Contains(loop.Body))
                    {
                        FindInBody(loop.Body, needed, writtenInLoops, found);
                    }

                    Visit(loop.Body, needed, writtenInLoops, live, found);
                    break;
                case LIf branch:
                    Visit(branch.Then, needed, writtenInLoops, live, found);
                    Visit(branch.Else, needed, writtenInLoops, live, found);
                    break;
            }
        }
    }

    private static void FindInBody(LBlock body, HashSet<LVar> needed, HashSet<LVar> writtenInLoops, Dictionary<LVar, (LAssign, LStmt)> found)
    {
        List<LStmt> statements = body.Statements;
        // Computed once per body: a candidate asks them of every statement around it. A candidate has one
        // assignment (not mutable, not a join), so any other statement that touches it reads it.
        List<HashSet<LVar>> touched = statements.Select(LoweredQueries.VariablesTouched).ToList();
        List<HashSet<LVar>> writes = statements.Select(Writes).ToList();
        for (int s = 0; s < statements.Count; s++)
        {
            if (statements[s] is not LAssign definition || !Candidate(definition, body, needed))
            {
                continue;
            }

            LVar value = definition.Target;
            if (touched.Take(s).Any(t => t.Contains(value)))
            {
                continue; // read before it is assigned: the previous iteration's value
            }

            int last = s;
            for (int u = s + 1; u < statements.Count; u++)
            {
                if (touched[u].Contains(value))
                {
                    last = u;
                }
            }

            // An operand holds its value in the backward pass when no loop writes it (a parameter, a value
            // computed before the loops), or when it is restored there (the backward pass reads it, so it is
            // saved or undone) and not recomputed itself.
            var operands = new HashSet<LVar>(LoweredQueries.ReadBy(definition.Operation));
            if (operands.Any(o => writtenInLoops.Contains(o) && (!needed.Contains(o) || found.ContainsKey(o))))
            {
                continue;
            }

            if (!writes.Skip(s + 1).Take(last - s).Any(w => w.Overlaps(operands)))
            {
                found[value] = (definition, statements[last]);
            }
        }
    }

    private static bool Candidate(LAssign definition, LBlock body, HashSet<LVar> needed)
    {
        LVar value = definition.Target;
        if (!needed.Contains(value) || value.Mutable || value.IsJoin || value.IsArray || value.Block != body)
        {
            return false;
        }

        return definition.Operation switch
        {
            // Element reads, casts and arithmetic only: a call could be expensive, or not pure.
            LConstant { Inverse: null } constant => !ExprTrees.DescendantsAndSelf(constant.Value).Any(e => e is MathCallExpr or OpaqueCallExpr or InvokeExpr or ConditionalExpr),
            LApply apply => apply.Receiver is null && (apply.Rule == RuleTable.Add || apply.Rule == RuleTable.Subtract
                || apply.Rule == RuleTable.Multiply || apply.Rule == RuleTable.Negate || apply.Rule == RuleTable.Square),

            // A copy or conversion of one operand (`double x = w[i];` where a LINQ selector names the element).
            LConvert => true,
            _ => false,
        };
    }

    /// <summary>Variables and arrays a statement (or anything nested in it) assigns.</summary>
    private static HashSet<LVar> Writes(LStmt statement)
    {
        var written = new HashSet<LVar>();
        CollectWrites(statement, written);
        return written;
    }

    private static void CollectWrites(LStmt statement, HashSet<LVar> written)
    {
        switch (statement)
        {
            case LAssign assign:
                written.Add(assign.Target);
                if (assign.Operation is LVectorCall valueCall)
                {
                    written.UnionWith(valueCall.Outputs); // a call that returns a value may also write output spans
                }

                break;
            case LStore store:
                written.Add(store.Element.Array);
                break;
            case LCallStatement call:
                written.UnionWith(call.Call.Outputs);
                break;
            case LIf branch:
                foreach (LStmt inner in branch.Then.Statements.Concat(branch.Else.Statements))
                {
                    CollectWrites(inner, written);
                }

                break;
            case LLoop loop:
                foreach (LStmt inner in loop.Body.Statements)
                {
                    CollectWrites(inner, written);
                }

                break;
        }
    }
}
