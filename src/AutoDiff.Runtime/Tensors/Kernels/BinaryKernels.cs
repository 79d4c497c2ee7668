using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace AutoDiff.Tensors.Kernels;

/// <summary>
/// A vectorised binary operation over spans. Static abstract members let the JIT specialise the broadcasting
/// driver per operation, so the inner loops make no virtual or delegate calls.
/// </summary>
internal interface IBinaryKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    static abstract void Run(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d);

    static abstract void Run(ReadOnlySpan<T> x, T y, Span<T> d);

    static abstract void Run(T x, ReadOnlySpan<T> y, Span<T> d);
}

internal readonly struct AddKernel<T> : IBinaryKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Run(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TP.Add(x, y, d);

    public static void Run(ReadOnlySpan<T> x, T y, Span<T> d) => TP.Add(x, y, d);

    public static void Run(T x, ReadOnlySpan<T> y, Span<T> d) => TP.Add(y, x, d);
}

internal readonly struct SubtractKernel<T> : IBinaryKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Run(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TP.Subtract(x, y, d);

    public static void Run(ReadOnlySpan<T> x, T y, Span<T> d) => TP.Subtract(x, y, d);

    public static void Run(T x, ReadOnlySpan<T> y, Span<T> d) => TP.Subtract(x, y, d);
}

internal readonly struct MultiplyKernel<T> : IBinaryKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Run(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TP.Multiply(x, y, d);

    public static void Run(ReadOnlySpan<T> x, T y, Span<T> d) => TP.Multiply(x, y, d);

    public static void Run(T x, ReadOnlySpan<T> y, Span<T> d) => TP.Multiply(y, x, d);
}

internal readonly struct DivideKernel<T> : IBinaryKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Run(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TP.Divide(x, y, d);

    public static void Run(ReadOnlySpan<T> x, T y, Span<T> d) => TP.Divide(x, y, d);

    public static void Run(T x, ReadOnlySpan<T> y, Span<T> d) => TP.Divide(x, y, d);
}

internal readonly struct PowKernel<T> : IBinaryKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Run(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TP.Pow(x, y, d);

    public static void Run(ReadOnlySpan<T> x, T y, Span<T> d) => TP.Pow(x, y, d);

    public static void Run(T x, ReadOnlySpan<T> y, Span<T> d) => TP.Pow(x, y, d);
}

/// <summary>d = 1 where x == y, else 0 (used to route gradients of Max to the maximal elements).</summary>
internal readonly struct EqualMaskKernel<T> : IBinaryKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Run(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = x[i] == y[i] ? T.One : T.Zero;
        }
    }

    public static void Run(ReadOnlySpan<T> x, T y, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = x[i] == y ? T.One : T.Zero;
        }
    }

    public static void Run(T x, ReadOnlySpan<T> y, Span<T> d) => Run(y, x, d);
}

/// <summary>d = y (x ignored): with the broadcasting driver this expands y to a larger shape.</summary>
internal readonly struct CopyRightKernel<T> : IBinaryKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Run(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => y.CopyTo(d);

    public static void Run(ReadOnlySpan<T> x, T y, Span<T> d) => d.Fill(y);

    public static void Run(T x, ReadOnlySpan<T> y, Span<T> d) => y.CopyTo(d);
}
