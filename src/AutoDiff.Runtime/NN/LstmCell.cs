using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>
/// One LSTM step (PyTorch's <c>LSTMCell</c>, gates in the order input, forget, cell, output):
/// c' = f·c + i·g, h' = o·tanh(c'). Weights [in, 4·hidden] and [hidden, 4·hidden], uniform in ±1/√hidden.
/// </summary>
public sealed class LstmCell<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the cell.</summary>
    public LstmCell(int inputSize, int hiddenSize, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        ArgumentNullException.ThrowIfNull(random);
        HiddenSize = hiddenSize;
        T k = T.One / T.Sqrt(T.CreateChecked(hiddenSize));
        WeightIH = Tensor<T>.RandomUniform(random, -k, k, inputSize, 4 * hiddenSize).RequireGrad();
        WeightHH = Tensor<T>.RandomUniform(random, -k, k, hiddenSize, 4 * hiddenSize).RequireGrad();
        BiasIH = Tensor<T>.RandomUniform(random, -k, k, 4 * hiddenSize).RequireGrad();
        BiasHH = Tensor<T>.RandomUniform(random, -k, k, 4 * hiddenSize).RequireGrad();
    }

    /// <summary>Hidden size.</summary>
    public int HiddenSize { get; }

    /// <summary>Input-to-hidden weights [in, 4·hidden].</summary>
    public Tensor<T> WeightIH { get; }

    /// <summary>Hidden-to-hidden weights [hidden, 4·hidden].</summary>
    public Tensor<T> WeightHH { get; }

    /// <summary>Input bias [4·hidden].</summary>
    public Tensor<T> BiasIH { get; }

    /// <summary>Hidden bias [4·hidden].</summary>
    public Tensor<T> BiasHH { get; }

    /// <summary>One step: input [N, in], state (h, c) each [N, hidden] (zeros when null) → the new (h, c).</summary>
    public (Tensor<T> H, Tensor<T> C) Step(Tensor<T> input, (Tensor<T> H, Tensor<T> C)? state = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        int n = input.Size(0);
        Tensor<T> h = state?.H ?? Tensor<T>.Zeros(n, HiddenSize);
        Tensor<T> c = state?.C ?? Tensor<T>.Zeros(n, HiddenSize);
        Tensor<T> gates = Tensor<T>.Linear(input, WeightIH, BiasIH) + Tensor<T>.Linear(h, WeightHH, BiasHH);
        Tensor<T>[] parts = gates.Chunk(4, 1);
        Tensor<T> i = parts[0].Sigmoid(), f = parts[1].Sigmoid(), g = parts[2].Tanh(), o = parts[3].Sigmoid();
        Tensor<T> c2 = f * c + i * g;
        return (o * c2.Tanh(), c2);
    }

    /// <summary>One step from a zero state; returns h.</summary>
    public override Tensor<T> Forward(Tensor<T> input) => Step(input).H;

    /// <inheritdoc/>
    public override IEnumerable<(string Name, Tensor<T> Parameter)> NamedParameters()
    {
        yield return ("WeightIH", WeightIH);
        yield return ("WeightHH", WeightHH);
        yield return ("BiasIH", BiasIH);
        yield return ("BiasHH", BiasHH);
    }
}
