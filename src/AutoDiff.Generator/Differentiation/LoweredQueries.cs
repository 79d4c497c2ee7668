using System.Collections.Generic;
using System.Linq;

namespace AutoDiff.Generator.Differentiation;

/// <summary>Questions about lowered code that more than one pass asks.</summary>
internal static class LoweredQueries
{
    /// <summary>Every variable read by a statement of the block, nested blocks included (array elements read their array and index).</summary>
    public static HashSet<LVar> VariablesRead(LBlock block)
    {
        var read = new HashSet<LVar>();
        Visit(block, read);
        return read;
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
        LVectorCall call => call.Arguments.SelectMany(a => a.Value is { } value ? ReadBy(value) : new[] { a.Vector! }),
        LConstant constant => constant.Uses,
        _ => Enumerable.Empty<LVar>(),
    };

    private static void Visit(LBlock block, HashSet<LVar> read)
    {
        foreach (LStmt statement in block.Statements)
        {
            switch (statement)
            {
                case LAssign assign:
                    read.UnionWith(ReadBy(assign.Operation));
                    break;
                case LStore store:
                    read.UnionWith(ReadBy(store.Value).Concat(store.Element.IndexUses));
                    break;
                case LCallStatement call:
                    read.UnionWith(ReadBy(call.Call));
                    break;
                case LIf branch:
                    read.UnionWith(branch.ConditionUses);
                    Visit(branch.Then, read);
                    Visit(branch.Else, read);
                    break;
                case LLoop loop:
                    read.UnionWith(loop.ConditionUses);
                    Visit(loop.Body, read);
                    break;
            }
        }
    }
}
