using System.Numerics.Tensors;

namespace AutoDiff;

/// <summary>
/// Vectorised functions of <see cref="double"/> spans whose derivatives are declared with
/// <see cref="DerivativeOfAttribute"/>, so <c>[Differentiable]</c> methods can call them.
/// </summary>
/// <remarks>
/// Every length must match exactly (nothing is truncated) and written spans must not overlap the spans
/// read; violations throw <see cref="ArgumentException"/> naming the parameter. Nothing here allocates.
/// Derivatives: <c>NamePullback</c> (reverse mode, adds into its adjoint spans) and <c>NamePushforward</c>
/// (forward mode), in the forms that <see cref="DerivativeOfAttribute"/> describes. See docs/spans.md.
/// </remarks>
public static partial class SpanMath
{
    // Elements per stack buffer for LogSumExp's exponentials: 2 KB of stack, long enough for SIMD to pay off.
    private const int BufferLength = 256;

    /// <summary>Inner product Σᵢ xᵢ·yᵢ.</summary>
    /// <exception cref="ArgumentException"><paramref name="y"/> and <paramref name="x"/> differ in length.</exception>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        SpanArgs.SameLength(y.Length, x.Length, nameof(y), "x.Length");
        return TensorPrimitives.Dot(x, y);
    }

    /// <summary>Sum Σᵢ xᵢ (0 for an empty span).</summary>
    public static double Sum(ReadOnlySpan<double> x) => TensorPrimitives.Sum(x);

    /// <summary>Σᵢ xᵢ² (0 for an empty span).</summary>
    public static double SumOfSquares(ReadOnlySpan<double> x) => TensorPrimitives.SumOfSquares(x);

    /// <summary>Euclidean norm √(Σᵢ xᵢ²), unscaled: it overflows once Σᵢ xᵢ² does.</summary>
    public static double Norm(ReadOnlySpan<double> x) => TensorPrimitives.Norm(x);

    /// <summary>log Σᵢ exp(xᵢ), computed as m + log Σᵢ exp(xᵢ − m) with m = maxᵢ xᵢ; −∞ for an empty span.</summary>
    public static double LogSumExp(ReadOnlySpan<double> x)
    {
        double sum = ShiftedExpSum(x, out double max);
        return double.IsFinite(max) ? max + Math.Log(sum) : max;
    }

    /// <summary>
    /// Σᵢ exp(xᵢ − m) with m = maxᵢ xᵢ, which lies in [1, n] when m is finite. When it is not (empty input,
    /// every element −∞, some +∞, or a NaN) the sum is not computed and <paramref name="max"/> is the LogSumExp.
    /// </summary>
    private static double ShiftedExpSum(ReadOnlySpan<double> x, out double max)
    {
        max = x.IsEmpty ? double.NegativeInfinity : TensorPrimitives.Max(x);
        if (!double.IsFinite(max))
        {
            return double.NaN;
        }

        Span<double> buffer = stackalloc double[BufferLength];
        double sum = 0;
        for (int start = 0; start < x.Length; start += BufferLength)
        {
            Span<double> e = ShiftedExp(x, start, max, buffer);
            sum += TensorPrimitives.Sum(e);
        }

        return sum;
    }

    // exp(xᵢ − shift) for the block of x starting at start, in (a prefix of) buffer.
    private static Span<double> ShiftedExp(ReadOnlySpan<double> x, int start, double shift, Span<double> buffer)
    {
        int count = Math.Min(buffer.Length, x.Length - start);
        Span<double> e = buffer[..count];
        TensorPrimitives.Subtract(x.Slice(start, count), shift, e);
        TensorPrimitives.Exp(e, e);
        return e;
    }

    /// <summary>Writes resultᵢ = exp(xᵢ − m) / Σⱼ exp(xⱼ − m), m = maxⱼ xⱼ.</summary>
    /// <exception cref="ArgumentException"><paramref name="result"/> differs in length from <paramref name="x"/> or overlaps it.</exception>
    public static void Softmax(ReadOnlySpan<double> x, Span<double> result)
    {
        SpanArgs.SameLength(result.Length, x.Length, nameof(result), "x.Length");
        SpanArgs.Disjoint(result, x, nameof(result), nameof(x));
        if (x.IsEmpty)
        {
            return;
        }

        TensorPrimitives.Subtract(x, TensorPrimitives.Max(x), result);
        TensorPrimitives.Exp(result, result);
        TensorPrimitives.Divide(result, TensorPrimitives.Sum(result), result);
    }

    /// <summary>
    /// Writes result = A·x, where A = <paramref name="matrix"/> is row-major with <c>result.Length</c> rows
    /// and <c>x.Length</c> columns: resultᵢ = Σⱼ Aᵢⱼ·xⱼ.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="matrix"/>'s length is not <c>result.Length * x.Length</c>,
    /// or <paramref name="result"/> overlaps <paramref name="matrix"/> or <paramref name="x"/>.</exception>
    public static void MatVec(ReadOnlySpan<double> matrix, ReadOnlySpan<double> x, Span<double> result)
    {
        CheckMatrix(matrix, x, result.Length);
        SpanArgs.Disjoint(result, matrix, nameof(result), nameof(matrix));
        SpanArgs.Disjoint(result, x, nameof(result), nameof(x));

        int columns = x.Length;
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = TensorPrimitives.Dot(matrix.Slice(i * columns, columns), x);
        }
    }

    private static void CheckMatrix(ReadOnlySpan<double> matrix, ReadOnlySpan<double> x, int rows)
    {
        // long: rows * columns may not fit in an int even though each length does.
        if (matrix.Length != (long)rows * x.Length)
        {
            throw new ArgumentException(
                $"Length {matrix.Length} does not match result.Length * x.Length ({rows} * {x.Length}).", nameof(matrix));
        }
    }
}
