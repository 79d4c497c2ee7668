using System.Numerics;
using AutoDiff.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace AutoDiff.NN;

/// <summary>Adagrad as in PyTorch: s += g², p -= lr_t·g/(√s + ε) with lr_t = lr/(1 + (t − 1)·decay), ε 1e-10.</summary>
public sealed class Adagrad<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[][] _sum;
    private readonly T[][] _scratch;
    private readonly T[][] _grad;
    private readonly int[] _steps;

    /// <summary>Creates the optimizer.</summary>
    public Adagrad(IEnumerable<Tensor<T>> parameters, T learningRate, double lrDecay = 0, double weightDecay = 0, double initialAccumulator = 0, double epsilon = 1e-10)
        : base(parameters, learningRate)
    {
        if (!(lrDecay >= 0) || !(weightDecay >= 0) || !(initialAccumulator >= 0) || !(epsilon > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(lrDecay), "lrDecay, weightDecay and initialAccumulator must be non-negative, epsilon positive.");
        }
        (LrDecay, WeightDecay, Epsilon) = (T.CreateChecked(lrDecay), T.CreateChecked(weightDecay), T.CreateChecked(epsilon));
        T init = T.CreateChecked(initialAccumulator);
        _sum = [.. Parameters.Select(p => Enumerable.Repeat(init, p.Count).ToArray())];
        _scratch = [.. Parameters.Select(p => new T[p.Count])];
        _grad = [.. Parameters.Select(p => new T[p.Count])];
        _steps = new int[Parameters.Count];
    }

    /// <summary>Learning-rate decay per step.</summary>
    public T LrDecay { get; }

    /// <summary>L2 penalty λ.</summary>
    public T WeightDecay { get; }

    /// <summary>Added to the denominator.</summary>
    public T Epsilon { get; }

    /// <inheritdoc/>
    protected override void Update(int index, Span<T> parameter, ReadOnlySpan<T> gradient)
    {
        T[] g = _grad[index], sum = _sum[index], s = _scratch[index];
        int t = ++_steps[index];
        gradient.CopyTo(g);
        if (WeightDecay != T.Zero)
        {
            TP.MultiplyAdd(parameter, WeightDecay, g, g);
        }
        T lr = LearningRate / (T.One + T.CreateChecked(t - 1) * LrDecay);
        TP.MultiplyAdd(g, g, sum, sum);
        TP.Sqrt(sum, s);
        TP.Add(s, Epsilon, s);
        TP.Divide(g, s, s);
        TP.MultiplyAdd(s, -lr, parameter, parameter);
    }
}
