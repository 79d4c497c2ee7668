using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Parsing;

/// <summary>
/// Which types the generator splits into reals (<see cref="CompositeLayout"/>): tuples of reals, structs and
/// record structs declared in this compilation whose instance fields are reals or such structs, and the
/// System.Numerics types <c>Vector2</c>, <c>Vector3</c>, <c>Vector4</c>, <c>Quaternion</c> and <c>Complex</c>. Also
/// how generated code reads a field and builds a value, which depends on what is accessible where the
/// <c>[Differentiable]</c> method is.
/// </summary>
internal sealed class CompositeLayouts
{
    private readonly SemanticModel _semanticModel;
    private readonly int _position;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<ITypeSymbol, (CompositeLayout? Layout, string? Why)> _known = new(SymbolEqualityComparer.Default);

    /// <param name="position">Where the generated code goes (the method), for accessibility.</param>
    public CompositeLayouts(SemanticModel semanticModel, int position, CancellationToken cancellationToken)
    {
        _semanticModel = semanticModel;
        _position = position;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The System.Numerics types with built-in rules, by metadata name: their fields in constructor order.</summary>
    private static readonly Dictionary<string, (string[] Fields, ScalarType Type)> Numerics = new(StringComparer.Ordinal)
    {
        ["System.Numerics.Vector2"] = (new[] { "X", "Y" }, ScalarType.Float),
        ["System.Numerics.Vector3"] = (new[] { "X", "Y", "Z" }, ScalarType.Float),
        ["System.Numerics.Vector4"] = (new[] { "X", "Y", "Z", "W" }, ScalarType.Float),
        ["System.Numerics.Quaternion"] = (new[] { "X", "Y", "Z", "W" }, ScalarType.Float),
        ["System.Numerics.Complex"] = (new[] { "Real", "Imaginary" }, ScalarType.Double),
    };

    /// <summary>Whether the type is one of the System.Numerics types the generator knows (its members have built-in rules).</summary>
    public static bool IsNumerics(ITypeSymbol? type) => type is not null && Numerics.ContainsKey(MetadataName(type));

    public static string MetadataName(ITypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.MetadataName : type.MetadataName;

    /// <summary>Whether a type holds reals at all (so, unless it splits into them, it cannot be a silent piece of data).</summary>
    public static bool HoldsReals(ITypeSymbol type) => type switch
    {
        _ when type.SpecialType is SpecialType.System_Double or SpecialType.System_Single => true,
        INamedTypeSymbol { IsTupleType: true } tuple => tuple.TupleElements.Any(e => HoldsReals(e.Type)),
        INamedTypeSymbol { TypeKind: TypeKind.Struct } named when IsNumerics(named) => true,
        INamedTypeSymbol { TypeKind: TypeKind.Struct, IsRefLikeType: false } named when named.SpecialType == SpecialType.None
            && named.ContainingNamespace?.ToDisplayString() is not ("System" or "System.Numerics")
            && !named.DeclaringSyntaxReferences.IsEmpty =>
            named.GetMembers().OfType<IFieldSymbol>().Any(f => !f.IsStatic && HoldsReals(f.Type)),
        _ => false,
    };

    /// <summary>The layout of a tuple or struct of reals, or null with why not (null too when it is no candidate at all).</summary>
    public CompositeLayout? Of(ITypeSymbol type, out string? whyNot)
    {
        if (_known.TryGetValue(type, out (CompositeLayout? Layout, string? Why) known))
        {
            whyNot = known.Why;
            return known.Layout;
        }

        _known[type] = (null, "it contains itself"); // a cycle through fields is impossible for structs, but stay safe
        CompositeLayout? layout = Build(type, out whyNot);
        _known[type] = (layout, whyNot);
        return layout;
    }

    /// <summary>The layout, or null when the type is not a candidate or cannot be split (then <paramref name="whyNot"/> says why, for candidates).</summary>
    private CompositeLayout? Build(ITypeSymbol type, out string? whyNot)
    {
        whyNot = null;
        if (type is not INamedTypeSymbol named || named.TypeKind != TypeKind.Struct || named.SpecialType != SpecialType.None)
        {
            return null;
        }

        if (named.IsTupleType)
        {
            return Tuple(named, out whyNot);
        }

        if (Numerics.TryGetValue(MetadataName(named), out (string[] Fields, ScalarType Type) numerics))
        {
            return new CompositeLayout(
                TypeRef.Named(named.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)),
                named.Name,
                numerics.Fields.Select(f => new CompositeField(f, numerics.Type)).ToEquatableArray(),
                CompositeConstruction.Constructor);
        }

        if (!HoldsReals(named))
        {
            return null;
        }

        return UserStruct(named, out whyNot);
    }

    private CompositeLayout? Tuple(INamedTypeSymbol tuple, out string? whyNot)
    {
        whyNot = null;
        var fields = new List<CompositeField>();
        var types = new List<TypeRef>();
        var names = new List<string>();
        for (int i = 0; i < tuple.TupleElements.Length; i++)
        {
            IFieldSymbol element = tuple.TupleElements[i];
            if (!Field(element.Type, "Item" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), fields, out string? why))
            {
                whyNot = $"its element {(element.IsExplicitlyNamedTupleElement ? "'" + element.Name + "'" : (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))} {why}";
                return null;
            }

            types.Add(fields[fields.Count - 1].Nested?.Type ?? TypeRef.Of(fields[fields.Count - 1].Type));
            names.Add(element.IsExplicitlyNamedTupleElement ? element.Name : string.Empty);
        }

        return new CompositeLayout(
            TypeRef.Tuple(types.ToEquatableArray(), names.ToEquatableArray()),
            tuple.ToDisplayString(),
            fields.ToEquatableArray(),
            CompositeConstruction.Tuple);
    }

