using System.Numerics;
using AutoDiff.Tensors.Kernels;

namespace AutoDiff.Tensors;

public sealed partial class Tensor<T>
{
    private BoolTensor Compare(Tensor<T> other, CompareKind kind, string op)
    {
        ArgumentNullException.ThrowIfNull(other);
        using Tensor<T> mask = Binary(Detach(), other.Detach(), op, new Vec2<T, CompareF<T>>(new CompareF<T>(kind)));
        ReadOnlySpan<T> m = mask.Span;
        var data = new bool[m.Length];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = m[i] != T.Zero;
        }
        return new BoolTensor(data, mask.Dims);
    }

    private BoolTensor Compare(T value, CompareKind kind, string op)
    {
        using Tensor<T> s = new(Storage<T>.Wrap([value]), []);
        return Compare(s, kind, op);
    }

    /// <summary>Elementwise x == y with broadcasting.</summary>
    public BoolTensor Eq(Tensor<T> other) => Compare(other, CompareKind.Eq, "Eq");

    /// <summary>Elementwise x != y with broadcasting.</summary>
    public BoolTensor Ne(Tensor<T> other) => Compare(other, CompareKind.Ne, "Ne");

    /// <summary>Elementwise x &lt; y with broadcasting.</summary>
    public BoolTensor Lt(Tensor<T> other) => Compare(other, CompareKind.Lt, "Lt");

    /// <summary>Elementwise x &lt;= y with broadcasting.</summary>
    public BoolTensor Le(Tensor<T> other) => Compare(other, CompareKind.Le, "Le");

    /// <summary>Elementwise x &gt; y with broadcasting.</summary>
    public BoolTensor Gt(Tensor<T> other) => Compare(other, CompareKind.Gt, "Gt");

    /// <summary>Elementwise x &gt;= y with broadcasting.</summary>
    public BoolTensor Ge(Tensor<T> other) => Compare(other, CompareKind.Ge, "Ge");

    /// <summary>Elementwise x == value.</summary>
    public BoolTensor Eq(T value) => Compare(value, CompareKind.Eq, "Eq");

    /// <summary>Elementwise x != value.</summary>
    public BoolTensor Ne(T value) => Compare(value, CompareKind.Ne, "Ne");

    /// <summary>Elementwise x &lt; value.</summary>
    public BoolTensor Lt(T value) => Compare(value, CompareKind.Lt, "Lt");

    /// <summary>Elementwise x &lt;= value.</summary>
    public BoolTensor Le(T value) => Compare(value, CompareKind.Le, "Le");

    /// <summary>Elementwise x &gt; value.</summary>
    public BoolTensor Gt(T value) => Compare(value, CompareKind.Gt, "Gt");

    /// <summary>Elementwise x &gt;= value.</summary>
    public BoolTensor Ge(T value) => Compare(value, CompareKind.Ge, "Ge");

    /// <summary>Elementwise NaN test.</summary>
    public BoolTensor IsNaN() => Ne(this);

    /// <summary>
    /// Elementwise <paramref name="condition"/> ? <paramref name="ifTrue"/> : <paramref name="ifFalse"/> with
    /// broadcasting of all three. The gradient goes to the chosen input only (a select, so an infinite gradient does
    /// not turn into NaN in the other branch).
    /// </summary>
    public static Tensor<T> Where(BoolTensor condition, Tensor<T> ifTrue, Tensor<T> ifFalse)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(ifTrue);
        ArgumentNullException.ThrowIfNull(ifFalse);
        int[] dims = ShapeUtil.Broadcast(ShapeUtil.Broadcast(condition.Dims, ifTrue.Dims, "Where", nameof(ifTrue)), ifFalse.Dims, "Where", nameof(ifFalse));
        bool[] c = condition.ExpandTo(dims);
        Tensor<T> a = ifTrue.Detach().ExpandView(dims).Contiguous(), b = ifFalse.Detach().ExpandView(dims).Contiguous();
        Tensor<T> r = Empty(dims);
        Span<T> d = r.Span;
        ReadOnlySpan<T> sa = a.Span, sb = b.Span;
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = c[i] ? sa[i] : sb[i];
        }
        if (AnyRequiresGrad(ifTrue, ifFalse))
        {
            var mask = new BoolTensor(c, dims);
            Record(r, "Where", [ifTrue, ifFalse], g =>
                [ifTrue.RequiresGrad ? Where(mask, g, T.Zero).SumTo(ifTrue.Dims) : null,
                 ifFalse.RequiresGrad ? Where(mask, T.Zero, g).SumTo(ifFalse.Dims) : null]);
        }
        return r;
    }

    /// <summary>Elementwise condition ? ifTrue : value.</summary>
    public static Tensor<T> Where(BoolTensor condition, Tensor<T> ifTrue, T ifFalse) => Where(condition, ifTrue, Scalar(ifFalse));

    /// <summary>Elementwise condition ? value : ifFalse.</summary>
    public static Tensor<T> Where(BoolTensor condition, T ifTrue, Tensor<T> ifFalse) => Where(condition, Scalar(ifTrue), ifFalse);

    /// <summary>A copy with <paramref name="value"/> where <paramref name="mask"/> (broadcast to this shape) is true; no gradient flows there.</summary>
    public Tensor<T> MaskedFill(BoolTensor mask, T value)
    {
        ArgumentNullException.ThrowIfNull(mask);
        int[] dims = ShapeUtil.Broadcast(Dims, mask.Dims, "MaskedFill", nameof(mask));
        if (!ShapeUtil.SameShape(dims, Dims))
        {
            throw new ArgumentException($"MaskedFill: mask {ShapeUtil.Format(mask.Dims)} does not broadcast to {ShapeUtil.Format(Dims)}.", nameof(mask));
        }
        return Where(mask, value, this);
    }

    /// <summary>The elements where <paramref name="mask"/> (broadcast to this shape) is true, as a 1-D tensor (<c>x[mask]</c>).</summary>
    public Tensor<T> MaskedSelect(BoolTensor mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        int[] dims = ShapeUtil.Broadcast(Dims, mask.Dims, "MaskedSelect", nameof(mask));
        bool[] m = mask.ExpandTo(dims);
        var idx = new List<int>();
        for (int i = 0; i < m.Length; i++)
        {
            if (m[i])
            {
                idx.Add(i);
            }
        }
        return ExpandView(dims).Reshape(-1).IndexSelect(0, new IntTensor([.. idx], [idx.Count]));
    }

    /// <summary>Elementwise maximum with broadcasting; at ties the gradient is split evenly between the inputs.</summary>
    public static Tensor<T> Maximum(Tensor<T> left, Tensor<T> right) => Extremum<MaximumOp<T>>(left, right, "Maximum", CompareKind.Gt);

    /// <summary>Elementwise minimum with broadcasting; at ties the gradient is split evenly between the inputs.</summary>
    public static Tensor<T> Minimum(Tensor<T> left, Tensor<T> right) => Extremum<MinimumOp<T>>(left, right, "Minimum", CompareKind.Lt);

    /// <summary>Elementwise maximum with a scalar (the scalar gets no gradient; at a tie x gets half).</summary>
    public static Tensor<T> Maximum(Tensor<T> left, T right) => Maximum(left, Scalar(right));

    /// <summary>Elementwise minimum with a scalar.</summary>
    public static Tensor<T> Minimum(Tensor<T> left, T right) => Minimum(left, Scalar(right));

    private static Tensor<T> Extremum<TOp>(Tensor<T> left, Tensor<T> right, string name, CompareKind wins)
        where TOp : struct, IBinaryOp<T>
    {
        Tensor<T> r = Binary<TOp>(left, right, name);
        if (AnyRequiresGrad(left, right))
        {
            Record(r, name, [left, right], g =>
            {
                // Each side gets the gradient where it wins, half at a tie, and nothing where a NaN makes every
                // comparison fail (the rule table's convention, pinned by RuleTablePinTests).
                BoolTensor leftWins = left.Compare(right, wins, name), rightWins = right.Compare(left, wins, name), tie = left.Eq(right);
                Tensor<T> half = g * Const(0.5);
                return [left.RequiresGrad ? Where(leftWins, g, Where(tie, half, T.Zero)).SumTo(left.Dims) : null,
                        right.RequiresGrad ? Where(rightWins, g, Where(tie, half, T.Zero)).SumTo(right.Dims) : null];
            }, left, right);
        }
        return r;
    }
}
