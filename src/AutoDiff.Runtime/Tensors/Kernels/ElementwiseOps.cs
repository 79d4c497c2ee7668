using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace AutoDiff.Tensors.Kernels;

/// <summary>A binary operation over spans: the elementwise drivers call it once per contiguous run.</summary>
internal interface IBinaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    void Run(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d);

    void Run(ReadOnlySpan<T> x, T y, Span<T> d);

    void Run(T x, ReadOnlySpan<T> y, Span<T> d);
}

/// <summary>A unary operation over spans.</summary>
internal interface IUnaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    void Run(ReadOnlySpan<T> x, Span<T> d);
}

/// <summary>An elementwise function of two values, written once for scalars and once for SIMD vectors.</summary>
internal interface IVecFunc2<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    T Apply(T x, T y);

    Vector<T> Apply(Vector<T> x, Vector<T> y);
}

/// <summary>An elementwise function of one value, for scalars and SIMD vectors.</summary>
internal interface IVecFunc1<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    T Apply(T x);

    Vector<T> Apply(Vector<T> x);
}

/// <summary>Turns an <see cref="IVecFunc2{T}"/> into a span operation with a SIMD main loop and a scalar tail.</summary>
internal readonly struct Vec2<T, TF>(TF f) : IBinaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TF : struct, IVecFunc2<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d)
    {
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        ref T dr = ref MemoryMarshal.GetReference(d);
        int n = d.Length, w = Vector<T>.Count, i = 0;
        for (; i <= n - w; i += w)
        {
            f.Apply(Vector.LoadUnsafe(ref xr, (nuint)i), Vector.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref dr, i) = f.Apply(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(ReadOnlySpan<T> x, T y, Span<T> d)
    {
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T dr = ref MemoryMarshal.GetReference(d);
        var vy = new Vector<T>(y);
        int n = d.Length, w = Vector<T>.Count, i = 0;
        for (; i <= n - w; i += w)
        {
            f.Apply(Vector.LoadUnsafe(ref xr, (nuint)i), vy).StoreUnsafe(ref dr, (nuint)i);
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref dr, i) = f.Apply(Unsafe.Add(ref xr, i), y);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(T x, ReadOnlySpan<T> y, Span<T> d)
    {
        ref T yr = ref MemoryMarshal.GetReference(y);
        ref T dr = ref MemoryMarshal.GetReference(d);
        var vx = new Vector<T>(x);
        int n = d.Length, w = Vector<T>.Count, i = 0;
        for (; i <= n - w; i += w)
        {
            f.Apply(vx, Vector.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref dr, i) = f.Apply(x, Unsafe.Add(ref yr, i));
        }
    }
}

/// <summary>Turns an <see cref="IVecFunc1{T}"/> into a span operation.</summary>
internal readonly struct Vec1<T, TF>(TF f) : IUnaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TF : struct, IVecFunc1<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(ReadOnlySpan<T> x, Span<T> d)
    {
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T dr = ref MemoryMarshal.GetReference(d);
        int n = d.Length, w = Vector<T>.Count, i = 0;
        for (; i <= n - w; i += w)
        {
            f.Apply(Vector.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref dr, i) = f.Apply(Unsafe.Add(ref xr, i));
        }
    }
}

internal readonly struct AddOp<T> : IBinaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public void Run(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => default(Vec2<T, AddF<T>>).Run(x, y, d);

    public void Run(ReadOnlySpan<T> x, T y, Span<T> d) => default(Vec2<T, AddF<T>>).Run(x, y, d);

    public void Run(T x, ReadOnlySpan<T> y, Span<T> d) => default(Vec2<T, AddF<T>>).Run(x, y, d);
}

/// <summary>x + y.</summary>
internal readonly struct AddF<T> : IVecFunc2<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x, T y) => x + y;

    public Vector<T> Apply(Vector<T> x, Vector<T> y) => x + y;
}

