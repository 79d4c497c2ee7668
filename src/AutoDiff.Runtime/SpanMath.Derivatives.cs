using System.Numerics.Tensors;

namespace AutoDiff;

// Pullbacks add resultBar·∂F/∂p into each adjoint; pushforwards return or write the tangent of F's result.
// Adjoints of different inputs may be the same span (Dot(v, v) passes vBar twice): each is added in its own pass.
public static partial class SpanMath
{
    /// <summary>Dot pullback: xBar += resultBar·y, yBar += resultBar·x.</summary>
    /// <exception cref="ArgumentException">A length differs, or an adjoint overlaps <paramref name="x"/> or <paramref name="y"/>.</exception>
    [DerivativeOf(typeof(SpanMath), nameof(Dot))]
    public static void DotPullback(
        ReadOnlySpan<double> x, ReadOnlySpan<double> y, double resultBar, Span<double> xBar, Span<double> yBar)
    {
        SpanArgs.SameLength(y.Length, x.Length, nameof(y), "x.Length");
        SpanArgs.SameLength(xBar.Length, x.Length, nameof(xBar), "x.Length");
        SpanArgs.SameLength(yBar.Length, y.Length, nameof(yBar), "y.Length");
        SpanArgs.Disjoint(xBar, x, nameof(xBar), nameof(x));
        SpanArgs.Disjoint(xBar, y, nameof(xBar), nameof(y));
        SpanArgs.Disjoint(yBar, x, nameof(yBar), nameof(x));
        SpanArgs.Disjoint(yBar, y, nameof(yBar), nameof(y));
        TensorPrimitives.MultiplyAdd(y, resultBar, xBar, xBar);
        TensorPrimitives.MultiplyAdd(x, resultBar, yBar, yBar);
    }

    /// <summary>Dot pushforward: ⟨ẋ, y⟩ + ⟨x, ẏ⟩.</summary>
    /// <exception cref="ArgumentException">A length differs from <paramref name="x"/>'s.</exception>
    [DerivativeOf(typeof(SpanMath), nameof(Dot))]
    public static double DotPushforward(
        ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> xDot, ReadOnlySpan<double> yDot)
    {
        SpanArgs.SameLength(y.Length, x.Length, nameof(y), "x.Length");
        SpanArgs.SameLength(xDot.Length, x.Length, nameof(xDot), "x.Length");
        SpanArgs.SameLength(yDot.Length, y.Length, nameof(yDot), "y.Length");
        return TensorPrimitives.Dot(xDot, y) + TensorPrimitives.Dot(x, yDot);
    }

    /// <summary>Sum pullback: xBarᵢ += resultBar.</summary>
    /// <exception cref="ArgumentException"><paramref name="xBar"/> differs in length from <paramref name="x"/>.</exception>
    [DerivativeOf(typeof(SpanMath), nameof(Sum))]
    public static void SumPullback(ReadOnlySpan<double> x, double resultBar, Span<double> xBar)
    {
        SpanArgs.SameLength(xBar.Length, x.Length, nameof(xBar), "x.Length");
        TensorPrimitives.Add(xBar, resultBar, xBar);
    }

    /// <summary>Sum pushforward: Σᵢ ẋᵢ.</summary>
    /// <exception cref="ArgumentException"><paramref name="xDot"/> differs in length from <paramref name="x"/>.</exception>
    [DerivativeOf(typeof(SpanMath), nameof(Sum))]
    public static double SumPushforward(ReadOnlySpan<double> x, ReadOnlySpan<double> xDot)
    {
        SpanArgs.SameLength(xDot.Length, x.Length, nameof(xDot), "x.Length");
        return TensorPrimitives.Sum(xDot);
    }

    /// <summary>SumOfSquares pullback: xBar += 2·resultBar·x.</summary>
    /// <exception cref="ArgumentException"><paramref name="xBar"/> differs in length from <paramref name="x"/> or overlaps it.</exception>
    [DerivativeOf(typeof(SpanMath), nameof(SumOfSquares))]
    public static void SumOfSquaresPullback(ReadOnlySpan<double> x, double resultBar, Span<double> xBar)
    {
        SpanArgs.SameLength(xBar.Length, x.Length, nameof(xBar), "x.Length");
        SpanArgs.Disjoint(xBar, x, nameof(xBar), nameof(x));
        TensorPrimitives.MultiplyAdd(x, 2 * resultBar, xBar, xBar);
    }

