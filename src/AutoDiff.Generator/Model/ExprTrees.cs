using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Helpers;

namespace AutoDiff.Generator.Model;

/// <summary>Walking and rebuilding expression trees.</summary>
internal static class ExprTrees
{
    /// <summary>The direct subexpressions of <paramref name="expr"/>, left to right.</summary>
    public static IEnumerable<Expr> Children(Expr expr) => expr switch
    {
        ElementExpr element => new[] { element.Index },
        UnaryExpr unary => new[] { unary.Operand },
        BinaryExpr binary => new[] { binary.Left, binary.Right },
        ConditionalExpr conditional => new[] { conditional.Condition, conditional.WhenTrue, conditional.WhenFalse },
        CastExpr cast => new[] { cast.Operand },
        MathCallExpr call => call.Arguments,
        DifferentiableCallExpr call => call.Arguments,
        OpaqueCallExpr call => call.Target is null ? call.Arguments : new[] { call.Target }.Concat(call.Arguments),
        CustomCallExpr call => call.Arguments,
        MemberExpr member => new[] { member.Target },
        IndexExpr index => new[] { index.Target, index.Index },
        InvokeExpr invoke => invoke.Target is null ? invoke.Arguments : new[] { invoke.Target }.Concat(invoke.Arguments),
        ArgumentExpr argument => new[] { argument.Value },
        NewExpr created => created.Arguments,
        InitializerExpr created => created.Values,
        TupleExpr tuple => tuple.Elements,
        VectorExpr { Offset: { } offset, Length: { } length } => new[] { offset, length },
        InterpolatedStringExpr text => text.Parts,
        SliceExpr slice => new[] { slice.Target, slice.Offset, slice.Length },
        InterpolationExpr hole => hole.Alignment is null ? new[] { hole.Value } : new[] { hole.Value, hole.Alignment },
        _ => Enumerable.Empty<Expr>(),
    };

    /// <summary><paramref name="expr"/> and every expression inside it, depth first.</summary>
    public static IEnumerable<Expr> DescendantsAndSelf(Expr expr) => new[] { expr }.Concat(Children(expr).SelectMany(DescendantsAndSelf));

    /// <summary>
    /// Rebuilds <paramref name="expr"/> bottom up: each node's children are mapped first, then
    /// <paramref name="map"/> sees the node with its new children and may replace it.
    /// </summary>
    public static Expr Rewrite(Expr expr, Func<Expr, Expr> map)
    {
        Expr rebuilt = expr switch
        {
            ElementExpr element => element with { Index = Rewrite(element.Index, map) },
            UnaryExpr unary => unary with { Operand = Rewrite(unary.Operand, map) },
            BinaryExpr binary => binary with { Left = Rewrite(binary.Left, map), Right = Rewrite(binary.Right, map) },
            ConditionalExpr conditional => conditional with
            {
                Condition = Rewrite(conditional.Condition, map),
                WhenTrue = Rewrite(conditional.WhenTrue, map),
                WhenFalse = Rewrite(conditional.WhenFalse, map),
            },
            CastExpr cast => cast with { Operand = Rewrite(cast.Operand, map) },
            MathCallExpr call => call with { Arguments = All(call.Arguments, map) },
            DifferentiableCallExpr call => call with { Arguments = All(call.Arguments, map) },
            OpaqueCallExpr call => call with { Arguments = All(call.Arguments, map), Target = call.Target is null ? null : Rewrite(call.Target, map) },
            CustomCallExpr call => call with { Arguments = All(call.Arguments, map) },
            MemberExpr member => member with { Target = Rewrite(member.Target, map) },
            IndexExpr index => index with { Target = Rewrite(index.Target, map), Index = Rewrite(index.Index, map) },
            InvokeExpr invoke => invoke with { Target = invoke.Target is null ? null : Rewrite(invoke.Target, map), Arguments = All(invoke.Arguments, map) },
            ArgumentExpr argument => argument with { Value = Rewrite(argument.Value, map) },
            NewExpr created => created with { Arguments = All(created.Arguments, map) },
            InitializerExpr created => created with { Values = All(created.Values, map) },
            TupleExpr tuple => tuple with { Elements = All(tuple.Elements, map) },
            VectorExpr { Offset: { } offset, Length: { } length } vector => vector with { Offset = Rewrite(offset, map), Length = Rewrite(length, map) },
            InterpolatedStringExpr text => text with { Parts = All(text.Parts, map) },
            SliceExpr slice => slice with { Target = Rewrite(slice.Target, map), Offset = Rewrite(slice.Offset, map), Length = Rewrite(slice.Length, map) },
            InterpolationExpr hole => hole with { Value = Rewrite(hole.Value, map), Alignment = hole.Alignment is null ? null : Rewrite(hole.Alignment, map) },
            _ => expr,
        };
        return map(rebuilt);
    }

    private static EquatableArray<Expr> All(EquatableArray<Expr> items, Func<Expr, Expr> map) => items.Select(e => Rewrite(e, map)).ToEquatableArray();
}
