using System.Numerics;

namespace AutoDiff.Tensors;

/// <summary>
/// The element buffer behind one or more tensors (a tensor and its views share it), its version counter and the
/// scope that owns it. Non-generic so a <see cref="TensorScope"/> can hold storages of every element type.
/// </summary>
internal abstract class Storage
{
    /// <summary>Bumped by every in-place write; saved tensors compare it to detect that their values changed.</summary>
    public int Version;

    /// <summary>The scope that returns this storage to the pool when it ends; null when nothing does.</summary>
    public TensorScope? Owner;

    /// <summary>Gives the buffer back to the pool; later reads throw <see cref="ObjectDisposedException"/>.</summary>
    public abstract void Release();

    /// <summary>Whether <see cref="Release"/> has run.</summary>
    public abstract bool IsReleased { get; }
}

/// <summary>A pooled buffer of <typeparamref name="T"/> whose length is exactly the element count it was made for.</summary>
internal sealed class Storage<T> : Storage
    where T : unmanaged
{
    private T[]? _array;

    private Storage(T[] array) => _array = array;

    /// <summary>The buffer; throws once the storage has been released.</summary>
    public T[] Array => _array ?? throw new ObjectDisposedException(
        "Tensor",
        "This tensor's storage was returned to the pool: it was made inside a Tensor.Scope() that has ended, or it was disposed. " +
        "Call Keep() on tensors you need after their scope, or read values (Item(), ToArray()) inside it.");

    public override bool IsReleased => _array is null;

    /// <summary>A buffer of <paramref name="length"/> elements from the pool (contents undefined), owned by the current scope.</summary>
    public static Storage<T> Rent(int length, bool clear)
    {
        T[] array = BufferPool<T>.Rent(length);
        if (clear)
        {
            System.Array.Clear(array);
        }
        var storage = new Storage<T>(array);
        TensorScope.Adopt(storage);
        return storage;
    }

    /// <summary>Wraps an array the caller gives up; owned by no scope (a parameter, a gradient, optimizer state).</summary>
    public static Storage<T> Wrap(T[] array) => new(array);

    public override void Release()
    {
        T[]? array = _array;
        if (array is not null)
        {
            _array = null;
            Version++;
            BufferPool<T>.Return(array);
        }
    }
}
