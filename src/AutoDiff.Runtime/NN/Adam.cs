using System.Numerics;
using AutoDiff.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace AutoDiff.NN;

/// <summary>
/// Adam (Kingma and Ba) with bias correction, as in PyTorch: m = β₁m + (1-β₁)g, v = β₂v + (1-β₂)g²,
/// p -= lr·m̂ / (√v̂ + ε). Optional L2 weight decay adds λp to the gradient.
/// </summary>
public sealed class Adam<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[][] m;
    private readonly T[][] v;
    private readonly T[][] scratch;
    private readonly T[]?[] decayed;
    private readonly int[] steps;

    /// <summary>Creates the optimizer; null hyper-parameters take PyTorch's defaults (β 0.9/0.999, ε 1e-8).</summary>
    public Adam(IEnumerable<Tensor<T>> parameters, T learningRate, T? beta1 = null, T? beta2 = null, T? epsilon = null, T weightDecay = default)
        : base(parameters, learningRate)
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
        m = [.. Parameters.Select(p => new T[p.Count])];
        v = [.. Parameters.Select(p => new T[p.Count])];
        scratch = [.. Parameters.Select(p => new T[p.Count])];
        decayed = new T[]?[Parameters.Count];
        steps = new int[Parameters.Count];
    }

    /// <summary>Decay of the first-moment estimate.</summary>
    public T Beta1 { get; }

    /// <summary>Decay of the second-moment estimate.</summary>
    public T Beta2 { get; }

    /// <summary>Added to the denominator for stability.</summary>
    public T Epsilon { get; }

    /// <summary>L2 penalty λ added to the gradient.</summary>
    public T WeightDecay { get; }

    /// <inheritdoc/>
    protected override void Update(int index, Span<T> parameter, ReadOnlySpan<T> gradient)
    {
        T[] mi = m[index], vi = v[index], s = scratch[index];
        int t = ++steps[index];
        ReadOnlySpan<T> g = gradient;
        if (WeightDecay != T.Zero)
        {
            T[] d = decayed[index] ??= new T[parameter.Length];
            TP.MultiplyAdd(parameter, WeightDecay, gradient, d);
            g = d;
        }
        // m = β₁m + (1-β₁)g ; v = β₂v + (1-β₂)g²
        TP.Multiply(mi, Beta1, mi);
        TP.MultiplyAdd(g, T.One - Beta1, mi, mi);
        TP.Multiply(g, g, s);
        TP.Multiply(vi, Beta2, vi);
        TP.MultiplyAdd(s, T.One - Beta2, vi, vi);

        T correction1 = T.One - T.Pow(Beta1, T.CreateChecked(t));
        T correction2 = T.One - T.Pow(Beta2, T.CreateChecked(t));
        // denominator √v / √(1-β₂ᵗ) + ε, then p -= lr/(1-β₁ᵗ) · m / denominator
        TP.Sqrt(vi, s);
        TP.Multiply(s, T.One / T.Sqrt(correction2), s);
        TP.Add(s, Epsilon, s);
        TP.Divide(mi, s, s);
        TP.MultiplyAdd(s, -LearningRate / correction1, parameter, parameter);
    }
}
