using System.Collections.Generic;
using System.Linq;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// Removes values nothing reads (a local the method overwrites before reading it, a join no later
/// statement uses), then source comments left with no code under them. Every operation is pure, so
/// removing an unread one changes nothing but the size of the generated code.
/// </summary>
internal static class DeadValueElimination
{
    /// <param name="results">The leaves a method returning a tuple or struct returns (kept like the result).</param>
    public static void Run(LBlock root, LVar? result, IReadOnlyCollection<LVar>? results = null)
    {
        var uses = new Dictionary<LVar, int>();
        CountUses(root, uses, +1);
        foreach (LVar kept in results ?? System.Array.Empty<LVar>())
        {
            uses[kept] = Count(uses, kept) + 1; // read by the caller
        }

        while (RemoveUnused(root, result, uses))
        {
        }

        RemoveEmptyComments(root);
    }

    private static bool RemoveUnused(LBlock block, LVar? result, Dictionary<LVar, int> uses)
    {
        bool changed = false;
        for (int i = block.Statements.Count - 1; i >= 0; i--)
        {
            switch (block.Statements[i])
            {
                case LAssign assign when assign.Target != result && Count(uses, assign.Target) == 0:
                    block.Statements.RemoveAt(i);
                    CountAssignment(assign, uses, -1);
                    changed = true;
                    break;

                case LLoop loop:
                    changed |= RemoveUnused(loop.Body, result, uses);
                    break;

                case LIf branch:
                    changed |= RemoveUnused(branch.Then, result, uses);
                    changed |= RemoveUnused(branch.Else, result, uses);
                    changed |= branch.Joins.RemoveAll(join => join != result && Count(uses, join) == 0) > 0;
                    if (branch.Joins.Count == 0 && !HasCode(branch.Then) && !HasCode(branch.Else))
                    {
                        block.Statements.RemoveAt(i);
                        Count(branch.ConditionUses, uses, -1);
                        changed = true;
                    }

                    break;
            }
        }

        return changed;
    }

    private static void CountUses(LBlock block, Dictionary<LVar, int> uses, int delta)
    {
        foreach (LStmt statement in block.Statements)
        {
            switch (statement)
            {
                case LAssign assign:
                    CountAssignment(assign, uses, delta);
                    break;
                case LIf branch:
                    Count(branch.ConditionUses, uses, delta);
                    CountUses(branch.Then, uses, delta);
                    CountUses(branch.Else, uses, delta);
                    break;
                case LLoop loop:
                    Count(loop.ConditionUses, uses, delta);
                    CountUses(loop.Body, uses, delta);
                    break;
                case LArrayDecl array:
                    Count(array.LengthUses, uses, delta);
                    break;
                case LCallStatement callStatement:
                    CountOperation(callStatement.Call, uses, delta);
                    break;
                case LStore store:
                    Count(LoweredQueries.ReadBy(store.Value).Concat(store.Element.IndexUses).Concat(new[] { store.Element.Array }), uses, delta);
                    break;
                case LGuard guard:
                    Count(guard.Uses, uses, delta);
                    break;
            }
        }
    }

    private static void CountOperation(LOp operation, Dictionary<LVar, int> uses, int delta) =>
        Count(LoweredQueries.ReadBy(operation), uses, delta);

    /// <summary>What an assignment reads, except its own target: a loop's <c>acc = acc + c</c> alone keeps nothing alive.</summary>
    private static void CountAssignment(LAssign assign, Dictionary<LVar, int> uses, int delta) =>
        Count(LoweredQueries.ReadBy(assign.Operation).Where(v => v != assign.Target), uses, delta);

    private static void Count(IEnumerable<LVar> variables, Dictionary<LVar, int> uses, int delta)
    {
        foreach (LVar variable in variables)
        {
            uses[variable] = Count(uses, variable) + delta;
        }
    }

    private static int Count(Dictionary<LVar, int> uses, LVar variable) => uses.TryGetValue(variable, out int n) ? n : 0;

    private static bool HasCode(LBlock block) => block.Statements.Any(s => s is not LComment);

    /// <summary>Drops a comment directly followed by another comment or by the end of its block.</summary>
    private static void RemoveEmptyComments(LBlock block)
    {
        for (int i = block.Statements.Count - 1; i >= 0; i--)
        {
            if (block.Statements[i] is LIf branch)
            {
                RemoveEmptyComments(branch.Then);
                RemoveEmptyComments(branch.Else);
            }
            else if (block.Statements[i] is LLoop loop)
            {
                RemoveEmptyComments(loop.Body);
            }
            else if (block.Statements[i] is LComment && (i + 1 == block.Statements.Count || block.Statements[i + 1] is LComment))
            {
                block.Statements.RemoveAt(i);
            }
        }
    }
}
