using System.Runtime.CompilerServices;

namespace AutoDiff.Tensors;

/// <summary>
/// Arrays kept for reuse, bucketed by exact length (a training loop asks for the same shapes every step, so exact
/// buckets hit and every tensor's buffer is exactly its size). Thread-safe; bounded by <see cref="Tensor.PoolLimitBytes"/>.
/// </summary>
internal static class BufferPool<T>
    where T : unmanaged
{
    private static readonly Dictionary<int, Stack<T[]>> Buckets = [];
    private static readonly Lock Gate = new();
    private static long _retainedBytes;

    public static long RetainedBytes => Volatile.Read(ref _retainedBytes);

    public static T[] Rent(int length)
    {
        if (length == 0)
        {
            return [];
        }
        lock (Gate)
        {
            if (Buckets.TryGetValue(length, out Stack<T[]>? stack) && stack.TryPop(out T[]? array))
            {
                _retainedBytes -= (long)length * Unsafe.SizeOf<T>();
                return array;
            }
        }
        return GC.AllocateUninitializedArray<T>(length);
    }

    public static void Return(T[] array)
    {
        if (array.Length == 0)
        {
            return;
        }
        long bytes = (long)array.Length * Unsafe.SizeOf<T>();
        lock (Gate)
        {
            if (_retainedBytes + bytes > Tensor.PoolLimitBytes)
            {
                return; // over the limit: let the garbage collector have it
            }
            if (!Buckets.TryGetValue(array.Length, out Stack<T[]>? stack))
            {
                Buckets[array.Length] = stack = new Stack<T[]>();
            }
            stack.Push(array);
            _retainedBytes += bytes;
        }
    }

    public static void Clear()
    {
        lock (Gate)
        {
            Buckets.Clear();
            _retainedBytes = 0;
        }
    }
}
