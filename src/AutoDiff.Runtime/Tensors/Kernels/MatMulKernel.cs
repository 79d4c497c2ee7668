using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiff.Tensors.Kernels;

/// <summary>
/// C += A·B for row-major A [m, k], B [k, n], C [m, n]. Blocked over k and n so a panel of B stays in cache,
/// four rows of B are folded into each pass over a row of C (fewer loads/stores of C), SIMD via Vector&lt;T&gt;,
/// and rows are spread over cores with Parallel.For once the product is large enough to pay for it.
/// </summary>
internal static class MatMulKernel
{
    private const int KBlock = 128;
    private const int NBlock = 256;
    private const long ParallelThreshold = 1L << 18; // multiply-adds

    public static void Multiply<T>(T[] a, int aOffset, T[] b, int bOffset, T[] c, int cOffset, int m, int k, int n, bool allowParallel = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0 || k == 0)
        {
            return;
        }
        long work = (long)m * k * n;
        int cores = Environment.ProcessorCount;
        if (allowParallel && cores > 1 && work >= ParallelThreshold && m >= 2)
        {
            int chunks = Math.Min(m, cores * 4);
            Parallel.For(0, chunks, chunk =>
            {
                int r0 = (int)((long)m * chunk / chunks);
                int r1 = (int)((long)m * (chunk + 1) / chunks);
                Rows(a, aOffset, b, bOffset, c, cOffset, r0, r1, k, n);
            });
        }
        else
        {
            Rows(a, aOffset, b, bOffset, c, cOffset, 0, m, k, n);
        }
    }

    private static void Rows<T>(T[] a, int aOffset, T[] b, int bOffset, T[] c, int cOffset, int r0, int r1, int k, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int j0 = 0; j0 < n; j0 += NBlock)
        {
            int nb = Math.Min(NBlock, n - j0);
            for (int p0 = 0; p0 < k; p0 += KBlock)
            {
                int kb = Math.Min(KBlock, k - p0);
                ref T bPanel = ref b[bOffset + p0 * n + j0];
                int i = r0;
                if (Vector.IsHardwareAccelerated)
                {
                    for (; i + 4 <= r1; i += 4)
                    {
                        FourRowPanel(ref a[aOffset + i * k + p0], k, ref bPanel, ref c[cOffset + i * n + j0], n, kb, nb);
                    }
                }
                for (; i < r1; i++)
                {
                    RowPanel(ref a[aOffset + i * k + p0], ref bPanel, ref c[cOffset + i * n + j0], kb, nb, n);
                }
            }
        }
    }

    /// <summary>
    /// Register-blocked micro-kernel: four rows of C by two vectors of columns stay in eight accumulators for
    /// the whole k panel, so each loaded vector of B feeds four fused multiply-adds.
    /// Strides (lda, ldb = ldc) are in elements.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FourRowPanel<T>(ref T a, int lda, ref T b, ref T c, int ld, int kb, int nb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector<T>.Count;
        ref T a1 = ref Unsafe.Add(ref a, lda);
        ref T a2 = ref Unsafe.Add(ref a, 2 * lda);
        ref T a3 = ref Unsafe.Add(ref a, 3 * lda);
        ref T c1 = ref Unsafe.Add(ref c, ld);
        ref T c2 = ref Unsafe.Add(ref c, 2 * ld);
        ref T c3 = ref Unsafe.Add(ref c, 3 * ld);
        int j = 0;
        for (; j + 2 * w <= nb; j += 2 * w)
        {
            Vector<T> s00 = Load(ref c, j), s01 = Load(ref c, j + w);
            Vector<T> s10 = Load(ref c1, j), s11 = Load(ref c1, j + w);
            Vector<T> s20 = Load(ref c2, j), s21 = Load(ref c2, j + w);
            Vector<T> s30 = Load(ref c3, j), s31 = Load(ref c3, j + w);
            ref T bRow = ref Unsafe.Add(ref b, j);
            for (int p = 0; p < kb; p++)
            {
                Vector<T> b0 = Load(ref bRow, 0), b1 = Load(ref bRow, w);
                bRow = ref Unsafe.Add(ref bRow, ld);
                var x = new Vector<T>(Unsafe.Add(ref a, p));
                s00 = MulAdd(x, b0, s00);
                s01 = MulAdd(x, b1, s01);
                x = new Vector<T>(Unsafe.Add(ref a1, p));
                s10 = MulAdd(x, b0, s10);
                s11 = MulAdd(x, b1, s11);
                x = new Vector<T>(Unsafe.Add(ref a2, p));
                s20 = MulAdd(x, b0, s20);
                s21 = MulAdd(x, b1, s21);
                x = new Vector<T>(Unsafe.Add(ref a3, p));
                s30 = MulAdd(x, b0, s30);
                s31 = MulAdd(x, b1, s31);
            }
            Store(s00, ref c, j);
            Store(s01, ref c, j + w);
            Store(s10, ref c1, j);
            Store(s11, ref c1, j + w);
            Store(s20, ref c2, j);
            Store(s21, ref c2, j + w);
            Store(s30, ref c3, j);
            Store(s31, ref c3, j + w);
        }
        if (j < nb)
        {
            // Leftover columns: the row kernel handles them one row at a time.
            RowPanel(ref a, ref Unsafe.Add(ref b, j), ref Unsafe.Add(ref c, j), kb, nb - j, ld);
            RowPanel(ref a1, ref Unsafe.Add(ref b, j), ref Unsafe.Add(ref c1, j), kb, nb - j, ld);
            RowPanel(ref a2, ref Unsafe.Add(ref b, j), ref Unsafe.Add(ref c2, j), kb, nb - j, ld);
            RowPanel(ref a3, ref Unsafe.Add(ref b, j), ref Unsafe.Add(ref c3, j), kb, nb - j, ld);
        }
    }

    /// <summary>x·y + z, fused into one instruction where the CPU has FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> MulAdd<T>(Vector<T> x, Vector<T> y, Vector<T> z)
        where T : unmanaged
    {
        if (System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported)
        {
            if (typeof(T) == typeof(double))
            {
                return Vector.FusedMultiplyAdd(x.As<T, double>(), y.As<T, double>(), z.As<T, double>()).As<double, T>();
            }
            if (typeof(T) == typeof(float))
            {
                return Vector.FusedMultiplyAdd(x.As<T, float>(), y.As<T, float>(), z.As<T, float>()).As<float, T>();
            }
        }
        return x * y + z;
    }

    // cRow[0..nb) += sum over p < kb of aRow[p] * bPanel[p*ldb + 0..nb)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowPanel<T>(ref T aRow, ref T bPanel, ref T cRow, int kb, int nb, int ldb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Vector<T>.Count;
        int vecEnd = Vector.IsHardwareAccelerated ? nb - nb % width : 0;
        int p = 0;
        for (; p + 4 <= kb; p += 4)
        {
            T a0 = Unsafe.Add(ref aRow, p), a1 = Unsafe.Add(ref aRow, p + 1);
            T a2 = Unsafe.Add(ref aRow, p + 2), a3 = Unsafe.Add(ref aRow, p + 3);
            ref T b0 = ref Unsafe.Add(ref bPanel, p * ldb);
            ref T b1 = ref Unsafe.Add(ref b0, ldb);
            ref T b2 = ref Unsafe.Add(ref b1, ldb);
            ref T b3 = ref Unsafe.Add(ref b2, ldb);
            var va0 = new Vector<T>(a0);
            var va1 = new Vector<T>(a1);
            var va2 = new Vector<T>(a2);
            var va3 = new Vector<T>(a3);
            int j = 0;
            for (; j < vecEnd; j += width)
            {
                Vector<T> acc = Load(ref cRow, j);
                acc += va0 * Load(ref b0, j) + va1 * Load(ref b1, j);
                acc += va2 * Load(ref b2, j) + va3 * Load(ref b3, j);
                Store(acc, ref cRow, j);
            }
            for (; j < nb; j++)
            {
                Unsafe.Add(ref cRow, j) += a0 * Unsafe.Add(ref b0, j) + a1 * Unsafe.Add(ref b1, j)
                    + a2 * Unsafe.Add(ref b2, j) + a3 * Unsafe.Add(ref b3, j);
            }
        }
        for (; p < kb; p++)
        {
            T a0 = Unsafe.Add(ref aRow, p);
            ref T b0 = ref Unsafe.Add(ref bPanel, p * ldb);
            var va0 = new Vector<T>(a0);
            int j = 0;
            for (; j < vecEnd; j += width)
            {
                Store(Load(ref cRow, j) + va0 * Load(ref b0, j), ref cRow, j);
            }
            for (; j < nb; j++)
            {
                Unsafe.Add(ref cRow, j) += a0 * Unsafe.Add(ref b0, j);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Load<T>(ref T start, int offset)
        where T : unmanaged
        => Unsafe.ReadUnaligned<Vector<T>>(ref Unsafe.As<T, byte>(ref Unsafe.Add(ref start, offset)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(Vector<T> value, ref T start, int offset)
        where T : unmanaged
        => Unsafe.WriteUnaligned(ref Unsafe.As<T, byte>(ref Unsafe.Add(ref start, offset)), value);

    /// <summary>Copies a row-major [rows, cols] block into its transpose [cols, rows], tile by tile.</summary>
    public static void Transpose<T>(ReadOnlySpan<T> src, Span<T> dst, int rows, int cols)
    {
        const int Tile = 32;
        for (int i0 = 0; i0 < rows; i0 += Tile)
        {
            int i1 = Math.Min(rows, i0 + Tile);
            for (int j0 = 0; j0 < cols; j0 += Tile)
            {
                int j1 = Math.Min(cols, j0 + Tile);
                for (int i = i0; i < i1; i++)
                {
                    for (int j = j0; j < j1; j++)
                    {
                        dst[j * rows + i] = src[i * cols + j];
                    }
                }
            }
        }
    }
}
