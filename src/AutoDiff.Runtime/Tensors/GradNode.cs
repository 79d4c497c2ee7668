using System.Numerics;

namespace AutoDiff.Tensors;

/// <summary>
/// One recorded operation: its inputs and a function mapping the output gradient to one gradient per input.
/// The function's closure holds the saved tensors; releasing it frees them.
/// </summary>
internal sealed class GradNode<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public GradNode(string name, Tensor<T>[] inputs, Func<Tensor<T>, Tensor<T>?[]> backward)
    {
        Name = name;
        Inputs = inputs;
        BackwardFn = backward;
    }

    public string Name { get; }

    public Tensor<T>[] Inputs { get; private set; }

    public Func<Tensor<T>, Tensor<T>?[]>? BackwardFn { get; private set; }

    /// <summary>
    /// Drops the saved values and the links to the inputs, so the intermediate results can be collected even
    /// while the output is still referenced. A later backward pass reaching this node reports it as freed.
    /// </summary>
    public void Release()
    {
        BackwardFn = null;
        Inputs = [];
    }
}
