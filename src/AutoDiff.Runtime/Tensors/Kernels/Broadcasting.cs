using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiff.Tensors.Kernels;

/// <summary>Runs a binary kernel over two broadcast operands, one contiguous run of the output at a time.</summary>
internal static class Broadcasting
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first call; skip the slow tier-0 code
    public static T[] Apply<T, TKernel>(T[] a, int[] aDims, T[] b, int[] bDims, int[] outDims)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : IBinaryKernel<T>
    {
        int count = ShapeUtil.Count(outDims);
        var dst = GC.AllocateUninitializedArray<T>(count); // every element is written below
        if (count == 0)
        {
            return dst;
        }
        if (a.Length == count && b.Length == count && ShapeUtil.SameShape(aDims, bDims))
        {
            TKernel.Run(a, b, dst);
            return dst;
        }
        if (b.Length == 1 && a.Length == count)
        {
            TKernel.Run(a, b[0], dst);
            return dst;
        }
        if (a.Length == 1 && b.Length == count)
        {
            TKernel.Run(a[0], b, dst);
            return dst;
        }

        // Merge neighbouring dimensions that both operands traverse the same way, so the inner runs are long.
        int[] sa = ShapeUtil.BroadcastStrides(aDims, outDims);
        int[] sb = ShapeUtil.BroadcastStrides(bDims, outDims);
        var dims = new List<int>();
        var sta = new List<int>();
        var stb = new List<int>();
        for (int i = 0; i < outDims.Length; i++)
        {
            if (outDims[i] == 1)
            {
                continue;
            }
            int last = dims.Count - 1;
            if (last >= 0 && sta[last] == sa[i] * outDims[i] && stb[last] == sb[i] * outDims[i])
            {
                dims[last] *= outDims[i];
                sta[last] = sa[i];
                stb[last] = sb[i];
            }
            else
            {
                dims.Add(outDims[i]);
                sta.Add(sa[i]);
                stb.Add(sb[i]);
            }
        }

        int rank = dims.Count;
        int n = dims[rank - 1];
        int innerA = sta[rank - 1], innerB = stb[rank - 1];
        var index = new int[rank];
        int offA = 0, offB = 0;
        for (int row = 0; row < count; row += n)
        {
            Span<T> d = dst.AsSpan(row, n);
            if (innerA == 1 && innerB == 1)
            {
                TKernel.Run(a.AsSpan(offA, n), b.AsSpan(offB, n), d);
            }
            else if (innerA == 1)
            {
                TKernel.Run(a.AsSpan(offA, n), b[offB], d);
            }
            else if (innerB == 1)
            {
                TKernel.Run(a[offA], b.AsSpan(offB, n), d);
            }
            else
            {
                // Both operands constant along the run (only possible when the run has length 1 after merging).
                TKernel.Run(a.AsSpan(offA, 1), b[offB], d.Slice(0, 1));
                if (n > 1)
                {
                    d.Slice(1).Fill(d[0]);
                }
            }

            // Advance the odometer over the outer dimensions.
            for (int k = rank - 2; k >= 0; k--)
            {
                index[k]++;
                offA += sta[k];
                offB += stb[k];
                if (index[k] < dims[k])
                {
                    break;
                }
                offA -= sta[k] * dims[k];
                offB -= stb[k] * dims[k];
                index[k] = 0;
            }
        }
        return dst;
    }
}
