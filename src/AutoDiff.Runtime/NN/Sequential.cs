using System.Numerics;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>Applies its modules in order, feeding each one's output to the next.</summary>
public sealed class Sequential<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Module<T>[] _layers;

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
        _layers = (Module<T>[])layers.Clone();
    }

    /// <summary>The modules in application order.</summary>
    public IReadOnlyList<Module<T>> Layers => _layers;

    /// <inheritdoc/>
    public override Tensor<T> Forward(Tensor<T> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor<T> x = input;
        foreach (Module<T> layer in _layers)
        {
            x = layer.Forward(x);
        }
        return x;
    }

    /// <inheritdoc/>
    public override IEnumerable<(string Name, Module<T> Module)> NamedChildren() => _layers.Select((l, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), l));

    /// <summary>Lists the layers.</summary>
    public override string ToString() => "Sequential(" + string.Join(", ", _layers.Select(l => l.ToString())) + ")";
}
