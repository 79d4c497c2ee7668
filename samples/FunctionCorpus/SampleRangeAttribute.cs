namespace FunctionCorpus;

/// <summary>Where the numeric checks draw random inputs for a function (default [-2, 2]).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SampleRangeAttribute(double min, double max) : Attribute
{
    public double Min { get; } = min;

    public double Max { get; } = max;

    /// <summary>Relative tolerance against central differences, when the default does not fit the function.</summary>
    public double Tolerance { get; set; }
}
