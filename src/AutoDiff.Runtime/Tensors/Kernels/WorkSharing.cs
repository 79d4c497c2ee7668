namespace AutoDiff.Tensors.Kernels;

/// <summary>
/// Runs numbered work items on the calling thread plus helpers from the thread pool. Items are claimed one at a
/// time from a shared counter and the caller works too, so when another process keeps a core busy the helper
/// that cannot start simply claims nothing: the caller finishes the work alone instead of waiting at a barrier
/// for a thread that is not running (what made <c>Parallel.For</c> over a fixed split lose on a loaded machine).
/// </summary>
internal static class WorkSharing
{
    /// <summary>How many threads a job of <paramref name="items"/> items may use.</summary>
    public static int Threads(int items) => Math.Max(1, Math.Min(Tensor.NumThreads, items));

    /// <summary>Runs <paramref name="body"/>(i) for every i in [0, <paramref name="items"/>), each exactly once.</summary>
    public static void For(int items, Action<int> body)
    {
        int threads = Threads(items);
        if (threads <= 1)
        {
            for (int i = 0; i < items; i++)
            {
                body(i);
            }
            return;
        }
        var job = new Job(items, body);
        for (int h = 1; h < threads; h++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(job, preferLocal: false);
        }
        job.Work();
        job.WaitForHelpers();
    }

    /// <summary>Splits [0, <paramref name="count"/>) into chunks of at least <paramref name="grain"/> and runs body(start, end) over them.</summary>
    public static void ForRange(int count, int grain, Action<int, int> body)
    {
        int threads = Tensor.NumThreads;
        if (threads <= 1 || count < 2 * grain)
        {
            body(0, count);
            return;
        }
        // A few chunks per thread: a late helper costs at most one chunk.
        int chunks = Math.Min(count / grain, threads * 4);
        For(chunks, c => body((int)((long)count * c / chunks), (int)((long)count * (c + 1) / chunks)));
    }

    private sealed class Job(int items, Action<int> body) : IThreadPoolWorkItem
    {
        private int _next;
        private int _active;
        private Exception? _error;

        public void Execute()
        {
            Interlocked.Increment(ref _active);
            try
            {
                Work();
            }
            finally
            {
                Interlocked.Decrement(ref _active);
            }
        }

        public void Work()
        {
            try
            {
                int i;
                while ((i = Interlocked.Increment(ref _next) - 1) < items)
                {
                    body(i);
                }
            }
            catch (Exception e)
            {
                _error ??= e;
                Volatile.Write(ref _next, items); // stop handing out work
            }
        }

        public void WaitForHelpers()
        {
            // Only helpers that claimed an item are waited for; one that starts later finds nothing to do.
            var spin = new SpinWait();
            while (Volatile.Read(ref _active) > 0)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
            if (_error is not null)
            {
                throw new AggregateException("A tensor kernel failed on a worker thread.", _error);
            }
        }
    }
}
