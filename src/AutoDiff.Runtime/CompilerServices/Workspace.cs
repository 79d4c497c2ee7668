using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AutoDiff.DualNumbers;

namespace AutoDiff.CompilerServices;

/// <summary>
/// Per-thread scratch memory for generated reverse-mode code: a LIFO stack of values the forward pass
/// overwrites and the backward pass needs, and an arena of zeroed spans for local and adjoint arrays.
/// Not meant to be called by hand.
/// </summary>
/// <remarks>
/// Generated code takes a <see cref="Mark"/> on entry and calls <see cref="Release"/> in a <c>finally</c>,
/// so every call leaves the workspace as it found it. After the first calls on a thread have grown the
/// storage, a call of the same size allocates nothing. Storage is kept for the life of the thread.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class Workspace
{
    private const int InitialStackCapacity = 256;
    private const int InitialChunkLength = 1024;

    [ThreadStatic]
    private static Workspace? _current;

    // One stack for all value kinds: a double is stored by its bits, an int or bool widened. Generated
    // code pops in exactly the reverse order it pushed, so no kind tag is needed.
    private long[] _stack = new long[InitialStackCapacity];
    private int _depth;

    // Arena chunks, in order of use; they are never moved or copied, so spans handed out stay valid.
    private double[][] _chunks = [new double[InitialChunkLength]];
    private int _chunkCount = 1;
    private int _chunkIndex;
    private double[] _chunk;
    private int _offset;

    private Workspace() => _chunk = _chunks[0];

    /// <summary>The calling thread's workspace, created on first use.</summary>
    public static Workspace Current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _current ?? CreateCurrent();
    }

    /// <summary>Captures the stack depth and arena position, for a later <see cref="Release"/>.</summary>
    public WorkspaceMark Mark() => new(this, _depth, _chunkIndex, _offset);

    /// <summary>
    /// Returns the stack and the arena to <paramref name="mark"/>: values pushed and spans rented since
    /// are dropped. Marks must be released innermost first.
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="mark"/> comes from another workspace, or a
    /// mark taken before it was already released (releases out of LIFO order).</exception>
    public void Release(WorkspaceMark mark)
    {
        if (mark.Owner != this
            || mark.Depth > _depth
            || mark.ChunkIndex > _chunkIndex
            || (mark.ChunkIndex == _chunkIndex && mark.Offset > _offset))
        {
            ThrowBadMark(mark.Owner == this);
        }

        _depth = mark.Depth;
        _chunkIndex = mark.ChunkIndex;
        _chunk = _chunks[mark.ChunkIndex];
        _offset = mark.Offset;
    }

    /// <summary>Saves a <see cref="double"/> on the value stack.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(double value) => PushBits(BitConverter.DoubleToInt64Bits(value));

    /// <summary>Saves an <see cref="int"/> on the value stack.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(int value) => PushBits(value);

    /// <summary>Saves a <see cref="bool"/> (typically a branch decision inside a loop) on the value stack.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(bool value) => PushBits(value ? 1 : 0);

    /// <summary>Saves a <see cref="Dual"/> (value, then tangent) on the value stack; used by second-order code.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(Dual value)
    {
        PushBits(BitConverter.DoubleToInt64Bits(value.Value));
        PushBits(BitConverter.DoubleToInt64Bits(value.Tangent));
    }

    /// <summary>Removes and returns the top of the value stack, which must have been pushed as a <see cref="double"/>.</summary>
    /// <exception cref="InvalidOperationException">The stack is empty.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double PopDouble() => BitConverter.Int64BitsToDouble(PopBits());

    /// <summary>Removes and returns the top of the value stack, which must have been pushed as a <see cref="Dual"/>.</summary>
    /// <exception cref="InvalidOperationException">The stack holds fewer than two slots.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Dual PopDual()
    {
        double tangent = BitConverter.Int64BitsToDouble(PopBits());
        return new Dual(BitConverter.Int64BitsToDouble(PopBits()), tangent);
    }

    /// <summary>Removes and returns the top of the value stack, which must have been pushed as an <see cref="int"/>.</summary>
    /// <exception cref="InvalidOperationException">The stack is empty.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int PopInt() => (int)PopBits();

    /// <summary>Removes and returns the top of the value stack, which must have been pushed as a <see cref="bool"/>.</summary>
    /// <exception cref="InvalidOperationException">The stack is empty.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool PopBool() => PopBits() != 0;

    /// <summary>
    /// A zeroed span of <paramref name="length"/> doubles, valid until a mark taken before this call is released.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<double> RentDoubles(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Span<double> span = Take(length);
        span.Clear();
        return span;
    }

    /// <summary>
    /// A zeroed span of <paramref name="length"/> floats, valid until a mark taken before this call is released.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<float> RentSingles(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        // Floats share the double arena, two to a slot; a double slot is always aligned for a float.
        Span<float> span = MemoryMarshal.Cast<double, float>(Take((int)(((long)length + 1) >> 1)))[..length];
        span.Clear();
        return span;
    }

    /// <summary>
    /// A zeroed span of <paramref name="length"/> dual numbers, valid until a mark taken before this call is released.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<Dual> RentDuals(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        // A Dual is two doubles, so it takes two arena slots.
        Span<Dual> span = MemoryMarshal.Cast<double, Dual>(Take(checked(length * 2)));
        span.Clear();
        return span;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PushBits(long bits)
    {
        long[] stack = _stack;
        int depth = _depth;
        if ((uint)depth < (uint)stack.Length)
        {
            stack[depth] = bits;
            _depth = depth + 1;
        }
        else
        {
            PushWithGrowth(bits);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PushWithGrowth(long bits)
    {
        if (_stack.Length == Array.MaxLength)
        {
            throw new InvalidOperationException("The workspace value stack is full.");
        }

        // The stack holds values, not references handed out, so moving it is safe (unlike arena chunks).
        Array.Resize(ref _stack, (int)Math.Min(2L * _stack.Length, Array.MaxLength));
        _stack[_depth++] = bits;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long PopBits()
    {
        long[] stack = _stack;
        int top = _depth - 1;
        // An empty stack gives top = -1, which the unsigned compare rejects along with the bounds check.
        if ((uint)top >= (uint)stack.Length)
        {
            ThrowEmptyStack();
        }

        _depth = top;
        return stack[top];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<double> Take(int length)
    {
        double[] chunk = _chunk;
        int offset = _offset;
        if (length <= chunk.Length - offset)
        {
            _offset = offset + length;
            return new Span<double>(chunk, offset, length);
        }

        return TakeFromLaterChunk(length);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Span<double> TakeFromLaterChunk(int length)
    {
        // Skip later chunks that are too small; the arena position only moves forward until a Release,
        // which keeps marks ordered by (chunk, offset).
        int index = _chunkIndex + 1;
        while (index < _chunkCount && _chunks[index].Length < length)
        {
            index++;
        }

        if (index == _chunkCount)
        {
            if (_chunkCount == _chunks.Length)
            {
                Array.Resize(ref _chunks, 2 * _chunks.Length);
            }

            long grown = Math.Max(2L * _chunks[_chunkCount - 1].Length, length);
            _chunks[_chunkCount++] = new double[(int)Math.Min(grown, Array.MaxLength)];
        }

        _chunkIndex = index;
        _chunk = _chunks[index];
        _offset = length;
        return new Span<double>(_chunk, 0, length);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Workspace CreateCurrent() => _current = new Workspace();

    [DoesNotReturn]
    private static void ThrowEmptyStack() =>
        throw new InvalidOperationException(
            "Popped more values than were pushed on the workspace stack; the generated derivative code is inconsistent.");

    [DoesNotReturn]
    private static void ThrowBadMark(bool ownMark) =>
        throw new InvalidOperationException(ownMark
            ? "Workspace marks must be released innermost first; a mark taken earlier was already released."
            : "This mark was not taken on the calling thread's workspace.");
}
