using System.Numerics;
using AutoDiff.Tensors.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace AutoDiff.Tensors;

public sealed partial class Tensor<T>
{
    /// <summary>Elementwise sum with NumPy broadcasting.</summary>
    public static Tensor<T> operator +(Tensor<T> left, Tensor<T> right)
    {
        Tensor<T> r = BinaryForward<AddKernel<T>>(left, right, "Add");
        if (AnyRequiresGrad(left, right))
        {
            Record(r, "Add", [left, right], g => [g.SumTo(left.Dims), g.SumTo(right.Dims)]);
        }
        return r;
    }

    /// <summary>Elementwise difference with NumPy broadcasting.</summary>
    public static Tensor<T> operator -(Tensor<T> left, Tensor<T> right)
    {
        Tensor<T> r = BinaryForward<SubtractKernel<T>>(left, right, "Subtract");
        if (AnyRequiresGrad(left, right))
        {
            Record(r, "Subtract", [left, right], g => [g.SumTo(left.Dims), right.RequiresGrad ? (-g).SumTo(right.Dims) : null]);
        }
        return r;
    }

    /// <summary>Elementwise product with NumPy broadcasting.</summary>
    public static Tensor<T> operator *(Tensor<T> left, Tensor<T> right)
    {
        Tensor<T> r = BinaryForward<MultiplyKernel<T>>(left, right, "Multiply");
        if (AnyRequiresGrad(left, right))
        {
            Record(r, "Multiply", [left, right], g =>
                [left.RequiresGrad ? (g * right).SumTo(left.Dims) : null, right.RequiresGrad ? (g * left).SumTo(right.Dims) : null]);
        }
        return r;
    }

    /// <summary>Elementwise quotient with NumPy broadcasting.</summary>
    public static Tensor<T> operator /(Tensor<T> left, Tensor<T> right)
    {
        Tensor<T> r = BinaryForward<DivideKernel<T>>(left, right, "Divide");
        if (AnyRequiresGrad(left, right))
        {
            Record(r, "Divide", [left, right], g =>
                [left.RequiresGrad ? (g / right).SumTo(left.Dims) : null, right.RequiresGrad ? (-(g * r) / right).SumTo(right.Dims) : null]);
        }
        return r;
    }

    /// <summary>Elementwise power <c>left^right</c> with broadcasting (the gradient for the exponent needs left &gt; 0).</summary>
    public static Tensor<T> Pow(Tensor<T> left, Tensor<T> right)
    {
        Tensor<T> r = BinaryForward<PowKernel<T>>(left, right, "Pow");
        if (AnyRequiresGrad(left, right))
        {
            Record(r, "Pow", [left, right], g =>
                [left.RequiresGrad ? (g * right * Pow(left, right - One)).SumTo(left.Dims) : null,
                 right.RequiresGrad ? (g * r * left.Log()).SumTo(right.Dims) : null]);
        }
        return r;
    }

    /// <summary>Elementwise power with a tensor exponent; see <see cref="Pow(Tensor{T}, Tensor{T})"/>.</summary>
    public Tensor<T> Pow(Tensor<T> exponent) => Pow(this, exponent);

    /// <summary>Elementwise power with a scalar exponent.</summary>
    public Tensor<T> Pow(T exponent)
    {
        var data = new T[Count];
        if (exponent == T.CreateChecked(2))
        {
            TP.Multiply(Data, Data, data);
        }
        else
        {
            TP.Pow(Data, exponent, data);
        }
        Tensor<T> r = new(data, Dims);
        if (AnyRequiresGrad(this))
        {
            Tensor<T> x = this;
            Record(r, "PowScalar", [x], g => [g * x.Pow(exponent - T.One) * exponent]);
        }
        return r;
    }

    /// <summary>Elementwise negation.</summary>
    public static Tensor<T> operator -(Tensor<T> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var data = new T[value.Count];
        TP.Negate(value.Data, data);
        Tensor<T> r = new(data, value.Dims);
        if (AnyRequiresGrad(value))
        {
            Record(r, "Negate", [value], g => [-g]);
        }
        return r;
    }

    /// <summary>Adds a scalar to every element.</summary>
    public static Tensor<T> operator +(Tensor<T> left, T right)
    {
        Tensor<T> r = ScalarForward(left, nameof(left), right, static (x, s, d) => TP.Add(x, s, d));
        return AnyRequiresGrad(left) ? Record(r, "AddScalar", [left], g => [g]) : r;
    }

    /// <summary>Adds a scalar to every element.</summary>
    public static Tensor<T> operator +(T left, Tensor<T> right) =>
        (right ?? throw new ArgumentNullException(nameof(right))) + left;

