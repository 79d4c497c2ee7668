using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>Questions about lowered code that more than one pass asks.</summary>
internal static class LoweredQueries
{
    /// <summary>
    /// Whether the source statement <paramref name="comment"/> heads became one assignment to the variable it names (or a
    /// return): that line is the statement (<c>double a = 1.0 - x0;</c>, <c>value = s * s;</c>, <c>i_1 = i_1 + 1;</c>), so
    /// code running forward needs no comment quoting it. A statement written for a call (<c>double total = 0.0;</c> for
    /// <c>w.Average()</c>) keeps it, and the backward pass keeps its <c>adjoint of:</c> comments: its lines name no source variable.
    /// </summary>
    public static bool SpeaksForItself(LBlock block, LComment comment)
    {
        LAssign? only = null;
        for (int i = block.Statements.IndexOf(comment) + 1; i < block.Statements.Count && block.Statements[i] is not LComment; i++)
        {
            if (block.Statements[i] is not LAssign assign || only is not null)
            {
                return false;
            }

            only = assign;
        }

        return only is not null && (comment.Source.StartsWith("return ", System.StringComparison.Ordinal) || Names(comment.Source, SourceName(only.Target.Name)));
    }

    /// <summary>The name a local has in the source: <c>y</c> for the values <c>y_1</c>, <c>y_2</c> of its later assignments.</summary>
    private static string SourceName(string name)
    {
        int end = name.Length;
        while (end > 0 && char.IsDigit(name[end - 1]))
        {
            end--;
        }

        return end > 1 && end < name.Length && name[end - 1] == '_' ? name.Substring(0, end - 1) : name;
    }

    /// <summary>Whether <paramref name="text"/> has <paramref name="name"/> as a whole word.</summary>
    private static bool Names(string text, string name)
    {
        for (int at = text.IndexOf(name, System.StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + 1, System.StringComparison.Ordinal))
        {
            bool before = at > 0 && (char.IsLetterOrDigit(text[at - 1]) || text[at - 1] == '_');
            int after = at + name.Length;
            if (!before && !(after < text.Length && (char.IsLetterOrDigit(text[after]) || text[after] == '_')))
            {
                return true;
            }
        }

        return false;
    }

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