internal readonly struct SubtractOp<T> : IBinaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public void Run(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => default(Vec2<T, SubtractF<T>>).Run(x, y, d);

    public void Run(ReadOnlySpan<T> x, T y, Span<T> d) => default(Vec2<T, SubtractF<T>>).Run(x, y, d);

    public void Run(T x, ReadOnlySpan<T> y, Span<T> d) => default(Vec2<T, SubtractF<T>>).Run(x, y, d);
}

/// <summary>x - y.</summary>
internal readonly struct SubtractF<T> : IVecFunc2<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x, T y) => x - y;

    public Vector<T> Apply(Vector<T> x, Vector<T> y) => x - y;
}

internal readonly struct MultiplyOp<T> : IBinaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public void Run(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => default(Vec2<T, MultiplyF<T>>).Run(x, y, d);

    public void Run(ReadOnlySpan<T> x, T y, Span<T> d) => default(Vec2<T, MultiplyF<T>>).Run(x, y, d);

    public void Run(T x, ReadOnlySpan<T> y, Span<T> d) => default(Vec2<T, MultiplyF<T>>).Run(x, y, d);
}

/// <summary>x * y.</summary>
internal readonly struct MultiplyF<T> : IVecFunc2<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x, T y) => x * y;

    public Vector<T> Apply(Vector<T> x, Vector<T> y) => x * y;
}

internal readonly struct DivideOp<T> : IBinaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public void Run(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => default(Vec2<T, DivideF<T>>).Run(x, y, d);

    public void Run(ReadOnlySpan<T> x, T y, Span<T> d) => default(Vec2<T, DivideF<T>>).Run(x, y, d);

    public void Run(T x, ReadOnlySpan<T> y, Span<T> d) => default(Vec2<T, DivideF<T>>).Run(x, y, d);
}

/// <summary>x / y.</summary>
internal readonly struct DivideF<T> : IVecFunc2<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x, T y) => x / y;

    public Vector<T> Apply(Vector<T> x, Vector<T> y) => x / y;
}

/// <summary>d = y (x ignored): with the broadcasting driver this copies or expands y.</summary>
internal readonly struct SecondOp<T> : IBinaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public void Run(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => y.CopyTo(d);

    public void Run(ReadOnlySpan<T> x, T y, Span<T> d) => d.Fill(y);

    public void Run(T x, ReadOnlySpan<T> y, Span<T> d) => y.CopyTo(d);
}

/// <summary>A binary function applied elementwise by scalar code (for functions with no SIMD form).</summary>
internal readonly struct ScalarOp2<T>(Func<T, T, T> f) : IBinaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public void Run(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = f(x[i], y[i]);
        }
    }

    public void Run(ReadOnlySpan<T> x, T y, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = f(x[i], y);
        }
    }

    public void Run(T x, ReadOnlySpan<T> y, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = f(x, y[i]);
        }
    }
}

/// <summary>A unary function applied by scalar code.</summary>
internal readonly struct ScalarOp1<T>(Func<T, T> f) : IUnaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public void Run(ReadOnlySpan<T> x, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = f(x[i]);
        }
    }
}

/// <summary>A unary span function of TensorPrimitives (or of <see cref="MathKernels"/>).</summary>
internal readonly struct SpanOp1<T>(SpanOp1<T>.Kernel kernel) : IUnaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public delegate void Kernel(ReadOnlySpan<T> x, Span<T> d);

    public void Run(ReadOnlySpan<T> x, Span<T> d) => kernel(x, d);
}

/// <summary>Elementwise maximum (NaN propagates).</summary>
internal readonly struct MaximumOp<T> : IBinaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public void Run(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TP.Max(x, y, d);

    public void Run(ReadOnlySpan<T> x, T y, Span<T> d) => TP.Max(x, y, d);

    public void Run(T x, ReadOnlySpan<T> y, Span<T> d) => TP.Max(y, x, d);
}

/// <summary>Elementwise minimum (NaN propagates).</summary>
internal readonly struct MinimumOp<T> : IBinaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public void Run(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TP.Min(x, y, d);

    public void Run(ReadOnlySpan<T> x, T y, Span<T> d) => TP.Min(x, y, d);

    public void Run(T x, ReadOnlySpan<T> y, Span<T> d) => TP.Min(y, x, d);
}
