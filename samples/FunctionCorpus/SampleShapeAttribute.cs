namespace FunctionCorpus;

/// <summary>The shape the numeric checks give a 2-D or jagged array parameter (rows, columns).</summary>
/// <remarks>The checker matches the attribute by name and reads the constructor arguments.</remarks>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class SampleShapeAttribute(int rows, int columns) : Attribute
{
    public int Rows { get; } = rows;

    public int Columns { get; } = columns;
}
