using System.Numerics;

namespace AutoDiff.Tensors;

/// <summary>
/// One recorded operation: its inputs and a function mapping the output gradient to one gradient per input.
/// The function's closure holds the saved tensors; releasing it frees them. The function is written with tensor
/// operations, so running it with recording on (<c>createGraph</c>) records the backward pass itself.
/// </summary>
internal sealed class GradNode<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Storage[] _savedStorages;
    private readonly int[] _savedVersions;

    public GradNode(string name, Tensor<T>[] inputs, Func<Tensor<T>, Tensor<T>?[]> backward, Tensor<T>[] saved)
    {
        Name = name;
        Inputs = inputs;
        BackwardFn = backward;
        if (saved.Length == 0)
        {
            _savedStorages = [];
            _savedVersions = [];
        }
        else
        {
            _savedStorages = new Storage[saved.Length];
            _savedVersions = new int[saved.Length];
            for (int i = 0; i < saved.Length; i++)
            {
                _savedStorages[i] = saved[i].Storage;
                _savedVersions[i] = saved[i].Storage.Version;
            }
        }
    }

    public string Name { get; }

    public Tensor<T>[] Inputs { get; private set; }

    public Func<Tensor<T>, Tensor<T>?[]>? BackwardFn { get; private set; }

    /// <summary>Throws if a tensor the backward function reads was modified in place after it was saved.</summary>
    public void CheckSavedVersions()
    {
        for (int i = 0; i < _savedStorages.Length; i++)
        {
            if (_savedStorages[i].Version != _savedVersions[i])
            {
                throw new InvalidOperationException(
                    $"One of the tensors needed to compute the gradient of '{Name}' has been modified by an in-place operation " +
                    $"(or its storage was released) after it was used: version {_savedStorages[i].Version}, expected {_savedVersions[i]}. " +
                    "Use an out-of-place operation or Clone() the tensor first.");
            }
        }
    }

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
