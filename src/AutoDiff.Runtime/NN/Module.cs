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
    public virtual IEnumerable<Tensor<T>> Parameters() => [];

    /// <summary>Parameters with dotted names (e.g. "0.Weight"), for inspection and checkpoints.</summary>
    public virtual IEnumerable<(string Name, Tensor<T> Parameter)> NamedParameters() => [];

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
}
