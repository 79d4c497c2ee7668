using System.Collections.ObjectModel;
using System.Text;

namespace AutoDiff.Tensors;

/// <summary>
/// A dense row-major tensor of 32-bit integers: class labels and indices for <see cref="Tensor{T}.Gather"/>,
/// <see cref="Tensor{T}.IndexSelect"/>, <see cref="Tensor{T}.ScatterAdd"/>, embeddings and the results of
/// <see cref="Tensor{T}.ArgMax(int, bool)"/>, <see cref="Tensor{T}.TopK"/> and <see cref="Tensor{T}.Sort"/>. Indices carry no gradient.
/// </summary>
public sealed class IntTensor
{
    private ReadOnlyCollection<int>? _shapeView;

    internal IntTensor(int[] data, int[] dims)
    {
        Data = data;
        Dims = dims;
    }

    internal int[] Data { get; }

    internal int[] Dims { get; }

    /// <summary>The size of each dimension.</summary>
    public IReadOnlyList<int> Shape => _shapeView ??= Array.AsReadOnly(Dims);

    /// <summary>Number of dimensions.</summary>
    public int Rank => Dims.Length;

    /// <summary>Number of elements.</summary>
    public int Count => Data.Length;

    /// <summary>Copies integers into a tensor of the given shape (1-D when no shape is given).</summary>
    public static IntTensor FromArray(int[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        int[] dims = shape is null || shape.Length == 0 ? [data.Length] : ShapeUtil.CheckShape(shape, nameof(shape));
        if (ShapeUtil.Count(dims) != data.Length)
        {
            throw new ArgumentException($"Data has {data.Length} elements but shape {ShapeUtil.Format(dims)} needs {ShapeUtil.Count(dims)}.", nameof(data));
        }
        return new IntTensor((int[])data.Clone(), dims);
    }

    /// <summary>0, 1, ..., n − 1.</summary>
    public static IntTensor Arange(int n) => new([.. Enumerable.Range(0, n)], [n]);

    /// <summary>An implicit conversion from a 1-D array of class labels or indices.</summary>
    public static implicit operator IntTensor(int[] data) => FromArray(data);

    /// <summary>Copies the values out in row-major order.</summary>
    public int[] ToArray() => (int[])Data.Clone();

    /// <summary>Element at a multi-index.</summary>
    public int this[params int[] index] => Data[ShapeUtil.Flat(Dims, index, nameof(index))];

    /// <summary>The same values with a new shape (one −1 inferred).</summary>
    public IntTensor Reshape(params int[] shape) => new(Data, ShapeUtil.InferShape(shape, Data.Length, Dims, nameof(shape)));

    /// <summary>Elementwise equality with another index tensor of the same shape, e.g. predictions vs labels.</summary>
    public BoolTensor Eq(IntTensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!ShapeUtil.SameShape(Dims, other.Dims))
        {
            throw new ArgumentException($"Eq: shapes {ShapeUtil.Format(Dims)} and {ShapeUtil.Format(other.Dims)} differ.", nameof(other));
        }
        var r = new bool[Data.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = Data[i] == other.Data[i];
        }
        return new BoolTensor(r, Dims);
    }

    /// <summary>The values as a floating-point tensor.</summary>
    public Tensor<T> To<T>()
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Tensor<T> r = Tensor<T>.Empty(Dims);
        Span<T> d = r.Span;
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = T.CreateChecked(Data[i]);
        }
        return r;
    }

    /// <summary>Shape and up to 20 values.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("IntTensor").Append(ShapeUtil.Format(Dims)).Append(" {");
        for (int i = 0; i < Math.Min(20, Data.Length); i++)
        {
            sb.Append(i == 0 ? " " : ", ").Append(Data[i]);
        }
        return sb.Append(Data.Length > 20 ? ", ... }" : " }").ToString();
    }
}
