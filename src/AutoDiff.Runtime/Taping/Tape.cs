using System.Runtime.CompilerServices;

namespace AutoDiff.Taping;

/// <summary>
/// A reverse-mode tape: a flat, growable array of recorded operations on <see cref="Var"/> values.
/// Each thread records onto its own tape, <see cref="Current"/>.
/// </summary>
/// <remarks>
/// Typical use: <c>Reset()</c>, create inputs with <see cref="Variable"/>, compute with <see cref="Var"/>
/// operators and <see cref="VarMath"/>, call <see cref="Backward"/> on the result, then read
/// <see cref="Gradient(Var)"/> for each input. A <see cref="Var"/> belongs to the tape (and the thread)
/// that recorded it and is invalidated by <see cref="Reset"/>.
/// </remarks>
public sealed class Tape
{
    // Node 0 is the constant sink: constants have index 0 and unused parent slots point at it.
    private const int Sink = 0;

    [ThreadStatic]
    private static Tape? _current;

    // Epochs are handed to tapes in blocks of this many, so a scope or Reset takes the next one from its
    // own tape's block with a plain increment; only the first of each block is an interlocked operation
    // on the shared counter (which every thread's scopes would otherwise contend for).
    private const int EpochBlock = 1024;

    // Source of epochs; every tape and every Reset gets a fresh one so stale Vars can be detected.
    private static int _sharedLastEpoch;

    // The last epoch this tape handed out and the end of its current block.
    private int _lastEpoch;
    private int _epochLimit;

    private TapeNode[] _nodes;
    private double[] _adjoints = [];
    private int _count = 1;
    private int _epoch;

    // Managed id of the thread this tape is current on, 0 when it is nobody's current tape.
    private int _ownerThread;

    // Number of nodes whose adjoints the last Backward computed; 0 when there was none since Reset.
    private int _sweptCount;

