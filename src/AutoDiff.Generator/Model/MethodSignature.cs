using AutoDiff.Generator.Helpers;

namespace AutoDiff.Generator.Model;

/// <summary>The checked and modelled parts of a method's signature, which the tape fallback reuses.</summary>
internal sealed record MethodSignature(
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string Accessibility,
    ScalarType ReturnType,
    EquatableArray<ParameterModel> Parameters)
{
    /// <summary>An extension method: its derivatives extend the first parameter's type too.</summary>
    public bool IsExtension { get; init; }
}

/// <summary>A method the source transformation declines but the tape may run.</summary>
/// <param name="Reason">The first source-transformation diagnostic, which AD0020 names; null when <c>Strategy = Tape</c> asked for the tape.</param>
internal sealed record TapeRequest(MethodSignature Signature, DiagnosticInfo? Reason);
