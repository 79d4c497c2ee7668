using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>Applies its modules in order, feeding each one's output to the next.</summary>
public sealed class Sequential<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Module<T>[] layers;

    /// <summary>Creates the chain from the given modules (at least one).</summary>
    public Sequential(params Module<T>[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Length == 0)
        {
            throw new ArgumentException("Sequential needs at least one module.", nameof(layers));
        }
        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i] is null)
            {
                throw new ArgumentNullException(nameof(layers), $"Module {i} is null.");
            }
        }
        this.layers = (Module<T>[])layers.Clone();
    }

    /// <summary>The modules in application order.</summary>
    public IReadOnlyList<Module<T>> Layers => layers;

    /// <inheritdoc/>
    public override Tensor<T> Forward(Tensor<T> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor<T> x = input;
        foreach (Module<T> layer in layers)
        {
            x = layer.Forward(x);
        }
        return x;
    }

    /// <inheritdoc/>
    public override IEnumerable<Tensor<T>> Parameters()
    {
        var seen = new HashSet<Tensor<T>>(ReferenceEqualityComparer.Instance);
        foreach (Module<T> layer in layers)
        {
            foreach (Tensor<T> p in layer.Parameters())
            {
                if (seen.Add(p))
                {
                    yield return p;
                }
            }
        }
    }

    /// <inheritdoc/>
    public override IEnumerable<(string Name, Tensor<T> Parameter)> NamedParameters()
    {
        for (int i = 0; i < layers.Length; i++)
        {
            foreach ((string name, Tensor<T> p) in layers[i].NamedParameters())
            {
                yield return ($"{i}.{name}", p);
            }
        }
    }

    /// <summary>Lists the layers.</summary>
    public override string ToString() => "Sequential(" + string.Join(", ", layers.Select(l => l.ToString())) + ")";
}

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