    /// <summary>Creates a tape with room for <paramref name="capacity"/> operations before it grows.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public Tape(int capacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        // One extra slot for the constant sink at index 0.
        _nodes = new TapeNode[(int)Math.Min(Math.Max(capacity, 15) + 1L, Array.MaxLength)];
        _epoch = NextEpoch();
    }

    /// <summary>
    /// The calling thread's tape, created on first use; <see cref="Var"/> operators record here.
    /// Set it to install a tape made with a chosen capacity; Vars of the previous tape stay with that tape.
    /// </summary>
    /// <exception cref="ArgumentNullException">Setting null.</exception>
    /// <exception cref="InvalidOperationException">Setting a tape that is current on another thread.</exception>
    public static Tape Current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _current ?? CreateCurrent();
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            int thread = Environment.CurrentManagedThreadId;

            // A tape is single-threaded: claim it atomically so two threads cannot both install it.
            int owner = Interlocked.CompareExchange(ref value._ownerThread, thread, 0);
            if (owner != 0 && owner != thread)
            {
                throw new InvalidOperationException("This tape is the current tape of another thread.");
            }

            if (_current is { } previous && previous != value)
            {
                Volatile.Write(ref previous._ownerThread, 0);
            }

            _current = value;
        }
    }

    /// <summary>Number of operations (including variables) recorded since the last <see cref="Reset"/>.</summary>
    public int Count => _count - 1;

    /// <summary>Number of operations the tape holds before its storage has to grow.</summary>
    public int Capacity => _nodes.Length - 1;

    internal int Epoch => _epoch;

    /// <summary>Records an independent variable (an input to differentiate with respect to).</summary>
    /// <exception cref="InvalidOperationException">This tape is not <see cref="Current"/> on the calling thread,
    /// so operations on the variable would be recorded elsewhere.</exception>
    public Var Variable(double value)
    {
        if (_current != this)
        {
            throw new InvalidOperationException(
                "Variables must be created on the calling thread's current tape; set Tape.Current first.");
        }

        return new(value, Push(Sink, 0, Sink, 0), _epoch);
    }

    /// <summary>
    /// Forgets every recorded operation but keeps the storage, so the next recording of the same size
    /// allocates nothing. Every <see cref="Var"/> recorded before becomes invalid.
    /// </summary>
    public void Reset()
    {
        _count = 1;
        _sweptCount = 0;
        _epoch = NextEpoch();
    }

    /// <summary>
    /// Runs the reverse sweep from <paramref name="result"/>: afterwards <see cref="Gradient(Var)"/> gives
    /// d(seed·result)/dv for every variable v. The sweep is a loop (no recursion), so graph depth is unlimited.
    /// Recording may continue afterwards; a later Backward replaces the gradients.
    /// </summary>
    /// <param name="result">The value to differentiate; must come from this tape.</param>
    /// <param name="seed">The adjoint of <paramref name="result"/>; 1 gives the plain gradient.</param>
    /// <exception cref="InvalidOperationException"><paramref name="result"/> was recorded on another tape or before <see cref="Reset"/>.</exception>
    public void Backward(Var result, double seed = 1.0)
    {
        CheckOwned(result, nameof(result));
        int count = _count;
        if (_adjoints.Length < count)
        {
            _adjoints = new double[_nodes.Length];
        }

        _adjoints.AsSpan(0, count).Clear();
        Sweep(result.Index, Sink + 1, seed);
        _sweptCount = count;
    }

    /// <summary>
    /// Starts a nested recording on this tape: until the scope is disposed, operations record after
    /// everything recorded so far, Vars from before the scope cannot be used, and the scope's
    /// <see cref="TapeScope.Backward"/> sweeps only its own operations. Disposing drops them and makes the
    /// earlier Vars (and their gradients) valid again, so a computation can run in the middle of another one.
    /// </summary>
    /// <exception cref="InvalidOperationException">This tape is not <see cref="Current"/> on the calling thread.</exception>
    public TapeScope BeginScope()
    {
        if (_current != this)
        {
            throw new InvalidOperationException("Scopes must be opened on the calling thread's current tape; set Tape.Current first.");
        }

        var scope = new TapeScope(this, _count, _epoch, _sweptCount, NextEpoch());
        _epoch = scope.Epoch;
        _sweptCount = 0;
        return scope;
    }

    /// <summary>The reverse sweep of a scope: clears and fills only the adjoints from its start.</summary>
    internal void BackwardFrom(int start, Var result, double seed)
    {
        CheckOwned(result, nameof(result));
        int count = _count;
        if (_adjoints.Length < count)
        {
            Array.Resize(ref _adjoints, _nodes.Length);
        }

        _adjoints.AsSpan(start, count - start).Clear();
        Sweep(result.Index, start, seed);
        _sweptCount = count;
    }

    /// <summary>Gradient of a Var recorded in the scope that starts at <paramref name="start"/>.</summary>
    internal double GradientFrom(int start, Var v)
    {
        double gradient = Gradient(v);

        // A constant (index 0) reads 0 above; every other Var of the scope lies at or after its start.
        return v.Index >= start ? gradient : 0;
    }

    /// <summary>Closes a scope: forgets its operations and gives back the enclosing recording.</summary>
    internal void EndScope(in TapeScope scope)
    {
        // Already closed (disposed twice, or a Reset since): nothing of the scope is left to drop.
        if (_epoch != scope.Epoch)
        {
            return;
        }

        _count = scope.Start;
        _epoch = scope.OuterEpoch;
        _sweptCount = scope.OuterSweptCount;
    }

    private void Sweep(int resultIndex, int stop, double seed)
    {
        double[] adjoints = _adjoints;
        adjoints[resultIndex] = seed;
        TapeNode[] nodes = _nodes;

        // Nodes are recorded after their parents, so one descending pass visits each after all its
        // consumers. A zero adjoint means the node does not feed the result: skipping it keeps an
        // infinite partial on an unused branch from turning into 0·∞ = NaN.
        //
        // Most operations consume the value recorded just before them (a chain of arithmetic), so the
        // contribution to node i − 1 is kept in registers (carry0, carry1) instead of going through
        // adjoints[i − 1]: a store followed at once by a load of the same slot put a store-to-load
        // round trip on the critical path of every step. The sum is formed in the same order as
        // before, (earlier contributions + parent-0 part) + parent-1 part, so results are unchanged; it is
        // written back because Gradient reads it (a store nothing in the sweep waits for).
        double carry0 = 0;
        double carry1 = 0;
        for (int i = resultIndex; i >= stop; i--)
        {
            double adjoint = adjoints[i] + carry0 + carry1;
            if (adjoint == 0)
            {
                // Nothing reaches this node. Memory already holds the 0 unless the carries cancelled
                // what it held; sweeps of one output of many (a Jacobian row) visit mostly such nodes.
                if (carry0 != 0 || carry1 != 0)
                {
                    adjoints[i] = adjoint;
                    carry0 = 0;
                    carry1 = 0;
                }

                // Skip the whole run of such nodes in a tight loop (the carries are 0 now).
                while (i > stop && adjoints[i - 1] == 0)
                {
                    i--;
                }

                continue;
            }

            adjoints[i] = adjoint;

            ref readonly TapeNode node = ref nodes[i];
            double part0 = adjoint * node.Partial0;
            double part1 = adjoint * node.Partial1;
            int previous = i - 1;
            carry0 = 0;
            carry1 = 0;
            if (node.Parent0 == previous)
            {
                carry0 = part0;
            }
            else
            {
                adjoints[node.Parent0] += part0;
            }

            if (node.Parent1 == previous)
            {
                carry1 = part1;
            }
            else
            {
                adjoints[node.Parent1] += part1;
            }
        }
    }

    /// <summary>
    /// The gradient of the last <see cref="Backward"/> result with respect to <paramref name="v"/>.
    /// Constants and values recorded after that Backward get 0.
    /// </summary>
    /// <exception cref="InvalidOperationException">No Backward since the last Reset, or <paramref name="v"/> belongs to another tape or an earlier Reset.</exception>
    public double Gradient(Var v)
    {
        if (v.Index == Sink)
        {
            return 0;
        }

        CheckOwned(v, nameof(v));
        if (_sweptCount == 0)
        {
            throw new InvalidOperationException("Call Backward before reading gradients.");
        }

        return v.Index < _sweptCount ? _adjoints[v.Index] : 0;
    }

    /// <summary>Writes <see cref="Gradient(Var)"/> of each of <paramref name="variables"/> into <paramref name="gradients"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="gradients"/> is shorter than <paramref name="variables"/>.</exception>
    public void Gradient(ReadOnlySpan<Var> variables, Span<double> gradients)
    {
        if (gradients.Length < variables.Length)
        {
            throw new ArgumentException(
                $"Needs room for {variables.Length} gradients but has {gradients.Length}.", nameof(gradients));
        }

        for (int i = 0; i < variables.Length; i++)
        {
            gradients[i] = Gradient(variables[i]);
        }
    }

    /// <summary>Appends one operation and returns its index. Parents must already be on this tape.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int Push(int parent0, double partial0, int parent1, double partial1)
    {
        int index = _count;
        TapeNode[] nodes = _nodes;
        if ((uint)index < (uint)nodes.Length)
        {
            nodes[index] = new TapeNode(parent0, partial0, parent1, partial1);
            _count = index + 1;
            return index;
        }

        return PushAfterGrowing(parent0, partial0, parent1, partial1);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int PushAfterGrowing(int parent0, double partial0, int parent1, double partial1)
    {
        if (_nodes.Length >= Array.MaxLength)
        {
            throw new InvalidOperationException("The tape is full; call Reset between independent computations.");
        }

        Array.Resize(ref _nodes, (int)Math.Min(2L * _nodes.Length, Array.MaxLength));
        return Push(parent0, partial0, parent1, partial1);
    }

    private void CheckOwned(Var v, string paramName)
    {
        if (v.Index != Sink && (v.Epoch != _epoch || v.Index >= _count))
        {
            throw new InvalidOperationException(
                $"'{paramName}' was recorded on another tape or before the last Reset.");
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Tape CreateCurrent() =>
        _current = new Tape { _ownerThread = Environment.CurrentManagedThreadId };

    /// <summary>A fresh epoch, never given out before by any tape (until the 32-bit counter wraps).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NextEpoch()
    {
        if (_lastEpoch == _epochLimit)
        {
            TakeEpochBlock();
        }

        return ++_lastEpoch;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void TakeEpochBlock()
    {
        _epochLimit = Interlocked.Add(ref _sharedLastEpoch, EpochBlock);
        _lastEpoch = _epochLimit - EpochBlock;
    }
}
