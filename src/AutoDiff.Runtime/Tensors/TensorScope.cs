namespace AutoDiff.Tensors;

/// <summary>
/// A region of code whose tensors give their storage back to the pool when it ends. Open one per training step
/// with <c>using var step = Tensor.Scope();</c>: everything the step makes (activations, saved values, gradient
/// temporaries) is recycled by the next step, so a steady training loop allocates almost nothing. Tensors that
/// must outlive the scope call <see cref="Tensor{T}.Keep"/>; parameters (leaves that require grad), their
/// gradients and optimizer state are never owned by a scope. Scopes nest and are per thread.
/// </summary>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic]
    private static TensorScope? _current;

    private readonly TensorScope? _parent;
    private readonly int _threadId;
    private readonly List<Storage> _owned = [];
    private bool _disposed;

    internal TensorScope()
    {
        _parent = _current;
        _threadId = Environment.CurrentManagedThreadId;
        _current = this;
    }

    /// <summary>The innermost open scope on this thread, or null.</summary>
    internal static TensorScope? Current => _current;

    /// <summary>The scope this one is nested in, or null.</summary>
    internal TensorScope? Parent => _parent;

    /// <summary>Makes the innermost open scope the owner of <paramref name="storage"/> (no-op outside scopes).</summary>
    internal static void Adopt(Storage storage)
    {
        TensorScope? scope = _current;
        if (scope is not null)
        {
            storage.Owner = scope;
            scope._owned.Add(storage);
        }
    }

    /// <summary>Moves <paramref name="storage"/> to the enclosing scope (or to none), so it survives this one.</summary>
    internal static void Promote(Storage storage)
    {
        TensorScope? owner = storage.Owner;
        if (owner is null)
        {
            return;
        }
        storage.Owner = owner._parent;
        owner._parent?._owned.Add(storage);
    }

    /// <summary>Detaches <paramref name="storage"/> from every scope (parameters, gradients).</summary>
    internal static void Disown(Storage storage) => storage.Owner = null;

    /// <summary>Returns the storage of every tensor made in this scope and not kept to the pool.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        if (_threadId != Environment.CurrentManagedThreadId)
        {
            throw new InvalidOperationException("A tensor scope must be disposed on the thread that created it.");
        }
        if (_current != this)
        {
            throw new InvalidOperationException("Tensor scopes must be disposed in the reverse order of creation.");
        }
        _disposed = true;
        _current = _parent;
        foreach (Storage storage in _owned)
        {
            if (storage.Owner == this)
            {
                storage.Release();
            }
        }
        _owned.Clear();
    }
}
