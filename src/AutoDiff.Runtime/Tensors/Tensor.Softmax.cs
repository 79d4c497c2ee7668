using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace AutoDiff.Tensors;

public sealed partial class Tensor<T>
{
    /// <summary>Softmax along <paramref name="dim"/> (shifted by the maximum, so large inputs do not overflow).</summary>
    public Tensor<T> Softmax(int dim) => SoftmaxCore(dim, log: false);

    /// <summary>log(Softmax) along <paramref name="dim"/>, computed stably as x − max − log Σ e^(x − max).</summary>
    public Tensor<T> LogSoftmax(int dim) => SoftmaxCore(dim, log: true);

    private Tensor<T> SoftmaxCore(int dim, bool log)
    {
        int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dim));
        // Rows along the last dimension are contiguous; another dimension is moved there and back (views).
        Tensor<T> x = d == Rank - 1 ? Detach().Contiguous() : Detach().Transpose(d, -1).Contiguous();
        Tensor<T> r = Empty(x.Dims);
        int size = x.Dims[^1], rows = size == 0 ? 0 : x.Count / size;
        T[] xs = x.Buffer, rs = r.Buffer;
        int xo = x.Offset;
        Kernels.WorkSharing.ForRange(rows, Math.Max(1, Kernels.Elementwise.Grain / 16 / Math.Max(size, 1)), (r0, r1) =>
        {
            for (int i = r0; i < r1; i++)
            {
                ReadOnlySpan<T> row = xs.AsSpan(xo + i * size, size);
                Span<T> o = rs.AsSpan(i * size, size);
                T max = Kernels.Simd.Max(row);
                if (!T.IsFinite(max))
                {
                    max = T.IsNaN(max) ? max : T.Zero;
                }
                default(Kernels.Vec2<T, Kernels.SubtractF<T>>).Run(row, max, o);
                Kernels.MathKernels.Map<T, Kernels.ExpFn>(o, o);
                T sum = Kernels.Simd.Sum<T>(o);
                if (log)
                {
                    default(Kernels.Vec2<T, Kernels.SubtractF<T>>).Run(row, max + T.Log(sum), o);
                }
                else
                {
                    default(Kernels.Vec2<T, Kernels.MultiplyF<T>>).Run(o, T.One / sum, o);
                }
            }
        });
        if (d != Rank - 1)
        {
            r = r.Transpose(d, -1);
        }
        if (AnyRequiresGrad(this))
        {
            Record(r, log ? "LogSoftmax" : "Softmax", [this], g => [log ? LogSoftmaxBackward(g, r, d) : SoftmaxBackward(g, r, d)], r);
        }
        return r;
    }

    /// <summary>r·(g − Σ g·r): fused per row when nothing records, otherwise tensor operations (for createGraph).</summary>
    private static Tensor<T> SoftmaxBackward(Tensor<T> g, Tensor<T> r, int d)
    {
        if (Tensor.IsGradEnabled || d != r.Rank - 1 || !r.IsContiguous)
        {
            return r * (g - (g * r).Sum(d, keepDim: true));
        }
        Tensor<T> gc = g.Contiguous(), dx = Empty(r.Dims);
        int size = r.Dims[^1], rows = size == 0 ? 0 : r.Count / size;
        ReadOnlySpan<T> gs = gc.Span, ys = r.Span;
        Span<T> o = dx.Span;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<T> gr = gs.Slice(i * size, size), yr = ys.Slice(i * size, size);
            Span<T> orow = o.Slice(i * size, size);
            T dot = TP.Dot(gr, yr);
            TP.Subtract(gr, dot, orow);
            TP.Multiply(orow, yr, orow);
        }
        return dx;
    }

    /// <summary>g − e^r·Σ g.</summary>
    private static Tensor<T> LogSoftmaxBackward(Tensor<T> g, Tensor<T> r, int d)
    {
        if (Tensor.IsGradEnabled || d != r.Rank - 1 || !r.IsContiguous)
        {
            return g - r.Exp() * g.Sum(d, keepDim: true);
        }
        Tensor<T> gc = g.Contiguous(), dx = Empty(r.Dims);
        int size = r.Dims[^1], rows = size == 0 ? 0 : r.Count / size;
        ReadOnlySpan<T> gs = gc.Span, ys = r.Span;
        Span<T> o = dx.Span;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<T> gr = gs.Slice(i * size, size);
            Span<T> orow = o.Slice(i * size, size);
            T sum = TP.Sum(gr);
            TP.Exp(ys.Slice(i * size, size), orow);
            TP.MultiplyAdd(orow, -sum, gr, orow);
        }
        return dx;
    }
}
