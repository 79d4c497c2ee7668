namespace AutoDiff.Testing;

/// <summary>One file the generator wrote: its hint name (<c>Namespace.Type.Method_parameterTypes.g.cs</c>) and its text.</summary>
public sealed record GeneratedFile(string HintName, string Text)
{
    /// <summary>The hint name, so test runners show which file a case is about.</summary>
    public override string ToString() => HintName;
}
