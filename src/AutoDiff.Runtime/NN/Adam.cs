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
