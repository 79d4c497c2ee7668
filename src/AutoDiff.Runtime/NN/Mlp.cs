using System.Numerics;

namespace AutoDiff.NN;

/// <summary>Builds multi-layer perceptrons.</summary>
public static class Mlp
{
    /// <summary>
    /// Linear layers between consecutive <paramref name="sizes"/> (e.g. [2, 16, 16, 1]) with
    /// <paramref name="activation"/> after every layer except the last (which stays linear: logits).
    /// </summary>
    public static Sequential<T> Create<T>(int[] sizes, Activation activation, Random random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Length < 2)
        {
            throw new ArgumentException("An MLP needs at least an input and an output size.", nameof(sizes));
        }
        ArgumentNullException.ThrowIfNull(random);
        if (Array.FindIndex(sizes, s => s <= 0) is int bad and >= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sizes), sizes[bad], $"Layer size {bad} is {sizes[bad]}; every size must be positive.");
        }
        var modules = new List<Module<T>>();
        for (int i = 0; i + 1 < sizes.Length; i++)
        {
            modules.Add(new Linear<T>(sizes[i], sizes[i + 1], random));
            if (i + 2 < sizes.Length)
            {
                modules.Add(activation switch
                {
                    Activation.ReLU => new ReLU<T>(),
                    Activation.Tanh => new Tanh<T>(),
                    Activation.Sigmoid => new Sigmoid<T>(),
                    _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
                });
            }
        }
        return new Sequential<T>([.. modules]);
    }
}
