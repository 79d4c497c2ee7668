using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Differentiation;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Pipeline;

/// <summary>
/// The generated derivatives that [Differentiable] methods of the compilation call (nested differentiation), each
/// read back as statements to splice (<see cref="InnerDerivatives"/>), or why it cannot be. Built from all models
/// once they are parsed; a callee that itself calls generated derivatives is expanded first, at any depth. Compares
/// by value and holds only what some method calls, so editing a method nobody calls that way changes nothing.
/// </summary>
internal sealed class InnerDerivativeTable : IEquatable<InnerDerivativeTable>
{
    public static readonly InnerDerivativeTable Empty = new(EquatableArray<InnerDerivative>.Empty);

    private InnerDerivativeTable(EquatableArray<InnerDerivative> entries) => Entries = entries;

    public EquatableArray<InnerDerivative> Entries { get; }

    public static InnerDerivativeTable From(IEnumerable<MethodModel> models)
    {
        var byKey = new Dictionary<string, MethodModel>(StringComparer.Ordinal);
        foreach (MethodModel model in models.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (!byKey.ContainsKey(model.Key))
            {
                byKey[model.Key] = model;
            }
        }

        List<(string Key, DerivativeKind Kind)> wanted = byKey.Values
            .SelectMany(m => m.Body.Descendants().OfType<DerivativeCallStmt>())
            .Select(c => (c.CalleeKey, c.Kind))
            .Distinct()
            .ToList();
        if (wanted.Count == 0)
        {
            return Empty;
        }

        var built = new Dictionary<(string, DerivativeKind), InnerDerivative>();
        var expanding = new HashSet<(string, DerivativeKind)>();

        InnerDerivative? Get(string key, DerivativeKind kind)
        {
            if (built.TryGetValue((key, kind), out InnerDerivative? known))
            {
                return known;
            }

            if (!byKey.TryGetValue(key, out MethodModel? callee))
            {
                return null; // no model: the callee's own problem (or the tape) is reported at the call
            }

            // One derivative in the making may need another of the same method (a gradient from its forward mode), not itself.
            if (!expanding.Add((key, kind)))
            {
                // Not kept: the method being expanded gets its own entry when it is done.
                return InnerDerivative.Rejected(key, kind, $"'{callee.Name}' is recursive (it calls itself, directly or through other methods), and a recursive method's derivative cannot be inlined into its callers; write the recursion as a loop");
            }

            // The callee's own calls of generated derivatives first, then its derivative, then the calls that
            // derivative makes of the derivatives of the methods it calls.
            MethodModel expanded = Nesting.Expand(callee, Get);
            InnerDerivative result = Nesting.HasDerivativeCalls(expanded)
                ? InnerDerivative.Rejected(key, kind, $"'{callee.Name}' calls a generated derivative that cannot be inlined (see AD0004 there)")
                : Nesting.ExpandInner(InnerDerivatives.Build(expanded, kind), Get);
            expanding.Remove((key, kind));
            built[(key, kind)] = result;
            return result;
        }

        foreach ((string key, DerivativeKind kind) in wanted)
        {
            Get(key, kind);
        }

        return new InnerDerivativeTable(built.Values
            .OrderBy(d => d.CalleeKey, StringComparer.Ordinal)
            .ThenBy(d => d.Kind)
            .ToEquatableArray());
    }

    public InnerDerivative? Find(string key, DerivativeKind kind) =>
        Entries.FirstOrDefault(d => d.Kind == kind && string.Equals(d.CalleeKey, key, StringComparison.Ordinal));

    /// <summary>Why a call of a generated derivative cannot be inlined, or null.</summary>
    public string? Problem(CallSite site) => site.Derivative is { } kind
        ? Nesting.Problem(site.Display, kind, site.Inputs, site.Outputs, Find(site.CalleeKey, kind))
        : null;

    public bool Equals(InnerDerivativeTable? other) => other is not null && Entries.Equals(other.Entries);

    public override bool Equals(object? obj) => Equals(obj as InnerDerivativeTable);

    public override int GetHashCode() => Entries.GetHashCode();
}
