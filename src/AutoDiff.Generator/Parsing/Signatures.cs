using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Parsing;

/// <summary>
/// What generated signatures keep of the method's: its trailing parameters with default values (when they carry
/// no derivative), as overloads of every generated method without them. Optional parameters cannot come before
/// the derivatives' <c>out</c> parameters and spans, so the defaults cannot stay on the parameters themselves.
/// </summary>
internal static class Signatures
{
    /// <summary>The parameters, the omittable ones given their <see cref="ParameterModel.Default"/>.</summary>
    public static List<ParameterModel> WithDefaults(IMethodSymbol method, List<ParameterModel> parameters)
    {
        int omittable = Omittable(method);
        if (omittable == 0 || parameters.Count != method.Parameters.Length)
        {
            return parameters;
        }

        var result = new List<ParameterModel>(parameters);
        for (int i = parameters.Count - omittable; i < parameters.Count; i++)
        {
            IParameterSymbol symbol = method.Parameters[i];
            result[i] = parameters[i] with { Default = Literals.From(symbol.ExplicitDefaultValue ?? 0, parameters[i].Type) };
        }

        return result;
    }

    /// <summary>
    /// How many trailing parameters have default values and carry no derivative (scalars that are not real, or are
    /// [NoDerivative]), so overloads without them can pass their defaults; 0 when another overload of the method
    /// already takes what would be left.
    /// </summary>
    public static int Omittable(IMethodSymbol method)
    {
        int count = 0;
        for (int i = method.Parameters.Length - 1; i >= 0; i--)
        {
            IParameterSymbol parameter = method.Parameters[i];
            bool real = MethodParser.SignatureType(parameter.Type) is { } type && type.IsReal();
            bool noDerivative = parameter.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == MethodParser.NoDerivativeAttribute);
            if (!parameter.HasExplicitDefaultValue || parameter.IsParams || parameter.RefKind != RefKind.None
                || MethodParser.SignatureType(parameter.Type) is null || (real && !noDerivative))
            {
                break;
            }

            count++;
        }

        if (count == 0)
        {
            return 0;
        }

        // F(double x) beside F(double x, int n = 3): FGradient(x, out dx) would be generated for both.
        bool taken = method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Any(other =>
            !SymbolEqualityComparer.Default.Equals(other, method)
            && other.Parameters.Length < method.Parameters.Length
            && other.Parameters.Length >= method.Parameters.Length - count
            && other.Parameters.Select(p => p.Type).SequenceEqual(method.Parameters.Take(other.Parameters.Length).Select(p => p.Type), SymbolEqualityComparer.Default));
        return taken ? 0 : count;
    }
}
