using System.Numerics;
using AutoDiff.Tensors.Kernels;

namespace AutoDiff.Tensors;

public sealed partial class Tensor<T>
{
    private static int[] AllDims(int rank) => [.. Enumerable.Range(0, rank)];

    /// <summary>Sum of all elements, as a rank-0 tensor. Its gradient is the upstream gradient broadcast (a stride-0 view, never materialised).</summary>
    public Tensor<T> Sum() => Sum(AllDims(Rank), keepDim: false);

    /// <summary>Sum over one dimension (negative counts from the end).</summary>
    public Tensor<T> Sum(int dim, bool keepDim = false) => Sum([ShapeUtil.NormalizeDim(dim, Rank, nameof(dim))], keepDim);

    /// <summary>Sum over the given dimensions; <paramref name="keepDim"/> keeps them with size 1.</summary>
    public Tensor<T> Sum(int[] dims, bool keepDim = false)
    {
        (int[] axes, int[] keptDims, int[] outDims) = ReductionShapes(dims, keepDim, nameof(dims));
        Tensor<T> r = ReduceRaw(axes, keptDims, Reductions.Kind.Sum).ReshapeRaw(outDims);
        if (AnyRequiresGrad(this))
        {
            int[] inDims = Dims;
            Record(r, "Sum", [this], g => [g.Reshape(keptDims).Expand(inDims)]);
        }
        return r;
    }

    /// <summary>
    /// The reduction over <paramref name="axes"/> (sorted), with kept dimensions, unrecorded. Axes along which this
    /// tensor is expanded (stride 0) are not walked: a sum multiplies by their size, max and min skip them.
    /// </summary>
    private Tensor<T> ReduceRaw(int[] axes, int[] keptDims, Reductions.Kind kind)
    {
        Tensor<T> x = Detach();
        T factor = T.One;
        foreach (int a in axes)
        {
            if (x.Strides[a] == 0 && x.Dims[a] > 1)
            {
                if (kind == Reductions.Kind.Sum)
                {
                    factor *= T.CreateChecked(x.Dims[a]);
                }
                x = x.NarrowView(a, 0, 1);
            }
        }
        if (!x.IsContiguous)
        {
            x = x.Contiguous();
        }
        Tensor<T> cur = x;
        for (int i = axes.Length - 1; i >= 0; i--)
        {
            int axis = axes[i];
            if (cur.Dims[axis] == 1 && x.Count > 0)
            {
                continue;
            }
            (int outer, int size, int inner) = ShapeUtil.Split(cur.Dims, axis);
            int[] next = (int[])cur.Dims.Clone();
            next[axis] = 1;
            Tensor<T> dst = Empty(next);
            Reductions.Reduce(cur.Buffer, cur.Offset, dst.Buffer, dst.Offset, outer, size, inner, kind);
            cur = dst;
        }
        if (ReferenceEquals(cur, x) && ReferenceEquals(x.Storage, Storage))
        {
            cur = x.Clone();
        }
        cur = cur.ReshapeRaw(keptDims);
        if (factor != T.One)
        {
            Elementwise.Unary(cur, cur, new Vec1<T, ScaleF<T>>(new ScaleF<T>(factor)));
        }
        return cur;
    }

    /// <summary>Mean of all elements, as a rank-0 tensor.</summary>
    public Tensor<T> Mean() => Mean(AllDims(Rank), keepDim: false);

    /// <summary>Mean over one dimension.</summary>
    public Tensor<T> Mean(int dim, bool keepDim = false) => Mean([ShapeUtil.NormalizeDim(dim, Rank, nameof(dim))], keepDim);

    /// <summary>Mean over the given dimensions.</summary>
    public Tensor<T> Mean(int[] dims, bool keepDim = false)
    {
        (int[] axes, _, _) = ReductionShapes(dims, keepDim, nameof(dims));
        long n = 1;
        foreach (int a in axes)
        {
            n *= Dims[a];
        }
        return Sum(dims, keepDim) / T.CreateChecked(n);
    }

    /// <summary>
    /// Variance over the given dimensions with Bessel's <paramref name="correction"/> (1 = unbiased, PyTorch's default).
    /// </summary>
    public Tensor<T> Var(int[] dims, int correction = 1, bool keepDim = false)
    {
        (int[] axes, _, _) = ReductionShapes(dims, keepDim, nameof(dims));
        long n = 1;
        foreach (int a in axes)
        {
            n *= Dims[a];
        }
        Tensor<T> centred = this - Mean(axes, keepDim: true);
        return centred.Square().Sum(axes, keepDim) / T.CreateChecked(Math.Max(n - correction, 0));
    }

    /// <summary>Variance over one dimension.</summary>
    public Tensor<T> Var(int dim, int correction = 1, bool keepDim = false) => Var([dim], correction, keepDim);

    /// <summary>Variance of all elements.</summary>
    public Tensor<T> Var(int correction = 1) => Var(AllDims(Rank), correction);

