using System.Numerics;

namespace AutoDiff.NN;

/// <summary>Cosine annealing from the base rate to <c>minRate</c> over <c>maxEpochs</c> (<c>CosineAnnealingLR</c>, closed form).</summary>
public sealed class CosineAnnealingLR<T>(Optimizer<T> optimizer, int maxEpochs, double minRate = 0) : LrScheduler<T>(optimizer)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override double RateAt(int epoch) => minRate + (BaseLearningRate - minRate) * (1 + Math.Cos(Math.PI * epoch / Math.Max(maxEpochs, 1))) / 2;
}
