using System.Collections.ObjectModel;
using System.Text;

namespace AutoDiff.Tensors;

/// <summary>
/// A dense row-major tensor of booleans: the result of comparisons (<c>a.Gt(b)</c>) and the mask of
/// <see cref="Tensor{T}.Where(BoolTensor, Tensor{T}, Tensor{T})"/>, <see cref="Tensor{T}.MaskedFill"/> and
/// <see cref="Tensor{T}.MaskedSelect"/>. Masks carry no gradient. Combine them with <c>&amp; | ^ !</c>.
/// </summary>
public sealed class BoolTensor
{
    private ReadOnlyCollection<int>? _shapeView;

    internal BoolTensor(bool[] data, int[] dims)
    {
        Data = data;
        Dims = dims;
    }

    internal bool[] Data { get; }

    internal int[] Dims { get; }

    /// <summary>The size of each dimension.</summary>
    public IReadOnlyList<int> Shape => _shapeView ??= Array.AsReadOnly(Dims);

    /// <summary>Number of elements.</summary>
    public int Count => Data.Length;

    /// <summary>Copies booleans into a mask of the given shape (1-D when no shape is given).</summary>
    public static BoolTensor FromArray(bool[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        int[] dims = shape is null || shape.Length == 0 ? [data.Length] : ShapeUtil.CheckShape(shape, nameof(shape));
        if (ShapeUtil.Count(dims) != data.Length)
        {
            throw new ArgumentException($"Data has {data.Length} elements but shape {ShapeUtil.Format(dims)} needs {ShapeUtil.Count(dims)}.", nameof(data));
        }
        return new BoolTensor((bool[])data.Clone(), dims);
    }

    /// <summary>Copies the values out in row-major order.</summary>
    public bool[] ToArray() => (bool[])Data.Clone();

    /// <summary>How many elements are true.</summary>
    public int CountTrue() => Data.Count(b => b);

    /// <summary>True when any element is true.</summary>
    public bool Any() => Array.IndexOf(Data, true) >= 0;

    /// <summary>True when every element is true.</summary>
    public bool All() => Array.IndexOf(Data, false) < 0;

    /// <summary>Element at a multi-index.</summary>
    public bool this[params int[] index] => Data[ShapeUtil.Flat(Dims, index, nameof(index))];

    /// <summary>Elementwise and, with broadcasting.</summary>
    public static BoolTensor operator &(BoolTensor left, BoolTensor right) => Combine(left, right, static (a, b) => a & b, "And");

    /// <summary>Elementwise or, with broadcasting.</summary>
    public static BoolTensor operator |(BoolTensor left, BoolTensor right) => Combine(left, right, static (a, b) => a | b, "Or");

    /// <summary>Elementwise exclusive or, with broadcasting.</summary>
    public static BoolTensor operator ^(BoolTensor left, BoolTensor right) => Combine(left, right, static (a, b) => a ^ b, "Xor");

    /// <summary>Elementwise not.</summary>
    public static BoolTensor operator !(BoolTensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new BoolTensor([.. value.Data.Select(b => !b)], value.Dims);
    }

    /// <summary>The mask as 0/1 values of a floating-point tensor.</summary>
    public Tensor<T> To<T>()
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Tensor<T> r = Tensor<T>.Empty(Dims);
        Span<T> d = r.Span;
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = Data[i] ? T.One : T.Zero;
        }
        return r;
    }

    /// <summary>The mask broadcast to <paramref name="dims"/> as a new array.</summary>
    internal bool[] ExpandTo(int[] dims)
    {
        if (ShapeUtil.SameShape(Dims, dims))
        {
            return Data;
        }
        int[] strides = ShapeUtil.BroadcastStrides(Dims, dims);
        var result = new bool[ShapeUtil.Count(dims)];
        ShapeUtil.ForEachIndex(dims, strides, (i, src) => result[i] = Data[src]);
        return result;
    }

    private static BoolTensor Combine(BoolTensor left, BoolTensor right, Func<bool, bool, bool> f, string op)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        int[] dims = ShapeUtil.Broadcast(left.Dims, right.Dims, op, nameof(right));
        bool[] a = left.ExpandTo(dims), b = right.ExpandTo(dims);
        var r = new bool[a.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = f(a[i], b[i]);
        }
        return new BoolTensor(r, dims);
    }

    /// <summary>Shape and up to 20 values.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("BoolTensor").Append(ShapeUtil.Format(Dims)).Append(" {");
        for (int i = 0; i < Math.Min(20, Data.Length); i++)
        {
            sb.Append(i == 0 ? " " : ", ").Append(Data[i] ? "true" : "false");
        }
        return sb.Append(Data.Length > 20 ? ", ... }" : " }").ToString();
    }
}
