using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.Generator.Parsing;

/// <summary>
/// Turns one <c>[Differentiable]</c> method into a <see cref="MethodModel"/> or diagnostics. The only
/// place (with <see cref="BodyParser"/>) that touches symbols and syntax.
/// </summary>
internal static class MethodParser
{
    public const string DifferentiableAttribute = "AutoDiff.DifferentiableAttribute";
    public const string NoDerivativeAttribute = "AutoDiff.NoDerivativeAttribute";

    /// <summary>The method's model, or its diagnostics and whether the tape may take it, from the attribute's context.</summary>
    public static MethodParse Parse(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        try
        {
            return ParseMethod(method, syntax, semanticModel, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            // One method's failure must not take the other methods' code with it.
            var info = DiagnosticInfo.Create(
                DiagnosticDescriptors.InternalError, LocationInfo.From(syntax.Identifier), method.Name, exception.Message);
            return MethodParse.Failed(KeyOf(method), info);
        }
    }

    private static readonly SymbolDisplayFormat KeyFormat = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Included,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        memberOptions: SymbolDisplayMemberOptions.IncludeContainingType | SymbolDisplayMemberOptions.IncludeParameters,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeParamsRefOut,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    /// <summary>A method's <see cref="MethodModel.Key"/>: its type, name and parameter types, the same from its declaration and from a call.</summary>
    public static string KeyOf(IMethodSymbol method) => method.OriginalDefinition.ToDisplayString(KeyFormat);

    /// <summary>Whether the method is declared in this compilation (its derivatives are generated with its callers').</summary>
    public static bool InSource(IMethodSymbol method) => !method.OriginalDefinition.DeclaringSyntaxReferences.IsEmpty;

    private static MethodParse ParseMethod(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        string key = KeyOf(method);
        if (CompileErrors.Duplicated(method))
        {
            return MethodParse.Nothing(key); // CS0111 says it; two copies would also collide in one generated file name
        }

        var diagnostics = new List<DiagnosticInfo>();
        LocationInfo? nameLocation = LocationInfo.From(syntax.Identifier);

        if (!method.IsStatic)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MethodNotStatic, nameLocation, method.Name));
        }

        List<ContainingTypeModel>? types = ParseContainingTypes(method, diagnostics);
        // A void method is vector-valued: its Span<double> parameters are its outputs, all of one element type.
        var outputTypes = method.ReturnsVoid
            ? method.Parameters.Select(p => VectorElement(p.Type)).Where(v => v?.Shape == ParameterShape.Span).Select(v => v!.Value.Element).Distinct().ToList()
            : new List<ScalarType>();
        ScalarType? returnType = method.ReturnsVoid
            ? (outputTypes.Count == 1 ? outputTypes[0] : null)
            : SignatureType(method.ReturnType);
        if (returnType is not (ScalarType.Double or ScalarType.Float))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedSignature,
                LocationInfo.From(syntax.ReturnType),
                $"Return type '{method.ReturnType.ToDisplayString()}'",
                method.Name,
                outputTypes.Count > 1
                    ? "the outputs (Span parameters) of a void [Differentiable] method must all be Span<double> or all Span<float>"
                    : "a [Differentiable] method returns double or float, or is void and writes its results into Span<double> parameters"));
        }

        if (method.IsGenericMethod)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedSignature,
                LocationInfo.From(syntax.TypeParameterList),
                "A type parameter list",
                method.Name,
                "write the method for double or float instead of a type parameter"));
        }

        var parameters = new List<ParameterModel>();
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            (ScalarType? type, ParameterShape shape) = ParameterType(parameter.Type);
            LocationInfo? location = LocationInfo.From(parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken));
            if (type is null || parameter.RefKind != RefKind.None || parameter.IsParams || (shape == ParameterShape.Span && !method.ReturnsVoid))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedSignature,
                    location,
                    $"Parameter '{parameter.Name}' of type '{parameter.Type.ToDisplayString()}'",
                    method.Name,
                    shape == ParameterShape.Span
                        ? "a method that returns a value reads its vectors as ReadOnlySpan<double> or double[]; to write results into Span<double> outputs, make it void"
                        : "parameters are passed by value and are double, float, int, long or bool, or vectors ReadOnlySpan<double>, double[] (and float)"));
                continue;
            }

            bool noDerivative = parameter.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == NoDerivativeAttribute);
            if (shape == ParameterShape.Span && noDerivative)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OutputMarkedNoDerivative, location, parameter.Name, method.Name));
                continue;
            }

            // An output is not an input: nothing is differentiated with respect to it.
            parameters.Add(new ParameterModel(parameter.Name, type.Value, type.Value.IsReal() && !noDerivative && shape != ParameterShape.Span, shape));
        }

        parameters = Signatures.WithDefaults(method, parameters);
        if (syntax.Body is null && syntax.ExpressionBody is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedSyntax, nameLocation, "A method without a body", "give the method a body"));
        }

        if (diagnostics.Count == 0)
        {
            CheckNameCollisions(method, parameters, nameLocation, diagnostics);
        }

        if (diagnostics.Count > 0 || types is null || returnType is null)
        {
            return new MethodParse(key, null, diagnostics.ToEquatableArray(), EquatableArray<CallSite>.Empty, null);
        }

        string? containingNamespace = method.ContainingNamespace.IsGlobalNamespace ? null : method.ContainingNamespace.ToDisplayString();
        if (!HasValidNames(containingNamespace, method))
        {
            // Half-typed declarations (a namespace without a name, say): the compiler reports them.
            return MethodParse.Nothing(key);
        }

        int strategy = StrategyOf(method);
        var signature = new MethodSignature(
            containingNamespace, types.ToEquatableArray(), AccessibilityText(method.DeclaredAccessibility), returnType.Value, parameters.ToEquatableArray())
        {
            IsExtension = method.IsExtensionMethod,
        };
        if (strategy == StrategyTape)
        {
            return CompileErrors.InSyntax(syntax)
                || semanticModel.GetOperation(syntax, cancellationToken) is not { } operation
                || CompileErrors.InOperations(operation)
                || CompileErrors.InFlow(semanticModel, method, syntax, cancellationToken)
                ? MethodParse.Nothing(key)
                : new MethodParse(key, null, EquatableArray<DiagnosticInfo>.Empty, EquatableArray<CallSite>.Empty, new TapeRequest(signature, null));
        }

        var body = new BodyParser(semanticModel, method, cancellationToken);
        EquatableArray<Stmt>? statements = body.Parse(syntax);
        if (body.HasCompileErrors)
        {
            // The compiler already reports the errors; generating from broken code would only add noise.
            return MethodParse.Nothing(key);
        }

        if (statements is null || body.Diagnostics.Count > 0)
        {
            // What the source transformation cannot handle, the tape may, vector methods included: the pipeline
            // asks the tape fallback, which reports AD0020 naming the first construct, or, when even the tape cannot
            // run the body, its own errors. A mistyped custom derivative and a write to an input vector are not the
            // tape's business: their own diagnostics say how to fix them.
            bool tapeMayHelp = !body.Diagnostics.Any(d => d.Descriptor.Id == DiagnosticDescriptors.InvalidCustomDerivative.Id
                || d.Descriptor.Id == DiagnosticDescriptors.InputVectorWritten.Id);
            return strategy == StrategySourceTransform || body.Diagnostics.Count == 0 || !tapeMayHelp
                ? new MethodParse(key, null, body.Diagnostics.ToEquatableArray(), body.CallSites.ToEquatableArray(), null)
                : new MethodParse(key, null, EquatableArray<DiagnosticInfo>.Empty, EquatableArray<CallSite>.Empty, new TapeRequest(signature, body.Diagnostics[0]));
        }

        var model = new MethodModel(
            containingNamespace,
            types.ToEquatableArray(),
            AccessibilityText(method.DeclaredAccessibility),
            method.Name,
            returnType.Value,
            parameters.ToEquatableArray(),
            statements.Value,
            SourceFormatting.MethodBodyText(syntax),
            MathNamesResolveToSystem(semanticModel, syntax.SpanStart))
        {
            Key = key,
            Hessian = NamedArgument(method, "Hessian") is true,
            IsExtension = method.IsExtensionMethod,
        };
        return new MethodParse(key, model, EquatableArray<DiagnosticInfo>.Empty, body.CallSites.ToEquatableArray(), null);
    }

    // DifferentiationStrategy's values (AutoDiff.Runtime); 0 is Auto.
    private const int StrategySourceTransform = 1;
    private const int StrategyTape = 2;

    /// <summary>The <c>Strategy</c> named argument of [Differentiable], 0 (Auto) when absent.</summary>
    private static int StrategyOf(IMethodSymbol method) => NamedArgument(method, "Strategy") is int value ? value : 0;

    /// <summary>A named argument of the method's [Differentiable], or null when it is not given.</summary>
    private static object? NamedArgument(IMethodSymbol method, string name)
    {
        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() != DifferentiableAttribute)
            {
                continue;
            }

            foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
            {
                if (argument.Key == name)
                {
                    return argument.Value.Value;
                }
            }
        }

        return null;
    }

    private static bool HasValidNames(string? containingNamespace, IMethodSymbol method)
    {
        IEnumerable<string> names = (containingNamespace?.Split('.') ?? Array.Empty<string>())
            .Concat(new[] { method.Name })
            .Concat(method.Parameters.Select(p => p.Name));
        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            names = names.Concat(new[] { type.Name });
        }

        return names.All(SyntaxFacts.IsValidIdentifier);
    }

    /// <summary>The enclosing types, outermost first; null (with AD0002) when one is not partial.</summary>
    private static List<ContainingTypeModel>? ParseContainingTypes(IMethodSymbol method, List<DiagnosticInfo> diagnostics)
    {
        var types = new List<ContainingTypeModel>();
        bool ok = true;
        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            var declarations = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().ToList();
            if (!declarations.Any(d => d.Modifiers.Any(SyntaxKind.PartialKeyword)))
            {
                TypeDeclarationSyntax? first = declarations.FirstOrDefault();
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.TypeNotPartial,
                    first is null ? null : LocationInfo.From(first.Identifier),
                    type.Name,
                    method.Name));
                ok = false;
                continue;
            }

            string keyword = type.TypeKind switch
            {
                TypeKind.Struct => type.IsRecord ? "record struct" : "struct",
                TypeKind.Interface => "interface",
                _ => type.IsRecord ? "record" : "class",
            };
            var modifiers = new List<string>();
            if (type.IsStatic)
            {
                modifiers.Add("static");
            }

            if (type.TypeKind == TypeKind.Struct && type.IsReadOnly)
            {
                modifiers.Add("readonly");
            }

            if (type.IsRefLikeType)
            {
                modifiers.Add("ref");
            }

            string name = type.TypeParameters.Length == 0
                ? type.Name
                : type.Name + "<" + string.Join(", ", type.TypeParameters.Select(p => p.Name)) + ">";
            types.Insert(0, new ContainingTypeModel(keyword, string.Join(" ", modifiers), name));
        }

        return ok ? types : null;
    }

    private static void CheckNameCollisions(
        IMethodSymbol method, List<ParameterModel> parameters, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        int differentiable = parameters.Count(p => p.IsDifferentiable);
        int outputs = parameters.Count(p => p.IsOutput);
        if (outputs > 0)
        {
            CheckCollision(method, method.Name + "Jacobian", parameters.Count + 1, location, diagnostics);
            CheckCollision(method, method.Name + "Jvp", parameters.Count + differentiable + outputs, location, diagnostics);
            CheckCollision(method, method.Name + "Vjp", parameters.Count + outputs + differentiable, location, diagnostics);
            return;
        }

        CheckCollision(method, method.Name + "Gradient", parameters.Count + differentiable, location, diagnostics);
        CheckCollision(method, method.Name + "Derivative", parameters.Count + differentiable + 1, location, diagnostics);
    }

    private static void CheckCollision(IMethodSymbol method, string name, int parameterCount, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        // A user member with the generated name and the same arity (or any non-method member) would not compile;
        // nor would one with the arity of an overload that leaves out parameters with defaults.
        int omittable = Signatures.Omittable(method);
        bool collides = method.ContainingType.GetMembers(name).Any(member =>
            member is not IMethodSymbol other || (other.Parameters.Length <= parameterCount && other.Parameters.Length >= parameterCount - omittable));
        if (collides)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.NameCollision, location, name, method.Name, method.ContainingType.Name));
        }
    }

    /// <summary>A parameter's element type and shape: a scalar, or a vector of double or float.</summary>
    public static (ScalarType? Type, ParameterShape Shape) ParameterType(ITypeSymbol type)
    {
        if (SignatureType(type) is { } scalar)
        {
            return (scalar, ParameterShape.Scalar);
        }

        if (VectorElement(type) is { } vector)
        {
            return (vector.Element, vector.Shape);
        }

        return (null, ParameterShape.Scalar);
    }

    /// <summary>The element type of <c>ReadOnlySpan&lt;T&gt;</c>, <c>Span&lt;T&gt;</c> or <c>T[]</c> for real T, else null.</summary>
    public static (ScalarType Element, ParameterShape Shape)? VectorElement(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol { Rank: 1 } array && SignatureType(array.ElementType) is { } arrayElement && arrayElement.IsReal())
        {
            return (arrayElement, ParameterShape.Array);
        }

        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
            && named.ContainingNamespace?.ToDisplayString() == "System"
            && named.Name is "ReadOnlySpan" or "Span"
            && SignatureType(named.TypeArguments[0]) is { } spanElement && spanElement.IsReal())
        {
            return (spanElement, named.Name == "ReadOnlySpan" ? ParameterShape.ReadOnlySpan : ParameterShape.Span);
        }

        return null;
    }

    /// <summary>The scalar type of a signature element, or null when it is not one we differentiate through.</summary>
    public static ScalarType? SignatureType(ITypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_Double => ScalarType.Double,
        SpecialType.System_Single => ScalarType.Float,
        SpecialType.System_Int32 => ScalarType.Int,
        SpecialType.System_Int64 => ScalarType.Long,
        SpecialType.System_Boolean => ScalarType.Bool,
        _ => null,
    };

    private static string AccessibilityText(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };

    /// <summary>
    /// Generated files say <c>Math.Sin</c> (with <c>using System;</c>) when, at the method, the names
    /// <c>Math</c> and <c>MathF</c> mean exactly the System types; otherwise they say <c>global::System.Math</c>.
    /// </summary>
    private static bool MathNamesResolveToSystem(SemanticModel semanticModel, int position)
    {
        foreach (string name in new[] { "Math", "MathF" })
        {
            var symbols = semanticModel.LookupSymbols(position, name: name);
            if (symbols.Length != 1 || symbols[0].ToDisplayString() != "System." + name)
            {
                return false;
            }
        }

        return true;
    }
}
