using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// Saves loops can do without. A save keeps a value that a backward statement still to run will read; two
/// kinds of writes inside loops overwrite values nothing reads again:
/// <list type="bullet">
/// <item>Assignments to a variable the loop carries (<c>sum += e</c>), when no backward statement of that loop
/// reads it: readers after the loop see its final value, which it still holds; the assignment that starts
/// the variable before the loop keeps its own save.</item>
/// <item>Stores into an array that an earlier loop of the same iteration filled completely
/// (<c>for (j = 0; j &lt; d; j++) a[j] = ...</c> over an array of length d), when no backward statement between
/// that fill and the store reads the array: the fill's own saves bring back the previous iteration's
/// elements, and no backward statement of this iteration needs the values in between.</item>
/// </list>
/// </summary>
internal static partial class SaveAnalysis
{
    /// <summary>Assignments inside a carrying loop whose old value need not be saved.</summary>
    public static HashSet<LAssign> UnsavedAssignments(LBlock root, HashSet<LVar> needed)
    {
        var unsaved = new HashSet<LAssign>();
        foreach (LLoop loop in Loops(root))
        {
            HashSet<LVar> read = BackwardReads(loop.Body, needed);
            foreach (LVar carried in loop.Carried.Where(v => !read.Contains(v)))
            {
                unsaved.UnionWith(Assignments(loop.Body).Where(a => a.Target == carried));
            }
        }

        return unsaved;
    }

    /// <summary>Stores that need no save because a fill of their whole array earlier in the same iteration covers them.</summary>
    public static HashSet<LStore> CoveredStores(LBlock root)
    {
        var lengths = root.Statements.OfType<LArrayDecl>().ToDictionary(d => d.Array, d => d.Length);
        var covered = new HashSet<LStore>();
        foreach (LLoop loop in Loops(root))
        {
            List<LStmt> body = loop.Body.Statements;
            for (int f = 0; f < body.Count; f++)
            {
                if (body[f] is not LLoop fill || FilledArray(fill, body, f, lengths) is not { } array)
                {
                    continue;
                }

                // The stores after the fill, up to the last one, are covered when nothing in between reads the array backward.
                int last = -1;
                for (int t = f + 1; t < body.Count; t++)
                {
                    if (Stores(body[t]).Any(s => s.Element.Array == array))
                    {
                        last = t;
                    }
                }

                bool readBetween = Enumerable.Range(f + 1, System.Math.Max(0, last - f)).Any(t => NeededBy(body[t]).Contains(array));
                if (last > f && !readBetween)
                {
                    for (int t = f + 1; t <= last; t++)
                    {
                        covered.UnionWith(Stores(body[t]).Where(s => s.Element.Array == array));
                    }
                }
            }
        }

        return covered;
    }

    /// <summary>
    /// The array a loop fills completely: <c>for (v = 0; v &lt; n; v++)</c> with an unconditional <c>a[v] = ...</c> in its
    /// body, <c>n</c> the array's declared length, and nothing in the loop reading the array backward or storing into
    /// it elsewhere. Null when the loop is not such a fill.
    /// </summary>
    public static LVar? FilledArray(LLoop fill, List<LStmt> block, int position, Dictionary<LVar, Expr> lengths)
    {
        if (fill.Condition is not BinaryExpr { Operator: BinaryOperator.Less, Left: VarRef { Variable: var counter }, Right: var bound }
            || !fill.Carried.Contains(counter) || !StartsAtZero(counter, block, position) || !StepsByOne(fill, counter))
        {
            return null;
        }

        foreach (LStore store in fill.Body.Statements.OfType<LStore>())
        {
            LVar array = store.Element.Array;
            if (store.Element.Index is VarRef { Variable: var index } && index == counter
                && lengths.TryGetValue(array, out Expr? length) && length.Equals(bound)
                && Stores(fill).Count(s => s.Element.Array == array) == 1
                && !NeededBy(fill).Contains(array))
            {
                return array;
            }
        }

        return null;
    }

    /// <summary>The counter's last assignment before the loop starts it at 0, through copies.</summary>
    private static bool StartsAtZero(LVar counter, List<LStmt> block, int position)
    {
        for (int i = position - 1; i >= 0; i--)
        {
            if (block[i] is LAssign assign && assign.Target == counter)
            {
                return assign.Operation switch
                {
                    LConvert { Operand.Expr: LiteralExpr { Value.Bits: 0, Value.Type: ScalarType.Int } } => true,
                    LConstant { Value: LiteralExpr { Value.Bits: 0, Value.Type: ScalarType.Int } } => true,
                    LConvert { Operand.Variable: { } source } => StartsAtZero(source, block, i),
                    _ => false,
                };
            }

            if (block[i] is not (LAssign or LComment))
            {
                return false; // something else could write it in between
            }
        }

        return false;
    }

    /// <summary>The counter is assigned once in the body, as <c>v = v + 1</c>, its last statement.</summary>
    private static bool StepsByOne(LLoop loop, LVar counter)
    {
        var writes = Assignments(loop.Body).Where(a => a.Target == counter).ToList();
        LStmt? last = loop.Body.Statements.LastOrDefault(s => s is not LComment);
        return writes.Count == 1 && last == writes[0]
            && writes[0].Operation is LConstant { Value: BinaryExpr { Operator: BinaryOperator.Add, Left: VarRef { Variable: var self }, Right: LiteralExpr { Value.Bits: 1, Value.Type: ScalarType.Int } } }
            && self == counter;
    }

    /// <summary>
    /// What the backward code of a block reads, counting conservatively a recomputed value's operands (a needed value
    /// computed once in the block may be recomputed there, see <see cref="Rematerialization"/>) and the indices of
    /// stores into needed arrays (their restores).
    /// </summary>
    private static HashSet<LVar> BackwardReads(LBlock block, HashSet<LVar> needed)
    {
        var read = new HashSet<LVar>();
        foreach (LStmt statement in block.Statements)
        {
            read.UnionWith(NeededBy(statement));
        }

        // Rematerialization may recompute a needed value with one assignment (not a carried variable or a join).
        foreach (LAssign assign in Assignments(block).Where(a => needed.Contains(a.Target) && !a.Target.Mutable && !a.Target.IsJoin))
        {
            read.UnionWith(LoweredQueries.ReadBy(assign.Operation));
        }

        foreach (LStore store in Stores(block).Where(s => needed.Contains(s.Element.Array)))
        {
            read.UnionWith(store.Element.IndexUses);
        }

        return read;
    }

    private static IEnumerable<LLoop> Loops(LBlock block) => Statements(block).OfType<LLoop>();

    private static IEnumerable<LAssign> Assignments(LBlock block) => Statements(block).OfType<LAssign>();

    private static IEnumerable<LStore> Stores(LStmt statement) => Statements(statement).OfType<LStore>();

    private static IEnumerable<LStore> Stores(LBlock block) => Statements(block).OfType<LStore>();

    /// <summary>Every statement of the block, nested ones included, depth first.</summary>
    private static IEnumerable<LStmt> Statements(LBlock block) => block.Statements.SelectMany(Statements);

    private static IEnumerable<LStmt> Statements(LStmt statement)
    {
        yield return statement;
        IEnumerable<LStmt> nested = statement switch
        {
            LIf branch => Statements(branch.Then).Concat(Statements(branch.Else)),
            LLoop loop => Statements(loop.Body),
            _ => Enumerable.Empty<LStmt>(),
        };
        foreach (LStmt inner in nested)
        {
            yield return inner;
        }
    }
}
