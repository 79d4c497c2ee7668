using System.Numerics;

namespace AutoDiff.Tensors;

/// <summary>
/// Entry points that do not depend on the element type: the thread-local no-grad switch, tensor scopes, the
/// buffer pool, the thread count of the kernels and <c>Grad</c> (gradients returned instead of accumulated).
/// </summary>
public static class Tensor
{
    [ThreadStatic]
    private static bool _gradDisabled;

    private static int _threads = Environment.ProcessorCount;
    private static long _poolLimitBytes = 1L << 30;

    /// <summary>True unless the current thread is inside a <see cref="NoGrad"/> scope.</summary>
    public static bool IsGradEnabled => !_gradDisabled;

    /// <summary>
    /// Starts a scope in which operations record no graph (like <c>torch.no_grad()</c>).
    /// Use with <c>using</c>; scopes nest and apply to the current thread only.
    /// </summary>
    public static NoGradScope NoGrad() => SetGradMode(enabled: false);

    /// <summary>Starts a scope in which operations record again, even inside <see cref="NoGrad"/> (<c>torch.enable_grad()</c>).</summary>
    public static NoGradScope EnableGrad() => SetGradMode(enabled: true);

    private static NoGradScope SetGradMode(bool enabled)
    {
        bool previous = !_gradDisabled;
        _gradDisabled = !enabled;
        return new NoGradScope(Environment.CurrentManagedThreadId, previous);
    }

    internal static void ExitGradMode(int threadId, bool previous)
    {
        if (threadId != Environment.CurrentManagedThreadId)
        {
            throw new InvalidOperationException("A NoGrad scope must be disposed on the thread that created it.");
        }
        _gradDisabled = !previous;
    }

    /// <summary>
    /// Opens a tensor scope: every tensor made on this thread until it is disposed returns its storage to the pool
    /// then (see <see cref="TensorScope"/>). One per training step removes nearly all allocation from the loop.
    /// </summary>
    public static TensorScope Scope() => new();

    /// <summary>
    /// How many threads the kernels may use (matrix products, large elementwise operations and reductions);
    /// defaults to <see cref="Environment.ProcessorCount"/>. 1 runs everything on the calling thread.
    /// </summary>
    public static int NumThreads
    {
        get => _threads;
        set => _threads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Need at least one thread.");
    }

    /// <summary>Most bytes the buffer pool keeps per element type (default 1 GiB); buffers returned beyond it are dropped.</summary>
    public static long PoolLimitBytes
    {
        get => Volatile.Read(ref _poolLimitBytes);
        set => Volatile.Write(ref _poolLimitBytes, value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Must be non-negative."));
    }

    /// <summary>Bytes currently held by the buffer pool for <typeparamref name="T"/>.</summary>
    public static long PooledBytes<T>()
        where T : unmanaged => BufferPool<T>.RetainedBytes;

    /// <summary>Empties the buffer pools (their arrays become garbage).</summary>
    public static void ClearPool()
    {
        BufferPool<float>.Clear();
        BufferPool<double>.Clear();
    }

    /// <summary>
    /// Gradients of <paramref name="outputs"/> (weighted by <paramref name="gradOutputs"/>, default 1 for one-element
    /// outputs) with respect to <paramref name="inputs"/>, returned instead of accumulated into <c>Grad</c>
    /// (<c>torch.autograd.grad</c>). With <paramref name="createGraph"/> the backward pass is itself recorded, so
    /// the results can be differentiated again (gradients of gradients); the graph is then kept. An input the
    /// outputs do not depend on gets null, or zeros when <paramref name="allowUnused"/> is false... see remarks.
    /// </summary>
    /// <remarks>An input the outputs do not depend on throws unless <paramref name="allowUnused"/> is true, in which case its entry is null.</remarks>
    public static Tensor<T>?[] Grad<T>(
        Tensor<T>[] outputs, Tensor<T>[] inputs, Tensor<T>[]? gradOutputs = null, bool createGraph = false, bool? retainGraph = null, bool allowUnused = false)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Tensor<T>.GradOf(outputs, inputs, gradOutputs, createGraph, retainGraph ?? createGraph, allowUnused);

    /// <summary>Gradient of one output with respect to one input; see <see cref="Grad{T}(Tensor{T}[], Tensor{T}[], Tensor{T}[], bool, bool?, bool)"/>.</summary>
    public static Tensor<T> Grad<T>(Tensor<T> output, Tensor<T> input, bool createGraph = false, bool? retainGraph = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Tensor<T>.GradOf([output], [input], null, createGraph, retainGraph ?? createGraph, allowUnused: false)[0]!;
}
