using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiff.Tensors.Kernels;

/// <summary>
/// C += A·B for row-major A [m, k], B [k, n], C [m, n]. Blocked over k and n so a packed panel of B stays in
/// cache; a 4-row by 2-vector register tile with fused multiply-adds (Vector&lt;T&gt;) does the bulk, a row kernel
/// the edges; rows are spread over cores with Parallel.For once the product is large enough to pay for it.
/// </summary>
internal static class MatMulKernel
{
    private const int KBlock = 128;
    private const int NBlock = 256;
    internal const long ParallelThreshold = 1L << 20; // multiply-adds; below ~100³ thread hand-off costs more than it saves

    public static void Multiply<T>(T[] a, int aOffset, T[] b, int bOffset, T[] c, int cOffset, int m, int k, int n, bool allowParallel = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0 || k == 0)
        {
            return;
        }
        long work = (long)m * k * n;
        int cores = Environment.ProcessorCount;
        if (allowParallel && cores > 1 && work >= ParallelThreshold && m >= 8)
        {
            // Chunk boundaries fall on multiples of 4 rows so every chunk keeps the 4-row kernel busy.
            int quads = (m + 3) / 4;
            int chunks = Math.Min(quads, cores * 4);
            Parallel.For(0, chunks, chunk =>
            {
                int r0 = Math.Min(m, 4 * (int)((long)quads * chunk / chunks));
                int r1 = Math.Min(m, 4 * (int)((long)quads * (chunk + 1) / chunks));
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
        int w2 = 2 * Vector<T>.Count;
        T[]? pack = null;
        try
        {
            for (int j0 = 0; j0 < n; j0 += NBlock)
            {
                int nb = Math.Min(NBlock, n - j0);
                // Columns handled by the register-blocked kernel: whole 2-vector panels, when there are 4+ rows.
                int full = Vector.IsHardwareAccelerated && r1 - r0 >= 4 ? nb - nb % w2 : 0;
                for (int p0 = 0; p0 < k; p0 += KBlock)
                {
                    int kb = Math.Min(KBlock, k - p0);
                    ref T bPanel = ref b[bOffset + p0 * n + j0];
                    int i = r0;
                    if (full > 0)
                    {
                        pack ??= ArrayPool<T>.Shared.Rent(KBlock * NBlock);
                        Pack(ref bPanel, n, kb, full, w2, pack);
                        for (; i + 4 <= r1; i += 4)
                        {
                            ref T aRow = ref a[aOffset + i * k + p0];
                            ref T cRow = ref c[cOffset + i * n + j0];
                            for (int q = 0; q < full; q += w2)
                            {
                                FourRowPanel(ref aRow, k, ref pack[q * kb], ref Unsafe.Add(ref cRow, q), n, kb);
                            }
                            for (int r = 0; full < nb && r < 4; r++)
                            {
                                RowPanel(ref Unsafe.Add(ref aRow, r * k), ref Unsafe.Add(ref bPanel, full), ref Unsafe.Add(ref cRow, r * n + full), kb, nb - full, n);
                            }
                        }
                    }
                    for (; i < r1; i++)
                    {
                        RowPanel(ref a[aOffset + i * k + p0], ref bPanel, ref c[cOffset + i * n + j0], kb, nb, n);
                    }
                }
            }
        }
        finally
        {
            if (pack is not null)
            {
                ArrayPool<T>.Shared.Return(pack);
            }
        }
    }

    /// <summary>
    /// Copies a [kb, full] block of B (row stride ldb) into panels of w2 columns, each stored row after row, so
    /// the micro-kernel streams through memory instead of striding across rows (which, for power-of-two
    /// widths, maps every row onto the same cache sets).
    /// </summary>
    private static void Pack<T>(ref T b, int ldb, int kb, int full, int w2, T[] pack)
        where T : unmanaged
    {
        for (int q = 0; q < full; q += w2)
        {
            Span<T> panel = pack.AsSpan(q * kb, kb * w2);
            for (int p = 0; p < kb; p++)
            {
                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref b, p * ldb + q), w2).CopyTo(panel.Slice(p * w2, w2));
            }
        }
    }

    /// <summary>
    /// Register-blocked micro-kernel: a 4-row by 2-vector tile of C stays in eight accumulators for the whole
    /// k panel, so each loaded vector of B feeds four fused multiply-adds. B is a packed panel (row stride 2
    /// vectors); lda and ldc are row strides in elements.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FourRowPanel<T>(ref T a, int lda, ref T b, ref T c, int ldc, int kb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector<T>.Count;
        ref T a1 = ref Unsafe.Add(ref a, lda);
        ref T a2 = ref Unsafe.Add(ref a, 2 * lda);
        ref T a3 = ref Unsafe.Add(ref a, 3 * lda);
        ref T c1 = ref Unsafe.Add(ref c, ldc);
        ref T c2 = ref Unsafe.Add(ref c, 2 * ldc);
        ref T c3 = ref Unsafe.Add(ref c, 3 * ldc);
        Vector<T> s00 = Load(ref c, 0), s01 = Load(ref c, w);
        Vector<T> s10 = Load(ref c1, 0), s11 = Load(ref c1, w);
        Vector<T> s20 = Load(ref c2, 0), s21 = Load(ref c2, w);
        Vector<T> s30 = Load(ref c3, 0), s31 = Load(ref c3, w);
        ref T bRow = ref b;
        for (int p = 0; p < kb; p++)
        {
            Vector<T> b0 = Load(ref bRow, 0), b1 = Load(ref bRow, w);
            bRow = ref Unsafe.Add(ref bRow, 2 * w);
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
        Store(s00, ref c, 0);
        Store(s01, ref c, w);
        Store(s10, ref c1, 0);
        Store(s11, ref c1, w);
        Store(s20, ref c2, 0);
        Store(s21, ref c2, w);
        Store(s30, ref c3, 0);
        Store(s31, ref c3, w);
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
