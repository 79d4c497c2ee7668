namespace AutoDiff.NN;

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
