using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>Updates a fixed set of parameters from their accumulated gradients.</summary>
public abstract class Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Takes the parameters to optimise (each must require grad; duplicates are ignored).</summary>
    protected Optimizer(IEnumerable<Tensor<T>> parameters, T learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        CheckLearningRate(learningRate, nameof(learningRate));
        var list = new List<Tensor<T>>();
        var seen = new HashSet<Tensor<T>>(ReferenceEqualityComparer.Instance);
        foreach (Tensor<T> p in parameters)
        {
            ArgumentNullException.ThrowIfNull(p, nameof(parameters));
            if (!p.IsLeaf || !p.RequiresGrad)
            {
                throw new ArgumentException("Every parameter must be a leaf tensor that requires grad.", nameof(parameters));
            }
            if (seen.Add(p))
            {
                list.Add(p);
            }
        }
        if (list.Count == 0)
        {
            throw new ArgumentException("The optimizer got an empty parameter list.", nameof(parameters));
        }
        Parameters = list;
        LearningRate = learningRate;
    }

    /// <summary>The parameters being optimised.</summary>
    public IReadOnlyList<Tensor<T>> Parameters { get; }

    /// <summary>Step size; may be changed between steps (e.g. by a schedule).</summary>
    public T LearningRate
    {
        get => _learningRate;
        set => _learningRate = CheckLearningRate(value, nameof(value));
    }

    private T _learningRate;

    /// <summary>Applies one update to every parameter that has a gradient.</summary>
    public void Step()
    {
        for (int i = 0; i < Parameters.Count; i++)
        {
            Tensor<T> p = Parameters[i];
            if (p.Grad is not null)
            {
                Update(i, p.Span, p.Grad.Contiguous().Span);
                p.MarkModified();
            }
        }
    }

    /// <summary>Clears the gradients of all parameters.</summary>
    public void ZeroGrad()
    {
        foreach (Tensor<T> p in Parameters)
        {
            p.ZeroGrad();
        }
    }

    /// <summary>Updates parameter number <paramref name="index"/> in place from its gradient.</summary>
    protected abstract void Update(int index, Span<T> parameter, ReadOnlySpan<T> gradient);

    // A schedule that divides by zero or overshoots below zero is stopped at the assignment, not steps later.
    private static T CheckLearningRate(T value, string paramName) =>
        value >= T.Zero && T.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(paramName, value, "Learning rate must be finite and non-negative.");
}