    /// <summary>SumOfSquares pushforward: 2·⟨x, ẋ⟩.</summary>
    /// <exception cref="ArgumentException"><paramref name="xDot"/> differs in length from <paramref name="x"/>.</exception>
    [DerivativeOf(typeof(SpanMath), nameof(SumOfSquares))]
    public static double SumOfSquaresPushforward(ReadOnlySpan<double> x, ReadOnlySpan<double> xDot)
    {
        SpanArgs.SameLength(xDot.Length, x.Length, nameof(xDot), "x.Length");
        return 2 * TensorPrimitives.Dot(x, xDot);
    }

    /// <summary>Norm pullback: xBar += resultBar·x/‖x‖, nothing at x = 0 (gradient 0 there, as in PyTorch).</summary>
    /// <exception cref="ArgumentException"><paramref name="xBar"/> differs in length from <paramref name="x"/> or overlaps it.</exception>
    [DerivativeOf(typeof(SpanMath), nameof(Norm))]
    public static void NormPullback(ReadOnlySpan<double> x, double resultBar, Span<double> xBar)
    {
        SpanArgs.SameLength(xBar.Length, x.Length, nameof(xBar), "x.Length");
        SpanArgs.Disjoint(xBar, x, nameof(xBar), nameof(x));
        double norm = TensorPrimitives.Norm(x);
        if (norm != 0)
        {
            TensorPrimitives.MultiplyAdd(x, resultBar / norm, xBar, xBar);
        }
    }

    /// <summary>Norm pushforward: ⟨x, ẋ⟩/‖x‖, 0 at x = 0.</summary>
    /// <exception cref="ArgumentException"><paramref name="xDot"/> differs in length from <paramref name="x"/>.</exception>
    [DerivativeOf(typeof(SpanMath), nameof(Norm))]
    public static double NormPushforward(ReadOnlySpan<double> x, ReadOnlySpan<double> xDot)
    {
        SpanArgs.SameLength(xDot.Length, x.Length, nameof(xDot), "x.Length");
        double norm = TensorPrimitives.Norm(x);
        return norm == 0 ? 0 : TensorPrimitives.Dot(x, xDot) / norm;
    }

    /// <summary>LogSumExp pullback: xBar += resultBar·softmax(x); nothing when every xᵢ is −∞ (or x is empty).</summary>
    /// <exception cref="ArgumentException"><paramref name="xBar"/> differs in length from <paramref name="x"/> or overlaps it.</exception>
    [DerivativeOf(typeof(SpanMath), nameof(LogSumExp))]
    public static void LogSumExpPullback(ReadOnlySpan<double> x, double resultBar, Span<double> xBar)
    {
        SpanArgs.SameLength(xBar.Length, x.Length, nameof(xBar), "x.Length");
        SpanArgs.Disjoint(xBar, x, nameof(xBar), nameof(x));
        double sum = ShiftedExpSum(x, out double max);
        if (double.IsNegativeInfinity(max))
        {
            return;
        }

        // softmax(x)ᵢ = exp(xᵢ − m) / sum; shifting by m rather than by the LogSumExp itself keeps the
        // exponent exact (an ulp of a large LogSumExp would show up in every element).
        Span<double> buffer = stackalloc double[BufferLength];
        double scale = resultBar / sum;
        for (int start = 0; start < x.Length; start += BufferLength)
        {
            Span<double> e = ShiftedExp(x, start, max, buffer);
            Span<double> bar = xBar.Slice(start, e.Length);
            TensorPrimitives.MultiplyAdd(e, scale, bar, bar);
        }
    }

    /// <summary>LogSumExp pushforward: ⟨softmax(x), ẋ⟩; 0 when every xᵢ is −∞ (or x is empty).</summary>
    /// <exception cref="ArgumentException"><paramref name="xDot"/> differs in length from <paramref name="x"/>.</exception>
    [DerivativeOf(typeof(SpanMath), nameof(LogSumExp))]
    public static double LogSumExpPushforward(ReadOnlySpan<double> x, ReadOnlySpan<double> xDot)
    {
        SpanArgs.SameLength(xDot.Length, x.Length, nameof(xDot), "x.Length");
        double sum = ShiftedExpSum(x, out double max);
        if (double.IsNegativeInfinity(max))
        {
            return 0;
        }

        Span<double> buffer = stackalloc double[BufferLength];
        double weighted = 0;
        for (int start = 0; start < x.Length; start += BufferLength)
        {
            Span<double> e = ShiftedExp(x, start, max, buffer);
            weighted += TensorPrimitives.Dot(e, xDot.Slice(start, e.Length));
        }

        return weighted / sum;
    }

