using System.Numerics;

namespace AutoDiff.Tensors;

/// <summary>Entry points that do not depend on the element type: the thread-local no-grad switch.</summary>
public static class Tensor
{
    [ThreadStatic]
    private static int noGradDepth;

    /// <summary>True unless the current thread is inside a <see cref="NoGrad"/> scope.</summary>
    public static bool IsGradEnabled => noGradDepth == 0;

    /// <summary>
    /// Starts a scope in which operations record no graph (like <c>torch.no_grad()</c>).
    /// Use with <c>using</c>; scopes nest and apply to the current thread only.
    /// </summary>
    public static NoGradScope NoGrad()
    {
        noGradDepth++;
        return new NoGradScope(Environment.CurrentManagedThreadId);
    }

    internal static void ExitNoGrad(int threadId)
    {
        if (threadId != Environment.CurrentManagedThreadId)
        {
            throw new InvalidOperationException("A NoGrad scope must be disposed on the thread that created it.");
        }
        if (noGradDepth > 0)
        {
            noGradDepth--;
        }
    }
}

/// <summary>Disposable token returned by <see cref="Tensor.NoGrad"/>; disposing it re-enables recording.</summary>
public sealed class NoGradScope : IDisposable
{
    private readonly int threadId;
    private bool disposed;

    internal NoGradScope(int threadId) => this.threadId = threadId;

    /// <summary>Ends the scope (idempotent).</summary>
    public void Dispose()
    {
        if (!disposed)
        {
            disposed = true;
            Tensor.ExitNoGrad(threadId);
        }
    }
}
