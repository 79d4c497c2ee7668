namespace AutoDiff.Generator.Differentiation;

/// <summary>The runtime types generated code refers to, in full.</summary>
internal static class RuntimeNames
{
    public const string Workspace = "global::AutoDiff.CompilerServices.Workspace";
    public const string WorkspaceMark = "global::AutoDiff.CompilerServices.WorkspaceMark";
    public const string Hessians = "global::AutoDiff.CompilerServices.Hessians";
}
