using System.Numerics;
using AutoDiff.Tensors.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace AutoDiff.Tensors;

public sealed partial class Tensor<T>
{
    /// <summary>Sum of all elements, as a rank-0 tensor.</summary>
    public Tensor<T> Sum()
    {
        Tensor<T> r = Scalar(TP.Sum<T>(Data));
        int[] dims = Dims;
        return AnyRequiresGrad(this) ? Record(r, "Sum", [this], g => [g.Expand(dims)]) : r;
    }

    /// <summary>Sum over one dimension (negative counts from the end).</summary>
    public Tensor<T> Sum(int dim, bool keepDim = false) => Sum([ShapeUtil.NormalizeDim(dim, Rank, nameof(dim))], keepDim);

    /// <summary>Sum over the given dimensions; <paramref name="keepDim"/> keeps them with size 1.</summary>
    public Tensor<T> Sum(int[] dims, bool keepDim = false)
    {
        (int[] axes, int[] keptDims, int[] outDims) = ReductionShapes(dims, keepDim, nameof(dims));
        T[] data = Data;
        int[] cur = Dims;
        for (int i = axes.Length - 1; i >= 0; i--)
        {
            (int outer, int size, int inner) = ShapeUtil.Split(cur, axes[i]);
            data = Reductions.SumDim(data, outer, size, inner);
            cur = (int[])cur.Clone();
            cur[axes[i]] = 1;
        }
        var r = new Tensor<T>(data, outDims);
        int[] inDims = Dims;
        return AnyRequiresGrad(this) ? Record(r, "SumDim", [this], g => [g.Reshape(keptDims).Expand(inDims)]) : r;
    }

    /// <summary>Mean of all elements, as a rank-0 tensor.</summary>
    public Tensor<T> Mean() => Sum() / T.CreateChecked(Math.Max(Count, 1));

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
        return Sum(dims, keepDim) / T.CreateChecked(Math.Max(n, 1));
    }

    /// <summary>Largest element, as a rank-0 tensor. The gradient is shared equally among tied maxima.</summary>
    public Tensor<T> Max() => Max([.. Enumerable.Range(0, Rank)], keepDim: false);

    /// <summary>Largest element along one dimension.</summary>
    public Tensor<T> Max(int dim, bool keepDim = false) => Max([ShapeUtil.NormalizeDim(dim, Rank, nameof(dim))], keepDim);

    /// <summary>Largest elements over the given dimensions (values only, like <c>torch.amax</c>).</summary>
    public Tensor<T> Max(int[] dims, bool keepDim = false)
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("Max of an empty tensor is undefined.");
        }
        (int[] axes, int[] keptDims, int[] outDims) = ReductionShapes(dims, keepDim, nameof(dims));
        T[] data = Data;
        int[] cur = Dims;
        for (int i = axes.Length - 1; i >= 0; i--)
        {
            (int outer, int size, int inner) = ShapeUtil.Split(cur, axes[i]);
            data = Reductions.MaxDim(data, outer, size, inner);
            cur = (int[])cur.Clone();
            cur[axes[i]] = 1;
        }
        var r = new Tensor<T>(data, outDims);
        if (AnyRequiresGrad(this))
        {
            Tensor<T> x = this;
            Record(r, "Max", [x], g =>
            {
                Tensor<T> kept = r.Reshape(keptDims);
                var mask = new Tensor<T>(Broadcasting.Apply<T, EqualMaskKernel<T>>(x.Data, x.Dims, kept.Data, keptDims, x.Dims), x.Dims);
                Tensor<T> ties = mask.Sum([.. axes], keepDim: true);
                return [mask * (g.Reshape(keptDims) / ties)];
            });
        }
        return r;
    }

    /// <summary>Index of the largest element along <paramref name="dim"/>, one per position of the other dimensions.</summary>
    public int[] ArgMax(int dim)
    {
        int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dim));
        if (Dims[d] == 0)
        {
            throw new InvalidOperationException("ArgMax over an empty dimension is undefined.");
        }
        (int outer, int size, int inner) = ShapeUtil.Split(Dims, d);
        return Reductions.ArgMaxDim(Data, outer, size, inner);
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
