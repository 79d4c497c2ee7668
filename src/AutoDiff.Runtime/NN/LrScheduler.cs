using System.Numerics;

namespace AutoDiff.NN;

/// <summary>
/// Sets an optimizer's learning rate from the number of epochs done: call <see cref="Step"/> once per epoch, after
/// <c>optimizer.Step()</c>, as in PyTorch.
/// </summary>
public abstract class LrScheduler<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Takes the optimizer and remembers its learning rate as the base rate.</summary>
    protected LrScheduler(Optimizer<T> optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
        BaseLearningRate = double.CreateChecked(optimizer.LearningRate);
    }

    /// <summary>The optimizer whose rate is set.</summary>
    public Optimizer<T> Optimizer { get; }

    /// <summary>The learning rate at epoch 0.</summary>
    public double BaseLearningRate { get; }

    /// <summary>Epochs completed.</summary>
    public int Epoch { get; private set; }

    /// <summary>Advances one epoch and sets the new learning rate.</summary>
    public void Step()
    {
        Epoch++;
        Optimizer.LearningRate = T.CreateChecked(RateAt(Epoch));
    }

    /// <summary>The learning rate after <paramref name="epoch"/> epochs.</summary>
    public abstract double RateAt(int epoch);
}
