namespace AutoDiff.Testing;

/// <summary>Generated files differ from their <c>.verified.cs</c> snapshots; the message lists each one and how to accept.</summary>
public sealed class SnapshotMismatchException(string message) : Exception(message);
