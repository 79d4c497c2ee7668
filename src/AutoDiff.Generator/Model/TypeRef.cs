namespace AutoDiff.Generator.Model;

internal enum TypeRefKind
{
    /// <summary>A scalar keyword (<c>double</c>, <c>int</c>).</summary>
    Scalar,

    Span,
    ReadOnlySpan,

    /// <summary><c>T[]</c>.</summary>
    Array,

    /// <summary>A type named in full (<c>global::AutoDiff.DualNumbers.Dual</c>).</summary>
    Named,

    /// <summary><c>T[,]</c> (rank 2) or more ranks: <see cref="TypeRef.Rank"/>.</summary>
    MultiArray,

    /// <summary>A tuple type: <see cref="TypeRef.Elements"/>, with <see cref="TypeRef.ElementNames"/> where named.</summary>
    Tuple,
}

/// <summary>A type in generated code.</summary>
internal sealed record TypeRef(TypeRefKind Kind, ScalarType Scalar, string? Name = null, TypeRef? Element = null)
{
    /// <summary>The rank of a <see cref="TypeRefKind.MultiArray"/>.</summary>
    public int Rank { get; init; }

    /// <summary>An array the user declared nullable (<c>double[]?</c>): generated signatures keep the <c>?</c>.</summary>
    public bool IsNullable { get; init; }

    /// <summary>The element types of a <see cref="TypeRefKind.Tuple"/>.</summary>
    public Helpers.EquatableArray<TypeRef> Elements { get; init; } = Helpers.EquatableArray<TypeRef>.Empty;

    /// <summary>The element names of a <see cref="TypeRefKind.Tuple"/> (empty strings for unnamed elements).</summary>
    public Helpers.EquatableArray<string> ElementNames { get; init; } = Helpers.EquatableArray<string>.Empty;

    public static TypeRef MultiArray(TypeRef element, int rank) => new(TypeRefKind.MultiArray, element.Scalar, null, element) { Rank = rank };

    public static TypeRef Tuple(Helpers.EquatableArray<TypeRef> elements, Helpers.EquatableArray<string> names) =>
        new(TypeRefKind.Tuple, ScalarType.Double) { Elements = elements, ElementNames = names };

    /// <summary>A part of a file name for the type: letters, digits and underscores (<c>Vec3</c>, <c>doubleSpan</c>, <c>double2D</c>).</summary>
    public static string HintOf(TypeRef type)
    {
        string text = type.Kind switch
        {
            TypeRefKind.Scalar => type.Scalar.Keyword(),
            TypeRefKind.Span => HintOf(type.Element!) + "Output",
            TypeRefKind.ReadOnlySpan => HintOf(type.Element!) + "Span",
            TypeRefKind.Array => HintOf(type.Element!) + "Array",
            TypeRefKind.MultiArray => HintOf(type.Element!) + type.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture) + "D",
            TypeRefKind.Tuple => "Tuple" + string.Concat(System.Linq.Enumerable.Select(type.Elements, HintOf)),
            _ => Last(type.Name!),
        };
        var safe = new System.Text.StringBuilder(text.Length);
        foreach (char c in text)
        {
            safe.Append(char.IsLetterOrDigit(c) ? c : '_');
        }

        return safe.ToString();
    }

    /// <summary>The simple name of a type named in full, with its type arguments kept (<c>global::System.Func&lt;int, double&gt;</c> → <c>Func_int__double_</c>).</summary>
    private static string Last(string name)
    {
        int generic = name.IndexOf('<');
        string head = generic < 0 ? name : name.Substring(0, generic);
        int dot = head.LastIndexOf('.');
        return (dot < 0 ? head : head.Substring(dot + 1)).Replace("global::", string.Empty) + (generic < 0 ? string.Empty : name.Substring(generic));
    }
    public static TypeRef Of(ScalarType type) => new(TypeRefKind.Scalar, type);

    public static TypeRef Span(TypeRef element) => new(TypeRefKind.Span, element.Scalar, null, element);

    public static TypeRef ReadOnlySpan(TypeRef element) => new(TypeRefKind.ReadOnlySpan, element.Scalar, null, element);

    public static TypeRef Array(TypeRef element) => new(TypeRefKind.Array, element.Scalar, null, element);

    public static TypeRef Named(string name) => new(TypeRefKind.Named, ScalarType.Double, name);
}
