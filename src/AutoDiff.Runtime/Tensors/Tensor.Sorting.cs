using System.Numerics;

namespace AutoDiff.Tensors;

public sealed partial class Tensor<T>
{
    /// <summary>
    /// Sorts along <paramref name="dim"/> (stable; NaN sorts last ascending, first descending, as in PyTorch) and
    /// returns the values and their original indices. The gradient flows back to each value's original position.
    /// </summary>
    public (Tensor<T> Values, IntTensor Indices) Sort(int dim = -1, bool descending = false)
    {
        int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dim));
        IntTensor idx = SortedIndices(d, descending, Dims[d]);
        return (Gather(d, idx), idx);
    }

    /// <summary>The <paramref name="k"/> largest (or smallest) elements along <paramref name="dim"/>, sorted, with their indices.</summary>
    public (Tensor<T> Values, IntTensor Indices) TopK(int k, int dim = -1, bool largest = true)
    {
        int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dim));
        if (k < 0 || k > Dims[d])
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be within 0..{Dims[d]} (dimension {d} of {ShapeUtil.Format(Dims)}).");
        }
        IntTensor idx = SortedIndices(d, largest, k);
        return (Gather(d, idx), idx);
    }

    /// <summary>Indices that sort each line along <paramref name="d"/>, the first <paramref name="keep"/> of them.</summary>
    private IntTensor SortedIndices(int d, bool descending, int keep)
    {
        Tensor<T> x = Contiguous();
        (int outer, int size, int inner) = ShapeUtil.Split(Dims, d);
        int[] outDims = (int[])Dims.Clone();
        outDims[d] = keep;
        var result = new int[outer * keep * inner];
        ReadOnlySpan<T> src = x.Span;
        var order = new int[size];
        var keys = new T[size];
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                for (int k = 0; k < size; k++)
                {
                    order[k] = k;
                    keys[k] = src[(o * size + k) * inner + i];
                }
                T[] keyArray = keys;
                Array.Sort(order, (a, b) =>
                {
                    T ka = keyArray[a], kb = keyArray[b];
                    int c = T.IsNaN(ka) ? (T.IsNaN(kb) ? 0 : 1) : T.IsNaN(kb) ? -1 : ka.CompareTo(kb);
                    c = descending ? -c : c;
                    return c != 0 ? c : a.CompareTo(b);
                });
                for (int k = 0; k < keep; k++)
                {
                    result[(o * keep + k) * inner + i] = order[k];
                }
            }
        }
        return new IntTensor(result, outDims);
    }
}
