using System.Numerics;

namespace AutoDiff.Tensors;

public sealed partial class Tensor<T>
{
    /// <summary>
    /// Extracts sliding blocks (im2col, <c>torch.nn.functional.unfold</c>): input [N, C, H, W] → [N, C·kh·kw, L]
    /// with L = outH·outW, zero padding. Its gradient is <see cref="Fold"/> (col2im) and vice versa.
    /// </summary>
    public static Tensor<T> Unfold(Tensor<T> input, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 4)
        {
            throw new ArgumentException($"Unfold expects [N, C, H, W]; got {ShapeUtil.Format(input.Dims)}.", nameof(input));
        }
        (int n, int c, int h, int w) = (input.Dims[0], input.Dims[1], input.Dims[2], input.Dims[3]);
        ConvGeometry g = ConvGeometry.Create(h, w, kernel, stride, padding, nameof(kernel));
        Tensor<T> x = input.Detach().Contiguous();
        Tensor<T> r = Empty([n, c * kernel.H * kernel.W, g.OutH * g.OutW]);
        Im2Col(x.Span, r.Span, n, c, h, w, g, kernel, stride, padding);
        if (AnyRequiresGrad(input))
        {
            Record(r, "Unfold", [input], gr => [Fold(gr, (h, w), kernel, stride, padding)]);
        }
        return r;
    }

    /// <summary>
    /// Sums sliding blocks back into an image (col2im, <c>torch.nn.functional.fold</c>): [N, C·kh·kw, L] → [N, C, H, W];
    /// overlapping positions add up.
    /// </summary>
    public static Tensor<T> Fold(Tensor<T> columns, (int H, int W) outputSize, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding)
    {
        ArgumentNullException.ThrowIfNull(columns);
        (int h, int w) = outputSize;
        ConvGeometry g = ConvGeometry.Create(h, w, kernel, stride, padding, nameof(kernel));
        int kk = kernel.H * kernel.W;
        if (columns.Rank != 3 || columns.Dims[1] % kk != 0 || columns.Dims[2] != g.OutH * g.OutW)
        {
            throw new ArgumentException($"Fold: columns {ShapeUtil.Format(columns.Dims)} do not fit output {h}x{w} with kernel {kernel.H}x{kernel.W}.", nameof(columns));
        }
        int n = columns.Dims[0], c = columns.Dims[1] / kk;
        Tensor<T> cols = columns.Detach().Contiguous();
        Tensor<T> r = Empty([n, c, h, w], clear: true);
        Col2Im(cols.Span, r.Span, n, c, h, w, g, kernel, stride, padding);
        if (AnyRequiresGrad(columns))
        {
            Record(r, "Fold", [columns], gr => [Unfold(gr, kernel, stride, padding)]);
        }
        return r;
    }

    /// <summary>
    /// 2-D convolution (cross-correlation, as in PyTorch): input [N, C, H, W], weight [O, C, kh, kw], bias [O] →
    /// [N, O, outH, outW]; computed as im2col followed by one batched matrix product.
    /// </summary>
    public static Tensor<T> Conv2d(Tensor<T> input, Tensor<T> weight, Tensor<T>? bias = null, int stride = 1, int padding = 0)
        => Conv2d(input, weight, bias, (stride, stride), (padding, padding));

    /// <summary>2-D convolution with separate strides and paddings per spatial dimension.</summary>
    public static Tensor<T> Conv2d(Tensor<T> input, Tensor<T> weight, Tensor<T>? bias, (int H, int W) stride, (int H, int W) padding)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 4)
        {
            throw new ArgumentException($"Conv2d: weight must be [out, in, kh, kw]; got {ShapeUtil.Format(weight.Dims)}.", nameof(weight));
        }
        if (input.Rank != 4 || input.Dims[1] != weight.Dims[1])
        {
            throw new ArgumentException($"Conv2d: input must be [N, {weight.Dims[1]}, H, W]; got {ShapeUtil.Format(input.Dims)}.", nameof(input));
        }
        if (bias is not null && (bias.Rank != 1 || bias.Count != weight.Dims[0]))
        {
            throw new ArgumentException($"Conv2d: bias must be [{weight.Dims[0]}]; got {ShapeUtil.Format(bias.Dims)}.", nameof(bias));
        }
        int n = input.Dims[0], o = weight.Dims[0];
        (int kh, int kw) = (weight.Dims[2], weight.Dims[3]);
        ConvGeometry g = ConvGeometry.Create(input.Dims[2], input.Dims[3], (kh, kw), stride, padding, nameof(weight));
        Tensor<T> cols = Unfold(input, (kh, kw), stride, padding);                 // [N, C·kh·kw, L]
        Tensor<T> y = MatMul(weight.Reshape(o, -1), cols);                          // [N, O, L]
        if (bias is not null)
        {
            y = y + bias.Reshape(o, 1);
        }
        return y.Reshape(n, o, g.OutH, g.OutW);
    }

    /// <summary>1-D convolution: input [N, C, L], weight [O, C, k], bias [O] → [N, O, outL].</summary>
    public static Tensor<T> Conv1d(Tensor<T> input, Tensor<T> weight, Tensor<T>? bias = null, int stride = 1, int padding = 0)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (input.Rank != 3 || weight.Rank != 3)
        {
            throw new ArgumentException($"Conv1d expects input [N, C, L] and weight [O, C, k]; got {ShapeUtil.Format(input.Dims)} and {ShapeUtil.Format(weight.Dims)}.", input.Rank != 3 ? nameof(input) : nameof(weight));
        }
        return Conv2d(input.Unsqueeze(2), weight.Unsqueeze(2), bias, (1, stride), (0, padding)).Squeeze(2);
    }

    /// <summary>
    /// 2-D max pooling over [N, C, H, W] (padding counts as −∞); the gradient goes to the first maximum of each window,
    /// as in <c>torch.nn.functional.max_pool2d</c>.
    /// </summary>
    public static Tensor<T> MaxPool2d(Tensor<T> input, int kernel, int? stride = null, int padding = 0)
    {
        (Tensor<T> cols, int n, int c, ConvGeometry g) = PoolColumns(input, kernel, stride ?? kernel, padding, T.NegativeInfinity);
        return cols.MaxWithIndices(1).Values.Reshape(n, c, g.OutH, g.OutW);
    }

    /// <summary>2-D average pooling over [N, C, H, W]; zero padding is counted in the average (PyTorch's default).</summary>
    public static Tensor<T> AvgPool2d(Tensor<T> input, int kernel, int? stride = null, int padding = 0)
    {
        (Tensor<T> cols, int n, int c, ConvGeometry g) = PoolColumns(input, kernel, stride ?? kernel, padding, T.Zero);
        return cols.Mean(1).Reshape(n, c, g.OutH, g.OutW);
    }

    /// <summary>1-D max pooling over [N, C, L].</summary>
    public static Tensor<T> MaxPool1d(Tensor<T> input, int kernel, int? stride = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 3)
        {
            throw new ArgumentException($"MaxPool1d expects [N, C, L]; got {ShapeUtil.Format(input.Dims)}.", nameof(input));
        }
        int s = stride ?? kernel;
        Tensor<T> x = input.Unsqueeze(2);
        (Tensor<T> cols, int n, int c, ConvGeometry g) = PoolColumns(x, (1, kernel), (1, s), T.NegativeInfinity);
        return cols.MaxWithIndices(1).Values.Reshape(n, c, g.OutW);
    }

    /// <summary>Mean over the spatial dimensions of [N, C, H, W] → [N, C] (global average pooling).</summary>
    public static Tensor<T> GlobalAvgPool2d(Tensor<T> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Mean([2, 3]);
    }

    private static (Tensor<T> Cols, int N, int C, ConvGeometry G) PoolColumns(Tensor<T> input, int kernel, int stride, int padding, T padValue)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 4)
        {
            throw new ArgumentException($"Pooling expects [N, C, H, W]; got {ShapeUtil.Format(input.Dims)}.", nameof(input));
        }
        if (padding < 0 || 2 * padding > kernel)
        {
            throw new ArgumentOutOfRangeException(nameof(padding), padding, "Padding must be between 0 and half the kernel size.");
        }
        Tensor<T> x = padding > 0 ? input.Pad([padding, padding, padding, padding], padValue) : input;
        return PoolColumns(x, (kernel, kernel), (stride, stride), padValue);
    }

    private static (Tensor<T> Cols, int N, int C, ConvGeometry G) PoolColumns(Tensor<T> x, (int H, int W) kernel, (int H, int W) stride, T padValue)
    {
        int n = x.Dims[0], c = x.Dims[1];
        ConvGeometry g = ConvGeometry.Create(x.Dims[2], x.Dims[3], kernel, stride, (0, 0), nameof(kernel));
        Tensor<T> cols = Unfold(x.Reshape(n * c, 1, x.Dims[2], x.Dims[3]), kernel, stride, (0, 0)); // [N·C, k·k, L]
        return (cols, n, c, g);
    }

    private static void Im2Col(ReadOnlySpan<T> x, Span<T> cols, int n, int c, int h, int w, ConvGeometry g, (int H, int W) k, (int H, int W) s, (int H, int W) p)
    {
        int l = g.OutH * g.OutW;
        int rows = c * k.H * k.W;
        for (int b = 0; b < n; b++)
        {
            for (int row = 0; row < rows; row++)
            {
                int ch = row / (k.H * k.W), ki = row / k.W % k.H, kj = row % k.W;
                Span<T> dst = cols.Slice((b * rows + row) * l, l);
                int src0 = (b * c + ch) * h * w;
                for (int oh = 0; oh < g.OutH; oh++)
                {
                    int ih = oh * s.H - p.H + ki;
                    for (int ow = 0; ow < g.OutW; ow++)
                    {
                        int iw = ow * s.W - p.W + kj;
                        dst[oh * g.OutW + ow] = (uint)ih < (uint)h && (uint)iw < (uint)w ? x[src0 + ih * w + iw] : T.Zero;
                    }
                }
            }
        }
    }

    private static void Col2Im(ReadOnlySpan<T> cols, Span<T> x, int n, int c, int h, int w, ConvGeometry g, (int H, int W) k, (int H, int W) s, (int H, int W) p)
    {
        int l = g.OutH * g.OutW;
        int rows = c * k.H * k.W;
        for (int b = 0; b < n; b++)
        {
            for (int row = 0; row < rows; row++)
            {
                int ch = row / (k.H * k.W), ki = row / k.W % k.H, kj = row % k.W;
                ReadOnlySpan<T> src = cols.Slice((b * rows + row) * l, l);
                int dst0 = (b * c + ch) * h * w;
                for (int oh = 0; oh < g.OutH; oh++)
                {
                    int ih = oh * s.H - p.H + ki;
                    if ((uint)ih >= (uint)h)
                    {
                        continue;
                    }
                    for (int ow = 0; ow < g.OutW; ow++)
                    {
                        int iw = ow * s.W - p.W + kj;
                        if ((uint)iw < (uint)w)
                        {
                            x[dst0 + ih * w + iw] += src[oh * g.OutW + ow];
                        }
                    }
                }
            }
        }
    }

    /// <summary>Output size of a sliding window.</summary>
    private readonly record struct ConvGeometry(int OutH, int OutW)
    {
        public static ConvGeometry Create(int h, int w, (int H, int W) k, (int H, int W) s, (int H, int W) p, string paramName)
        {
            if (k.H <= 0 || k.W <= 0 || s.H <= 0 || s.W <= 0 || p.H < 0 || p.W < 0)
            {
                throw new ArgumentException($"Kernel {k.H}x{k.W} and stride {s.H}x{s.W} must be positive, padding {p.H}x{p.W} non-negative.", paramName);
            }
            int oh = (h + 2 * p.H - k.H) / s.H + 1, ow = (w + 2 * p.W - k.W) / s.W + 1;
            if (h + 2 * p.H < k.H || w + 2 * p.W < k.W)
            {
                throw new ArgumentException($"Kernel {k.H}x{k.W} is larger than the padded input {h + 2 * p.H}x{w + 2 * p.W}.", paramName);
            }
            return new ConvGeometry(oh, ow);
        }
    }
}
