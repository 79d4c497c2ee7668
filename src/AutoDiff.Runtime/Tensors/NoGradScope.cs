namespace AutoDiff.Tensors;

/// <summary>Disposable token returned by <see cref="Tensor.NoGrad"/>; disposing it re-enables recording.</summary>
public sealed class NoGradScope : IDisposable
{
    private readonly int _threadId;
    private readonly bool _enable;
    private bool _disposed;

    internal NoGradScope(int threadId, bool enable)
    {
        _threadId = threadId;
        _enable = enable;
    }

    /// <summary>Ends the scope (idempotent).</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            Tensor.ExitGradMode(_threadId, _enable);
        }
    }
}
