using System.Numerics;
using AutoDiff.Tensors.Kernels;

namespace AutoDiff.Tensors;

public sealed partial class Tensor<T>
{
    /// <summary>
    /// Matrix product with PyTorch's rules: [m,k]·[k,n] → [m,n]; leading (batch) dimensions broadcast;
    /// a 1-D left operand is a row vector and a 1-D right operand a column vector (their dimension is dropped).
    /// Operands may be views (a transpose costs nothing: the kernel reads any strides), and so do the gradients
    /// g·Bᵀ and Aᵀ·g.
    /// </summary>
    public static Tensor<T> MatMul(Tensor<T> left, Tensor<T> right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.Rank == 0 || right.Rank == 0)
        {
            throw new ArgumentException(
                $"MatMul needs tensors of rank >= 1; shapes are {ShapeUtil.Format(left.Dims)} and {ShapeUtil.Format(right.Dims)}.",
                left.Rank == 0 ? nameof(left) : nameof(right));
        }
        if (left.Rank == 1)
        {
            return MatMul(left.Unsqueeze(0), right).Squeeze(right.Rank == 1 ? 0 : -2);
        }
        if (right.Rank == 1)
        {
            return MatMul(left, right.Unsqueeze(1)).Squeeze(-1);
        }
        int m = left.Dims[^2], k = left.Dims[^1], k2 = right.Dims[^2], n = right.Dims[^1];
        if (k != k2)
        {
            throw new ArgumentException(
                $"MatMul: shapes {ShapeUtil.Format(left.Dims)} and {ShapeUtil.Format(right.Dims)} are incompatible (inner sizes {k} and {k2}).",
                nameof(right));
        }
        int[] batchA = left.Dims[..^2], batchB = right.Dims[..^2];
        int[] batch = ShapeUtil.SameShape(batchA, batchB) ? batchA : ShapeUtil.Broadcast(batchA, batchB, "MatMul (batch dimensions)", nameof(right));
        Tensor<T> r = Empty([.. batch, m, n]);
        Product(left, right, r, batch, m, k, n, null);
        if (AnyRequiresGrad(left, right))
        {
            Record(r, "MatMul", [left, right], g =>
                [left.RequiresGrad ? MatMul(g, right.Transpose()).SumTo(left.Dims) : null,
                 right.RequiresGrad ? MatMul(left.Transpose(), g).SumTo(right.Dims) : null],
                left, right);
        }
        return r;
    }

    /// <summary>Matrix product of this tensor and <paramref name="other"/>; see <see cref="MatMul(Tensor{T}, Tensor{T})"/>.</summary>
    public Tensor<T> MatMul(Tensor<T> other) => MatMul(this, other);

    /// <summary>Runs the kernel for every (broadcast) batch entry, writing into the contiguous <paramref name="r"/>.</summary>
    private static void Product(Tensor<T> left, Tensor<T> right, Tensor<T> r, int[] batch, int m, int k, int n, Tensor<T>? bias)
    {
        int rank = batch.Length;
        int[] sa = ShapeUtil.BroadcastStrides(left.Dims[..^2], left.Strides[..^2], batch);
        int[] sb = ShapeUtil.BroadcastStrides(right.Dims[..^2], right.Strides[..^2], batch);
        int batches = ShapeUtil.Count(batch);
        int rsA = left.Strides[^2], csA = left.Strides[^1], rsB = right.Strides[^2], csB = right.Strides[^1];
        T[] a = left.Buffer, b = right.Buffer, c = r.Buffer;
        int[] bStrides = ShapeUtil.Strides(batch);
        bool perBatch = batches > 1 && (long)m * k * n < MatMulKernel.ParallelThreshold && (long)batches * m * k * n >= MatMulKernel.ParallelThreshold;
        T[]? biasArray = bias?.Buffer;
        int biasOffset = bias?.Offset ?? 0;
        void One(int bi)
        {
            int offA = left.Offset, offB = right.Offset, rest = bi;
            for (int d = 0; d < rank; d++)
            {
                int idx = rest / bStrides[d];
                rest -= idx * bStrides[d];
                offA += idx * sa[d];
                offB += idx * sb[d];
            }
            var op = new MatMulKernel.Operands<T>(a, offA, rsA, csA, b, offB, rsB, csB, c, r.Offset + bi * m * n, n, m, k, n);
            MatMulKernel.Multiply(op, accumulate: false, biasArray is null ? default : biasArray.AsSpan(biasOffset, n), allowParallel: !perBatch);
        }
        if (perBatch)
        {
            WorkSharing.For(batches, One);
        }
        else
        {
            for (int bi = 0; bi < batches; bi++)
            {
                One(bi);
            }
        }
    }

    /// <summary>
    /// The affine map x·W + b in one fused kernel (the bias initialises the output, the product accumulates onto
    /// it): x [..., in], <paramref name="weight"/> [in, out], <paramref name="bias"/> [out] or null. Gradients:
    /// g·Wᵀ and xᵀ·g through the transposed-operand kernel (no copies), Σ g over the rows for the bias.
    /// </summary>
    public static Tensor<T> Linear(Tensor<T> input, Tensor<T> weight, Tensor<T>? bias = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 2)
        {
            throw new ArgumentException($"Linear: weight must be [in, out]; got {ShapeUtil.Format(weight.Dims)}.", nameof(weight));
        }
        int inF = weight.Dims[0], outF = weight.Dims[1];
        if (input.Rank == 0 || input.Dims[^1] != inF)
        {
            throw new ArgumentException($"Linear({inF}, {outF}) expects input [..., {inF}]; got {ShapeUtil.Format(input.Dims)}.", nameof(input));
        }
        if (bias is not null && (bias.Rank != 1 || bias.Dims[0] != outF))
        {
            throw new ArgumentException($"Linear: bias must be [{outF}]; got {ShapeUtil.Format(bias.Dims)}.", nameof(bias));
        }
        int rows = input.Count / Math.Max(inF, 1);
        Tensor<T> x2 = input.Rank == 2 ? input : input.Detach().Reshape(rows, inF);
        int[] outDims = [.. input.Dims[..^1], outF];
        Tensor<T> r = Empty(outDims);
        Tensor<T>? b = bias is null || outF == 0 ? null : bias.Detach().Contiguous();
        Product(x2, weight, r, [], rows, inF, outF, b);
        if (AnyRequiresGrad(input, weight, bias))
        {
            Tensor<T>[] inputs = bias is null ? [input, weight] : [input, weight, bias];
            Record(r, "Linear", inputs, g =>
            {
                Tensor<T> g2 = g.Reshape(rows, outF);
                Tensor<T>? dx = input.RequiresGrad ? MatMul(g2, weight.Transpose()).Reshape(input.Dims) : null;
                Tensor<T>? dw = null;
                if (weight.RequiresGrad && InPlaceLeafGrad(weight) is Tensor<T> acc)
                {
                    // Grad += xᵀ·g in the product kernel itself: no temporary, no separate accumulation pass.
                    Tensor<T> x = input.Detach().Reshape(rows, inF);
                    var op = new MatMulKernel.Operands<T>(
                        x.Buffer, x.Offset, x.Strides[1], x.Strides[0], g2.Buffer, g2.Offset, g2.Strides[0], g2.Strides[1],
                        acc.Buffer, acc.Offset, outF, inF, rows, outF);
                    MatMulKernel.Multiply(op, accumulate: true);
                }
                else if (weight.RequiresGrad)
                {
                    dw = MatMul(input.Reshape(rows, inF).Transpose(), g2);
                }
                Tensor<T>? db = bias is not null && bias.RequiresGrad ? g2.Sum(0) : null;
                return bias is null ? [dx, dw] : [dx, dw, db];
            }, input, weight);
        }
        return r;
    }

    /// <summary><paramref name="input"/> + <paramref name="left"/>·<paramref name="right"/> (<c>torch.addmm</c>, with beta = alpha = 1).</summary>
    public static Tensor<T> AddMM(Tensor<T> input, Tensor<T> left, Tensor<T> right) => input + MatMul(left, right);

    /// <summary>Outer product of two vectors: [m] ⊗ [n] → [m, n].</summary>
    public static Tensor<T> Outer(Tensor<T> left, Tensor<T> right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.Rank != 1 || right.Rank != 1)
        {
            throw new ArgumentException($"Outer needs two vectors; got {ShapeUtil.Format(left.Dims)} and {ShapeUtil.Format(right.Dims)}.", left.Rank != 1 ? nameof(left) : nameof(right));
        }
        return left.Unsqueeze(1) * right.Unsqueeze(0);
    }

    /// <summary>Dot product of two vectors of equal length.</summary>
    public static Tensor<T> Dot(Tensor<T> left, Tensor<T> right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.Rank != 1 || right.Rank != 1 || left.Count != right.Count)
        {
            throw new ArgumentException($"Dot needs two vectors of equal length; got {ShapeUtil.Format(left.Dims)} and {ShapeUtil.Format(right.Dims)}.", nameof(right));
        }
        return (left * right).Sum();
    }
}
