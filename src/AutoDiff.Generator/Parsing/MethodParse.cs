using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Parsing;

/// <summary>
/// What parsing one method produced: a model when the source transformation handles it, its diagnostics,
/// the calls to other [Differentiable] methods of the compilation, and a <see cref="TapeRequest"/> when the
/// tape fallback should be tried instead.
/// </summary>
/// <param name="Key">The method's <see cref="MethodModel.Key"/>, whatever became of it.</param>
internal sealed record MethodParse(
    string Key,
    MethodModel? Model,
    EquatableArray<DiagnosticInfo> Diagnostics,
    EquatableArray<CallSite> CallSites,
    TapeRequest? Tape)
{
    /// <summary>Nothing to generate and nothing to say (the compiler reports the code's own errors).</summary>
    public static MethodParse Nothing(string key) => new(key, null, EquatableArray<DiagnosticInfo>.Empty, EquatableArray<CallSite>.Empty, null);

    public static MethodParse Failed(string key, DiagnosticInfo diagnostic) =>
        new(key, null, new EquatableArray<DiagnosticInfo>(new[] { diagnostic }), EquatableArray<CallSite>.Empty, null);
}
