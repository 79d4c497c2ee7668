using System.Numerics;

namespace AutoDiff.Tensors;

public sealed partial class Tensor<T>
{
    /// <summary>A tensor of the given shape filled with zeros.</summary>
    public static Tensor<T> Zeros(params int[] shape) => Empty(ShapeUtil.CheckShape(shape, nameof(shape)), clear: true);

    /// <summary>A tensor of the given shape filled with ones.</summary>
    public static Tensor<T> Ones(params int[] shape) => Full(T.One, shape);

    /// <summary>A tensor of the given shape filled with <paramref name="value"/>.</summary>
    public static Tensor<T> Full(T value, params int[] shape)
    {
        Tensor<T> t = Empty(ShapeUtil.CheckShape(shape, nameof(shape)));
        t.Span.Fill(value);
        return t;
    }

    /// <summary>A rank-0 tensor holding <paramref name="value"/>.</summary>
    public static Tensor<T> Scalar(T value) => Full(value);

    /// <summary>A tensor of zeros with the shape of <paramref name="other"/>.</summary>
    public static Tensor<T> ZerosLike(Tensor<T> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Empty(other.Dims, clear: true);
    }

    /// <summary>A tensor of ones with the shape of <paramref name="other"/>.</summary>
    public static Tensor<T> OnesLike(Tensor<T> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Full(T.One, other.Dims);
    }

    /// <summary>The n × m identity matrix (m = n when omitted).</summary>
    public static Tensor<T> Eye(int n, int? m = null)
    {
        int cols = m ?? n;
        Tensor<T> t = Zeros(n, cols);
        Span<T> s = t.Span;
        for (int i = 0; i < Math.Min(n, cols); i++)
        {
            s[i * cols + i] = T.One;
        }
        return t;
    }

    /// <summary><paramref name="steps"/> evenly spaced values from <paramref name="start"/> to <paramref name="end"/> inclusive.</summary>
    public static Tensor<T> Linspace(T start, T end, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        Tensor<T> t = Empty([steps]);
        Span<T> s = t.Span;
        T step = steps > 1 ? (end - start) / T.CreateChecked(steps - 1) : T.Zero;
        for (int i = 0; i < steps; i++)
        {
            // The second half counts back from the end, so both ends are exact (as PyTorch does).
            s[i] = i < steps / 2 ? start + step * T.CreateChecked(i) : end - step * T.CreateChecked(steps - 1 - i);
        }
        return t;
    }

    /// <summary>Copies <paramref name="data"/> into a tensor of the given shape (1-D when no shape is given).</summary>
    public static Tensor<T> FromArray(T[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        int[] dims = shape is null || shape.Length == 0 ? [data.Length] : ShapeUtil.CheckShape(shape, nameof(shape));
        if (ShapeUtil.Count(dims) != data.Length)
        {
            throw new ArgumentException(
                $"Data has {data.Length} elements but shape {ShapeUtil.Format(dims)} needs {ShapeUtil.Count(dims)}.", nameof(data));
        }
        Tensor<T> t = Empty(dims);
        data.CopyTo(t.Span);
        return t;
    }

    /// <summary>Copies a 2-D array into a tensor of shape [rows, columns].</summary>
    public static Tensor<T> FromArray(T[,] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int rows = data.GetLength(0), cols = data.GetLength(1);
        Tensor<T> t = Empty([rows, cols]);
        Span<T> s = t.Span;
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                s[i * cols + j] = data[i, j];
            }
        }
        return t;
    }

    /// <summary>The values 0, 1, ..., up to but excluding <paramref name="end"/>.</summary>
    public static Tensor<T> Arange(T end) => Arange(T.Zero, end, T.One);

    /// <summary>The values start, start + 1, ..., up to but excluding <paramref name="end"/>.</summary>
    public static Tensor<T> Arange(T start, T end) => Arange(start, end, T.One);

    /// <summary>The values start, start + step, ..., up to but excluding <paramref name="end"/>.</summary>
    public static Tensor<T> Arange(T start, T end, T step)
    {
        if (step == T.Zero || !T.IsFinite(step))
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "Step must be finite and non-zero.");
        }
        if (!T.IsFinite(start) || !T.IsFinite(end))
        {
            throw new ArgumentException("Start and end must be finite.", T.IsFinite(start) ? nameof(end) : nameof(start));
        }
        double n = Math.Ceiling(double.CreateChecked((end - start) / step));
        int count = n <= 0 ? 0 : checked((int)n);
        Tensor<T> t = Empty([count]);
        Span<T> s = t.Span;
        for (int i = 0; i < count; i++)
        {
            s[i] = start + T.CreateChecked(i) * step;
        }
        return t;
    }

    /// <summary>Samples from N(0, 1) using <paramref name="random"/> (Box-Muller), so a seeded Random repeats.</summary>
    public static Tensor<T> RandomNormal(Random random, params int[] shape) => RandomNormal(random, T.Zero, T.One, shape);

    /// <summary>Samples from N(mean, std²) using <paramref name="random"/>.</summary>
    public static Tensor<T> RandomNormal(Random random, T mean, T std, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (std < T.Zero || !T.IsFinite(std))
        {
            throw new ArgumentOutOfRangeException(nameof(std), std, "Standard deviation must be finite and non-negative.");
        }
        Tensor<T> t = Zeros(shape);
        Span<T> d = t.Span;
        for (int i = 0; i < d.Length; i += 2)
        {
            double u1 = 1.0 - random.NextDouble(); // (0, 1]: keeps Log finite
            double u2 = random.NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1));
            d[i] = mean + std * T.CreateChecked(r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < d.Length)
            {
                d[i + 1] = mean + std * T.CreateChecked(r * Math.Sin(2 * Math.PI * u2));
            }
        }
        return t;
    }

    /// <summary>Samples uniformly from [low, high) using <paramref name="random"/>.</summary>
    public static Tensor<T> RandomUniform(Random random, T low, T high, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(low <= high) || !T.IsFinite(low) || !T.IsFinite(high))
        {
            throw new ArgumentException($"Need finite low <= high, got low={low}, high={high}.", nameof(high));
        }
        Tensor<T> t = Zeros(shape);
        Span<T> d = t.Span;
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = low + (high - low) * T.CreateChecked(random.NextDouble());
        }
        return t;
    }
}
