using System.ComponentModel;

namespace AutoDiff.CompilerServices;

/// <summary>
/// An opaque position in a <see cref="Workspace"/> (value-stack depth and arena position), taken by
/// <see cref="Workspace.Mark"/> and given back to <see cref="Workspace.Release"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct WorkspaceMark
{
    internal WorkspaceMark(Workspace owner, int depth, int chunkIndex, int offset)
    {
        Owner = owner;
        Depth = depth;
        ChunkIndex = chunkIndex;
        Offset = offset;
    }

    internal Workspace? Owner { get; }

    internal int Depth { get; }

    internal int ChunkIndex { get; }

    internal int Offset { get; }
}
