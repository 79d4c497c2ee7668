namespace FunctionCorpus;

/// <summary>The length the numeric checks give a vector parameter (default 5), for functions that need a particular size.</summary>
/// <remarks>The checker matches the attribute by name and reads the constructor argument.</remarks>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class SampleLengthAttribute(int length) : Attribute
{
    /// <summary>The number of elements.</summary>
    public int Length { get; } = length;
}
