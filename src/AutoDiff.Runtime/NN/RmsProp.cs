using System.Numerics;
using AutoDiff.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace AutoDiff.NN;

/// <summary>
/// RMSprop as in PyTorch: v = αv + (1 − α)g², p -= lr·g/(√v + ε) (defaults α 0.99, ε 1e-8), with optional L2 weight
/// decay, momentum (b = μb + g/(√v + ε), p -= lr·b) and the centred variant (v − mean(g)²).
/// </summary>
public sealed class RmsProp<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[][] _square;
    private readonly T[]?[] _mean;
    private readonly T[]?[] _buffer;
    private readonly T[][] _scratch;
    private readonly T[][] _grad;

    /// <summary>Creates the optimizer.</summary>
    public RmsProp(IEnumerable<Tensor<T>> parameters, T learningRate, double alpha = 0.99, double epsilon = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false)
        : base(parameters, learningRate)
    {
        if (!(alpha >= 0 && alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in [0, 1).");
        }
        if (!(epsilon > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be positive.");
        }
        if (!(weightDecay >= 0) || !(momentum >= 0))
        {
            throw new ArgumentOutOfRangeException(weightDecay < 0 ? nameof(weightDecay) : nameof(momentum), "Must be non-negative.");
        }
        (Alpha, Epsilon, WeightDecay, Momentum, Centered) = (T.CreateChecked(alpha), T.CreateChecked(epsilon), T.CreateChecked(weightDecay), T.CreateChecked(momentum), centered);
        _square = [.. Parameters.Select(p => new T[p.Count])];
        _scratch = [.. Parameters.Select(p => new T[p.Count])];
        _grad = [.. Parameters.Select(p => new T[p.Count])];
        _mean = new T[]?[Parameters.Count];
        _buffer = new T[]?[Parameters.Count];
    }

    /// <summary>Smoothing constant α.</summary>
    public T Alpha { get; }

    /// <summary>Added to the denominator.</summary>
    public T Epsilon { get; }

    /// <summary>L2 penalty λ.</summary>
    public T WeightDecay { get; }

    /// <summary>Momentum μ.</summary>
    public T Momentum { get; }

    /// <summary>Whether the gradient's running mean is subtracted.</summary>
    public bool Centered { get; }

    /// <inheritdoc/>
    protected override void Update(int index, Span<T> parameter, ReadOnlySpan<T> gradient)
    {
        T[] g = _grad[index], v = _square[index], s = _scratch[index];
        gradient.CopyTo(g);
        if (WeightDecay != T.Zero)
        {
            TP.MultiplyAdd(parameter, WeightDecay, g, g);
        }
        TP.Multiply(g, g, s);
        TP.Multiply(v, Alpha, v);
        TP.MultiplyAdd(s, T.One - Alpha, v, v);
        if (Centered)
        {
            T[] mean = _mean[index] ??= new T[parameter.Length];
            TP.Multiply(mean, Alpha, mean);
            TP.MultiplyAdd(g, T.One - Alpha, mean, mean);
            TP.Multiply(mean, mean, s);
            TP.Subtract(v, s, s);
            TP.Sqrt(s, s);
        }
        else
        {
            TP.Sqrt(v, s);
        }
        TP.Add(s, Epsilon, s);
        TP.Divide(g, s, s);
        if (Momentum != T.Zero)
        {
            T[] b = _buffer[index] ??= new T[parameter.Length];
            TP.MultiplyAdd(b, Momentum, s, b);
            TP.MultiplyAdd(b, -LearningRate, parameter, parameter);
        }
        else
        {
            TP.MultiplyAdd(s, -LearningRate, parameter, parameter);
        }
    }
}
