using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AutoDiff.Tensors.Kernels;

/// <summary>
/// C = A·B (or C += A·B) for strided A [m, k] and B [k, n] into row-major C, in the BLIS structure: B is packed
/// into panels NR columns wide and A into panels MR = 6 rows high, one cache block at a time, and a 6 × NR register
/// tile with fused multiply-adds does all the arithmetic. NR is two SIMD vectors: 512-bit vectors where the CPU has
/// them (AVX-512), 256-bit otherwise. Because packing reads any strides, a transposed operand (a view) costs
/// nothing extra: the backward pass multiplies by Bᵀ and Aᵀ without copying. Row blocks of C (MC rows)
/// are shared between threads through <see cref="WorkSharing"/>: B's packed block is shared, each thread packs its own rows of A.
/// </summary>
internal static class MatMulKernel
{
    internal const int MR = 6;
    private const int KC = 256;
    private const int MC = 72;
    private const int NC = 512;

    /// <summary>Multiply-adds up to which the unpacked row kernel is faster than packing.</summary>
    private const long SmallProduct = 1L << 12;

    /// <summary>Multiply-adds below which threads cost more than they save (about 50 µs of single-thread work).</summary>
    internal const long ParallelThreshold = 1L << 21;

    [ThreadStatic]
    private static bool _forceVector512;

    /// <summary>Tests set this (per calling thread) to run the 512-bit kernel even where the hardware lacks it (emulated, slow).</summary>
    internal static bool ForceVector512
    {
        get => _forceVector512;
        set => _forceVector512 = value;
    }

    /// <summary>Whether products started on this thread use 512-bit vectors.</summary>
    internal static bool Use512 => _forceVector512 || Vector512.IsHardwareAccelerated;

    /// <summary>The operands of one product: element (i, p) of A is a[aOffset + i·rsA + p·csA], and so on.</summary>
    internal readonly record struct Operands<T>(T[] A, int AOffset, int RsA, int CsA, T[] B, int BOffset, int RsB, int CsB, T[] C, int COffset, int Ldc, int M, int K, int N);

    /// <summary>
    /// C = A·B, or C += A·B when <paramref name="accumulate"/>; with <paramref name="bias"/> (length n), C = bias + A·B.
    /// <paramref name="allowParallel"/> false keeps the product on the calling thread (the batch is already split).
    /// </summary>
    public static void Multiply<T>(in Operands<T> op, bool accumulate, ReadOnlySpan<T> bias = default, bool allowParallel = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = op.M, n = op.N, k = op.K;
        if (m == 0 || n == 0)
        {
            return;
        }
        if (!bias.IsEmpty)
        {
            for (int i = 0; i < m; i++)
            {
                bias.CopyTo(op.C.AsSpan(op.COffset + i * op.Ldc, n));
            }
            accumulate = true;
        }
        if (k == 0)
        {
            if (!accumulate)
            {
                for (int i = 0; i < m; i++)
                {
                    op.C.AsSpan(op.COffset + i * op.Ldc, n).Clear();
                }
            }
            return;
        }
        long work = (long)m * n * k;
        int threads = allowParallel && work >= ParallelThreshold ? Tensor.NumThreads : 1;
        if (work <= SmallProduct || (threads == 1 && op.CsB == 1 && (k <= 4 || m <= 3)))
        {
            // Packing costs more than it saves on tiny products, and on skinny ones with B's rows contiguous:
            // with k ≤ 4 (a first layer of 2 inputs) each row of C takes a few vector passes; with m ≤ 3 (xᵀ·g for
            // such a layer) the 6-row register tile would be mostly padding and B would be packed for one use.
            // A skinny product large enough for threads keeps the packed kernel, whose row blocks are shared.
            Direct(op, accumulate);
            return;
        }
        bool wide = Use512;
        int nr = NR<T>(wide);
        int mc = MC;
        if (threads > 1)
        {
            // About four row blocks per thread, so a thread that starts late costs little; a multiple of MR rows.
            mc = Math.Clamp((m + 4 * threads - 1) / (4 * threads), MR, MC);
            mc = (mc + MR - 1) / MR * MR;
        }
        int mBlocks = (m + mc - 1) / mc;
        Buffers<T>.EnsureB(Math.Min(NC, (n + nr - 1) / nr * nr) * KC);
        T[] bp = Buffers<T>.B!;
        Operands<T> copy = op;
        // k in equal blocks of at most KC (784 → 4 × 196, not 3 × 256 + 16: a thin last block wastes C's loads and stores).
        int kBlocks = (k + KC - 1) / KC, kStep = (k + kBlocks - 1) / kBlocks;
        for (int jc = 0; jc < n; jc += NC)
        {
            int nc = Math.Min(NC, n - jc);
            for (int pc = 0; pc < k; pc += kStep)
            {
                int kc = Math.Min(kStep, k - pc);
                bool add = accumulate || pc > 0;
                // B's block is packed once and shared by every row block (and thread).
                PackB(op, pc, kc, jc, nc, nr, bp);
                if (threads > 1 && mBlocks > 1)
                {
                    int jc0 = jc, pc0 = pc;
                    WorkSharing.For(mBlocks, ib => Block(copy, ib * mc, mc, jc0, nc, pc0, kc, bp, add, wide));
                }
                else
                {
                    for (int ib = 0; ib < mBlocks; ib++)
                    {
                        Block(op, ib * mc, mc, jc, nc, pc, kc, bp, add, wide);
                    }
                }
            }
        }
    }

