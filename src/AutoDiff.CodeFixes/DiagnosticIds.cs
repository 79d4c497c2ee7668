namespace AutoDiff.CodeFixes;

/// <summary>The generator's diagnostic IDs these fixes answer (tests check them against the generator's descriptors).</summary>
internal static class DiagnosticIds
{
    public const string MethodNotStatic = "AD0001";
    public const string TypeNotPartial = "AD0002";
    public const string NoDerivative = "AD0004";
    public const string OutputMarkedNoDerivative = "AD0012";
    public const string TapeFallback = "AD0020";
}
