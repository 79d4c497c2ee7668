using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Fallback;

/// <summary>
/// The [Differentiable] methods a taped body calls, each given a helper name in order of first call, and
/// checked (once) to get derivatives of their own, source-transformed or taped.
/// </summary>
internal sealed class FallbackCallees
{
    private readonly SemanticModel _model;
    private readonly bool _followCallees;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<IMethodSymbol, string?> _helpers = new(SymbolEqualityComparer.Default);
    private readonly List<CalleeModel> _callees = new();
    private readonly HashSet<string> _names = new();

    public FallbackCallees(SemanticModel model, bool followCallees, CancellationToken cancellationToken)
    {
        _model = model;
        _followCallees = followCallees;
        _cancellationToken = cancellationToken;
    }

    public EquatableArray<CalleeModel> Models => _callees.ToEquatableArray();

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
        string? why = _followCallees ? MethodParser.WhyNoDerivatives(target, _model, _cancellationToken) : null;
        ScalarType? returnType = MethodParser.SignatureType(target.ReturnType);
        var parameters = new List<ParameterModel>();
        foreach (IParameterSymbol parameter in target.Parameters)
        {
            ScalarType? type = MethodParser.SignatureType(parameter.Type);
            if (type is null || parameter.RefKind != RefKind.None)
            {
                why ??= "its signature is not supported (AD0003)";
                break;
            }

            parameters.Add(new ParameterModel(
                parameter.Name, type.Value, type.Value.IsReal() && !TapeRewriter.HasAttribute(parameter, MethodParser.NoDerivativeAttribute)));
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
            parameters.ToEquatableArray()));
        return name;
    }
}
