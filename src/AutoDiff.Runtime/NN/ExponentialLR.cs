using System.Numerics;

namespace AutoDiff.NN;

/// <summary>Multiplies the rate by γ every epoch (<c>ExponentialLR</c>).</summary>
public sealed class ExponentialLR<T>(Optimizer<T> optimizer, double gamma) : LrScheduler<T>(optimizer)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override double RateAt(int epoch) => BaseLearningRate * Math.Pow(gamma, epoch);
}
