using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiff.Tensors.Kernels;

/// <summary>
/// Drivers that run span kernels over strided and broadcast operands into a contiguous result, one contiguous
/// run of the output at a time. Neighbouring dimensions that every operand traverses the same way are merged so
/// runs are long; an operand that is constant along a run (broadcast, stride 0) is passed as a scalar, one with
/// another stride is gathered into a scratch buffer. Large outputs are split across cores.
/// </summary>
internal static class Elementwise
{
    /// <summary>Elements per chunk below which splitting across threads costs more than it saves.</summary>
    public const int Grain = 1 << 15;

    /// <summary>dst = op(a, b) with broadcasting; dst is contiguous with the broadcast shape.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Binary<T, TOp>(Tensor<T> a, Tensor<T> b, Tensor<T> dst, TOp op = default)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IBinaryOp<T>
    {
        int count = dst.Count;
        if (count == 0)
        {
            return;
        }
        T[] ab = a.Buffer, bb = b.Buffer, db = dst.Buffer;
        int ao = a.Offset, bo = b.Offset, d0 = dst.Offset;
        bool aFull = a.IsContiguous && a.Count == count, bFull = b.IsContiguous && b.Count == count;
        if (aFull && (bFull || b.Count == 1))
        {
            if (count < 2 * Grain || Tensor.NumThreads == 1)
            {
                Run(op, ab, ao, bb, bo, db, d0, count, b.Count == 1 && !bFull);
            }
            else
            {
                bool scalar = b.Count == 1 && !bFull;
                WorkSharing.ForRange(count, Grain, (s, e) => Run(op, ab, ao + s, bb, scalar ? bo : bo + s, db, d0 + s, e - s, scalar));
            }
            return;
        }
        if (a.Count == 1 && bFull)
        {
            T x = ab[ao];
            WorkSharing.ForRange(count, Grain, (s, e) => op.Run(x, bb.AsSpan(bo + s, e - s), db.AsSpan(d0 + s, e - s)));
            return;
        }
        var layout = new Layout(dst.Dims, ShapeUtil.BroadcastStrides(a.Dims, a.Strides, dst.Dims), ShapeUtil.BroadcastStrides(b.Dims, b.Strides, dst.Dims));
        int n = layout.Inner;
        int rows = count / n;
        int rowGrain = Math.Max(1, Grain / n);
        WorkSharing.ForRange(rows, rowGrain, (r0, r1) => StridedRows(op, layout, ab, ao, bb, bo, db, d0, r0, r1));
    }

