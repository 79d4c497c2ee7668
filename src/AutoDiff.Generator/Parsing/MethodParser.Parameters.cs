using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.Generator.Parsing;

/// <summary>
/// The parameters and the return type as users write them: scalars and vectors as before; <c>in</c> and
/// <c>ref readonly</c> read like values; <c>params</c> arrays and spans; structs and tuples of reals, spans and
/// arrays of them, <c>T[,]</c> and <c>T[][]</c>, each split into scalar parameters (<see cref="SignatureParameter"/>
/// says how to put them together again); parameters of any other type are data. A method may return a tuple
/// or a struct of reals (<see cref="CompositeResult"/>).
/// </summary>
internal static partial class MethodParser
{
    /// <summary>The scalar parameters and, one per declared parameter, how they map onto them.</summary>
    /// <param name="NeedsSignature">Some parameter is not one plain scalar parameter (or is passed <c>in</c>).</param>
    private sealed record SignatureParse(List<ParameterModel> Parameters, List<SignatureParameter> Signature, bool NeedsSignature);

    /// <summary>
    /// The return type: double or float; a tuple or struct of reals (its leaves' type, and the result's layout and
    /// the locals that hold its leaves); or void, whose <c>Span</c> parameters are the outputs, all of one element type.
    /// </summary>
    private static (ScalarType? Type, CompositeResult? Result) ParseReturnType(
        IMethodSymbol method, MethodDeclarationSyntax syntax, BodyParser body, List<DiagnosticInfo> diagnostics)
    {
        var outputTypes = method.ReturnsVoid
            ? method.Parameters.Select(p => VectorElement(p.Type)).Where(v => v?.Shape == ParameterShape.Span).Select(v => v!.Value.Element).Distinct().ToList()
            : new List<ScalarType>();
        string? whyNot = null;
        if (!method.ReturnsVoid && body.Layout(method.ReturnType, out whyNot) is { } layout)
        {
            if (layout.LeafType is { } leaf && layout.CanConstruct)
            {
                return (leaf, body.DeclareResult(layout));
            }

            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedComposite,
                LocationInfo.From(syntax.ReturnType),
                $"The return type '{method.ReturnType.ToDisplayString()}'",
                method.Name,
                layout.LeafType is null
                    ? "its reals mix double and float; make them all double or all float"
                    : layout.WhyNotConstructible ?? "AutoDiff cannot build one"));
            return (null, null);
        }

        ScalarType? returnType = method.ReturnsVoid
            ? (outputTypes.Count == 1 ? outputTypes[0] : null)
            : SignatureType(method.ReturnType);
        if (returnType is not (ScalarType.Double or ScalarType.Float or ScalarType.Generic))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedSignature,
                LocationInfo.From(syntax.ReturnType),
                $"Return type '{method.ReturnType.ToDisplayString()}'",
                method.Name,
                outputTypes.Count > 1
                    ? "the outputs (Span parameters) of a void [Differentiable] method must all be Span<double> or all Span<float>"
                    : whyNot is not null
                        ? "it cannot be split into reals: " + whyNot
                        : "a [Differentiable] method returns double or float, a tuple or struct of them, or is void and writes its results into Span<double> parameters"));
            return (null, null);
        }

        return (returnType, null);
    }

    private static SignatureParse ParseParameters(IMethodSymbol method, BodyParser body, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var parameters = new List<ParameterModel>();
        var signature = new List<SignatureParameter>();
        bool needsSignature = false;
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            LocationInfo? location = LocationInfo.From(parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken));
            void Reject(string advice) => diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedSignature,
                location,
                $"Parameter '{parameter.Name}' of type '{parameter.Type.ToDisplayString()}'",
                method.Name,
                advice));

            ParameterModifier modifier;
            switch (parameter.RefKind)
            {
                case RefKind.None:
                    modifier = ParameterModifier.None;
                    break;
                case RefKind.In or RefKind.RefReadOnlyParameter:
                    modifier = ParameterModifier.In;
                    needsSignature = true;
                    break;
                default:
                    Reject("ref and out parameters are not supported; pass values in (in, ref readonly and by value), and return results (a tuple for several)");
                    continue;
            }

            bool noDerivative = parameter.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == NoDerivativeAttribute);
            int first = parameters.Count;
            TypeRef declared = body.TypeRefOf(parameter.Type);
            (ScalarType? type, ParameterShape shape) = ParameterType(parameter.Type);
            if (type is not null)
            {
                if (shape == ParameterShape.Span && !method.ReturnsVoid)
                {
                    Reject("a method that returns a value reads its vectors as ReadOnlySpan<double> or double[]; to write results into Span<double> outputs, make it void");
                    continue;
                }

                if (shape == ParameterShape.Span && noDerivative)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OutputMarkedNoDerivative, location, parameter.Name, method.Name));
                    continue;
                }

                // An output is not an input: nothing is differentiated with respect to it.
                bool differentiable = type.Value.IsReal() && !noDerivative && shape != ParameterShape.Span;
                parameters.Add(new ParameterModel(parameter.Name, type.Value, differentiable, shape, Modifier: modifier)
                {
                    IsNullable = shape == ParameterShape.Array && declared.IsNullable,
                });
                signature.Add(new SignatureParameter(parameter.Name, parameters[first].TypeRef, SignatureKind.Plain, first, 1, differentiable, modifier));
                continue;
            }

            if (body.Layout(parameter.Type, out string? whyNot) is { } layout)
            {
                // A struct or tuple of reals: one scalar parameter per leaf; its gradient is built as the same type.
                if (!noDerivative && !layout.CanConstruct)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.UnsupportedComposite, location, $"Parameter '{parameter.Name}' of type '{layout.Display}'", method.Name,
                        (layout.WhyNotConstructible ?? "AutoDiff cannot build one for its gradient") + ", or mark the parameter [NoDerivative]"));
                    continue;
                }

                foreach ((string name, ScalarType leaf) in body.DeclareCompositeParameter(parameter, layout))
                {
                    parameters.Add(new ParameterModel(name, leaf, !noDerivative));
                }

                signature.Add(new SignatureParameter(parameter.Name, declared, SignatureKind.Composite, first, parameters.Count - first, !noDerivative, modifier, layout));
                needsSignature = true;
                continue;
            }

            if (body.ElementLayout(parameter.Type) is { } elementLayout)
            {
                if (VectorShapeOf(parameter.Type) is not { } vectorShape || vectorShape == ParameterShape.Span)
                {
                    Reject("a span of structs is read as ReadOnlySpan<T> or T[]; a method with outputs writes Span<double>, or returns a tuple or struct");
                    continue;
                }

                if (!noDerivative && !elementLayout.CanConstruct)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.UnsupportedComposite, location, $"Parameter '{parameter.Name}' of type '{parameter.Type.ToDisplayString()}'", method.Name,
                        (elementLayout.WhyNotConstructible ?? "AutoDiff cannot build its elements for the gradient") + ", or mark the parameter [NoDerivative]"));
                    continue;
                }

                if (elementLayout.LeafType is not { } leafType)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.UnsupportedComposite, location, $"Parameter '{parameter.Name}' of type '{parameter.Type.ToDisplayString()}'", method.Name,
                        $"the reals of {elementLayout.Display} mix double and float; a span of structs holds reals of one type"));
                    continue;
                }

                parameters.Add(new ParameterModel(body.DeclareCompositeVectorParameter(parameter, elementLayout), leafType, !noDerivative, ParameterShape.ReadOnlySpan));
                signature.Add(new SignatureParameter(
                    parameter.Name, declared, SignatureKind.CompositeVector, first, parameters.Count - first, !noDerivative, modifier, elementLayout, vectorShape));
                needsSignature = true;
                continue;
            }

            if (parameter.Type is IArrayTypeSymbol { Rank: 2 } matrix && SignatureType(matrix.ElementType) is { } element && element.IsReal())
            {
                // T[,]: the array itself (for its dimensions), a flat span over its elements, the number of columns.
                (string flat, string columns) = body.DeclareMatrixParameter(parameter, element);
                parameters.Add(new ParameterModel(parameter.Name, ScalarType.Data, false, ParameterShape.Data, declared));
                parameters.Add(new ParameterModel(flat, element, !noDerivative, ParameterShape.ReadOnlySpan));
                parameters.Add(new ParameterModel(columns, ScalarType.Int, false));
                signature.Add(new SignatureParameter(parameter.Name, declared, SignatureKind.Matrix, first, 3, !noDerivative, modifier));
                needsSignature = true;
                continue;
            }

            if (parameter.Type is IArrayTypeSymbol { Rank: 1, ElementType: IArrayTypeSymbol { Rank: 1 } row } && SignatureType(row.ElementType) is { } rowElement
                && rowElement.IsReal() && !noDerivative)
            {
                // T[][] differentiated: the array (its rows' lengths), a flat copy of the rows, where each row starts.
                (string flat, string starts) = body.DeclareJaggedParameter(parameter, rowElement);
                parameters.Add(new ParameterModel(parameter.Name, ScalarType.Data, false, ParameterShape.Data, declared));
                parameters.Add(new ParameterModel(flat, rowElement, true, ParameterShape.ReadOnlySpan));
                parameters.Add(new ParameterModel(starts, ScalarType.Data, false, ParameterShape.Data, TypeRef.ReadOnlySpan(TypeRef.Of(ScalarType.Int))));
                signature.Add(new SignatureParameter(parameter.Name, declared, SignatureKind.Jagged, first, 3, true, modifier));
                needsSignature = true;
                continue;
            }

            if (whyNot is not null && CompositeLayouts.HoldsReals(parameter.Type) && !noDerivative)
            {
                // A struct that holds reals the generator cannot reach: never silently data.
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedComposite, location, $"Parameter '{parameter.Name}' of type '{parameter.Type.ToDisplayString()}'", method.Name,
                    whyNot + "; or mark the parameter [NoDerivative] to read it as data"));
                continue;
            }

            // Anything else is data: read as written, never differentiated (no [NoDerivative] needed).
            parameters.Add(new ParameterModel(parameter.Name, ScalarType.Data, false, ParameterShape.Data, declared, modifier));
            signature.Add(new SignatureParameter(parameter.Name, declared, SignatureKind.Plain, first, 1, false, modifier));
            body.DeclareDataParameter(parameter);
        }

        return new SignatureParse(parameters, signature, needsSignature);
    }

    /// <summary>The shape of a span or one-dimensional array parameter, whatever its element type.</summary>
    private static ParameterShape? VectorShapeOf(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol { Rank: 1 } => ParameterShape.Array,
        INamedTypeSymbol { IsGenericType: true, Name: "ReadOnlySpan" } named when named.ContainingNamespace?.ToDisplayString() == "System" => ParameterShape.ReadOnlySpan,
        INamedTypeSymbol { IsGenericType: true, Name: "Span" } named when named.ContainingNamespace?.ToDisplayString() == "System" => ParameterShape.Span,
        _ => null,
    };
}