    /// <summary>Softmax pullback, with y = <paramref name="result"/>: xBar += y ⊙ (ȳ − ⟨ȳ, y⟩).</summary>
    /// <param name="x">The softmax input.</param>
    /// <param name="result">The softmax values <see cref="Softmax"/> wrote for <paramref name="x"/>.</param>
    /// <param name="xBar">The adjoint of <paramref name="x"/>, added to.</param>
    /// <param name="resultBar">The adjoint of <paramref name="result"/>.</param>
    /// <exception cref="ArgumentException">A length differs from <paramref name="x"/>'s, or <paramref name="xBar"/>
    /// overlaps <paramref name="result"/> or <paramref name="resultBar"/>.</exception>
    [DerivativeOf(typeof(SpanMath), nameof(Softmax))]
    public static void SoftmaxPullback(
        ReadOnlySpan<double> x, ReadOnlySpan<double> result, Span<double> xBar, ReadOnlySpan<double> resultBar)
    {
        SpanArgs.SameLength(result.Length, x.Length, nameof(result), "x.Length");
        SpanArgs.SameLength(xBar.Length, x.Length, nameof(xBar), "x.Length");
        SpanArgs.SameLength(resultBar.Length, x.Length, nameof(resultBar), "x.Length");
        SpanArgs.Disjoint(xBar, result, nameof(xBar), nameof(result));
        SpanArgs.Disjoint(xBar, resultBar, nameof(xBar), nameof(resultBar));

        // y ⊙ ȳ − ⟨ȳ, y⟩·y as two fused passes, so no scratch buffer is needed.
        double weighted = TensorPrimitives.Dot(resultBar, result);
        TensorPrimitives.MultiplyAdd(result, resultBar, xBar, xBar);
        TensorPrimitives.MultiplyAdd(result, -weighted, xBar, xBar);
    }

    /// <summary>Softmax pushforward, with y = <paramref name="result"/>: ẏ = y ⊙ (ẋ − ⟨y, ẋ⟩).</summary>
    /// <param name="x">The softmax input.</param>
    /// <param name="result">The softmax values <see cref="Softmax"/> wrote for <paramref name="x"/>.</param>
    /// <param name="xDot">The tangent of <paramref name="x"/>.</param>
    /// <param name="resultDot">Receives the tangent of <paramref name="result"/>.</param>
    /// <exception cref="ArgumentException">A length differs from <paramref name="x"/>'s, or <paramref name="resultDot"/>
    /// overlaps <paramref name="result"/> or <paramref name="xDot"/>.</exception>
    [DerivativeOf(typeof(SpanMath), nameof(Softmax))]
    public static void SoftmaxPushforward(
        ReadOnlySpan<double> x, ReadOnlySpan<double> result, ReadOnlySpan<double> xDot, Span<double> resultDot)
    {
        SpanArgs.SameLength(result.Length, x.Length, nameof(result), "x.Length");
        SpanArgs.SameLength(xDot.Length, x.Length, nameof(xDot), "x.Length");
        SpanArgs.SameLength(resultDot.Length, x.Length, nameof(resultDot), "x.Length");
        SpanArgs.Disjoint(resultDot, result, nameof(resultDot), nameof(result));
        SpanArgs.Disjoint(resultDot, xDot, nameof(resultDot), nameof(xDot));

        TensorPrimitives.Subtract(xDot, TensorPrimitives.Dot(result, xDot), resultDot);
        TensorPrimitives.Multiply(resultDot, result, resultDot);
    }

