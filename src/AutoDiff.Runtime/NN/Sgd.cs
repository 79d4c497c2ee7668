using System.Numerics;
using AutoDiff.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace AutoDiff.NN;

/// <summary>
/// Stochastic gradient descent with optional momentum (PyTorch's formulation: v = μv + g, p -= lr·v),
/// Nesterov momentum and L2 weight decay (g += λp).
/// </summary>
public sealed class Sgd<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[]?[] _velocity;
    private readonly T[]?[] _scratch;

    /// <summary>Creates the optimizer.</summary>
    public Sgd(IEnumerable<Tensor<T>> parameters, T learningRate, T momentum = default, T weightDecay = default, bool nesterov = false)
        : base(parameters, learningRate)
    {
        if (!(momentum >= T.Zero) || !T.IsFinite(momentum))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be finite and non-negative.");
        }
        if (!(weightDecay >= T.Zero) || !T.IsFinite(weightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "Weight decay must be finite and non-negative.");
        }
        if (nesterov && momentum == T.Zero)
        {
            throw new ArgumentException("Nesterov momentum needs a positive momentum.", nameof(nesterov));
        }
        Momentum = momentum;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        _velocity = new T[]?[Parameters.Count];
        _scratch = new T[]?[Parameters.Count];
    }

    /// <summary>Momentum factor μ (0 = plain SGD).</summary>
    public T Momentum { get; }

    /// <summary>L2 penalty λ added to the gradient.</summary>
    public T WeightDecay { get; }

    /// <summary>Whether the Nesterov variant is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    protected override void Update(int index, Span<T> parameter, ReadOnlySpan<T> gradient)
    {
        ReadOnlySpan<T> g = gradient;
        if (WeightDecay != T.Zero)
        {
            T[] s = _scratch[index] ??= new T[parameter.Length];
            TP.MultiplyAdd(parameter, WeightDecay, gradient, s);
            g = s;
        }
        if (Momentum != T.Zero)
        {
            T[]? v = _velocity[index];
            if (v is null)
            {
                v = _velocity[index] = g.ToArray();
            }
            else
            {
                TP.MultiplyAdd(v, Momentum, g, v);
            }
            if (Nesterov)
            {
                T[] s = _scratch[index] ??= new T[parameter.Length];
                TP.MultiplyAdd(v, Momentum, g, s);
                g = s;
            }
            else
            {
                g = v;
            }
        }
        TP.MultiplyAdd(g, -LearningRate, parameter, parameter);
    }
}
