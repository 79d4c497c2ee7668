using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>
/// Batch normalisation over channel dimension 1 of [N, C] or [N, C, ...] inputs (PyTorch's BatchNorm1d/2d/3d in one):
/// batch statistics in training (running statistics updated with <see cref="Momentum"/>), running statistics in evaluation.
/// </summary>
public sealed class BatchNorm<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the layer for <paramref name="features"/> channels.</summary>
    public BatchNorm(int features, double eps = 1e-5, double momentum = 0.1, bool affine = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        Features = features;
        Eps = eps;
        Momentum = momentum;
        Weight = affine ? Tensor<T>.Ones(features).RequireGrad() : null;
        Bias = affine ? Tensor<T>.Zeros(features).RequireGrad() : null;
        RunningMean = Tensor<T>.Zeros(features).Persist();
        RunningVar = Tensor<T>.Ones(features).Persist();
    }

    /// <summary>Number of channels.</summary>
    public int Features { get; }

    /// <summary>Added to the variance.</summary>
    public double Eps { get; }

    /// <summary>Weight of the newest batch in the running statistics.</summary>
    public double Momentum { get; }

    /// <summary>Scale per channel, or null.</summary>
    public Tensor<T>? Weight { get; }

    /// <summary>Shift per channel, or null.</summary>
    public Tensor<T>? Bias { get; }

    /// <summary>Running mean per channel (a buffer: saved, not trained).</summary>
    public Tensor<T> RunningMean { get; }

    /// <summary>Running (unbiased) variance per channel.</summary>
    public Tensor<T> RunningVar { get; }

    /// <inheritdoc/>
    public override Tensor<T> Forward(Tensor<T> input) => Functional.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, Training, Momentum, Eps);

    /// <inheritdoc/>
    public override IEnumerable<(string Name, Tensor<T> Parameter)> NamedParameters()
    {
        if (Weight is not null && Bias is not null)
        {
            yield return ("Weight", Weight);
            yield return ("Bias", Bias);
        }
    }

    /// <inheritdoc/>
    public override IEnumerable<(string Name, Tensor<T> Buffer)> NamedBuffers()
    {
        yield return ("RunningMean", RunningMean);
        yield return ("RunningVar", RunningVar);
    }

    /// <summary>Describes the layer.</summary>
    public override string ToString() => $"BatchNorm({Features})";
}
