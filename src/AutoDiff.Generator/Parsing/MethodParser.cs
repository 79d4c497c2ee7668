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
internal static partial class MethodParser
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

        if (CompileErrors.InSignature(method))
        {
            return MethodParse.Nothing(key); // CS0246 says it
        }

        var diagnostics = new List<DiagnosticInfo>();
        LocationInfo? nameLocation = LocationInfo.From(syntax.Identifier);
        var body = new BodyParser(semanticModel, method, cancellationToken);

        List<ContainingTypeModel>? types = ParseContainingTypes(method, diagnostics);
        (ScalarType? returnType, CompositeResult? result) = ParseReturnType(method, syntax, body, diagnostics);
        GenericNumber? generic = null;
        if (method.IsGenericMethod)
        {
            if (method.TypeParameters.Length == 1 && IsGenericReal(method.TypeParameters[0]))
            {
                generic = GenericNumberOf(method.TypeParameters[0]);
            }
            else
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedSignature,
                    LocationInfo.From(syntax.TypeParameterList),
                    "A type parameter list",
                    method.Name,
                    "write the method for double or float, or over one type parameter constrained to generic math (T : IFloatingPointIeee754<T>, or a weaker constraint that implies INumberBase<T>)"));
            }
        }

        SignatureParse signatureParse = ParseParameters(method, body, diagnostics, cancellationToken);
        List<ParameterModel> parameters = signatureParse.NeedsSignature
            ? signatureParse.Parameters
            : Signatures.WithDefaults(method, signatureParse.Parameters);

        if (syntax.Body is null && syntax.ExpressionBody is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedSyntax, nameLocation, "A method without a body", "give the method a body"));
        }

        if (diagnostics.Count == 0)
        {
            CheckNameCollisions(method, signatureParse, result, nameLocation, diagnostics);
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

        // The tape runs static methods whose parameters are scalars, vectors of them or data, and that return a
        // scalar or write Span outputs: not structs, 2-D arrays, tuple results or generic numbers.
        bool tapeApplies = !signatureParse.Signature.Any(p => p.Kind != SignatureKind.Plain) && result is null && generic is null;
        int strategy = StrategyOf(method);
        var signature = new MethodSignature(
            containingNamespace, types.ToEquatableArray(), AccessibilityText(method.DeclaredAccessibility), returnType.Value, parameters.ToEquatableArray())
        {
            IsExtension = method.IsExtensionMethod,
        };
        if (strategy == StrategyTape)
        {
            if (!method.IsStatic)
            {
                return MethodParse.Failed(key, DiagnosticInfo.Create(DiagnosticDescriptors.MethodNotStatic, nameLocation, method.Name));
            }

            if (body.CallsTheTapeCannotRun(syntax) is { Count: > 0 } nested)
            {
                return new MethodParse(key, null, nested.ToEquatableArray(), EquatableArray<CallSite>.Empty, null);
            }

            return CompileErrors.InSyntax(syntax)
                || semanticModel.GetOperation(syntax, cancellationToken) is not { } operation
                || CompileErrors.InOperations(operation)
                || CompileErrors.InFlow(semanticModel, method, syntax, cancellationToken)
                ? MethodParse.Nothing(key)
                : new MethodParse(key, null, EquatableArray<DiagnosticInfo>.Empty, EquatableArray<CallSite>.Empty, new TapeRequest(signature, null));
        }

        EquatableArray<Stmt>? statements = body.Parse(syntax, result);
        if (body.HasCompileErrors)
        {
            // The compiler already reports the errors; generating from broken code would only add noise.
            return MethodParse.Nothing(key);
        }

        if (statements is null || body.Diagnostics.Count > 0)
        {
            // What the source transformation cannot handle, the tape may, vector methods included: the pipeline
            // asks the tape fallback, which reports AD0020 naming the first construct, or, when even the tape cannot
            // run the body, its own errors. A mistyped custom derivative (AD0011), a write to an input vector
            // (AD0009) and problems in inlined struct code (AD0030-AD0032) are not the tape's business: their own
            // diagnostics say how to fix them. An instance method would need the tape to be static (AD0001).
            bool tapeMayHelp = tapeApplies && !body.TapeCannotHelp
                && !body.Diagnostics.Any(d => d.Descriptor.Id is "AD0009" or "AD0011" or "AD0030" or "AD0031" or "AD0032");
            if (tapeMayHelp && !method.IsStatic && strategy != StrategySourceTransform && body.Diagnostics.Count > 0)
            {
                return new MethodParse(
                    key,
                    null,
                    new EquatableArray<DiagnosticInfo>(new[] { DiagnosticInfo.Create(DiagnosticDescriptors.MethodNotStatic, nameLocation, method.Name) }.Concat(body.Diagnostics).ToArray()),
                    body.CallSites.ToEquatableArray(),
                    null);
            }

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
            IsStatic = method.IsStatic,
            Signature = signatureParse.NeedsSignature ? signatureParse.Signature.ToEquatableArray() : EquatableArray<SignatureParameter>.Empty,
            Result = result,
            Generic = generic,
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
        IMethodSymbol method, SignatureParse signature, CompositeResult? result, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        // Counted as the generated signatures declare them: a struct parameter is one parameter.
        int declared = method.Parameters.Length;
        int differentiable = signature.Signature.Count(p => p.IsDifferentiable);
        int outputs = signature.Parameters.Count(p => p.IsOutput);
        if (result is not null)
        {
            int seeds = result.IsTuple ? result.Leaves.Count : 1;
            CheckCollision(method, method.Name + "Jacobian", declared + 1, location, diagnostics);
            CheckCollision(method, method.Name + "Jvp", declared + differentiable + seeds, location, diagnostics);
            CheckCollision(method, method.Name + "Vjp", declared + seeds + differentiable, location, diagnostics);
            return;
        }

        if (outputs > 0)
        {
            CheckCollision(method, method.Name + "Jacobian", declared + 1, location, diagnostics);
            CheckCollision(method, method.Name + "Jvp", declared + differentiable + outputs, location, diagnostics);
            CheckCollision(method, method.Name + "Vjp", declared + outputs + differentiable, location, diagnostics);
            return;
        }

        CheckCollision(method, method.Name + "Gradient", declared + differentiable, location, diagnostics);
        CheckCollision(method, method.Name + "Derivative", declared + differentiable + 1, location, diagnostics);
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

    /// <summary>
    /// The scalar type of a signature element, or null when it is not one we differentiate through. A type parameter
    /// of the method constrained to generic math (<c>T : IFloatingPointIeee754&lt;T&gt;</c>, or any constraint that
    /// implies <c>INumberBase&lt;T&gt;</c>) is <see cref="ScalarType.Generic"/>.
    /// </summary>
    public static ScalarType? SignatureType(ITypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_Double => ScalarType.Double,
        SpecialType.System_Single => ScalarType.Float,
        SpecialType.System_Int32 => ScalarType.Int,
        SpecialType.System_Int64 => ScalarType.Long,
        SpecialType.System_Boolean => ScalarType.Bool,
        _ when IsGenericReal(type) => ScalarType.Generic,
        _ => null,
    };

    /// <summary>The type parameter and its constraint clause, as generated methods repeat them.</summary>
    private static GenericNumber GenericNumberOf(ITypeParameterSymbol parameter)
    {
        var constraints = new List<string>();
        if (parameter.HasUnmanagedTypeConstraint)
        {
            constraints.Add("unmanaged");
        }
        else if (parameter.HasValueTypeConstraint)
        {
            constraints.Add("struct");
        }
        else if (parameter.HasReferenceTypeConstraint)
        {
            constraints.Add("class");
        }
        else if (parameter.HasNotNullConstraint)
        {
            constraints.Add("notnull");
        }

        constraints.AddRange(parameter.ConstraintTypes.Select(c => c.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)));
        if (parameter.HasConstructorConstraint)
        {
            constraints.Add("new()");
        }

        return new GenericNumber(parameter.Name, constraints.ToEquatableArray());
    }

    /// <summary>A type parameter of a method constrained to a generic-math number (its constraints imply <c>INumberBase&lt;T&gt;</c>).</summary>
    public static bool IsGenericReal(ITypeSymbol type) =>
        type is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } parameter
        && parameter.ConstraintTypes.Any(c => Implies(c, parameter, "INumberBase"));

    private static bool Implies(ITypeSymbol constraint, ITypeParameterSymbol parameter, string name) =>
        constraint is INamedTypeSymbol named
        && (IsGenericMathInterface(named, parameter, name) || named.AllInterfaces.Any(i => IsGenericMathInterface(i, parameter, name)));

    private static bool IsGenericMathInterface(INamedTypeSymbol type, ITypeParameterSymbol parameter, string name) =>
        type.Name == name && type.ContainingNamespace?.ToDisplayString() == "System.Numerics"
        && type.TypeArguments.Length == 1 && SymbolEqualityComparer.Default.Equals(type.TypeArguments[0], parameter);

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
