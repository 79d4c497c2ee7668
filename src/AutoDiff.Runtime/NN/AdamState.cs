using System.Numerics;
using AutoDiff.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace AutoDiff.NN;

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
