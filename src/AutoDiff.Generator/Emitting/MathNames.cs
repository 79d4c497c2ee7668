using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Emitting;

/// <summary>How generated code names System.Math and System.MathF: short when that is unambiguous, else fully qualified.</summary>
internal sealed class MathNames
{
    public MathNames(bool useShortNames) => UseShortNames = useShortNames;

    public bool UseShortNames { get; }

    /// <summary>The math class for arithmetic in <paramref name="type"/>: Math for double, MathF for float.</summary>
    public string For(ScalarType type) => Receiver(type == ScalarType.Float ? "MathF" : "Math");

    /// <summary>The receiver of a call as it is written in generated code.</summary>
    public string Receiver(string receiver) =>
        UseShortNames || receiver is "double" or "float" ? receiver : "global::System." + receiver;
}
