namespace AutoDiff.Generator;

/// <summary>Names of the pipeline steps, so tests can check what was cached.</summary>
internal static class TrackingNames
{
    public const string ParsedMethods = nameof(ParsedMethods);
    public const string Models = nameof(Models);
    public const string InnerDerivatives = nameof(InnerDerivatives);
    public const string ExpandedModels = nameof(ExpandedModels);
    public const string Facts = nameof(Facts);
    public const string CalleeTable = nameof(CalleeTable);
    public const string Plans = nameof(Plans);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Fallbacks = nameof(Fallbacks);
}
