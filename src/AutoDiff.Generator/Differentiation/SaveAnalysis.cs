using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Rules;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// Which values the backward pass reads: operands of the partial derivatives it evaluates, indices of
/// the elements it accumulates into, arrays whose elements those partials read. When the forward pass
/// overwrites such a value (in a loop, or an array store) it saves the old one on the workspace stack
/// and the backward pass restores it, so every backward statement sees the values its forward
/// statement saw. Values the backward pass never reads are never saved.
/// </summary>
internal static partial class SaveAnalysis
{
    public static HashSet<LVar> Needed(LBlock root)
    {
        var needed = new HashSet<LVar>();
        Visit(root, needed);

        // Restoring an array element needs its index.
        var stores = new List<LStore>();
        CollectStores(root, stores);
        foreach (LStore store in stores.Where(s => needed.Contains(s.Element.Array)))
        {
            needed.UnionWith(store.Element.IndexUses);
        }

        return needed;
    }

    /// <summary>The values the backward code of one statement (nested statements included) reads.</summary>
    public static HashSet<LVar> NeededBy(LStmt statement)
    {
        var needed = new HashSet<LVar>();
        Visit(statement, needed);
        return needed;
    }

    private static void Visit(LBlock block, HashSet<LVar> needed)
    {
        foreach (LStmt statement in block.Statements)
        {
            Visit(statement, needed);
        }
    }

    private static void Visit(LStmt statement, HashSet<LVar> needed)
    {
        switch (statement)
        {
            case LAssign { Target.Active: true } assign:
                AddOperation(assign, needed);
                break;
            case LCallStatement callStatement when callStatement.Call.HasActiveInput:
                AddCall(callStatement.Call, needed);
                break;
            case LStore store when store.Element.Array.Active:
                needed.UnionWith(store.Element.IndexUses);
                AddIndex(store.Value, needed);
                break;
            case LIf branch:
                Visit(branch.Then, needed);
                Visit(branch.Else, needed);
                break;
            case LLoop loop:
                Visit(loop.Body, needed);
                break;
        }
    }

    private static void AddOperation(LAssign assign, HashSet<LVar> needed)
    {
        switch (assign.Operation)
        {
            case LApply apply:
                for (int i = 0; i < apply.Arguments.Count; i++)
                {
                    if (!apply.Arguments[i].Active || apply.Rule.Partial(i) is not { } template)
                    {
                        continue;
                    }

                    AddIndex(apply.Arguments[i], needed);
                    foreach (Expr placeholder in ExprTrees.DescendantsAndSelf(template))
                    {
                        if (placeholder is ResultRef)
                        {
                            needed.Add(assign.Target);
                        }
                        else if (placeholder is ArgumentRef argument)
                        {
                            AddValue(apply.Arguments[argument.Index], needed);
                        }
                    }
                }

                break;

            case LConvert convert:
                AddIndex(convert.Operand, needed);
                break;

            case LVectorCall call:
                AddCall(call, needed);
                break;

            case LCall call:
                foreach (Atom argument in call.Arguments)
                {
                    AddIndex(argument, needed);
                }

                break;
        }
    }

    /// <summary>A pullback reads every argument, and the values the call wrote into its outputs.</summary>
    private static void AddCall(LVectorCall call, HashSet<LVar> needed)
    {
        foreach (CallArgument argument in call.Arguments)
        {
            if (argument.Value is { } value)
            {
                AddValue(value, needed);
            }
            else
            {
                needed.UnionWith(argument.Uses);
            }
        }
    }

    /// <summary>An operand whose value a partial reads.</summary>
    private static void AddValue(Atom operand, HashSet<LVar> needed)
    {
        if (operand.Element is { } element)
        {
            needed.Add(element.Array);
            needed.UnionWith(element.IndexUses);
        }
        else if (operand.Variable is { } variable)
        {
            needed.Add(variable);
        }
    }

    /// <summary>An active element operand: its adjoint is accumulated at its index.</summary>
    private static void AddIndex(Atom operand, HashSet<LVar> needed)
    {
        if (operand.Active && operand.Element is { } element)
        {
            needed.UnionWith(element.IndexUses);
        }
    }

    private static void CollectStores(LBlock block, List<LStore> stores)
    {
        foreach (LStmt statement in block.Statements)
        {
            switch (statement)
            {
                case LStore store:
                    stores.Add(store);
                    break;
                case LCallStatement:
                    break;
                case LIf branch:
                    CollectStores(branch.Then, stores);
                    CollectStores(branch.Else, stores);
                    break;
                case LLoop loop:
                    CollectStores(loop.Body, stores);
                    break;
            }
        }
    }

    /// <summary>
    /// Top-level writes that are the first statement to touch their array: the elements they overwrite
    /// are the initial zeros, which no backward statement reads, so they need no saving.
    /// </summary>
    public static HashSet<(LStmt, LVar)> FirstTouches(LBlock root)
    {
        var first = new HashSet<(LStmt, LVar)>();
        var touched = new HashSet<LVar>();
        foreach (LStmt statement in root.Statements)
        {
            IEnumerable<LVar> written = statement switch
            {
                LStore store => new[] { store.Element.Array },
                LCallStatement call => call.Call.Outputs,
                _ => Enumerable.Empty<LVar>(),
            };
            HashSet<LVar> reads = LoweredQueries.VariablesTouched(statement);
            foreach (LVar array in written)
            {
                // A call that also reads its output (Softmax(p, p)) is not a first touch.
                bool alsoRead = statement is LCallStatement c && c.Call.Arguments.Count(a => a.Vector == array) > 1;
                if (!touched.Contains(array) && !alsoRead && (statement is LCallStatement || !ReadsArray((LStore)statement, array)))
                {
                    first.Add((statement, array));
                }
            }

            touched.UnionWith(reads);
        }

        return first;
    }

    private static bool ReadsArray(LStore store, LVar array) => store.Accumulates || store.Value.Element?.Array == array;
}
