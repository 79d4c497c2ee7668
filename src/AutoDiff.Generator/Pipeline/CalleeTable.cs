using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Differentiation;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Pipeline;

/// <summary>
/// Every [Differentiable] method of the compilation, resolved together: which have derivatives, which get
/// second derivatives (their own code and all their callees' permitting, however deep the calls go), and
/// which must write a <c>GradientDual</c> because a caller's Hessian calls it. Built after the equality
/// cut-off from each method's <see cref="MethodFacts"/>, so editing one body changes it only when that
/// method's facts change; it compares by value, so methods whose plan stays the same are not regenerated.
/// </summary>
internal sealed class CalleeTable : IEquatable<CalleeTable>
{
    private readonly Dictionary<string, MethodFacts> _facts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _whyNoHessian = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dual = new(StringComparer.Ordinal);

    public CalleeTable(IEnumerable<MethodFacts> facts, bool projectHessians)
    {
        // Sorted, and one entry per key (a duplicate declaration is the compiler's to report).
        Facts = facts.GroupBy(f => f.Key, StringComparer.Ordinal).Select(g => g.First()).OrderBy(f => f.Key, StringComparer.Ordinal).ToEquatableArray();
        ProjectHessians = projectHessians;
        foreach (MethodFacts fact in Facts)
        {
            _facts[fact.Key] = fact;
        }

        // A method writes FGradientDual when its Hessian was asked for, or a caller's FGradientDual calls it.
        var pending = new Stack<string>(Facts.Where(f => Wants(f) && WhyNoHessian(f.Key) is null).Select(f => f.Key));
        while (pending.Count > 0)
        {
            string key = pending.Pop();
            if (_dual.Add(key))
            {
                foreach (string callee in _facts[key].Callees)
                {
                    pending.Push(callee);
                }
            }
        }
    }

    public EquatableArray<MethodFacts> Facts { get; }

    /// <summary><c>&lt;AutoDiffHessians&gt;true&lt;/AutoDiffHessians&gt;</c>: every method asks for second derivatives.</summary>
    public bool ProjectHessians { get; }

    /// <summary>Why a callee of this compilation gives its callers no derivatives, or null when it does.</summary>
    public string? Problem(string calleeKey) =>
        !_facts.TryGetValue(calleeKey, out MethodFacts? callee) ? "it does not compile yet"
        : callee.Status == MethodStatus.Failed ? callee.WhyNoDerivatives
        : null;

    /// <summary>Which second-order methods <paramref name="model"/> gets.</summary>
    public SecondOrderPlan PlanFor(MethodModel model)
    {
        if (!_facts.TryGetValue(model.Key, out MethodFacts? facts))
        {
            return SecondOrderPlan.None;
        }

        bool dual = _dual.Contains(model.Key);
        bool wants = Wants(facts);
        string? why = WhyNoHessian(model.Key);
        return new SecondOrderPlan(
            dual,
            wants && why is null,
            dual ? facts.Callees : EquatableArray<string>.Empty,
            wants && why is not null && model.Parameters.Any(p => p.IsDifferentiable) && !model.IsVectorValued && !model.HasCompositeResult ? why : null);
    }

    private bool Wants(MethodFacts facts) => facts.Status == MethodStatus.Generated && (ProjectHessians || facts.WantsHessian);

    /// <summary>Why the method cannot have second derivatives (its own code, or a callee's), or null; a cycle of calls has none.</summary>
    private string? WhyNoHessian(string key)
    {
        if (_whyNoHessian.TryGetValue(key, out string? known))
        {
            return known;
        }

        _whyNoHessian[key] = "it calls itself, directly or through other methods"; // until resolved: a cycle has no Hessian
        MethodFacts facts = _facts[key];
        string? why = facts.Status != MethodStatus.Generated ? "it has no source-transformed derivatives"
            : facts.WhyNoHessian
            ?? facts.Callees
                .Where(c => !_facts.ContainsKey(c) || WhyNoHessian(c) is not null)
                .Select(c => SecondOrder.WhyNotCallee(Display(c)))
                .FirstOrDefault();
        _whyNoHessian[key] = why;
        return why;
    }

    /// <summary>The method name in a key (<c>global::N.T.F(double)</c> → <c>F</c>).</summary>
    private static string Display(string key)
    {
        int open = key.IndexOf('(');
        return SecondOrder.Name(open < 0 ? key : key.Substring(0, open));
    }

    public bool Equals(CalleeTable? other) => other is not null && ProjectHessians == other.ProjectHessians && Facts.Equals(other.Facts);

    public override bool Equals(object? obj) => Equals(obj as CalleeTable);

    public override int GetHashCode() => (Facts.GetHashCode() * 31) + (ProjectHessians ? 1 : 0);
}
