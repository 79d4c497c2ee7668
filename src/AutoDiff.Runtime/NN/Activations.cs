using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>Rectified linear unit max(x, 0) as a layer.</summary>
public sealed class ReLU<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override Tensor<T> Forward(Tensor<T> input) => (input ?? throw new ArgumentNullException(nameof(input))).Relu();

    /// <summary>Describes the layer.</summary>
    public override string ToString() => "ReLU";
}

/// <summary>Hyperbolic tangent as a layer.</summary>
public sealed class Tanh<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override Tensor<T> Forward(Tensor<T> input) => (input ?? throw new ArgumentNullException(nameof(input))).Tanh();

    /// <summary>Describes the layer.</summary>
    public override string ToString() => "Tanh";
}

/// <summary>Logistic sigmoid as a layer.</summary>
public sealed class Sigmoid<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override Tensor<T> Forward(Tensor<T> input) => (input ?? throw new ArgumentNullException(nameof(input))).Sigmoid();

    /// <summary>Describes the layer.</summary>
    public override string ToString() => "Sigmoid";
}

/// <summary>Activation choices for <see cref="Mlp"/>.</summary>
public enum Activation
{
    /// <summary>max(x, 0).</summary>
    ReLU,

    /// <summary>Hyperbolic tangent.</summary>
    Tanh,

    /// <summary>Logistic sigmoid.</summary>
    Sigmoid,
}
