using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>Questions about lowered code that more than one pass asks.</summary>
internal static class LoweredQueries
{
    /// <summary>Every variable read by a statement of the block, nested blocks included (array elements read their array and index).</summary>
    public static HashSet<LVar> VariablesRead(LBlock block)
    {
        var read = new HashSet<LVar>();
        Visit(block, read, writes: false);
        return read;
    }

    /// <summary>Every variable and array a statement reads or writes, nested statements included.</summary>
    public static HashSet<LVar> VariablesTouched(LStmt statement)
    {
        var touched = new HashSet<LVar>();
        Visit(statement, touched, writes: true);
        return touched;
    }

    /// <summary>The values an expression tree reads, in order of appearance (repeats included).</summary>
    public static IEnumerable<LVar> Uses(Expr expr)
    {
        if (expr is VarRef reference)
        {
            yield return reference.Variable;
            yield break;
        }

        foreach (Expr child in ExprTrees.Children(expr))
        {
            foreach (LVar variable in Uses(child))
            {
                yield return variable;
            }
        }
    }

    /// <summary>The values an operand reads: its variable, or an element's array and index.</summary>
    public static IEnumerable<LVar> ReadBy(Atom atom) =>
        atom.Element is { } element ? element.IndexUses.Concat(new[] { element.Array })
        : atom.Variable is { } variable ? new[] { variable }
        : Enumerable.Empty<LVar>();

    /// <summary>The values an operation reads.</summary>
    public static IEnumerable<LVar> ReadBy(LOp operation) => operation switch
    {
        LApply apply => apply.Arguments.SelectMany(ReadBy),
        LConvert convert => ReadBy(convert.Operand),
        LCall call => call.Arguments.SelectMany(ReadBy),
        LVectorCall call => call.Arguments.SelectMany(a => a.Uses),
        LConstant constant => constant.Uses,
        _ => Enumerable.Empty<LVar>(),
    };

    private static void Visit(LBlock block, HashSet<LVar> found, bool writes)
    {
        foreach (LStmt statement in block.Statements)
        {
            Visit(statement, found, writes);
        }
    }

    private static void Visit(LStmt statement, HashSet<LVar> found, bool writes)
    {
        switch (statement)
        {
            case LAssign assign:
                found.UnionWith(ReadBy(assign.Operation));
                if (writes)
                {
                    found.Add(assign.Target);
                }

                break;
            case LStore store:
                found.UnionWith(ReadBy(store.Value).Concat(store.Element.IndexUses));
                if (writes || store.Accumulates)
                {
                    found.Add(store.Element.Array);
                }

                break;
            case LCallStatement call:
                found.UnionWith(ReadBy(call.Call));
                break;
            case LGuard guard:
                found.UnionWith(guard.Uses);
                break;
            case LIf branch:
                found.UnionWith(branch.ConditionUses);
                Visit(branch.Then, found, writes);
                Visit(branch.Else, found, writes);
                break;
            case LLoop loop:
                found.UnionWith(loop.ConditionUses);
                Visit(loop.Body, found, writes);
                break;
        }
    }
}
