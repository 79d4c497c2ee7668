namespace AutoDiff.Generator.Model;

/// <summary>The value types a differentiable method body may use.</summary>
internal enum ScalarType
{
    Double,
    Float,
    Int,
    Long,
    Bool,
}

internal static class ScalarTypeExtensions
{
    /// <summary>Only floating-point values carry derivatives.</summary>
    public static bool IsReal(this ScalarType type) => type is ScalarType.Double or ScalarType.Float;

    public static string Keyword(this ScalarType type) => type switch
    {
        ScalarType.Double => "double",
        ScalarType.Float => "float",
        ScalarType.Int => "int",
        ScalarType.Long => "long",
        _ => "bool",
    };

    public static string Zero(this ScalarType type) => type == ScalarType.Bool ? "false" : "0";
}
