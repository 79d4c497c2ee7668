using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>
/// One GRU step (PyTorch's <c>GRUCell</c>): r = σ(xW_r + b + hU_r + b'), z likewise,
/// n = tanh(xW_n + b + r·(hU_n + b')), h' = (1 − z)·n + z·h. Weights [in, 3·hidden] and [hidden, 3·hidden].
/// </summary>
public sealed class GruCell<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the cell, uniform in ±1/√hidden.</summary>
    public GruCell(int inputSize, int hiddenSize, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        ArgumentNullException.ThrowIfNull(random);
        HiddenSize = hiddenSize;
        T k = T.One / T.Sqrt(T.CreateChecked(hiddenSize));
        WeightIH = Tensor<T>.RandomUniform(random, -k, k, inputSize, 3 * hiddenSize).RequireGrad();
        WeightHH = Tensor<T>.RandomUniform(random, -k, k, hiddenSize, 3 * hiddenSize).RequireGrad();
        BiasIH = Tensor<T>.RandomUniform(random, -k, k, 3 * hiddenSize).RequireGrad();
        BiasHH = Tensor<T>.RandomUniform(random, -k, k, 3 * hiddenSize).RequireGrad();
    }

    /// <summary>Hidden size.</summary>
    public int HiddenSize { get; }

    /// <summary>Input-to-hidden weights [in, 3·hidden] (reset, update, new).</summary>
    public Tensor<T> WeightIH { get; }

    /// <summary>Hidden-to-hidden weights [hidden, 3·hidden].</summary>
    public Tensor<T> WeightHH { get; }

    /// <summary>Input bias.</summary>
    public Tensor<T> BiasIH { get; }

    /// <summary>Hidden bias.</summary>
    public Tensor<T> BiasHH { get; }

    /// <summary>One step: input [N, in], h [N, hidden] (zeros when null) → the new h.</summary>
    public Tensor<T> Step(Tensor<T> input, Tensor<T>? hidden = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor<T> h = hidden ?? Tensor<T>.Zeros(input.Size(0), HiddenSize);
        Tensor<T>[] gi = Tensor<T>.Linear(input, WeightIH, BiasIH).Chunk(3, 1);
        Tensor<T>[] gh = Tensor<T>.Linear(h, WeightHH, BiasHH).Chunk(3, 1);
        Tensor<T> r = (gi[0] + gh[0]).Sigmoid();
        Tensor<T> z = (gi[1] + gh[1]).Sigmoid();
        Tensor<T> n = (gi[2] + r * gh[2]).Tanh();
        return (T.One - z) * n + z * h;
    }

    /// <summary>One step from a zero state.</summary>
    public override Tensor<T> Forward(Tensor<T> input) => Step(input);

    /// <inheritdoc/>
    public override IEnumerable<(string Name, Tensor<T> Parameter)> NamedParameters()
    {
        yield return ("WeightIH", WeightIH);
        yield return ("WeightHH", WeightHH);
        yield return ("BiasIH", BiasIH);
        yield return ("BiasHH", BiasHH);
    }
}
