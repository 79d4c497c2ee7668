using System.Numerics;

namespace AutoDiff.Tensors.Kernels;

// Elementwise functions used by the forward and backward passes. A backward kernel f(g, s) (upstream gradient g,
// saved value s) runs as one SIMD pass instead of a chain of allocating tensor operations; its own Backward
// gives its gradients as tensor operations, which is what createGraph records for gradients of gradients.
// Choices route the gradient with a select, never by multiplying with 0, so an infinite or NaN upstream
// gradient never leaks into the branch not taken.

/// <summary>The gradients of a fused function of two tensors, as tensor operations (for createGraph).</summary>
internal interface IFusedBackward<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    Tensor<T>?[] Backward(Tensor<T> g, Tensor<T> a, Tensor<T> b);
}

/// <summary>−x.</summary>
internal readonly struct NegF<T> : IVecFunc1<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x) => -x;

    public Vector<T> Apply(Vector<T> x) => -x;
}

/// <summary>s − x.</summary>
internal readonly struct RSubF<T>(T s) : IVecFunc1<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x) => s - x;

    public Vector<T> Apply(Vector<T> x) => new Vector<T>(s) - x;
}

/// <summary>s / x.</summary>
internal readonly struct RDivF<T>(T s) : IVecFunc1<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x) => s / x;

    public Vector<T> Apply(Vector<T> x) => new Vector<T>(s) / x;
}

/// <summary>max(x, 0), with NaN kept.</summary>
internal readonly struct ReluF<T> : IVecFunc1<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x) => x < T.Zero ? T.Zero : x;

    public Vector<T> Apply(Vector<T> x) => Vector.ConditionalSelect(Vector.LessThan(x, Vector<T>.Zero), Vector<T>.Zero, x);
}

/// <summary>x &gt; 0 ? x : slope·x.</summary>
internal readonly struct LeakyReluF<T>(T slope) : IVecFunc1<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x) => x > T.Zero ? x : slope * x;

    public Vector<T> Apply(Vector<T> x) => Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<T>.Zero), x, x * slope);
}

/// <summary>|x|.</summary>
internal readonly struct AbsF<T> : IVecFunc1<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x) => T.Abs(x);

    public Vector<T> Apply(Vector<T> x) => Vector.Abs(x);
}

/// <summary>2·g·x: the gradient of x².</summary>
internal readonly struct TwiceProductF<T> : IVecFunc2<T>, IFusedBackward<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T g, T x) => (g + g) * x;

    public Vector<T> Apply(Vector<T> g, Vector<T> x) => (g + g) * x;

    public Tensor<T>?[] Backward(Tensor<T> gg, Tensor<T> g, Tensor<T> x) =>
        [g.RequiresGrad ? Tensor<T>.Fused(gg, x, "SquareGrad", this).SumTo(g.Dims) : null,
         x.RequiresGrad ? Tensor<T>.Fused(gg, g, "SquareGrad", this).SumTo(x.Dims) : null];
}

/// <summary>−x / y: with x = g·r, the gradient of a quotient r = a / y with respect to y.</summary>
internal readonly struct NegDivF<T> : IVecFunc2<T>, IFusedBackward<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x, T y) => -x / y;

    public Vector<T> Apply(Vector<T> x, Vector<T> y) => -x / y;

    public Tensor<T>?[] Backward(Tensor<T> gg, Tensor<T> x, Tensor<T> y) =>
        [x.RequiresGrad ? Tensor<T>.Fused(gg, y, "NegDivide", this).SumTo(x.Dims) : null,
         y.RequiresGrad ? (gg * x / y.Square()).SumTo(y.Dims) : null];
}

/// <summary>g·(1 − y²): the gradient of tanh from its output y.</summary>
internal readonly struct TanhGradF<T> : IVecFunc2<T>, IFusedBackward<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T g, T y) => g * (T.One - y * y);

    public Vector<T> Apply(Vector<T> g, Vector<T> y) => g * (Vector<T>.One - y * y);

    public Tensor<T>?[] Backward(Tensor<T> gg, Tensor<T> g, Tensor<T> y) =>
        [g.RequiresGrad ? Tensor<T>.Fused(gg, y, "TanhBackward", this).SumTo(g.Dims) : null,
         y.RequiresGrad ? (gg * g * y * Tensor<T>.Const(-2)).SumTo(y.Dims) : null];
}

/// <summary>g·y·(1 − y): the gradient of the logistic sigmoid from its output y.</summary>
internal readonly struct SigmoidGradF<T> : IVecFunc2<T>, IFusedBackward<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T g, T y) => g * y * (T.One - y);

    public Vector<T> Apply(Vector<T> g, Vector<T> y) => g * y * (Vector<T>.One - y);

    public Tensor<T>?[] Backward(Tensor<T> gg, Tensor<T> g, Tensor<T> y) =>
        [g.RequiresGrad ? Tensor<T>.Fused(gg, y, "SigmoidBackward", this).SumTo(g.Dims) : null,
         y.RequiresGrad ? (gg * g * (T.One - y * Tensor<T>.Const(2))).SumTo(y.Dims) : null];
}

