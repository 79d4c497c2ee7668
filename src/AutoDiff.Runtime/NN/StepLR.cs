using System.Numerics;

namespace AutoDiff.NN;

/// <summary>Multiplies the rate by γ every <c>stepSize</c> epochs (<c>StepLR</c>).</summary>
public sealed class StepLR<T>(Optimizer<T> optimizer, int stepSize, double gamma = 0.1) : LrScheduler<T>(optimizer)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override double RateAt(int epoch) => BaseLearningRate * Math.Pow(gamma, epoch / Math.Max(stepSize, 1));
}
