using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>A loop whose backward pass runs inside it, one iteration at a time.</summary>
/// <param name="Accumulator">The one active value the loop carries, only ever summed: <c>acc += e</c>.</param>
/// <param name="Inputs">Active values from outside the loop that its iterations read: their adjoints are gathered per loop.</param>
internal sealed record FusedLoop(LVar Accumulator, IReadOnlyList<LVar> Inputs);

/// <summary>
/// Accumulation loops fused with their backward pass. When a top-level loop's only active carried value is an
/// accumulator (<c>total += f(i)</c>), every iteration's contribution to the result is scaled by the same adjoint,
/// the accumulator's, known only after the loop. So each iteration's backward pass can run right after its
/// forward step with a seed of 1, gathering adjoints into per-loop buffers that are scaled once by the
/// accumulator's adjoint when the backward pass reaches the loop. Nothing an iteration computes outlives it:
/// the stack holds one iteration's values at a time (O(d·k) for a Gaussian mixture instead of O(n·d·k)),
/// and they are still in cache when read, as in a hand-written gradient.
/// </summary>
/// <remarks>
/// Arrays the loop writes must be its own (touched nowhere else) and overwritten in each iteration before
/// they are read (<see cref="SaveAnalysis"/>'s fills), since an iteration's backward pass leaves them as the
/// iteration found them.
/// </remarks>
internal static class Fusion
{
    public static Dictionary<LLoop, FusedLoop> Find(LBlock root)
    {
        var found = new Dictionary<LLoop, FusedLoop>();
        Dictionary<LVar, Expr> lengths = root.Statements.OfType<LArrayDecl>().ToDictionary(d => d.Array, d => d.Length);
        for (int i = 0; i < root.Statements.Count; i++)
        {
            if (root.Statements[i] is LLoop loop && Fusable(loop, root, lengths) is { } fused)
            {
                found[loop] = fused;
            }
        }

        return found;
    }

    /// <summary>
    /// Loops inside fused loops' bodies that are fused too: a pair loop <c>for j: total += f(i, j)</c> inside
    /// <c>for i</c>. Such a loop carries only the outer loop's accumulator, whose adjoint is the outer iteration's
    /// seed all along, so each of its iterations' backward pass can also run right after it, straight into the
    /// outer loop's buffers: no value of an inner iteration is saved, and the outer iteration's backward pass has
    /// nothing left to do for it.
    /// </summary>
    /// <remarks>
    /// It must write no arrays, read no active value the outer iteration makes outside it (whose adjoint is only
    /// complete in the outer backward pass), and leave its other carried variables unread before it.
    /// </remarks>
    public static HashSet<LLoop> FindInner(Dictionary<LLoop, FusedLoop> fused)
    {
        var found = new HashSet<LLoop>();
        foreach (KeyValuePair<LLoop, FusedLoop> outer in fused)
        {
            Collect(outer.Key.Body, outer.Value, found);
        }

        return found;
    }

    private static void Collect(LBlock body, FusedLoop outer, HashSet<LLoop> found)
    {
        for (int i = 0; i < body.Statements.Count; i++)
        {
            if (body.Statements[i] is LLoop inner && InnerFusable(inner, body.Statements.Take(i), outer))
            {
                found.Add(inner);
                Collect(inner.Body, outer, found);
            }
        }
    }

    private static bool InnerFusable(LLoop inner, IEnumerable<LStmt> before, FusedLoop outer)
    {
        List<LStmt> statements = Statements(inner.Body).ToList();
        if (inner.Carried.Any(v => v.Active && v != outer.Accumulator)
            || !statements.Any(s => s is LAssign assign && assign.Target == outer.Accumulator))
        {
            return false;
        }

        if (statements.Any(s => s is LStore or LCallStatement or LArrayDecl || s is LAssign { Operation: LVectorCall }))
        {
            return false;
        }

        var defined = new HashSet<LVar>(statements.OfType<LAssign>().Select(a => a.Target));
        var inputs = new HashSet<LVar>(outer.Inputs);
        bool readsOuterValue = statements
            .SelectMany(s => LoweredQueries.VariablesTouched(s))
            .Any(v => v.Active && !defined.Contains(v) && v != outer.Accumulator && !inputs.Contains(v));
        if (readsOuterValue)
        {
            return false;
        }

        // Its carried variables end where the loop left them; nothing before it may read them again backward.
        var carried = new HashSet<LVar>(inner.Carried.Where(v => v != outer.Accumulator));
        return !before.Any(s => s switch
        {
            LAssign assign => LoweredQueries.ReadBy(assign.Operation).Any(carried.Contains),
            LComment => false,
            _ => LoweredQueries.VariablesTouched(s).Any(carried.Contains),
        });
    }

