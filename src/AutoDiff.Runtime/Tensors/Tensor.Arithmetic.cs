using System.Numerics;
using AutoDiff.Tensors.Kernels;

namespace AutoDiff.Tensors;

public sealed partial class Tensor<T>
{
    /// <summary>Elementwise sum with NumPy broadcasting.</summary>
    public static Tensor<T> operator +(Tensor<T> left, Tensor<T> right)
    {
        Tensor<T> r = Binary<AddOp<T>>(left, right, "Add");
        if (AnyRequiresGrad(left, right))
        {
            Record(r, "Add", [left, right], g => [left.RequiresGrad ? g.SumTo(left.Dims) : null, right.RequiresGrad ? g.SumTo(right.Dims) : null]);
        }
        return r;
    }

    /// <summary>Elementwise difference with NumPy broadcasting.</summary>
    public static Tensor<T> operator -(Tensor<T> left, Tensor<T> right)
    {
        Tensor<T> r = Binary<SubtractOp<T>>(left, right, "Subtract");
        if (AnyRequiresGrad(left, right))
        {
            Record(r, "Subtract", [left, right], g => [left.RequiresGrad ? g.SumTo(left.Dims) : null, right.RequiresGrad ? (-g).SumTo(right.Dims) : null]);
        }
        return r;
    }

    /// <summary>Elementwise product with NumPy broadcasting.</summary>
    public static Tensor<T> operator *(Tensor<T> left, Tensor<T> right)
    {
        Tensor<T> r = Binary<MultiplyOp<T>>(left, right, "Multiply");
        if (AnyRequiresGrad(left, right))
        {
            Record(r, "Multiply", [left, right], g =>
                [left.RequiresGrad ? (g * right).SumTo(left.Dims) : null, right.RequiresGrad ? (g * left).SumTo(right.Dims) : null],
                left, right);
        }
        return r;
    }

    /// <summary>Elementwise quotient with NumPy broadcasting.</summary>
    public static Tensor<T> operator /(Tensor<T> left, Tensor<T> right)
    {
        Tensor<T> r = Binary<DivideOp<T>>(left, right, "Divide");
        if (AnyRequiresGrad(left, right))
        {
            Record(r, "Divide", [left, right], g =>
                [left.RequiresGrad ? (g / right).SumTo(left.Dims) : null,
                 right.RequiresGrad ? Fused(g * r, right, "NegDivide", default(NegDivF<T>)).SumTo(right.Dims) : null],
                right, r);
        }
        return r;
    }

    /// <summary>
    /// Elementwise power <c>left^right</c> with broadcasting. ∂/∂left = right·left^(right−1), 0 where right = 0;
    /// ∂/∂right = left^right·ln(left), 0 where left = 0 and right ≥ 0.
    /// </summary>
    public static Tensor<T> Pow(Tensor<T> left, Tensor<T> right)
    {
        Tensor<T> r = Binary(left, right, "Pow", new ScalarOp2<T>(T.Pow));
        if (AnyRequiresGrad(left, right))
        {
            Record(r, "Pow", [left, right], g =>
                [left.RequiresGrad ? (g * Where(right.Eq(T.Zero), ZerosLike(right), right * Pow(left, right - T.One))).SumTo(left.Dims) : null,
                 right.RequiresGrad ? (g * Where(left.Eq(T.Zero) & right.Ge(T.Zero), ZerosLike(r), r * left.Log())).SumTo(right.Dims) : null],
                left, right);
        }
        return r;
    }

    /// <summary>Elementwise power with a tensor exponent; see <see cref="Pow(Tensor{T}, Tensor{T})"/>.</summary>
    public Tensor<T> Pow(Tensor<T> exponent) => Pow(this, exponent);

    /// <summary>Elementwise power with a scalar exponent (derivative 0 when the exponent is 0).</summary>
    public Tensor<T> Pow(T exponent)
    {
        if (exponent == T.CreateChecked(2))
        {
            return Square();
        }
        if (exponent == T.One)
        {
            return this * T.One;
        }
        Tensor<T> x = Contiguous();
        Tensor<T> r = Empty(Dims);
        Elementwise.Unary(x, r, new ScalarOp1<T>(v => T.Pow(v, exponent)));
        if (AnyRequiresGrad(this))
        {
            Record(r, "PowScalar", [this], g => [exponent == T.Zero ? ZerosLike(x) : g * x.Pow(exponent - T.One) * exponent], x);
        }
        return r;
    }