/// <summary>g / (2y): the gradient of √x from its output y.</summary>
internal readonly struct SqrtGradF<T> : IVecFunc2<T>, IFusedBackward<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T g, T y) => g / (y + y);

    public Vector<T> Apply(Vector<T> g, Vector<T> y) => g / (y + y);

    public Tensor<T>?[] Backward(Tensor<T> gg, Tensor<T> g, Tensor<T> y) =>
        [g.RequiresGrad ? Tensor<T>.Fused(gg, y, "SqrtBackward", this).SumTo(g.Dims) : null,
         y.RequiresGrad ? (-(gg * g) / (y.Square() * Tensor<T>.Const(2))).SumTo(y.Dims) : null];
}

/// <summary>x &gt; 0 ? g : slope·g (slope 0: ReLU). At 0 the gradient is slope·g (0 for ReLU), as in PyTorch.</summary>
internal readonly struct LeakyReluGradF<T>(T slope) : IVecFunc2<T>, IFusedBackward<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T g, T x) => x > T.Zero ? g : slope == T.Zero ? T.Zero : g * slope;

    public Vector<T> Apply(Vector<T> g, Vector<T> x) =>
        Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<T>.Zero), g, slope == T.Zero ? Vector<T>.Zero : g * slope);

    public Tensor<T>?[] Backward(Tensor<T> gg, Tensor<T> g, Tensor<T> x) =>
        [g.RequiresGrad ? Tensor<T>.Fused(gg, x, "LeakyReluBackward", this).SumTo(g.Dims) : null, null];
}

/// <summary>x &gt; 0 ? g : x &lt; 0 ? −g : 0: the gradient of |x| (0 at 0).</summary>
internal readonly struct AbsGradF<T> : IVecFunc2<T>, IFusedBackward<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T g, T x) => x > T.Zero ? g : x < T.Zero ? -g : T.Zero;

    public Vector<T> Apply(Vector<T> g, Vector<T> x) =>
        Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<T>.Zero), g,
            Vector.ConditionalSelect(Vector.LessThan(x, Vector<T>.Zero), -g, Vector<T>.Zero));

    public Tensor<T>?[] Backward(Tensor<T> gg, Tensor<T> g, Tensor<T> x) =>
        [g.RequiresGrad ? Tensor<T>.Fused(gg, x, "AbsBackward", this).SumTo(g.Dims) : null, null];
}

/// <summary>Comparison of two values as 1 (true) or 0 (false).</summary>
internal readonly struct CompareF<T>(CompareKind kind) : IVecFunc2<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x, T y) => kind switch
    {
        CompareKind.Eq => x == y,
        CompareKind.Ne => x != y,
        CompareKind.Lt => x < y,
        CompareKind.Le => x <= y,
        CompareKind.Gt => x > y,
        _ => x >= y,
    } ? T.One : T.Zero;

    public Vector<T> Apply(Vector<T> x, Vector<T> y)
    {
        Vector<T> mask = kind switch
        {
            CompareKind.Eq => Vector.Equals(x, y),
            CompareKind.Ne => ~Vector.Equals(x, y),
            CompareKind.Lt => Vector.LessThan(x, y),
            CompareKind.Le => Vector.LessThanOrEqual(x, y),
            CompareKind.Gt => Vector.GreaterThan(x, y),
            _ => Vector.GreaterThanOrEqual(x, y),
        };
        return Vector.ConditionalSelect(mask, Vector<T>.One, Vector<T>.Zero);
    }
}

/// <summary>Which comparison <see cref="CompareF{T}"/> makes.</summary>
internal enum CompareKind
{
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// <summary>min(max(x, lo), hi), NaN kept.</summary>
internal readonly struct ClampF<T>(T lo, T hi) : IVecFunc1<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x) => x < lo ? lo : x > hi ? hi : x;

    public Vector<T> Apply(Vector<T> x)
    {
        Vector<T> vlo = new(lo), vhi = new(hi);
        return Vector.ConditionalSelect(Vector.LessThan(x, vlo), vlo, Vector.ConditionalSelect(Vector.GreaterThan(x, vhi), vhi, x));
    }
}

/// <summary>s·x.</summary>
internal readonly struct ScaleF<T>(T s) : IVecFunc1<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x) => s * x;

    public Vector<T> Apply(Vector<T> x) => x * s;
}

/// <summary>x + s.</summary>
internal readonly struct AddScalarF<T>(T s) : IVecFunc1<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x) => x + s;

    public Vector<T> Apply(Vector<T> x) => x + new Vector<T>(s);
}
