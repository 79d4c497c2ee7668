using System.ComponentModel;
using System.Numerics;

namespace AutoDiff.CompilerServices;

/// <summary>What every generated <c>FHessian</c> does after its columns are computed. For generated code only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Hessians
{
    /// <summary>
    /// Averages each pair of mirrored entries of the row-major <paramref name="n"/> × <paramref name="n"/> matrix
    /// <paramref name="hessian"/>: its columns come from separate Hessian-vector products and agree with its rows
    /// only up to rounding, so the average makes it exactly symmetric.
    /// </summary>
    /// <typeparam name="T"><c>double</c> or <c>float</c>, the method's result type.</typeparam>
    public static void Symmetrize<T>(Span<T> hessian, int n)
        where T : IFloatingPointIeee754<T>
    {
        Check(hessian.Length, n);
        T half = T.One / (T.One + T.One);
        for (int row = 0; row < n; row++)
        {
            for (int other = row + 1; other < n; other++)
            {
                T mean = half * (hessian[(row * n) + other] + hessian[(other * n) + row]);
                hessian[(row * n) + other] = mean;
                hessian[(other * n) + row] = mean;
            }
        }
    }

    private static void Check(int length, int n)
    {
        if (n < 0 || length != n * n)
        {
            throw new ArgumentException($"hessian must have n * n = {n * n} elements for n = {n}; it has {length}.", "hessian");
        }
    }
}
