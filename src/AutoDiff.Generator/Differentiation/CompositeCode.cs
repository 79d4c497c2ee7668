using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>Generated code that reads the leaves of a tuple or struct and builds one from its leaves, as its layout says.</summary>
internal static class CompositeCode
{
    /// <summary>The value of <paramref name="layout"/> built from <paramref name="leaves"/> (in leaf order): a constructor call, an initializer or a tuple.</summary>
    public static Expr Build(CompositeLayout layout, IReadOnlyList<Expr> leaves)
    {
        int next = 0;
        return Build(layout, leaves, ref next);
    }

    private static Expr Build(CompositeLayout layout, IReadOnlyList<Expr> leaves, ref int next)
    {
        var fields = new List<Expr>();
        foreach (CompositeField field in layout.Fields)
        {
            fields.Add(field.Nested is { } nested ? Build(nested, leaves, ref next) : leaves[next++]);
        }

        return layout.Construction switch
        {
            CompositeConstruction.Tuple => new TupleExpr(fields.ToEquatableArray()),
            CompositeConstruction.Initializer => new InitializerExpr(layout.Type, layout.Fields.Select(f => f.Name).ToEquatableArray(), fields.ToEquatableArray()),
            _ => new NewExpr(layout.Type, fields.ToEquatableArray()),
        };
    }

    /// <summary>The leaves of a composite value <paramref name="value"/>: <c>a.X</c>, <c>p.Position.Y</c>, in leaf order.</summary>
    public static IEnumerable<Expr> Leaves(CompositeLayout layout, Expr value) =>
        layout.Leaves().Select(leaf => leaf.Path.Aggregate(value, (target, member) => Code.Member(target, member, leaf.Type)));
}