    private static FusedLoop? Fusable(LLoop loop, LBlock root, Dictionary<LVar, Expr> lengths)
    {
        var active = loop.Carried.Where(v => v.Active).ToList();
        if (active.Count != 1)
        {
            return null;
        }

        LVar accumulator = active[0];
        List<LStmt> statements = Statements(loop.Body).ToList();

        // The accumulator is only summed: every statement that reads or writes it is acc = acc ± e.
        foreach (LStmt statement in statements)
        {
            bool accumulates = statement is LAssign { Target: var target, Operation: LApply apply } && target == accumulator
                && (apply.Rule == Rules.RuleTable.Add || apply.Rule == Rules.RuleTable.Subtract)
                && apply.Arguments[0].Variable == accumulator
                && !LoweredQueries.ReadBy(apply.Arguments[1]).Contains(accumulator);
            bool touches = statement switch
            {
                LAssign assign => assign.Target == accumulator || LoweredQueries.ReadBy(assign.Operation).Contains(accumulator),
                LIf branch => branch.ConditionUses.Contains(accumulator),
                LLoop inner => inner.ConditionUses.Contains(accumulator),
                _ => LoweredQueries.VariablesTouched(statement).Contains(accumulator),
            };
            if (touches && !accumulates)
            {
                return null;
            }
        }

        // Arrays the loop writes are its own, and each iteration overwrites them before reading them.
        var written = new HashSet<LVar>(statements.SelectMany(s => s switch
        {
            LStore store => new[] { store.Element.Array },
            LCallStatement call => call.Call.Outputs,
            LAssign { Operation: LVectorCall call } => call.Outputs,
            _ => Enumerable.Empty<LVar>(),
        }));
        var outside = root.Statements.Where(s => s != loop && s is not LArrayDecl).SelectMany(s => LoweredQueries.VariablesTouched(s));
        var outsideSet = new HashSet<LVar>(outside);
        if (written.Any(a => !lengths.ContainsKey(a) || outsideSet.Contains(a) || !FreshEachIteration(a, loop.Body.Statements, lengths)))
        {
            return null;
        }

        // Active values read in the loop but made outside it: their adjoints are gathered per loop.
        var defined = new HashSet<LVar>(statements.OfType<LAssign>().Select(a => a.Target));
        defined.UnionWith(written);
        var inputs = statements
            .SelectMany(s => LoweredQueries.VariablesTouched(s))
            .Where(v => v.Active && !defined.Contains(v) && v != accumulator)
            .Distinct()
            .OrderBy(v => v.Name, System.StringComparer.Ordinal)
            .ToList();

        // A vector input's adjoints are gathered in a rented span, and the workspace rents spans of double and
        // float only: a method generic over its number type (T) keeps the loop unfused.
        if (inputs.Any(v => v.IsArray && v.Type == ScalarType.Generic))
        {
            return null;
        }

        return new FusedLoop(accumulator, inputs);
    }

    /// <summary>
    /// Whether each run of <paramref name="block"/> overwrites the whole array before reading it: the first statement
    /// that touches it fills it (<see cref="SaveAnalysis.FilledArray"/>), or is a loop whose every iteration does,
    /// and no other statement of the block touches it.
    /// </summary>
    private static bool FreshEachIteration(LVar array, List<LStmt> block, Dictionary<LVar, Expr> lengths)
    {
        for (int i = 0; i < block.Count; i++)
        {
            if (block[i] is LComment || !LoweredQueries.VariablesTouched(block[i]).Contains(array))
            {
                continue;
            }

            if (block[i] is LLoop fill && SaveAnalysis.FilledArray(fill, block, i, lengths) == array)
            {
                return true;
            }

            return block[i] is LLoop inner
                && FreshEachIteration(array, inner.Body.Statements, lengths)
                && !block.Skip(i + 1).Any(s => LoweredQueries.VariablesTouched(s).Contains(array));
        }

        return true; // not touched
    }

    private static IEnumerable<LStmt> Statements(LBlock block) => block.Statements.SelectMany(s => new[] { s }.Concat(s switch
    {
        LIf branch => Statements(branch.Then).Concat(Statements(branch.Else)),
        LLoop inner => Statements(inner.Body),
        _ => Enumerable.Empty<LStmt>(),
    }));
}
