using System.Numerics;
using System.Runtime.CompilerServices;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace AutoDiff.Tensors;

public sealed partial class Tensor<T>
{
    private delegate void SpanOp(ReadOnlySpan<T> x, Span<T> d);

    private Tensor<T> UnaryForward(SpanOp op)
    {
        T[] data = GC.AllocateUninitializedArray<T>(Count);
        op(Data, data);
        return new Tensor<T>(data, Dims);
    }

    /// <summary>Elementwise e^x.</summary>
    public Tensor<T> Exp()
    {
        Tensor<T> r = UnaryForward(static (x, d) => TP.Exp(x, d));
        return AnyRequiresGrad(this) ? Record(r, "Exp", [this], g => [g * r]) : r;
    }

    /// <summary>Elementwise natural logarithm.</summary>
    public Tensor<T> Log()
    {
        Tensor<T> r = UnaryForward(static (x, d) => TP.Log(x, d));
        Tensor<T> x = this;
        return AnyRequiresGrad(this) ? Record(r, "Log", [x], g => [g / x]) : r;
    }

    /// <summary>Elementwise square root.</summary>
    public Tensor<T> Sqrt()
    {
        Tensor<T> r = UnaryForward(static (x, d) => TP.Sqrt(x, d));
        return AnyRequiresGrad(this) ? Record(r, "Sqrt", [this], g => [g / r * Scalar(0.5)]) : r;
    }

    /// <summary>Elementwise hyperbolic tangent.</summary>
    public Tensor<T> Tanh()
    {
        Tensor<T> r = UnaryForward(static (x, d) => TP.Tanh(x, d));
        return AnyRequiresGrad(this) ? Record(r, "Tanh", [this], g => [g * (T.One - r * r)]) : r;
    }

    /// <summary>Elementwise logistic sigmoid 1 / (1 + e^-x).</summary>
    public Tensor<T> Sigmoid()
    {
        Tensor<T> r = UnaryForward(static (x, d) => TP.Sigmoid(x, d));
        return AnyRequiresGrad(this) ? Record(r, "Sigmoid", [this], g => [g * r * (T.One - r)]) : r;
    }

    /// <summary>Elementwise max(x, 0).</summary>
    public Tensor<T> Relu()
    {
        Tensor<T> r = UnaryForward(static (x, d) => TP.Max(x, T.Zero, d));
        Tensor<T> x = this;
        return AnyRequiresGrad(this) ? Record(r, "Relu", [x], g => [MaskedBySign(g, x, negativeFactor: T.Zero)]) : r;
    }

    /// <summary>Elementwise absolute value (gradient 0 at 0, like PyTorch).</summary>
    public Tensor<T> Abs()
    {
        Tensor<T> r = UnaryForward(static (x, d) => TP.Abs(x, d));
        Tensor<T> x = this;
        return AnyRequiresGrad(this) ? Record(r, "Abs", [x], g => [MaskedBySign(g, x, negativeFactor: -T.One)]) : r;
    }

    /// <summary>d = g where x &gt; 0, g·negativeFactor where x &lt; 0, 0 where x == 0; vectorised with masks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Tensor<T> MaskedBySign(Tensor<T> g, Tensor<T> x, T negativeFactor)
    {
        var d = new T[x.Count];
        ReadOnlySpan<T> gs = g.Data, xs = x.Data;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var neg = new Vector<T>(negativeFactor);
            for (; i + Vector<T>.Count <= d.Length; i += Vector<T>.Count)
            {
                var vx = new Vector<T>(xs.Slice(i));
                var vg = new Vector<T>(gs.Slice(i));
                Vector<T> pos = Vector.ConditionalSelect(Vector.GreaterThan(vx, Vector<T>.Zero), vg, Vector<T>.Zero);
                Vector<T> negPart = Vector.ConditionalSelect(Vector.LessThan(vx, Vector<T>.Zero), vg * neg, Vector<T>.Zero);
                (pos + negPart).CopyTo(d.AsSpan(i));
            }
        }
        for (; i < d.Length; i++)
        {
            T v = xs[i];
            d[i] = v > T.Zero ? gs[i] : v < T.Zero ? gs[i] * negativeFactor : T.Zero;
        }
        return new Tensor<T>(d, x.Dims);
    }
}
