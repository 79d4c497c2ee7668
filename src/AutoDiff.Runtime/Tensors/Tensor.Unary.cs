using System.Numerics;
using AutoDiff.Tensors.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace AutoDiff.Tensors;

public sealed partial class Tensor<T>
{
    // Transcendental kernels cost tens of cycles per element: split them across threads from a smaller size.
    private const int TranscendentalGrain = 1 << 13;

    /// <summary>
    /// Applies a span kernel to a contiguous copy of this tensor and records <paramref name="backward"/>(g, x, y)
    /// as the gradient (x the input, y the result), written with tensor operations so that it can be recorded too.
    /// </summary>
    private Tensor<T> Unary(string name, SpanOp1<T>.Kernel kernel, Func<Tensor<T>, Tensor<T>, Tensor<T>, Tensor<T>> backward, bool savesInput, bool savesOutput, int grain = TranscendentalGrain)
    {
        Tensor<T> x = IsContiguous ? this : Detach().Contiguous();
        Tensor<T> r = Empty(Dims);
        Elementwise.Unary(x, r, new SpanOp1<T>(kernel), grain);
        if (AnyRequiresGrad(this))
        {
            Tensor<T> self = this;
            Tensor<T>[] saved = savesInput && savesOutput ? [self, r] : savesInput ? [self] : savesOutput ? [r] : [];
            Record(r, name, [self], g => [backward(g, self, r)], saved);
        }
        return r;
    }

    /// <summary>Same as <see cref="Unary"/> for a SIMD function (cheap per element).</summary>
    private Tensor<T> UnaryVec<TF>(string name, TF f, Func<Tensor<T>, Tensor<T>, Tensor<T>, Tensor<T>> backward, bool savesInput, bool savesOutput)
        where TF : struct, IVecFunc1<T>
    {
        Tensor<T> r = Map(this, f);
        if (AnyRequiresGrad(this))
        {
            Tensor<T> self = this;
            Tensor<T>[] saved = savesInput && savesOutput ? [self, r] : savesInput ? [self] : savesOutput ? [r] : [];
            Record(r, name, [self], g => [backward(g, self, r)], saved);
        }
        return r;
    }

    private static T Apply(T x, Func<double, double> f) => T.CreateChecked(f(double.CreateChecked(x)));

    /// <summary>Elementwise e^x.</summary>
    public Tensor<T> Exp() => Unary("Exp", static (x, d) => MathKernels.Map<T, ExpFn>(x, d), static (g, _, y) => g * y, false, true);

    /// <summary>Elementwise natural logarithm.</summary>
    public Tensor<T> Log() => Unary("Log", static (x, d) => MathKernels.Map<T, LogFn>(x, d), static (g, x, _) => g / x, true, false);

