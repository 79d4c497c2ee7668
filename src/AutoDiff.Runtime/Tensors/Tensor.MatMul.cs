using System.Numerics;
using AutoDiff.Tensors.Kernels;

namespace AutoDiff.Tensors;

public sealed partial class Tensor<T>
{
    /// <summary>
    /// Matrix product with PyTorch's rules: [m,k]·[k,n] → [m,n]; leading (batch) dimensions broadcast;
    /// a 1-D left operand is a row vector and a 1-D right operand a column vector (their dimension is dropped).
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
        int[] outDims = [.. batch, m, n];
        int batches = ShapeUtil.Count(batch);
        var dst = new T[batches * m * n];

        if (batches == 1)
        {
            MatMulKernel.Multiply(left.Data, 0, right.Data, 0, dst, 0, m, k, n);
        }
        else
        {
            int[] sa = ShapeUtil.BroadcastStrides(batchA, batch), sb = ShapeUtil.BroadcastStrides(batchB, batch);
            int[] bStrides = ShapeUtil.Strides(batch);
            T[] a = left.Data, b = right.Data;
            // Small matrices: spread the batch over cores; large ones parallelise inside each product instead.
            bool perBatchParallel = (long)m * k * n < MatMulKernel.ParallelThreshold && (long)batches * m * k * n >= MatMulKernel.ParallelThreshold;
            void One(int bi)
            {
                int offA = 0, offB = 0, rest = bi;
                for (int d = 0; d < batch.Length; d++)
                {
                    int idx = rest / bStrides[d];
                    rest -= idx * bStrides[d];
                    offA += idx * sa[d];
                    offB += idx * sb[d];
                }
                MatMulKernel.Multiply(a, offA * m * k, b, offB * k * n, dst, bi * m * n, m, k, n, allowParallel: !perBatchParallel);
            }
            if (perBatchParallel)
            {
                Parallel.For(0, batches, One);
            }
            else
            {
                for (int bi = 0; bi < batches; bi++)
                {
                    One(bi);
                }
            }
        }

        var r = new Tensor<T>(dst, outDims);
        if (AnyRequiresGrad(left, right))
        {
            Record(r, "MatMul", [left, right], g =>
                [left.RequiresGrad ? MatMul(g, right.Transpose()).SumTo(left.Dims) : null,
                 right.RequiresGrad ? MatMul(left.Transpose(), g).SumTo(right.Dims) : null]);
        }
        return r;
    }

    /// <summary>Matrix product of this tensor and <paramref name="other"/>; see <see cref="MatMul(Tensor{T}, Tensor{T})"/>.</summary>
    public Tensor<T> MatMul(Tensor<T> other) => MatMul(this, other);
}
