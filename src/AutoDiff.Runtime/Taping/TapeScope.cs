namespace AutoDiff.Taping;

/// <summary>
/// A nested recording on a <see cref="Tape"/>, from <see cref="Tape.BeginScope"/> until <see cref="Dispose"/>.
/// Generated tape-fallback gradients run in one, so they may be called while another computation is
/// recording on the same thread: the scope records after it, sweeps only its own operations and, when
/// disposed, truncates the tape back to where it started. Storage the tape grew is kept, so a warm
/// scope allocates nothing.
/// </summary>
/// <remarks>
/// Vars recorded before the scope cannot be used inside it (pass their values), and Vars recorded in it
/// are invalid once it is disposed. Scopes nest and must be disposed innermost first; <c>using</c> does that.
/// </remarks>
public readonly struct TapeScope : IDisposable
{
    private readonly Tape _tape;

    internal TapeScope(Tape tape, int start, int outerEpoch, int outerSweptCount, int epoch)
    {
        _tape = tape;
        Start = start;
        OuterEpoch = outerEpoch;
        OuterSweptCount = outerSweptCount;
        Epoch = epoch;
    }

    internal int Start { get; }

    internal int OuterEpoch { get; }

    internal int OuterSweptCount { get; }

    internal int Epoch { get; }

    /// <summary>Records an independent variable in this scope.</summary>
    /// <exception cref="InvalidOperationException">The scope is closed or its tape is not current on this thread.</exception>
    public Var Variable(double value)
    {
        CheckOpen();
        return _tape.Variable(value);
    }

    /// <summary>
    /// The reverse sweep over this scope's operations only: afterwards <see cref="Gradient"/> gives
    /// d(seed·result)/dv for every Var v recorded in the scope.
    /// </summary>
    /// <exception cref="InvalidOperationException">The scope is closed, or <paramref name="result"/> was not recorded in it.</exception>
    public void Backward(Var result, double seed = 1.0)
    {
        CheckOpen();
        _tape.BackwardFrom(Start, result, seed);
    }

    /// <summary>The gradient of the last <see cref="Backward"/> result with respect to <paramref name="v"/>; 0 for constants.</summary>
    /// <exception cref="InvalidOperationException">The scope is closed, no Backward ran in it, or <paramref name="v"/> is not from it.</exception>
    public double Gradient(Var v)
    {
        CheckOpen();
        return _tape.GradientFrom(Start, v);
    }

    /// <summary>Drops the scope's operations and restores the enclosing recording; a second call does nothing.</summary>
    public void Dispose() => _tape?.EndScope(this);

    private void CheckOpen()
    {
        if (_tape is null || _tape.Epoch != Epoch)
        {
            throw new InvalidOperationException("This tape scope is closed, or an inner scope is still open.");
        }
    }
}