    /// <summary>Standard deviation over the given dimensions (√ of <see cref="Var(int[], int, bool)"/>).</summary>
    public Tensor<T> Std(int[] dims, int correction = 1, bool keepDim = false) => Var(dims, correction, keepDim).Sqrt();

    /// <summary>Standard deviation over one dimension.</summary>
    public Tensor<T> Std(int dim, int correction = 1, bool keepDim = false) => Std([dim], correction, keepDim);

    /// <summary>Standard deviation of all elements.</summary>
    public Tensor<T> Std(int correction = 1) => Var(correction).Sqrt();

    /// <summary>
    /// The p-norm over <paramref name="dims"/> (all when null): (Σ|x|^p)^(1/p). For p = 2 the gradient at a zero
    /// norm is 0 (PyTorch's subgradient) instead of NaN.
    /// </summary>
    public Tensor<T> Norm(double p = 2, int[]? dims = null, bool keepDim = false)
    {
        int[] axes = dims ?? AllDims(Rank);
        if (p == 1)
        {
            return Abs().Sum(axes, keepDim);
        }
        if (p == 2)
        {
            Tensor<T> x = this;
            Tensor<T> r;
            using (Tensor.NoGrad())
            {
                r = x.Square().Sum(axes, keepDim).Sqrt();
            }
            if (AnyRequiresGrad(x))
            {
                (int[] sorted, int[] kept, _) = ReductionShapes(axes, keepDim, nameof(dims));
                Record(r, "Norm", [x], g =>
                {
                    Tensor<T> rk = r.Reshape(kept);
                    return [Where(rk.Eq(T.Zero), T.Zero, x * (g.Reshape(kept) / rk))];
                }, x);
            }
            return r;
        }
        T pp = T.CreateChecked(p);
        return Abs().Pow(pp).Sum(axes, keepDim).Pow(T.One / pp);
    }

