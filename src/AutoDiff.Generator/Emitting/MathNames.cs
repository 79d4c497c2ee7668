using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Emitting;

/// <summary>How generated code names System.Math and System.MathF: short when that is unambiguous, else fully qualified.</summary>
internal sealed class MathNames
{
    private const string DualMath = "global::AutoDiff.Taping.DualMath";
    private readonly bool _onDuals;

    public MathNames(bool useShortNames)
        : this(useShortNames, onDuals: false)
    {
    }

    private MathNames(bool useShortNames, bool onDuals)
    {
        UseShortNames = useShortNames;
        _onDuals = onDuals;
    }

    public bool UseShortNames { get; }

    /// <summary>Real values are <c>Dual</c> numbers (see <see cref="OnDuals"/>).</summary>
    public bool IsOnDuals => _onDuals;

    /// <summary>The same names for code whose real values are <c>Dual</c> numbers: math goes to <c>DualMath</c>.</summary>
    public MathNames OnDuals() => new(UseShortNames, onDuals: true);

    /// <summary>The math class for arithmetic in <paramref name="type"/>: Math for double, MathF for float.</summary>
    public string For(ScalarType type) => Receiver(type == ScalarType.Float ? "MathF" : "Math");

    /// <summary>The receiver of a call as it is written in generated code.</summary>
    public string Receiver(string receiver) =>
        _onDuals ? DualMath : UseShortNames || receiver is "double" or "float" ? receiver : "global::System." + receiver;
}
