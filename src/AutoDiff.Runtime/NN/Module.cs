using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>A differentiable building block: maps a tensor to a tensor and owns trainable parameters.</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Applies the module to <paramref name="input"/>.</summary>
    public abstract Tensor<T> Forward(Tensor<T> input);

    /// <summary>Trainable parameters of this module and its children, each once, in a stable order.</summary>
    public virtual IEnumerable<Tensor<T>> Parameters() => NamedParameters().Select(p => p.Parameter).Distinct(ReferenceEqualityComparer.Instance).Cast<Tensor<T>>();

    /// <summary>Parameters with dotted names (e.g. "0.Weight"), for inspection and checkpoints.</summary>
    public virtual IEnumerable<(string Name, Tensor<T> Parameter)> NamedParameters()
    {
        foreach ((string prefix, Module<T> child) in NamedChildren())
        {
            foreach ((string name, Tensor<T> p) in child.NamedParameters())
            {
                yield return ($"{prefix}.{name}", p);
            }
        }
    }

    /// <summary>State that is saved with the parameters but not trained (e.g. BatchNorm's running statistics).</summary>
    public virtual IEnumerable<(string Name, Tensor<T> Buffer)> NamedBuffers()
    {
        foreach ((string prefix, Module<T> child) in NamedChildren())
        {
            foreach ((string name, Tensor<T> b) in child.NamedBuffers())
            {
                yield return ($"{prefix}.{name}", b);
            }
        }
    }

    /// <summary>Sub-modules with their names; containers and composite layers override this.</summary>
    public virtual IEnumerable<(string Name, Module<T> Module)> NamedChildren() => [];

    /// <summary>True in training mode (the default): Dropout drops, BatchNorm uses batch statistics.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Sets training mode on this module and all children; returns this module.</summary>
    public Module<T> Train(bool mode = true)
    {
        Training = mode;
        foreach ((_, Module<T> child) in NamedChildren())
        {
            child.Train(mode);
        }
        return this;
    }

    /// <summary>Evaluation mode (<c>Train(false)</c>).</summary>
    public Module<T> Eval() => Train(false);

    /// <summary>Clears the accumulated gradients of every parameter.</summary>
    public void ZeroGrad()
    {
        foreach (Tensor<T> p in Parameters())
        {
            p.ZeroGrad();
        }
    }

    /// <summary>Total number of trainable scalars.</summary>
    public int ParameterCount() => Parameters().Sum(p => p.Count);

    /// <summary>Shorthand for <see cref="Forward"/>.</summary>
    public Tensor<T> Call(Tensor<T> input) => Forward(input);

    /// <summary>A parameter: a leaf that requires grad, owned by no tensor scope.</summary>
    protected static Tensor<T> Parameter(Tensor<T> values) => values.Detach().Clone().RequireGrad();
}