    private static void Run<T, TOp>(TOp op, T[] a, int ao, T[] b, int bo, T[] d, int d0, int n, bool bScalar)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IBinaryOp<T>
    {
        if (bScalar)
        {
            op.Run(a.AsSpan(ao, n), b[bo], d.AsSpan(d0, n));
        }
        else
        {
            op.Run(a.AsSpan(ao, n), b.AsSpan(bo, n), d.AsSpan(d0, n));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StridedRows<T, TOp>(TOp op, Layout layout, T[] ab, int ao, T[] bb, int bo, T[] db, int d0, int r0, int r1)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IBinaryOp<T>
    {
        int n = layout.Inner;
        int ia = layout.StrideA[^1], ib = layout.StrideB[^1];
        Span<int> index = stackalloc int[layout.Dims.Length];
        (int offA, int offB) = layout.Start(r0, index, ao, bo);
        T[]? scratchA = ia is not (0 or 1) ? new T[n] : null;
        T[]? scratchB = ib is not (0 or 1) ? new T[n] : null;
        for (int row = r0; row < r1; row++)
        {
            Span<T> d = db.AsSpan(d0 + row * n, n);
            ReadOnlySpan<T> sa = ia == 1 ? ab.AsSpan(offA, n) : scratchA is null ? default : Gather(ab, offA, ia, scratchA);
            ReadOnlySpan<T> sb = ib == 1 ? bb.AsSpan(offB, n) : scratchB is null ? default : Gather(bb, offB, ib, scratchB);
            if (ia != 0 && ib != 0)
            {
                op.Run(sa, sb, d);
            }
            else if (ia != 0)
            {
                op.Run(sa, bb[offB], d);
            }
            else if (ib != 0)
            {
                op.Run(ab[offA], sb, d);
            }
            else
            {
                op.Run(ab.AsSpan(offA, 1), bb[offB], d.Slice(0, 1));
                d.Slice(1).Fill(d[0]);
            }
            layout.Advance(index, ref offA, ref offB);
        }
    }

    private static ReadOnlySpan<T> Gather<T>(T[] src, int offset, int stride, T[] scratch)
    {
        for (int j = 0; j < scratch.Length; j++)
        {
            scratch[j] = src[offset + j * stride];
        }
        return scratch;
    }

    /// <summary>dst = op(x) elementwise; x contiguous with dst's element count.</summary>
    public static void Unary<T, TOp>(Tensor<T> x, Tensor<T> dst, TOp op = default, int grain = Grain)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUnaryOp<T>
    {
        T[] xb = x.Buffer, db = dst.Buffer;
        int xo = x.Offset, d0 = dst.Offset;
        if (dst.Count < 2 * grain || Tensor.NumThreads == 1)
        {
            op.Run(xb.AsSpan(xo, dst.Count), db.AsSpan(d0, dst.Count));
            return;
        }
        WorkSharing.ForRange(dst.Count, grain, (s, e) => op.Run(xb.AsSpan(xo + s, e - s), db.AsSpan(d0 + s, e - s)));
    }

    /// <summary>dst = src, where src has dst's shape or broadcasts to it (any strides); dst contiguous.</summary>
    public static void Copy<T>(Tensor<T> src, Tensor<T> dst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (src.IsContiguous && src.Count == dst.Count)
        {
            src.Span.CopyTo(dst.Span);
            return;
        }
        Binary<T, SecondOp<T>>(src, src, dst);
    }

    /// <summary>dst = src where dst is any (non-overlapping) strided view and src has dst's shape or broadcasts to it.</summary>
    public static void CopyStrided<T>(Tensor<T> src, Tensor<T> dst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (dst.IsContiguous)
        {
            Copy(src, dst);
            return;
        }
        int rank = dst.Rank;
        int count = dst.Count;
        if (count == 0)
        {
            return;
        }
        int[] ss = ShapeUtil.BroadcastStrides(src.Dims, src.Strides, dst.Dims);
        int[] ds = dst.Strides, dims = dst.Dims;
        T[] sb = src.Buffer, db = dst.Buffer;
        int n = dims[rank - 1], si = ss[rank - 1], di = ds[rank - 1];
        int so = src.Offset, d0 = dst.Offset;
        var index = new int[rank];
        for (int done = 0; done < count; done += n)
        {
            for (int j = 0; j < n; j++)
            {
                db[d0 + j * di] = sb[so + j * si];
            }
            for (int k = rank - 2; k >= 0; k--)
            {
                index[k]++;
                so += ss[k];
                d0 += ds[k];
                if (index[k] < dims[k])
                {
                    break;
                }
                so -= ss[k] * dims[k];
                d0 -= ds[k] * dims[k];
                index[k] = 0;
            }
        }
    }

    /// <summary>acc += g in place (acc contiguous; g of acc's shape or broadcasting to it).</summary>
    public static void AddInto<T>(Tensor<T> acc, Tensor<T> g)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Binary<T, AddOp<T>>(acc, g, acc);

    /// <summary>Merged dimensions and per-operand strides of a broadcast elementwise operation.</summary>
    private sealed class Layout
    {
        public Layout(int[] outDims, int[] sa, int[] sb)
        {
            var dims = new List<int>();
            var la = new List<int>();
            var lb = new List<int>();
            for (int i = 0; i < outDims.Length; i++)
            {
                if (outDims[i] == 1)
                {
                    continue;
                }
                int last = dims.Count - 1;
                if (last >= 0 && la[last] == sa[i] * outDims[i] && lb[last] == sb[i] * outDims[i])
                {
                    dims[last] *= outDims[i];
                    la[last] = sa[i];
                    lb[last] = sb[i];
                }
                else
                {
                    dims.Add(outDims[i]);
                    la.Add(sa[i]);
                    lb.Add(sb[i]);
                }
            }
            if (dims.Count == 0)
            {
                dims.Add(1);
                la.Add(0);
                lb.Add(0);
            }
            Dims = [.. dims];
            StrideA = [.. la];
            StrideB = [.. lb];
        }

        public int[] Dims { get; }

        public int[] StrideA { get; }

        public int[] StrideB { get; }

        public int Inner => Dims[^1];

        /// <summary>Offsets of row <paramref name="row"/> (a row = one run of the last merged dimension).</summary>
        public (int A, int B) Start(int row, Span<int> index, int a, int b)
        {
            for (int k = Dims.Length - 2; k >= 0; k--)
            {
                index[k] = row % Dims[k];
                row /= Dims[k];
                a += index[k] * StrideA[k];
                b += index[k] * StrideB[k];
            }
            return (a, b);
        }

        public void Advance(Span<int> index, ref int a, ref int b)
        {
            for (int k = Dims.Length - 2; k >= 0; k--)
            {
                index[k]++;
                a += StrideA[k];
                b += StrideB[k];
                if (index[k] < Dims[k])
                {
                    return;
                }
                a -= StrideA[k] * Dims[k];
                b -= StrideB[k] * Dims[k];
                index[k] = 0;
            }
        }
    }
}