    /// <summary>Elementwise log(1 + x), accurate for tiny x.</summary>
    public Tensor<T> Log1p() => Unary("Log1p", static (x, d) =>
    {
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = Apply(x[i], MathKernels.Log1P);
        }
    }, static (g, x, _) => g / (x + T.One), true, false);

    /// <summary>Elementwise e^x − 1, accurate for tiny x.</summary>
    public Tensor<T> Expm1() => Unary("Expm1", static (x, d) =>
    {
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = Apply(x[i], MathKernels.ExpM1);
        }
    }, static (g, _, y) => g * (y + T.One), false, true);

    /// <summary>Elementwise square root.</summary>
    public Tensor<T> Sqrt() => Unary("Sqrt", static (x, d) => MathKernels.Map<T, SqrtFn>(x, d), static (g, _, y) => Fused(g, y, "SqrtBackward", default(SqrtGradF<T>)), false, true, Elementwise.Grain);

    /// <summary>Elementwise 1/√x.</summary>
    public Tensor<T> Rsqrt() => Unary("Rsqrt", static (x, d) =>
    {
        TP.Sqrt(x, d);
        TP.Divide(T.One, d, d);
    }, static (g, _, y) => g * y * y * y * Const(-0.5), false, true, Elementwise.Grain);

    /// <summary>Elementwise 1/x.</summary>
    public Tensor<T> Reciprocal() => T.One / this;

    /// <summary>Elementwise hyperbolic tangent (accurate to a few ulps, also near 0).</summary>
    public Tensor<T> Tanh() => Unary("Tanh", static (x, d) => MathKernels.Tanh(x, d), static (g, _, y) => Fused(g, y, "TanhBackward", default(TanhGradF<T>)), false, true);

    /// <summary>Elementwise logistic sigmoid 1 / (1 + e^-x).</summary>
    public Tensor<T> Sigmoid() => Unary("Sigmoid", static (x, d) => MathKernels.Map<T, SigmoidFn>(x, d), static (g, _, y) => Fused(g, y, "SigmoidBackward", default(SigmoidGradF<T>)), false, true);

    /// <summary>Elementwise sine.</summary>
    public Tensor<T> Sin() => Unary("Sin", static (x, d) => MathKernels.Map<T, SinFn>(x, d), static (g, x, _) => g * x.Cos(), true, false);

    /// <summary>Elementwise cosine.</summary>
    public Tensor<T> Cos() => Unary("Cos", static (x, d) => MathKernels.Map<T, CosFn>(x, d), static (g, x, _) => -(g * x.Sin()), true, false);

    /// <summary>Elementwise tangent.</summary>
    public Tensor<T> Tan() => Unary("Tan", static (x, d) => TP.Tan(x, d), static (g, _, y) => g * (y.Square() + T.One), false, true);

    /// <summary>Elementwise error function.</summary>
    public Tensor<T> Erf() => Unary("Erf", static (x, d) =>
    {
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = Apply(x[i], MathKernels.Erf);
        }
    }, static (g, x, _) => g * (-x.Square()).Exp() * Const(2 / Math.Sqrt(Math.PI)), true, false);

    /// <summary>Elementwise max(x, 0); the gradient at 0 is 0.</summary>
    public Tensor<T> Relu() => UnaryVec("Relu", default(ReluF<T>), static (g, x, _) => Fused(g, x, "ReluBackward", new LeakyReluGradF<T>(T.Zero)), true, false);

    /// <summary>Elementwise x &gt; 0 ? x : slope·x.</summary>
    public Tensor<T> LeakyRelu(double negativeSlope = 0.01)
    {
        T slope = T.CreateChecked(negativeSlope);
        return UnaryVec("LeakyRelu", new LeakyReluF<T>(slope), (g, x, _) => Fused(g, x, "LeakyReluBackward", new LeakyReluGradF<T>(slope)), true, false);
    }

    /// <summary>Elementwise absolute value (gradient 0 at 0, like PyTorch).</summary>
    public Tensor<T> Abs() => UnaryVec("Abs", default(AbsF<T>), static (g, x, _) => Fused(g, x, "AbsBackward", default(AbsGradF<T>)), true, false);

    /// <summary>Elementwise sign (−1, 0 or 1; NaN stays NaN); derivative 0.</summary>
    public Tensor<T> Sign() => Unary("Sign", static (x, d) =>
    {
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = T.IsNaN(x[i]) ? x[i] : T.CreateChecked(T.Sign(x[i]));
        }
    }, static (g, x, _) => ZerosLike(x), false, false, Elementwise.Grain);

    /// <summary>Elementwise floor; derivative 0.</summary>
    public Tensor<T> Floor() => Unary("Floor", static (x, d) => TP.Floor(x, d), static (g, x, _) => ZerosLike(x), false, false, Elementwise.Grain);

    /// <summary>Elementwise ceiling; derivative 0.</summary>
    public Tensor<T> Ceiling() => Unary("Ceiling", static (x, d) => TP.Ceiling(x, d), static (g, x, _) => ZerosLike(x), false, false, Elementwise.Grain);

    /// <summary>Elementwise rounding to the nearest integer, ties to even (like <c>torch.round</c>); derivative 0.</summary>
    public Tensor<T> Round() => Unary("Round", static (x, d) => TP.Round(x, d), static (g, x, _) => ZerosLike(x), false, false, Elementwise.Grain);

    /// <summary>Elementwise truncation toward zero; derivative 0.</summary>
    public Tensor<T> Truncate() => Unary("Truncate", static (x, d) => TP.Truncate(x, d), static (g, x, _) => ZerosLike(x), false, false, Elementwise.Grain);

    /// <summary>GELU x·Φ(x) with the exact normal CDF (PyTorch's default <c>approximate='none'</c>).</summary>
    public Tensor<T> Gelu()
    {
        Tensor<T> x = this;
        Tensor<T> cdf = ((x * Const(1 / Math.Sqrt(2))).Erf() + T.One) * Const(0.5);
        return x * cdf;
    }

    /// <summary>SiLU (swish) x·σ(x).</summary>
    public Tensor<T> Silu() => this * Sigmoid();

    /// <summary>
    /// Softplus log(1 + e^{βx})/β, linear above <paramref name="threshold"/> (βx &gt; threshold gives x), as in PyTorch.
    /// </summary>
    public Tensor<T> Softplus(double beta = 1, double threshold = 20)
    {
        T b = T.CreateChecked(beta);
        Tensor<T> bx = this * b;
        Tensor<T> soft = (-bx.Abs()).Exp().Log1p() + bx.Relu();
        return Where(bx.Gt(T.CreateChecked(threshold)), this, beta == 1 ? soft : soft / b);
    }

    /// <summary>ELU: x for x &gt; 0, α(e^x − 1) otherwise.</summary>
    public Tensor<T> Elu(double alpha = 1)
    {
        T a = T.CreateChecked(alpha);
        return Where(Gt(T.Zero), this, Minimum(this, T.Zero).Expm1() * a);
    }

    /// <summary>log σ(x), computed stably as min(x, 0) − log(1 + e^{−|x|}).</summary>
    public Tensor<T> LogSigmoid() => Minimum(this, T.Zero) - (-Abs()).Exp().Log1p();

    /// <summary>
    /// Clamps into [<paramref name="min"/>, <paramref name="max"/>] (either may be null). The gradient flows where
    /// min ≤ x ≤ max (inclusive), selected rather than multiplied by a 0/1 mask.
    /// </summary>
    public Tensor<T> Clamp(T? min = null, T? max = null)
    {
        T lo = min ?? T.NegativeInfinity, hi = max ?? T.PositiveInfinity;
        if (lo > hi)
        {
            throw new ArgumentException($"Clamp: min {lo} is greater than max {hi}.", nameof(min));
        }
        Tensor<T> x = this;
        Tensor<T> r = Map(x, new ClampF<T>(lo, hi));
        if (AnyRequiresGrad(x))
        {
            Record(r, "Clamp", [x], g => [Where(x.Ge(lo) & x.Le(hi), g, T.Zero)], x);
        }
        return r;
    }
}
