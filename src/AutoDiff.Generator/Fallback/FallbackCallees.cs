using System.Collections.Generic;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Fallback;

/// <summary>
/// The [Differentiable] methods a taped body calls, each given a helper name in order of first call. One
/// in this compilation keeps its call site, so the pipeline can check it got derivatives once every method
/// is parsed; one from another assembly must come with its generated <c>Gradient</c>.
/// </summary>
internal sealed class FallbackCallees
{
    private readonly IMethodSymbol _caller;
    private readonly Dictionary<IMethodSymbol, string?> _helpers = new(SymbolEqualityComparer.Default);
    private readonly List<CalleeModel> _callees = new();
    private readonly List<CallSite> _callSites = new();
    private readonly HashSet<string> _names = new();

    public FallbackCallees(IMethodSymbol caller) => _caller = caller;

    public EquatableArray<CalleeModel> Models => _callees.ToEquatableArray();

    public EquatableArray<CallSite> CallSites => _callSites.ToEquatableArray();

    /// <summary>The helper for <paramref name="target"/>, or null (with AD0004) when it gets no derivatives.</summary>
    public string? HelperFor(IMethodSymbol target, SyntaxNode call, List<DiagnosticInfo>? diagnostics)
    {
        target = target.OriginalDefinition;
        if (!_helpers.TryGetValue(target, out string? helper))
        {
            helper = Create(target, call, diagnostics);
            _helpers[target] = helper;
        }

        return helper;
    }

    private string? Create(IMethodSymbol target, SyntaxNode call, List<DiagnosticInfo>? diagnostics)
    {
        string display = target.ContainingType.Name + "." + target.Name;
        string? why = MethodParser.InSource(target) || target.ContainingType.GetMembers(target.Name + "Gradient").Length > 0
            ? null
            : "its assembly was built without its generated derivatives; build it with the AutoDiff generator";
        ScalarType? returnType = MethodParser.SignatureType(target.ReturnType);
        var parameters = new List<ParameterModel>();
        foreach (IParameterSymbol parameter in target.Parameters)
        {
            (ScalarType? type, ParameterShape shape) = MethodParser.ParameterType(parameter.Type);
            if (type is null || parameter.RefKind != RefKind.None || shape == ParameterShape.Span)
            {
                why ??= shape == ParameterShape.Span
                    ? "calls to vector-valued (void) [Differentiable] methods are not supported on the tape; return a value, or inline its body"
                    : "its signature is not supported (AD0003)";
                break;
            }

            parameters.Add(new ParameterModel(
                parameter.Name, type.Value, type.Value.IsReal() && !TapeRewriter.HasAttribute(parameter, MethodParser.NoDerivativeAttribute), shape));
        }

        if (returnType is not (ScalarType.Double or ScalarType.Float))
        {
            why ??= "its return type is not supported (AD0003)";
        }

        if (why is not null || returnType is null)
        {
            diagnostics?.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoDerivative, LocationInfo.From(call), display, why ?? string.Empty));
            return null;
        }

        string key = MethodParser.KeyOf(target);
        if (MethodParser.InSource(target) && !SymbolEqualityComparer.Default.Equals(target, _caller.OriginalDefinition))
        {
            _callSites.Add(new CallSite(key, display, LocationInfo.From(call)));
        }

        // The Var and Dual helpers append OnTape and OnDuals, so calls with only constant arguments are not ambiguous.
        string name = target.Name + "_";
        for (int i = 2; !_names.Add(name); i++)
        {
            name = target.Name + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "_";
        }

        _callees.Add(new CalleeModel(
            name,
            target.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            target.Name,
            returnType.Value,
            parameters.ToEquatableArray(),
            key));
        return name;
    }
}
