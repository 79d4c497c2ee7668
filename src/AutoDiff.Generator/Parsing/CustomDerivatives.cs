using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Parsing;

/// <summary>
/// Finds the methods marked <c>[DerivativeOf(typeof(T), nameof(T.F))]</c> for a callee, in the callee's
/// type and in the calling method's type, and tells their forms apart by signature (see the attribute's
/// documentation): partials, pullback, pushforward.
/// </summary>
internal static class CustomDerivatives
{
    public const string DerivativeOfAttribute = "AutoDiff.DerivativeOfAttribute";

    /// <summary>What was found for one callee; <see cref="Mismatches"/> names marked methods that fit no form.</summary>
    public sealed class Found
    {
        public IMethodSymbol? Partials { get; set; }

        public IMethodSymbol? Pullback { get; set; }

        public IMethodSymbol? Pushforward { get; set; }

        public List<IMethodSymbol> Mismatches { get; } = new();

        public bool Any => Partials is not null || Pullback is not null || Pushforward is not null || Mismatches.Count > 0;
    }

    /// <summary>How the callee passes each parameter, and whether it has a derivative slot.</summary>
    public static (ArgumentRole Role, bool Differentiable)[] Roles(IMethodSymbol callee) =>
        callee.Parameters.Select(p =>
        {
            bool noDerivative = p.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == MethodParser.NoDerivativeAttribute);
            if (MethodParser.VectorElement(p.Type) is { } vector)
            {
                ArgumentRole role = vector.Shape == ParameterShape.Span ? ArgumentRole.Output : ArgumentRole.Vector;
                return (role, role == ArgumentRole.Output || !noDerivative);
            }

            return (ArgumentRole.Value, MethodParser.SignatureType(p.Type) is { } t && t.IsReal() && !noDerivative);
        }).ToArray();

    public static Found Find(IMethodSymbol callee, INamedTypeSymbol callerType)
    {
        var found = new Found();
        var seen = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (INamedTypeSymbol type in new[] { callee.ContainingType, callerType })
        {
            if (!seen.Add(type))
            {
                continue;
            }

            foreach (IMethodSymbol candidate in type.GetMembers().OfType<IMethodSymbol>())
            {
                if (!Targets(candidate, callee))
                {
                    continue;
                }

                switch (FormOf(candidate, callee))
                {
                    case Form.Partials:
                        found.Partials ??= candidate;
                        break;
                    case Form.Pullback:
                        found.Pullback ??= candidate;
                        break;
                    case Form.Pushforward:
                        found.Pushforward ??= candidate;
                        break;
                    case Form.OtherOverload:
                        break;
                    default:
                        found.Mismatches.Add(candidate);
                        break;
                }
            }
        }

        return found;
    }

    private enum Form
    {
        None,
        OtherOverload,
        Partials,
        Pullback,
        Pushforward,
    }

    private static bool Targets(IMethodSymbol candidate, IMethodSymbol callee) =>
        candidate.IsStatic && candidate.GetAttributes().Any(a =>
            a.AttributeClass?.ToDisplayString() == DerivativeOfAttribute
            && a.ConstructorArguments.Length == 2
            && a.ConstructorArguments[0].Value is INamedTypeSymbol type
            && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, callee.ContainingType.OriginalDefinition)
            && a.ConstructorArguments[1].Value as string == callee.Name);

    private static Form FormOf(IMethodSymbol candidate, IMethodSymbol callee)
    {
        IReadOnlyList<IParameterSymbol> primal = callee.Parameters;
        IReadOnlyList<IParameterSymbol> parameters = candidate.Parameters;
        if (parameters.Count < primal.Count || parameters.Any(p => p.RefKind is RefKind.Out or RefKind.In))
        {
            return Form.None;
        }

        for (int i = 0; i < primal.Count; i++)
        {
            // An output may come back read-only: the derivative reads what the function wrote.
            bool same = SymbolEqualityComparer.Default.Equals(parameters[i].Type, primal[i].Type)
                || (MethodParser.VectorElement(primal[i].Type) is { Shape: ParameterShape.Span } output
                    && IsReadOnlySpan(parameters[i].Type)
                    && MethodParser.VectorElement(parameters[i].Type)?.Element == output.Element);
            if (!same || parameters[i].RefKind != RefKind.None)
            {
                // Named after an overload of the callee with other parameters: not a mismatch for this one.
                return callee.ContainingType.GetMembers(callee.Name).OfType<IMethodSymbol>().Count() > 1 ? Form.OtherOverload : Form.None;
            }
        }

        (ArgumentRole Role, bool Differentiable)[] roles = Roles(callee);
        bool returnsValue = !callee.ReturnsVoid;
        ITypeSymbol result = callee.ReturnType;
        int slots = roles.Count(r => r.Differentiable);
        if (parameters.Count == primal.Count)
        {
            // Partials: one per differentiable scalar parameter, as a value or a tuple.
            bool scalarOnly = roles.All(r => r.Role == ArgumentRole.Value) && returnsValue && slots > 0;
            bool shape = slots == 1
                ? SymbolEqualityComparer.Default.Equals(candidate.ReturnType, result)
                : candidate.ReturnType is INamedTypeSymbol { IsTupleType: true } tuple
                    && tuple.TupleElements.Length == slots
                    && tuple.TupleElements.All(e => SymbolEqualityComparer.Default.Equals(e.Type, result));
            return scalarOnly && shape ? Form.Partials : Form.None;
        }

        var rest = parameters.Skip(primal.Count).ToList();

        // Pullback: the result's adjoint, then one adjoint per slot: ref scalar, Span for an input, ReadOnlySpan for an output.
        if (candidate.ReturnsVoid && rest.Count == slots + (returnsValue ? 1 : 0)
            && (!returnsValue || Same(rest[0], result, RefKind.None))
            && SlotsMatch(rest.Skip(returnsValue ? 1 : 0).ToList(), primal, roles, RefKind.Ref, "Span", "ReadOnlySpan"))
        {
            return Form.Pullback;
        }

        // Pushforward: one tangent per slot (scalar, ReadOnlySpan for an input, Span for an output), returning the result's tangent.
        if (rest.Count == slots && SymbolEqualityComparer.Default.Equals(candidate.ReturnType, result)
            && SlotsMatch(rest, primal, roles, RefKind.None, "ReadOnlySpan", "Span"))
        {
            return Form.Pushforward;
        }

        return Form.None;
    }

    private static bool SlotsMatch(
        List<IParameterSymbol> slots, IReadOnlyList<IParameterSymbol> primal, (ArgumentRole Role, bool Differentiable)[] roles,
        RefKind scalarRef, string inputSpan, string outputSpan)
    {
        int next = 0;
        for (int i = 0; i < primal.Count; i++)
        {
            if (!roles[i].Differentiable)
            {
                continue;
            }

            IParameterSymbol slot = slots[next++];
            bool ok = roles[i].Role switch
            {
                ArgumentRole.Value => Same(slot, primal[i].Type, scalarRef),
                ArgumentRole.Vector => IsSpan(slot, inputSpan, primal[i].Type),
                _ => IsSpan(slot, outputSpan, primal[i].Type),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool Same(IParameterSymbol parameter, ITypeSymbol type, RefKind refKind) =>
        parameter.RefKind == refKind && SymbolEqualityComparer.Default.Equals(parameter.Type, type);

    /// <summary>A <c>Span</c>/<c>ReadOnlySpan</c> of the element type of <paramref name="vector"/>.</summary>
    private static bool IsSpan(IParameterSymbol parameter, string name, ITypeSymbol vector) =>
        parameter.RefKind == RefKind.None
        && MethodParser.VectorElement(parameter.Type) is { } slot
        && MethodParser.VectorElement(vector) is { } primal
        && slot.Element == primal.Element
        && ((IsReadOnlySpan(parameter.Type) && name == "ReadOnlySpan") || (slot.Shape == ParameterShape.Span && name == "Span"));

    private static bool IsReadOnlySpan(ITypeSymbol type) => type is INamedTypeSymbol { Name: "ReadOnlySpan" };
}
