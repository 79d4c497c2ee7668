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
}

/// <summary>A type in generated code.</summary>
internal sealed record TypeRef(TypeRefKind Kind, ScalarType Scalar, string? Name = null, TypeRef? Element = null)
{
    public static TypeRef Of(ScalarType type) => new(TypeRefKind.Scalar, type);

    public static TypeRef Span(TypeRef element) => new(TypeRefKind.Span, element.Scalar, null, element);

    public static TypeRef ReadOnlySpan(TypeRef element) => new(TypeRefKind.ReadOnlySpan, element.Scalar, null, element);

    public static TypeRef Array(TypeRef element) => new(TypeRefKind.Array, element.Scalar, null, element);

    public static TypeRef Named(string name) => new(TypeRefKind.Named, ScalarType.Double, name);
}
