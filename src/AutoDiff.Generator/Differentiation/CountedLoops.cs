using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>A loop <c>for (v = start; v &lt; bound; v++)</c> whose trip count the backward pass can compute again.</summary>
/// <param name="Counter">The loop's counter, carried by it.</param>
/// <param name="Start">The counter's value before the loop, in values that still hold when the backward pass reaches the loop.</param>
/// <param name="Bound">The bound, which the loop does not change, in values that still hold when the backward pass reaches the loop.</param>
/// <param name="Init">The assignment that starts the counter right before the loop.</param>
internal sealed record CountedLoop(LVar Counter, Expr Start, Expr Bound, LAssign Init);

/// <summary>
/// Loops inside loops whose trip count and final counter the backward pass can compute instead of saving:
/// <c>for (v = s; v &lt; n; v++)</c>, no jump out of it, <c>n</c> unchanged by the loop, and <c>s</c> and <c>n</c> made of
/// values that hold their forward values when the backward pass reaches the loop (values outside loops, values the backward
/// pass restores, and copies of such). Pushing the trip count and the counter's old value cost two stack
/// operations per run of the loop; computing them costs a comparison and a subtraction.
/// </summary>
internal static class CountedLoops
{
    public static Dictionary<LLoop, CountedLoop> Find(LBlock root, HashSet<LVar> needed)
    {
        var found = new Dictionary<LLoop, CountedLoop>();
        Visit(root, inLoop: false, needed, found);
        return found;
    }

    private static void Visit(LBlock block, bool inLoop, HashSet<LVar> needed, Dictionary<LLoop, CountedLoop> found)
    {
        for (int i = 0; i < block.Statements.Count; i++)
        {
            switch (block.Statements[i])
            {
                case LLoop loop:
                    if (inLoop && Counted(loop, block, i, needed) is { } counted)
                    {
                        found[loop] = counted;
                    }

                    Visit(loop.Body, inLoop: true, needed, found);
                    break;
                case LIf branch:
                    Visit(branch.Then, inLoop, needed, found);
                    Visit(branch.Else, inLoop, needed, found);
                    break;
            }
        }
    }

    private static CountedLoop? Counted(LLoop loop, LBlock block, int position, HashSet<LVar> needed)
    {
        if (!loop.TestFirst
            || loop.Condition is not BinaryExpr { Operator: BinaryOperator.Less, Left: VarRef { Variable: var counter }, Right: var bound }
            || !loop.Carried.Contains(counter) || counter.Type != ScalarType.Int)
        {
            return null;
        }

        var written = new HashSet<LVar>(Writes(loop.Body));
        if (LoweredQueries.Uses(bound).Any(written.Contains) || !StepsByOne(loop, counter))
        {
            return null;
        }

        // The assignment that starts the counter is the last one before the loop in its block.
        LAssign? init = block.Statements.Take(position).OfType<LAssign>().LastOrDefault(a => a.Target == counter);
        Expr? start = init?.Operation switch
        {
            LConvert convert => convert.Operand.Expr,
            LConstant constant => constant.Value,
            _ => null,
        };
        start = start is null ? null : Reliable(start, block, position, needed, written, depth: 0);

        // The bound too must hold its forward value there: an outer loop's counter, say, does not.
        Expr? reliableBound = Reliable(bound, block, position, needed, written, depth: 0);
        return start is null || reliableBound is null ? null : new CountedLoop(counter, start, reliableBound, init!);
    }

    /// <summary>
    /// <paramref name="expr"/> rewritten into values that still hold at the loop's backward code: a variable outside
    /// every loop, or one the backward pass restores, stays; a copy or inactive expression defined earlier in the same
    /// block is replaced by its definition. Null when that cannot be done.
    /// </summary>
    private static Expr? Reliable(Expr expr, LBlock block, int position, HashSet<LVar> needed, HashSet<LVar> written, int depth)
    {
        bool failed = false;
        Expr result = ExprTrees.Rewrite(expr, node =>
        {
            if (node is not VarRef { Variable: var variable } || failed)
            {
                return node;
            }

            if (written.Contains(variable))
            {
                failed = true;
                return node;
            }

            if (!variable.InLoop && !variable.Mutable || needed.Contains(variable))
            {
                return node;
            }

            LAssign? definition = block.Statements.Take(position).OfType<LAssign>().LastOrDefault(a => a.Target == variable);
            Expr? value = definition?.Operation switch
            {
                LConvert convert => convert.Operand.Expr,
                LConstant constant => constant.Value,
                _ => null,
            };
            if (depth > 4 || value is null || variable.Mutable || variable.Block != block)
            {
                failed = true;
                return node;
            }

            Expr? resolved = Reliable(value, block, block.Statements.IndexOf(definition!), needed, written, depth + 1);
            failed |= resolved is null;
            return resolved ?? node;
        });
        return failed ? null : result;
    }

    /// <summary>The counter is assigned once in the body, as <c>v = v + 1</c>, its last statement.</summary>
    private static bool StepsByOne(LLoop loop, LVar counter)
    {
        var assignments = Statements(loop.Body).OfType<LAssign>().Where(a => a.Target == counter).ToList();
        LStmt? last = loop.Body.Statements.LastOrDefault(s => s is not LComment);
        return assignments.Count == 1 && last == assignments[0]
            && assignments[0].Operation is LConstant { Value: BinaryExpr { Operator: BinaryOperator.Add, Left: VarRef { Variable: var self }, Right: LiteralExpr { Value.Bits: 1, Value.Type: ScalarType.Int } } }
            && self == counter;
    }

    private static IEnumerable<LVar> Writes(LBlock block) => Statements(block).SelectMany(s => s switch
    {
        LAssign assign => new[] { assign.Target },
        LStore store => new[] { store.Element.Array },
        LCallStatement call => call.Call.Outputs,
        _ => Enumerable.Empty<LVar>(),
    });

    private static IEnumerable<LStmt> Statements(LBlock block) => block.Statements.SelectMany(s => new[] { s }.Concat(s switch
    {
        LIf branch => Statements(branch.Then).Concat(Statements(branch.Else)),
        LLoop inner => Statements(inner.Body),
        _ => Enumerable.Empty<LStmt>(),
    }));
}