    /// <summary>
    /// C[i, j..j+4w] (+)= Σₚ A[i, p]·B[p, j..j+4w] with four vector accumulators per row and no packing, SIMD along
    /// the row when B's rows are contiguous: for small or skinny products (k or m of a few).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Direct<T>(in Operands<T> op, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = op.M, n = op.N, k = op.K, w = Vector<T>.Count;
        int rsA = op.RsA, csA = op.CsA, rsB = op.RsB, csB = op.CsB;
        ref T a0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(op.A), op.AOffset);
        ref T b0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(op.B), op.BOffset);
        ref T c0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(op.C), op.COffset);
        for (int i = 0; i < m; i++)
        {
            ref T arow = ref Unsafe.Add(ref a0, i * rsA);
            ref T crow = ref Unsafe.Add(ref c0, i * op.Ldc);
            int j = 0;
            if (csB == 1)
            {
                for (; j + 4 * w <= n; j += 4 * w)
                {
                    ref T cj = ref Unsafe.Add(ref crow, j);
                    Vector<T> s0 = accumulate ? Vector.LoadUnsafe(ref cj) : Vector<T>.Zero;
                    Vector<T> s1 = accumulate ? Vector.LoadUnsafe(ref cj, (nuint)w) : Vector<T>.Zero;
                    Vector<T> s2 = accumulate ? Vector.LoadUnsafe(ref cj, (nuint)(2 * w)) : Vector<T>.Zero;
                    Vector<T> s3 = accumulate ? Vector.LoadUnsafe(ref cj, (nuint)(3 * w)) : Vector<T>.Zero;
                    ref T bj = ref Unsafe.Add(ref b0, j);
                    for (int p = 0; p < k; p++)
                    {
                        var x = new Vector<T>(Unsafe.Add(ref arow, p * csA));
                        ref T bp = ref Unsafe.Add(ref bj, p * rsB);
                        s0 = Fma(x, Vector.LoadUnsafe(ref bp), s0);
                        s1 = Fma(x, Vector.LoadUnsafe(ref bp, (nuint)w), s1);
                        s2 = Fma(x, Vector.LoadUnsafe(ref bp, (nuint)(2 * w)), s2);
                        s3 = Fma(x, Vector.LoadUnsafe(ref bp, (nuint)(3 * w)), s3);
                    }
                    s0.StoreUnsafe(ref cj);
                    s1.StoreUnsafe(ref cj, (nuint)w);
                    s2.StoreUnsafe(ref cj, (nuint)(2 * w));
                    s3.StoreUnsafe(ref cj, (nuint)(3 * w));
                }
                for (; j + w <= n; j += w)
                {
                    ref T cj = ref Unsafe.Add(ref crow, j);
                    Vector<T> s0 = accumulate ? Vector.LoadUnsafe(ref cj) : Vector<T>.Zero;
                    ref T bj = ref Unsafe.Add(ref b0, j);
                    for (int p = 0; p < k; p++)
                    {
                        s0 = Fma(new Vector<T>(Unsafe.Add(ref arow, p * csA)), Vector.LoadUnsafe(ref Unsafe.Add(ref bj, p * rsB)), s0);
                    }
                    s0.StoreUnsafe(ref cj);
                }
            }
            for (; j < n; j++)
            {
                T s = accumulate ? Unsafe.Add(ref crow, j) : T.Zero;
                ref T bj = ref Unsafe.Add(ref b0, j * csB);
                for (int p = 0; p < k; p++)
                {
                    s += Unsafe.Add(ref arow, p * csA) * Unsafe.Add(ref bj, p * rsB);
                }
                Unsafe.Add(ref crow, j) = s;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Fma<T>(Vector<T> x, Vector<T> y, Vector<T> z)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return Vector.FusedMultiplyAdd(x.As<T, float>(), y.As<T, float>(), z.As<T, float>()).As<float, T>();
        }
        if (typeof(T) == typeof(double))
        {
            return Vector.FusedMultiplyAdd(x.As<T, double>(), y.As<T, double>(), z.As<T, double>()).As<double, T>();
        }
        return (x * y) + z;
    }

    internal static int NR<T>(bool wide)
        where T : unmanaged => 2 * (wide ? Vector512<T>.Count : Vector256<T>.Count);

    /// <summary>Rows ic..ic+mc of C over columns jc..jc+nc for one k block, from B's packed block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block<T>(in Operands<T> op, int ic, int mc, int jc, int nc, int pc, int kc, T[] bp, bool add, bool wide)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = Math.Min(mc, op.M - ic);
        int nr = NR<T>(wide);
        int rowPanels = (rows + MR - 1) / MR, colPanels = (nc + nr - 1) / nr;
        Buffers<T>.EnsureA(rowPanels * MR * KC, MR * nr);
        T[] ap = Buffers<T>.A!, edge = Buffers<T>.Edge!;
        PackA(op, ic, rows, pc, kc, ap);
        for (int jp = 0; jp < colPanels; jp++)
        {
            int j = jc + jp * nr, w = Math.Min(nr, nc - jp * nr);
            ref T bPanel = ref bp[jp * kc * nr];
            for (int ip = 0; ip < rowPanels; ip++)
            {
                int i = ic + ip * MR, h = Math.Min(MR, rows - ip * MR);
                ref T aPanel = ref ap[ip * kc * MR];
                if (h == MR && w == nr)
                {
                    Micro(wide, kc, ref aPanel, ref bPanel, ref op.C[op.COffset + i * op.Ldc + j], op.Ldc, add);
                    continue;
                }
                Micro(wide, kc, ref aPanel, ref bPanel, ref edge[0], nr, accumulate: false);
                for (int r = 0; r < h; r++)
                {
                    Span<T> dst = op.C.AsSpan(op.COffset + (i + r) * op.Ldc + j, w);
                    ReadOnlySpan<T> src = edge.AsSpan(r * nr, w);
                    if (add)
                    {
                        System.Numerics.Tensors.TensorPrimitives.Add(dst, src, dst);
                    }
                    else
                    {
                        src.CopyTo(dst);
                    }
                }
            }
        }
    }

    /// <summary>Packs A[ic.., pc..] into panels of MR rows: panel q holds element (r, p) at q·kc·MR + p·MR + r; missing rows are 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA<T>(in Operands<T> op, int ic, int rows, int pc, int kc, T[] ap)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rs = op.RsA, cs = op.CsA;
        ref T a = ref MemoryMarshal.GetArrayDataReference(op.A);
        ref T dst0 = ref MemoryMarshal.GetArrayDataReference(ap);
        for (int q = 0; q * MR < rows; q++)
        {
            ref T dst = ref Unsafe.Add(ref dst0, q * kc * MR);
            int h = Math.Min(MR, rows - q * MR);
            ref T src = ref Unsafe.Add(ref a, op.AOffset + (ic + q * MR) * rs + pc * cs);
            if (h == MR && rs == 1)
            {
                // A transposed view (Aᵀ of a row-major matrix): the panel's six rows are adjacent in memory.
                for (int p = 0; p < kc; p++)
                {
                    ref T s = ref Unsafe.Add(ref src, p * cs);
                    ref T d = ref Unsafe.Add(ref dst, p * MR);
                    d = s;
                    Unsafe.Add(ref d, 1) = Unsafe.Add(ref s, 1);
                    Unsafe.Add(ref d, 2) = Unsafe.Add(ref s, 2);
                    Unsafe.Add(ref d, 3) = Unsafe.Add(ref s, 3);
                    Unsafe.Add(ref d, 4) = Unsafe.Add(ref s, 4);
                    Unsafe.Add(ref d, 5) = Unsafe.Add(ref s, 5);
                }
                continue;
            }
            if (h == MR)
            {
                // Six rows read side by side, one column of the panel per step of p.
                ref T s0 = ref src;
                ref T s1 = ref Unsafe.Add(ref src, rs);
                ref T s2 = ref Unsafe.Add(ref src, 2 * rs);
                ref T s3 = ref Unsafe.Add(ref src, 3 * rs);
                ref T s4 = ref Unsafe.Add(ref src, 4 * rs);
                ref T s5 = ref Unsafe.Add(ref src, 5 * rs);
                for (int p = 0; p < kc; p++)
                {
                    int o = p * cs;
                    ref T d = ref Unsafe.Add(ref dst, p * MR);
                    d = Unsafe.Add(ref s0, o);
                    Unsafe.Add(ref d, 1) = Unsafe.Add(ref s1, o);
                    Unsafe.Add(ref d, 2) = Unsafe.Add(ref s2, o);
                    Unsafe.Add(ref d, 3) = Unsafe.Add(ref s3, o);
                    Unsafe.Add(ref d, 4) = Unsafe.Add(ref s4, o);
                    Unsafe.Add(ref d, 5) = Unsafe.Add(ref s5, o);
                }
                continue;
            }
            for (int r = 0; r < MR; r++)
            {
                if (r >= h)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        Unsafe.Add(ref dst, p * MR + r) = T.Zero;
                    }
                    continue;
                }
                ref T s = ref Unsafe.Add(ref src, r * rs);
                for (int p = 0; p < kc; p++)
                {
                    Unsafe.Add(ref dst, p * MR + r) = Unsafe.Add(ref s, p * cs);
                }
            }
        }
    }

    /// <summary>Packs B[pc.., jc..] into panels of nr columns: panel q holds (p, j) at q·kc·nr + p·nr + j; missing columns are 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB<T>(in Operands<T> op, int pc, int kc, int jc, int cols, int nr, T[] bp)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rs = op.RsB, cs = op.CsB, vw = Vector<T>.Count;
        ref T b = ref MemoryMarshal.GetArrayDataReference(op.B);
        ref T dst0 = ref MemoryMarshal.GetArrayDataReference(bp);
        for (int q = 0; q * nr < cols; q++)
        {
            ref T dst = ref Unsafe.Add(ref dst0, q * kc * nr);
            int w = Math.Min(nr, cols - q * nr);
            ref T src = ref Unsafe.Add(ref b, op.BOffset + pc * rs + (jc + q * nr) * cs);
            if (cs == 1 && w == nr && nr % vw == 0)
            {
                // Rows of the panel are contiguous in B: whole vectors per row.
                for (int p = 0; p < kc; p++)
                {
                    ref T s = ref Unsafe.Add(ref src, p * rs);
                    ref T d = ref Unsafe.Add(ref dst, p * nr);
                    for (int j = 0; j < nr; j += vw)
                    {
                        Vector.StoreUnsafe(Vector.LoadUnsafe(ref s, (nuint)j), ref d, (nuint)j);
                    }
                }
                continue;
            }
            if (rs == 1 && w == nr && typeof(T) == typeof(float) && Avx.IsSupported && nr % 8 == 0)
            {
                // A transposed view (Wᵀ in g·Wᵀ): 8 × 8 tiles turned with AVX shuffles.
                TransposeInto(ref Unsafe.As<T, float>(ref src), cs, kc, ref Unsafe.As<T, float>(ref dst), nr);
                continue;
            }
            for (int j = 0; j < nr; j++)
            {
                // Column by column: for a transposed view (rs == 1) each column is contiguous in B.
                ref T d = ref Unsafe.Add(ref dst, j);
                if (j >= w)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        Unsafe.Add(ref d, p * nr) = T.Zero;
                    }
                    continue;
                }
                ref T s = ref Unsafe.Add(ref src, j * cs);
                for (int p = 0; p < kc; p++)
                {
                    Unsafe.Add(ref d, p * nr) = Unsafe.Add(ref s, p * rs);
                }
            }
        }
    }

    /// <summary>
    /// dst[p·nr + j] = src[j·cs + p] for p &lt; kc, j &lt; nr: the columns of B (contiguous runs of B's storage) become
    /// the panel's rows, eight by eight.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposeInto(ref float src, int cs, int kc, ref float dst, int nr)
    {
        int p = 0;
        for (; p + 8 <= kc; p += 8)
        {
            for (int j = 0; j < nr; j += 8)
            {
                ref float s = ref Unsafe.Add(ref src, j * cs + p);
                Vector256<float> r0 = Vector256.LoadUnsafe(ref s), r1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref s, cs));
                Vector256<float> r2 = Vector256.LoadUnsafe(ref Unsafe.Add(ref s, 2 * cs)), r3 = Vector256.LoadUnsafe(ref Unsafe.Add(ref s, 3 * cs));
                Vector256<float> r4 = Vector256.LoadUnsafe(ref Unsafe.Add(ref s, 4 * cs)), r5 = Vector256.LoadUnsafe(ref Unsafe.Add(ref s, 5 * cs));
                Vector256<float> r6 = Vector256.LoadUnsafe(ref Unsafe.Add(ref s, 6 * cs)), r7 = Vector256.LoadUnsafe(ref Unsafe.Add(ref s, 7 * cs));
                Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
                Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
                Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE), s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
                Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE), s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
                ref float d = ref Unsafe.Add(ref dst, p * nr + j);
                Avx.Permute2x128(s0, s4, 0x20).StoreUnsafe(ref d);
                Avx.Permute2x128(s1, s5, 0x20).StoreUnsafe(ref Unsafe.Add(ref d, nr));
                Avx.Permute2x128(s2, s6, 0x20).StoreUnsafe(ref Unsafe.Add(ref d, 2 * nr));
                Avx.Permute2x128(s3, s7, 0x20).StoreUnsafe(ref Unsafe.Add(ref d, 3 * nr));
                Avx.Permute2x128(s0, s4, 0x31).StoreUnsafe(ref Unsafe.Add(ref d, 4 * nr));
                Avx.Permute2x128(s1, s5, 0x31).StoreUnsafe(ref Unsafe.Add(ref d, 5 * nr));
                Avx.Permute2x128(s2, s6, 0x31).StoreUnsafe(ref Unsafe.Add(ref d, 6 * nr));
                Avx.Permute2x128(s3, s7, 0x31).StoreUnsafe(ref Unsafe.Add(ref d, 7 * nr));
            }
        }
        for (; p < kc; p++)
        {
            for (int j = 0; j < nr; j++)
            {
                Unsafe.Add(ref dst, p * nr + j) = Unsafe.Add(ref src, j * cs + p);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Micro<T>(bool wide, int kc, ref T a, ref T b, ref T c, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (wide)
        {
            Micro<T, Vector512<T>, Simd512<T>>(kc, ref a, ref b, ref c, ldc, accumulate);
        }
        else
        {
            Micro<T, Vector256<T>, Simd256<T>>(kc, ref a, ref b, ref c, ldc, accumulate);
        }
    }

    /// <summary>The 6 × 2-vector register tile: twelve accumulators, each loaded vector of B feeds six FMAs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Micro<T, TV, S>(int kc, ref T a, ref T b, ref T c, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where S : ISimd<T, TV>
    {
        int w = S.Width;
        TV c00 = S.Zero, c01 = S.Zero, c10 = S.Zero, c11 = S.Zero, c20 = S.Zero, c21 = S.Zero;
        TV c30 = S.Zero, c31 = S.Zero, c40 = S.Zero, c41 = S.Zero, c50 = S.Zero, c51 = S.Zero;
        ref T ap = ref a;
        ref T bp = ref b;
        int p = 0;
        // Two steps of k per iteration: half the loop overhead for the same twelve accumulators.
        for (; p + 1 < kc; p += 2)
        {
            TV b0 = S.Load(ref bp), b1 = S.Load(ref Unsafe.Add(ref bp, w));
            TV x = S.Broadcast(ap);
            c00 = S.Fma(x, b0, c00);
            c01 = S.Fma(x, b1, c01);
            x = S.Broadcast(Unsafe.Add(ref ap, 1));
            c10 = S.Fma(x, b0, c10);
            c11 = S.Fma(x, b1, c11);
            x = S.Broadcast(Unsafe.Add(ref ap, 2));
            c20 = S.Fma(x, b0, c20);
            c21 = S.Fma(x, b1, c21);
            x = S.Broadcast(Unsafe.Add(ref ap, 3));
            c30 = S.Fma(x, b0, c30);
            c31 = S.Fma(x, b1, c31);
            x = S.Broadcast(Unsafe.Add(ref ap, 4));
            c40 = S.Fma(x, b0, c40);
            c41 = S.Fma(x, b1, c41);
            x = S.Broadcast(Unsafe.Add(ref ap, 5));
            c50 = S.Fma(x, b0, c50);
            c51 = S.Fma(x, b1, c51);
            b0 = S.Load(ref Unsafe.Add(ref bp, 2 * w));
            b1 = S.Load(ref Unsafe.Add(ref bp, 3 * w));
            x = S.Broadcast(Unsafe.Add(ref ap, MR));
            c00 = S.Fma(x, b0, c00);
            c01 = S.Fma(x, b1, c01);
            x = S.Broadcast(Unsafe.Add(ref ap, MR + 1));
            c10 = S.Fma(x, b0, c10);
            c11 = S.Fma(x, b1, c11);
            x = S.Broadcast(Unsafe.Add(ref ap, MR + 2));
            c20 = S.Fma(x, b0, c20);
            c21 = S.Fma(x, b1, c21);
            x = S.Broadcast(Unsafe.Add(ref ap, MR + 3));
            c30 = S.Fma(x, b0, c30);
            c31 = S.Fma(x, b1, c31);
            x = S.Broadcast(Unsafe.Add(ref ap, MR + 4));
            c40 = S.Fma(x, b0, c40);
            c41 = S.Fma(x, b1, c41);
            x = S.Broadcast(Unsafe.Add(ref ap, MR + 5));
            c50 = S.Fma(x, b0, c50);
            c51 = S.Fma(x, b1, c51);
            ap = ref Unsafe.Add(ref ap, 2 * MR);
            bp = ref Unsafe.Add(ref bp, 4 * w);
        }
        for (; p < kc; p++)
        {
            TV b0 = S.Load(ref bp), b1 = S.Load(ref Unsafe.Add(ref bp, w));
            TV x = S.Broadcast(ap);
            c00 = S.Fma(x, b0, c00);
            c01 = S.Fma(x, b1, c01);
            x = S.Broadcast(Unsafe.Add(ref ap, 1));
            c10 = S.Fma(x, b0, c10);
            c11 = S.Fma(x, b1, c11);
            x = S.Broadcast(Unsafe.Add(ref ap, 2));
            c20 = S.Fma(x, b0, c20);
            c21 = S.Fma(x, b1, c21);
            x = S.Broadcast(Unsafe.Add(ref ap, 3));
            c30 = S.Fma(x, b0, c30);
            c31 = S.Fma(x, b1, c31);
            x = S.Broadcast(Unsafe.Add(ref ap, 4));
            c40 = S.Fma(x, b0, c40);
            c41 = S.Fma(x, b1, c41);
            x = S.Broadcast(Unsafe.Add(ref ap, 5));
            c50 = S.Fma(x, b0, c50);
            c51 = S.Fma(x, b1, c51);
            ap = ref Unsafe.Add(ref ap, MR);
            bp = ref Unsafe.Add(ref bp, 2 * w);
        }
        StoreRow<T, TV, S>(ref c, c00, c01, accumulate);
        StoreRow<T, TV, S>(ref Unsafe.Add(ref c, ldc), c10, c11, accumulate);
        StoreRow<T, TV, S>(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, accumulate);
        StoreRow<T, TV, S>(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, accumulate);
        StoreRow<T, TV, S>(ref Unsafe.Add(ref c, 4 * ldc), c40, c41, accumulate);
        StoreRow<T, TV, S>(ref Unsafe.Add(ref c, 5 * ldc), c50, c51, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<T, TV, S>(ref T c, TV v0, TV v1, bool accumulate)
        where T : unmanaged
        where TV : struct
        where S : ISimd<T, TV>
    {
        ref T c1 = ref Unsafe.Add(ref c, S.Width);
        if (accumulate)
        {
            v0 = S.Add(v0, S.Load(ref c));
            v1 = S.Add(v1, S.Load(ref c1));
        }
        S.Store(ref c, v0);
        S.Store(ref c1, v1);
    }

    /// <summary>Per-thread packing buffers, grown on demand and kept (no allocation in steady state).</summary>
    private static class Buffers<T>
    {
        [ThreadStatic]
        public static T[]? A;

        [ThreadStatic]
        public static T[]? B;

        [ThreadStatic]
        public static T[]? Edge;

        public static void EnsureA(int a, int edge)
        {
            if (A is null || A.Length < a)
            {
                A = new T[Math.Max(a, MC * KC)];
            }
            if (Edge is null || Edge.Length < edge)
            {
                Edge = new T[edge];
            }
        }

        public static void EnsureB(int b)
        {
            if (B is null || B.Length < b)
            {
                B = new T[b];
            }
        }
    }
}