    /// <summary>log Σ e^x over <paramref name="dim"/>, computed stably (shifted by the maximum).</summary>
    public Tensor<T> LogSumExp(int dim, bool keepDim = false)
    {
        int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dim));
        Tensor<T> m;
        using (Tensor.NoGrad())
        {
            m = Max(d, keepDim: true);
            m = Where(m.IsNaN() | m.Eq(T.PositiveInfinity) | m.Eq(T.NegativeInfinity), T.Zero, m);
        }
        Tensor<T> r = (this - m).Exp().Sum(d, keepDim: true).Log() + m;
        return keepDim ? r : r.Squeeze(d);
    }

    /// <summary>Largest element, as a rank-0 tensor. The gradient is shared equally among tied maxima (<c>torch.amax</c>).</summary>
    public Tensor<T> Max() => Max(AllDims(Rank), keepDim: false);

    /// <summary>Largest element along one dimension (values only, like <c>torch.amax</c>).</summary>
    public Tensor<T> Max(int dim, bool keepDim = false) => Max([ShapeUtil.NormalizeDim(dim, Rank, nameof(dim))], keepDim);

    /// <summary>Largest elements over the given dimensions; ties share the gradient equally.</summary>
    public Tensor<T> Max(int[] dims, bool keepDim = false) => Extreme(dims, keepDim, Reductions.Kind.Max, "Max");

    /// <summary>Smallest element, as a rank-0 tensor (<c>torch.amin</c>).</summary>
    public Tensor<T> Min() => Min(AllDims(Rank), keepDim: false);

    /// <summary>Smallest element along one dimension.</summary>
    public Tensor<T> Min(int dim, bool keepDim = false) => Min([ShapeUtil.NormalizeDim(dim, Rank, nameof(dim))], keepDim);

    /// <summary>Smallest elements over the given dimensions; ties share the gradient equally.</summary>
    public Tensor<T> Min(int[] dims, bool keepDim = false) => Extreme(dims, keepDim, Reductions.Kind.Min, "Min");

    private Tensor<T> Extreme(int[] dims, bool keepDim, Reductions.Kind kind, string name)
    {
        if (Count == 0)
        {
            throw new InvalidOperationException($"{name} of an empty tensor is undefined.");
        }
        (int[] axes, int[] keptDims, int[] outDims) = ReductionShapes(dims, keepDim, nameof(dims));
        Tensor<T> r = ReduceRaw(axes, keptDims, kind).ReshapeRaw(outDims);
        if (AnyRequiresGrad(this))
        {
            Tensor<T> x = this;
            Record(r, name, [x], g =>
            {
                Tensor<T> kept = r.Detach().Reshape(keptDims);
                BoolTensor mask = x.Eq(kept);
                Tensor<T> ties = mask.To<T>().Sum(axes, keepDim: true);
                return [Where(mask, g.Reshape(keptDims) / ties, T.Zero)];
            }, x, r);
        }
        return r;
    }

    /// <summary>
    /// Largest values along <paramref name="dim"/> and their indices (<c>torch.max(x, dim)</c>); the gradient goes to
    /// the element at the returned index (the first maximum).
    /// </summary>
    public (Tensor<T> Values, IntTensor Indices) MaxWithIndices(int dim, bool keepDim = false) => ExtremeWithIndices(dim, keepDim, max: true);

    /// <summary>Smallest values along <paramref name="dim"/> and their indices (<c>torch.min(x, dim)</c>).</summary>
    public (Tensor<T> Values, IntTensor Indices) MinWithIndices(int dim, bool keepDim = false) => ExtremeWithIndices(dim, keepDim, max: false);

    private (Tensor<T> Values, IntTensor Indices) ExtremeWithIndices(int dim, bool keepDim, bool max)
    {
        IntTensor idx = ArgExtreme(dim, keepDim: true, max);
        int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dim));
        Tensor<T> values = Gather(d, idx);
        if (!keepDim)
        {
            values = values.Squeeze(d);
            idx = idx.Reshape([.. Dims.Where((_, i) => i != d)]);
        }
        return (values, idx);
    }

    /// <summary>Index of the largest element along <paramref name="dim"/> (first on ties; NaN counts as largest).</summary>
    public IntTensor ArgMax(int dim, bool keepDim) => ArgExtreme(dim, keepDim, max: true);

    /// <summary>Index of the smallest element along <paramref name="dim"/>.</summary>
    public IntTensor ArgMin(int dim, bool keepDim = false) => ArgExtreme(dim, keepDim, max: false);

    /// <summary>Index of the largest element along <paramref name="dim"/>, one per position of the other dimensions.</summary>
    public int[] ArgMax(int dim) => ArgExtreme(dim, keepDim: false, max: true).Data;

    private IntTensor ArgExtreme(int dim, bool keepDim, bool max)
    {
        int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dim));
        if (Dims[d] == 0)
        {
            throw new InvalidOperationException("ArgMax over an empty dimension is undefined.");
        }
        Tensor<T> x = Contiguous();
        (int outer, int size, int inner) = ShapeUtil.Split(Dims, d);
        int[] data = Reductions.ArgExtremumDim<T>(x.Span, outer, size, inner, max);
        int[] dims = keepDim ? [.. Dims.Select((s, i) => i == d ? 1 : s)] : [.. Dims.Where((_, i) => i != d)];
        return new IntTensor(data, dims);
    }

    /// <summary>Cumulative sum along <paramref name="dim"/>; its gradient is the reversed cumulative sum of the upstream gradient.</summary>
    public Tensor<T> CumSum(int dim)
    {
        int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dim));
        Tensor<T> x = Contiguous();
        Tensor<T> r = Empty(Dims);
        (int outer, int size, int inner) = ShapeUtil.Split(Dims, d);
        ReadOnlySpan<T> s = x.Span;
        Span<T> o = r.Span;
        for (int a = 0; a < outer; a++)
        {
            int b = a * size * inner;
            s.Slice(b, Math.Min(inner, s.Length - b)).CopyTo(o.Slice(b));
            for (int k = 1; k < size; k++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(o.Slice(b + (k - 1) * inner, inner), s.Slice(b + k * inner, inner), o.Slice(b + k * inner, inner));
            }
        }
        if (AnyRequiresGrad(this))
        {
            Record(r, "CumSum", [this], g => [g.Flip(d).CumSum(d).Flip(d)]);
        }
        return r;
    }

    /// <summary>Product of the elements along <paramref name="dim"/>; the gradient is the product of the others (exact with zeros).</summary>
    public Tensor<T> Prod(int dim, bool keepDim = false)
    {
        int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dim));
        int n = Dims[d];
        Tensor<T> result = Narrow(d, 0, Math.Min(1, n));
        for (int k = 1; k < n; k++)
        {
            result *= Narrow(d, k, 1);
        }
        if (n == 0)
        {
            int[] shape = [.. Dims];
            shape[d] = 1;
            result = Ones(shape);
        }
        return keepDim ? result : result.Squeeze(d);
    }

    /// <summary>Sorted distinct axes, the keep-dim shape and the output shape of a reduction.</summary>
    private (int[] Axes, int[] KeptDims, int[] OutDims) ReductionShapes(int[] dims, bool keepDim, string paramName)
    {
        ArgumentNullException.ThrowIfNull(dims, paramName);
        var axes = new SortedSet<int>();
        foreach (int dim in dims)
        {
            if (!axes.Add(ShapeUtil.NormalizeDim(dim, Rank, paramName)))
            {
                throw new ArgumentException($"Dimension {dim} appears more than once in the reduction.", paramName);
            }
        }
        var kept = (int[])Dims.Clone();
        var outDims = new List<int>();
        for (int i = 0; i < Dims.Length; i++)
        {
            if (axes.Contains(i))
            {
                kept[i] = 1;
                if (keepDim)
                {
                    outDims.Add(1);
                }
            }
            else
            {
                outDims.Add(Dims[i]);
            }
        }
        return ([.. axes], kept, [.. outDims]);
    }
}
