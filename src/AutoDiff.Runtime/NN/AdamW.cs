using System.Numerics;
using AutoDiff.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace AutoDiff.NN;

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