    /// <summary>Adds the field for a real or a nested composite; false (with why) for anything else.</summary>
    private bool Field(ITypeSymbol type, string name, List<CompositeField> fields, out string? why)
    {
        why = null;
        if (MethodParser.SignatureType(type) is { } scalar && scalar.IsReal())
        {
            fields.Add(new CompositeField(name, scalar));
            return true;
        }

        if (Of(type, out string? nestedWhy) is { } nested)
        {
            fields.Add(new CompositeField(name, nested.LeafType ?? ScalarType.Double, nested));
            return true;
        }

        why = nestedWhy is null
            ? $"is a '{type.ToDisplayString()}', which is not double, float or a struct of them"
            : $"is a '{type.ToDisplayString()}', which cannot be split into reals: {nestedWhy}";
        return false;
    }

    /// <summary>The instance fields of a struct declared here, in declaration (or positional) order, and how to build one.</summary>
    private CompositeLayout? UserStruct(INamedTypeSymbol type, out string? whyNot)
    {
        whyNot = null;
        List<IFieldSymbol> fields = InstanceFields(type);
        var composite = new List<CompositeField>();
        var readable = new List<ISymbol>();
        foreach (IFieldSymbol field in fields)
        {
            ISymbol member = field.AssociatedSymbol ?? field;
            if (!Field(field.Type, member.Name, composite, out string? why))
            {
                whyNot = $"its field '{member.Name}' {why}";
                return null;
            }

            bool canRead = member is IPropertySymbol property
                ? property.GetMethod is { } getter && _semanticModel.IsAccessible(_position, getter)
                : _semanticModel.IsAccessible(_position, member);
            if (!canRead)
            {
                whyNot = $"its field '{member.Name}' is not accessible from the [Differentiable] method; make it public or internal";
                return null;
            }

            readable.Add(member);
        }

        TypeRef typeRef = TypeRef.Named(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
        if (ConstructorOrder(type, readable) is { } order)
        {
            return new CompositeLayout(typeRef, type.Name, order.Select(i => composite[i]).ToEquatableArray(), CompositeConstruction.Constructor);
        }

        bool settable = readable.All(member => member switch
        {
            IPropertySymbol property => property.SetMethod is { } setter && _semanticModel.IsAccessible(_position, setter),
            IFieldSymbol field => !field.IsReadOnly && _semanticModel.IsAccessible(_position, field),
            _ => false,
        });
        if (settable)
        {
            return new CompositeLayout(typeRef, type.Name, composite.ToEquatableArray(), CompositeConstruction.Initializer);
        }

        return new CompositeLayout(
            typeRef,
            type.Name,
            composite.ToEquatableArray(),
            CompositeConstruction.None,
            $"AutoDiff builds a {type.Name} for its derivatives through a constructor that takes each field ({string.Join(", ", readable.Select(m => m.Name))}) and only stores them, or by setting its fields; give {type.Name} such a constructor, or settable fields");
    }

    /// <summary>The expression a field or auto-property is initialized with where it is declared, or null.</summary>
    public static ExpressionSyntax? InitializerOf(ISymbol member) =>
        member.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).Select(node => node switch
        {
            PropertyDeclarationSyntax property => property.Initializer?.Value,
            VariableDeclaratorSyntax variable => variable.Initializer?.Value,
            _ => null,
        }).FirstOrDefault(e => e is not null);

