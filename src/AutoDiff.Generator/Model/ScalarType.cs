namespace AutoDiff.Generator.Model;

/// <summary>The value types a differentiable method body may use.</summary>
internal enum ScalarType
{
    Double,
    Float,
    Int,
    Long,
    Bool,

    /// <summary>Generated code only (<c>(uint)i &lt; (uint)n</c>).</summary>
    UInt,

    /// <summary>
    /// The method's own number type, a type parameter constrained to generic math (<c>T : IFloatingPointIeee754&lt;T&gt;</c>):
    /// a real. Generated code names it as the method does (<see cref="MethodModel.Generic"/>).
    /// </summary>
    Generic,

    /// <summary>
    /// A value of a type the generator does not compute with (an enum, a string, an array of integers, a class, a
    /// delegate): data, read as written and never differentiated.
    /// </summary>
    Data,
}

internal static class ScalarTypeExtensions
{
    /// <summary>Only floating-point values carry derivatives.</summary>
    public static bool IsReal(this ScalarType type) => type is ScalarType.Double or ScalarType.Float or ScalarType.Generic;

    public static string Keyword(this ScalarType type) => type switch
    {
        ScalarType.Double => "double",
        ScalarType.Float => "float",
        ScalarType.Int => "int",
        ScalarType.Long => "long",
        ScalarType.UInt => "uint",
        ScalarType.Data => "object",
        ScalarType.Generic => "T",
        _ => "bool",
    };

    /// <summary>The zero of the type: <c>false</c>, or an integer 0 (which converts to every number type).</summary>
    public static Constant Zero(this ScalarType type) => type == ScalarType.Bool ? Constant.Boolean(false) : Constant.Integer(0);
}
