using System.Numerics;
using AutoDiff.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace AutoDiff.NN;

/// <summary>
/// Adam (Kingma and Ba) with bias correction, as in PyTorch: m = β₁m + (1-β₁)g, v = β₂v + (1-β₂)g²,
/// p -= lr·m̂ / (√v̂ + ε). Optional L2 weight decay adds λp to the gradient (for decoupled decay use <see cref="AdamW{T}"/>).
/// </summary>
public sealed class Adam<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly AdamState<T> _state;

    /// <summary>Creates the optimizer; null hyper-parameters take PyTorch's defaults (β 0.9/0.999, ε 1e-8).</summary>
    public Adam(IEnumerable<Tensor<T>> parameters, T learningRate, T? beta1 = null, T? beta2 = null, T? epsilon = null, T weightDecay = default)
        : base(parameters, learningRate)
    {
        _state = new AdamState<T>(Parameters, beta1, beta2, epsilon, weightDecay, decoupled: false);
    }

    /// <summary>Decay of the first-moment estimate.</summary>
    public T Beta1 => _state.Beta1;

    /// <summary>Decay of the second-moment estimate.</summary>
    public T Beta2 => _state.Beta2;

    /// <summary>Added to the denominator for stability.</summary>
    public T Epsilon => _state.Epsilon;

    /// <summary>L2 penalty λ added to the gradient.</summary>
    public T WeightDecay => _state.WeightDecay;

    /// <inheritdoc/>
    protected override void Update(int index, Span<T> parameter, ReadOnlySpan<T> gradient) => _state.Update(index, parameter, gradient, LearningRate);
}

/// <summary>AdamW (Loshchilov and Hutter): Adam with decoupled weight decay p -= lr·λ·p (PyTorch's default λ = 0.01).</summary>
public sealed class AdamW<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly AdamState<T> _state;

    /// <summary>Creates the optimizer; null weight decay means 0.01.</summary>
    public AdamW(IEnumerable<Tensor<T>> parameters, T learningRate, T? beta1 = null, T? beta2 = null, T? epsilon = null, T? weightDecay = null)
        : base(parameters, learningRate)
    {
        _state = new AdamState<T>(Parameters, beta1, beta2, epsilon, weightDecay ?? T.CreateChecked(0.01), decoupled: true);
    }

    /// <summary>Decoupled weight decay λ.</summary>
    public T WeightDecay => _state.WeightDecay;

    /// <inheritdoc/>
    protected override void Update(int index, Span<T> parameter, ReadOnlySpan<T> gradient) => _state.Update(index, parameter, gradient, LearningRate);
}

/// <summary>The moment estimates and the update shared by <see cref="Adam{T}"/> and <see cref="AdamW{T}"/>.</summary>
internal sealed class AdamState<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[][] _m;
    private readonly T[][] _v;
    private readonly T[]?[] _decayed;
    private readonly int[] _steps;
    private readonly bool _decoupled;

    public AdamState(IReadOnlyList<Tensor<T>> parameters, T? beta1, T? beta2, T? epsilon, T weightDecay, bool decoupled)
    {
        Beta1 = beta1 ?? T.CreateChecked(0.9);
        Beta2 = beta2 ?? T.CreateChecked(0.999);
        Epsilon = epsilon ?? T.CreateChecked(1e-8);
        if (!(Beta1 >= T.Zero && Beta1 < T.One))
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), Beta1, "beta1 must be in [0, 1).");
        }
        if (!(Beta2 >= T.Zero && Beta2 < T.One))
        {
            throw new ArgumentOutOfRangeException(nameof(beta2), Beta2, "beta2 must be in [0, 1).");
        }
        if (!(Epsilon > T.Zero))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), Epsilon, "epsilon must be positive.");
        }
        if (!(weightDecay >= T.Zero) || !T.IsFinite(weightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "Weight decay must be finite and non-negative.");
        }
        WeightDecay = weightDecay;
        _decoupled = decoupled;
        _m = [.. parameters.Select(p => new T[p.Count])];
        _v = [.. parameters.Select(p => new T[p.Count])];
        _decayed = new T[]?[parameters.Count];
        _steps = new int[parameters.Count];
    }

    public T Beta1 { get; }

    public T Beta2 { get; }

    public T Epsilon { get; }

    public T WeightDecay { get; }

    public void Update(int index, Span<T> parameter, ReadOnlySpan<T> gradient, T learningRate)
    {
        T[] mi = _m[index], vi = _v[index];
        int t = ++_steps[index];
        ReadOnlySpan<T> g = gradient;
        if (WeightDecay != T.Zero)
        {
            if (_decoupled)
            {
                TP.Multiply(parameter, T.One - learningRate * WeightDecay, parameter);
            }
            else
            {
                T[] d = _decayed[index] ??= new T[parameter.Length];
                TP.MultiplyAdd(parameter, WeightDecay, gradient, d);
                g = d;
            }
        }
        T correction1 = T.One - T.Pow(Beta1, T.CreateChecked(t));
        T correction2 = T.One - T.Pow(Beta2, T.CreateChecked(t));
        Fused(parameter, g, mi, vi, Beta1, Beta2, T.One / T.Sqrt(correction2), Epsilon, -learningRate / correction1);
    }

    /// <summary>
    /// One pass over the parameter: m = β₁m + (1−β₁)g, v = β₂v + (1−β₂)g², p += step·m/(√v·invSqrtC2 + ε), with
    /// SIMD vectors (compiled optimised on first use, unlike the chain of TensorPrimitives calls it replaces).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Fused(Span<T> p, ReadOnlySpan<T> g, Span<T> m, Span<T> v, T b1, T b2, T invSqrtC2, T eps, T step)
    {
        int n = p.Length, w = Vector<T>.Count, i = 0;
        T c1 = T.One - b1, c2 = T.One - b2;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<T> vb1 = new(b1), vb2 = new(b2), vc1 = new(c1), vc2 = new(c2), vs = new(invSqrtC2), ve = new(eps), vstep = new(step);
            for (; i <= n - w; i += w)
            {
                var gi = new Vector<T>(g.Slice(i));
                Vector<T> mi = vb1 * new Vector<T>(m.Slice(i)) + vc1 * gi;
                Vector<T> vi = vb2 * new Vector<T>(v.Slice(i)) + vc2 * gi * gi;
                mi.CopyTo(m.Slice(i));
                vi.CopyTo(v.Slice(i));
                (new Vector<T>(p.Slice(i)) + vstep * mi / (Vector.SquareRoot(vi) * vs + ve)).CopyTo(p.Slice(i));
            }
        }
        for (; i < n; i++)
        {
            m[i] = b1 * m[i] + c1 * g[i];
            v[i] = b2 * v[i] + c2 * g[i] * g[i];
            p[i] += step * m[i] / (T.Sqrt(v[i]) * invSqrtC2 + eps);
        }
    }
}