    /// <summary>Elementwise x².</summary>
    public Tensor<T> Square()
    {
        Tensor<T> r = Binary<MultiplyOp<T>>(this, this, "Square");
        if (AnyRequiresGrad(this))
        {
            Tensor<T> x = this;
            Record(r, "Square", [x], g => [Fused(g, x, "SquareGrad", default(TwiceProductF<T>))], x);
        }
        return r;
    }

    /// <summary>Elementwise negation.</summary>
    public static Tensor<T> operator -(Tensor<T> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Tensor<T> r = Map(value, default(NegF<T>));
        return AnyRequiresGrad(value) ? Record(r, "Negate", [value], g => [-g]) : r;
    }

    /// <summary>Adds a scalar to every element.</summary>
    public static Tensor<T> operator +(Tensor<T> left, T right)
    {
        ArgumentNullException.ThrowIfNull(left);
        Tensor<T> r = BinaryScalar<AddOp<T>>(left, right);
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
        ArgumentNullException.ThrowIfNull(right);
        Tensor<T> r = Map(right, new RSubF<T>(left));
        return AnyRequiresGrad(right) ? Record(r, "RSubScalar", [right], g => [-g]) : r;
    }

    /// <summary>Multiplies every element by a scalar.</summary>
    public static Tensor<T> operator *(Tensor<T> left, T right)
    {
        ArgumentNullException.ThrowIfNull(left);
        Tensor<T> r = BinaryScalar<MultiplyOp<T>>(left, right);
        return AnyRequiresGrad(left) ? Record(r, "MulScalar", [left], g => [g * right]) : r;
    }

    /// <summary>Multiplies every element by a scalar.</summary>
    public static Tensor<T> operator *(T left, Tensor<T> right) =>
        (right ?? throw new ArgumentNullException(nameof(right))) * left;

    /// <summary>Divides every element by a scalar.</summary>
    public static Tensor<T> operator /(Tensor<T> left, T right)
    {
        ArgumentNullException.ThrowIfNull(left);
        Tensor<T> r = BinaryScalar<DivideOp<T>>(left, right);
        return AnyRequiresGrad(left) ? Record(r, "DivScalar", [left], g => [g / right]) : r;
    }

    /// <summary>Divides a scalar by every element.</summary>
    public static Tensor<T> operator /(T left, Tensor<T> right)
    {
        ArgumentNullException.ThrowIfNull(right);
        Tensor<T> r = Map(right, new RDivF<T>(left));
        return AnyRequiresGrad(right) ? Record(r, "RDivScalar", [right], g => [Fused(g * r, right, "NegDivide", default(NegDivF<T>))], r, right) : r;
    }

    /// <summary>Runs a broadcasting binary kernel into a fresh pooled result.</summary>
    internal static Tensor<T> Binary<TOp>(Tensor<T> left, Tensor<T> right, string op, TOp kernel = default)
        where TOp : struct, IBinaryOp<T>
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        int[] outDims = ShapeUtil.SameShape(left.Dims, right.Dims) ? left.Dims : ShapeUtil.Broadcast(left.Dims, right.Dims, op, nameof(right));
        Tensor<T> r = Empty(outDims);
        Elementwise.Binary(left, right, r, kernel);
        return r;
    }

    private static Tensor<T> BinaryScalar<TOp>(Tensor<T> left, T right)
        where TOp : struct, IBinaryOp<T>
    {
        Tensor<T> r = Empty(left.Dims);
        using Tensor<T> s = new(Storage<T>.Wrap([right]), []);
        Elementwise.Binary<T, TOp>(left, s, r);
        return r;
    }

    /// <summary>Applies a SIMD elementwise function of one operand (any layout) into a fresh result.</summary>
    internal static Tensor<T> Map<TF>(Tensor<T> x, TF f)
        where TF : struct, IVecFunc1<T>
    {
        Tensor<T> xc = x.IsContiguous ? x : x.Detach().Contiguous();
        Tensor<T> r = Empty(x.Dims);
        Elementwise.Unary(xc, r, new Vec1<T, TF>(f));
        return r;
    }

    /// <summary>
    /// A fused elementwise function of two tensors (typically a gradient and a saved value) that is itself
    /// differentiable: when recording (createGraph), its gradients come from the function's own backward rule.
    /// </summary>
    internal static Tensor<T> Fused<TF>(Tensor<T> a, Tensor<T> b, string name, TF f)
        where TF : struct, IVecFunc2<T>, IFusedBackward<T>
    {
        Tensor<T> r = Binary(a, b, name, new Vec2<T, TF>(f));
        if (AnyRequiresGrad(a, b))
        {
            Record(r, name, [a, b], g => f.Backward(g, a, b), a, b);
        }
        return r;
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
}