    /// <summary>Subtracts a scalar from every element.</summary>
    public static Tensor<T> operator -(Tensor<T> left, T right) => left + (-right);

    /// <summary>Subtracts every element from a scalar.</summary>
    public static Tensor<T> operator -(T left, Tensor<T> right)
    {
        Tensor<T> r = ScalarForward(right, nameof(right), left, static (x, s, d) => TP.Subtract(s, x, d));
        return AnyRequiresGrad(right) ? Record(r, "RSubScalar", [right], g => [-g]) : r;
    }

    /// <summary>Multiplies every element by a scalar.</summary>
    public static Tensor<T> operator *(Tensor<T> left, T right)
    {
        Tensor<T> r = ScalarForward(left, nameof(left), right, static (x, s, d) => TP.Multiply(x, s, d));
        return AnyRequiresGrad(left) ? Record(r, "MulScalar", [left], g => [g * right]) : r;
    }

    /// <summary>Multiplies every element by a scalar.</summary>
    public static Tensor<T> operator *(T left, Tensor<T> right) =>
        (right ?? throw new ArgumentNullException(nameof(right))) * left;

    /// <summary>Divides every element by a scalar.</summary>
    public static Tensor<T> operator /(Tensor<T> left, T right)
    {
        Tensor<T> r = ScalarForward(left, nameof(left), right, static (x, s, d) => TP.Divide(x, s, d));
        return AnyRequiresGrad(left) ? Record(r, "DivScalar", [left], g => [g / right]) : r;
    }

    /// <summary>Divides a scalar by every element.</summary>
    public static Tensor<T> operator /(T left, Tensor<T> right)
    {
        Tensor<T> r = ScalarForward(right, nameof(right), left, static (x, s, d) => TP.Divide(s, x, d));
        return AnyRequiresGrad(right) ? Record(r, "RDivScalar", [right], g => [-(g * r) / right]) : r;
    }

    private static readonly Tensor<T> One = new([T.One], []);

    // The span delegate runs once per tensor (one vectorised call), not per element.
    private delegate void ScalarSpanOp(ReadOnlySpan<T> x, T s, Span<T> d);

    private static Tensor<T> ScalarForward(Tensor<T> x, string paramName, T s, ScalarSpanOp op)
    {
        ArgumentNullException.ThrowIfNull(x, paramName);
        T[] data = GC.AllocateUninitializedArray<T>(x.Count);
        op(x.Data, s, data);
        return new Tensor<T>(data, x.Dims);
    }

    private static Tensor<T> BinaryForward<TKernel>(Tensor<T> left, Tensor<T> right, string op)
        where TKernel : IBinaryKernel<T>
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        int[] outDims = ShapeUtil.SameShape(left.Dims, right.Dims) ? left.Dims : ShapeUtil.Broadcast(left.Dims, right.Dims, op, nameof(right));
        return new Tensor<T>(Broadcasting.Apply<T, TKernel>(left.Data, left.Dims, right.Data, right.Dims, outDims), outDims);
    }

    /// <summary>Sums a broadcast gradient back down to <paramref name="dims"/> (the shape of the original input).</summary>
    internal Tensor<T> SumTo(int[] dims)
    {
        if (ShapeUtil.SameShape(Dims, dims))
        {
            return this;
        }
        int lead = Dims.Length - dims.Length;
        var reduce = new List<int>();
        for (int i = 0; i < Dims.Length; i++)
        {
            if (i < lead || (dims[i - lead] == 1 && Dims[i] != 1))
            {
                reduce.Add(i);
            }
        }
        return Sum([.. reduce], keepDim: true).Reshape(dims);
    }

    /// <summary>Broadcasts this tensor to a larger shape (a copy, not a view).</summary>
    public Tensor<T> Expand(params int[] shape)
    {
        int[] dims = ShapeUtil.CheckShape(shape, nameof(shape));
        int[] outDims = ShapeUtil.Broadcast(Dims, dims, "Expand", nameof(shape));
        if (!ShapeUtil.SameShape(outDims, dims))
        {
            throw new ArgumentException($"Expand: shape {ShapeUtil.Format(Dims)} cannot be expanded to {ShapeUtil.Format(dims)}.", nameof(shape));
        }
        var r = new Tensor<T>(Broadcasting.Apply<T, CopyRightKernel<T>>(One.Data, One.Dims, Data, Dims, dims), dims);
        if (AnyRequiresGrad(this))
        {
            int[] mine = Dims;
            Record(r, "Expand", [this], g => [g.SumTo(mine)]);
        }
        return r;
    }
}