    /// <summary>The instance fields (backing fields of auto-properties included), in the order they are declared.</summary>
    public static List<IFieldSymbol> InstanceFields(INamedTypeSymbol type) =>
        type.GetMembers().OfType<IFieldSymbol>()
            .Where(f => !f.IsStatic && !f.IsConst)
            .OrderBy(f => (f.AssociatedSymbol ?? f).Locations.FirstOrDefault()?.SourceSpan.Start ?? int.MaxValue)
            .ToList();

    /// <summary>
    /// For each constructor parameter, the field it stores: the positional parameters of a record struct, or an accessible
    /// constructor whose body only assigns each field from its own parameter. Null when there is none.
    /// </summary>
    private List<int>? ConstructorOrder(INamedTypeSymbol type, List<ISymbol> members)
    {
        foreach (IMethodSymbol constructor in type.InstanceConstructors)
        {
            if (constructor.Parameters.Length != members.Count || constructor.Parameters.Length == 0 || !_semanticModel.IsAccessible(_position, constructor))
            {
                continue;
            }

            if (PlainStores(constructor, members) is { } order)
            {
                return order;
            }
        }

        return null;
    }

    /// <summary>Which member each parameter of the constructor is stored in, when that is all it does.</summary>
    private List<int>? PlainStores(IMethodSymbol constructor, List<ISymbol> members)
    {
        SyntaxNode? syntax = constructor.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken);
        if (syntax is RecordDeclarationSyntax)
        {
            // The primary constructor of a positional record: each parameter becomes the property of its name.
            var order = constructor.Parameters.Select(p => members.FindIndex(m => m.Name == p.Name)).ToList();
            return order.All(i => i >= 0) && order.Distinct().Count() == order.Count ? order : null;
        }

        if (syntax is TypeDeclarationSyntax { ParameterList: not null })
        {
            // A primary constructor of a struct: each member initialized from a parameter (public double X { get; } = x;).
            var order = new List<int>();
            foreach (IParameterSymbol parameter in constructor.Parameters)
            {
                int index = members.FindIndex(m => InitializerOf(m) is IdentifierNameSyntax name && name.Identifier.Text == parameter.Name);
                order.Add(index);
            }

            return order.All(i => i >= 0) && order.Distinct().Count() == order.Count ? order : null;
        }

        if (syntax is not ConstructorDeclarationSyntax declaration || declaration.Initializer is not null)
        {
            return null;
        }

        SemanticModel model = _semanticModel.Compilation.GetSemanticModel(declaration.SyntaxTree);
        if (model.GetOperation(declaration, _cancellationToken) is not IConstructorBodyOperation body)
        {
            return null;
        }

        var stores = new Dictionary<int, int>(); // parameter ordinal → member index
        IEnumerable<IOperation> statements = (body.BlockBody?.Operations ?? Enumerable.Empty<IOperation>())
            .Concat(body.ExpressionBody?.Operations ?? Enumerable.Empty<IOperation>());
        foreach (IOperation statement in statements)
        {
            IOperation operation = statement is IExpressionStatementOperation expression ? expression.Operation : statement;
            IEnumerable<(IOperation Target, IOperation Value)> pairs = operation switch
            {
                ISimpleAssignmentOperation assignment => new[] { (assignment.Target, assignment.Value) },
                IDeconstructionAssignmentOperation { Target: ITupleOperation targets, Value: ITupleOperation values } when targets.Elements.Length == values.Elements.Length =>
                    targets.Elements.Zip(values.Elements, (t, v) => (t, v)),
                _ => Array.Empty<(IOperation, IOperation)>(),
            };
            bool any = false;
            foreach ((IOperation target, IOperation value) in pairs)
            {
                any = true;
                ISymbol? member = target switch
                {
                    IFieldReferenceOperation { Instance: IInstanceReferenceOperation } field => field.Field.AssociatedSymbol ?? field.Field,
                    IPropertyReferenceOperation { Instance: IInstanceReferenceOperation } property => property.Property,
                    _ => null,
                };
                IOperation stored = value;
                while (stored is IConversionOperation { IsImplicit: true } conversion)
                {
                    stored = conversion.Operand;
                }

                int index = member is null ? -1 : members.FindIndex(m => SymbolEqualityComparer.Default.Equals(m, member));
                if (index < 0 || stored is not IParameterReferenceOperation parameter || stores.ContainsKey(parameter.Parameter.Ordinal) || stores.ContainsValue(index))
                {
                    return null;
                }

                stores[parameter.Parameter.Ordinal] = index;
            }

            if (!any)
            {
                return null;
            }
        }

        return stores.Count == members.Count ? Enumerable.Range(0, members.Count).Select(i => stores[i]).ToList() : null;
    }
}