    /// <summary>MatVec pullback: matrixBar += ȳ·xᵀ, xBar += Aᵀ·ȳ (ȳ = <paramref name="resultBar"/>).</summary>
    /// <param name="matrix">A, row-major, <c>result.Length</c> × <c>x.Length</c>.</param>
    /// <param name="x">The vector A multiplied.</param>
    /// <param name="result">The values <see cref="MatVec"/> wrote (only its length is used).</param>
    /// <param name="matrixBar">The adjoint of <paramref name="matrix"/>, added to.</param>
    /// <param name="xBar">The adjoint of <paramref name="x"/>, added to.</param>
    /// <param name="resultBar">The adjoint of <paramref name="result"/>.</param>
    /// <exception cref="ArgumentException">A length does not match, or an adjoint overlaps
    /// <paramref name="matrix"/>, <paramref name="x"/> or <paramref name="resultBar"/>.</exception>
    [DerivativeOf(typeof(SpanMath), nameof(MatVec))]
    public static void MatVecPullback(
        ReadOnlySpan<double> matrix,
        ReadOnlySpan<double> x,
        ReadOnlySpan<double> result,
        Span<double> matrixBar,
        Span<double> xBar,
        ReadOnlySpan<double> resultBar)
    {
        CheckMatrix(matrix, x, result.Length);
        SpanArgs.SameLength(matrixBar.Length, matrix.Length, nameof(matrixBar), "matrix.Length");
        SpanArgs.SameLength(xBar.Length, x.Length, nameof(xBar), "x.Length");
        SpanArgs.SameLength(resultBar.Length, result.Length, nameof(resultBar), "result.Length");
        SpanArgs.Disjoint(matrixBar, matrix, nameof(matrixBar), nameof(matrix));
        SpanArgs.Disjoint(matrixBar, x, nameof(matrixBar), nameof(x));
        SpanArgs.Disjoint(matrixBar, resultBar, nameof(matrixBar), nameof(resultBar));
        SpanArgs.Disjoint(xBar, matrix, nameof(xBar), nameof(matrix));
        SpanArgs.Disjoint(xBar, x, nameof(xBar), nameof(x));
        SpanArgs.Disjoint(xBar, resultBar, nameof(xBar), nameof(resultBar));

        // Row by row: row i of matrixBar gets ȳᵢ·x, and xBar gets ȳᵢ·(row i of A).
        int columns = x.Length;
        for (int i = 0; i < resultBar.Length; i++)
        {
            Span<double> barRow = matrixBar.Slice(i * columns, columns);
            TensorPrimitives.MultiplyAdd(x, resultBar[i], barRow, barRow);
            TensorPrimitives.MultiplyAdd(matrix.Slice(i * columns, columns), resultBar[i], xBar, xBar);
        }
    }

    /// <summary>MatVec pushforward: ẏ = Ȧ·x + A·ẋ.</summary>
    /// <param name="matrix">A, row-major, <c>result.Length</c> × <c>x.Length</c>.</param>
    /// <param name="x">The vector A multiplied.</param>
    /// <param name="result">The values <see cref="MatVec"/> wrote (only its length is used).</param>
    /// <param name="matrixDot">The tangent of <paramref name="matrix"/>.</param>
    /// <param name="xDot">The tangent of <paramref name="x"/>.</param>
    /// <param name="resultDot">Receives the tangent of <paramref name="result"/>.</param>
    /// <exception cref="ArgumentException">A length does not match, or <paramref name="resultDot"/> overlaps a span read.</exception>
    [DerivativeOf(typeof(SpanMath), nameof(MatVec))]
    public static void MatVecPushforward(
        ReadOnlySpan<double> matrix,
        ReadOnlySpan<double> x,
        ReadOnlySpan<double> result,
        ReadOnlySpan<double> matrixDot,
        ReadOnlySpan<double> xDot,
        Span<double> resultDot)
    {
        CheckMatrix(matrix, x, result.Length);
        SpanArgs.SameLength(matrixDot.Length, matrix.Length, nameof(matrixDot), "matrix.Length");
        SpanArgs.SameLength(xDot.Length, x.Length, nameof(xDot), "x.Length");
        SpanArgs.SameLength(resultDot.Length, result.Length, nameof(resultDot), "result.Length");
        SpanArgs.Disjoint(resultDot, matrix, nameof(resultDot), nameof(matrix));
        SpanArgs.Disjoint(resultDot, x, nameof(resultDot), nameof(x));
        SpanArgs.Disjoint(resultDot, matrixDot, nameof(resultDot), nameof(matrixDot));
        SpanArgs.Disjoint(resultDot, xDot, nameof(resultDot), nameof(xDot));

        int columns = x.Length;
        for (int i = 0; i < resultDot.Length; i++)
        {
            resultDot[i] = TensorPrimitives.Dot(matrixDot.Slice(i * columns, columns), x)
                + TensorPrimitives.Dot(matrix.Slice(i * columns, columns), xDot);
        }
    }
}
