using System.ComponentModel;

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
    public static void Symmetrize(Span<double> hessian, int n)
    {
        Check(hessian.Length, n);
        for (int row = 0; row < n; row++)
        {
            for (int other = row + 1; other < n; other++)
            {
                double mean = 0.5 * (hessian[(row * n) + other] + hessian[(other * n) + row]);
                hessian[(row * n) + other] = mean;
                hessian[(other * n) + row] = mean;
            }
        }
    }

    /// <inheritdoc cref="Symmetrize(Span{double}, int)"/>
    public static void Symmetrize(Span<float> hessian, int n)
    {
        Check(hessian.Length, n);
        for (int row = 0; row < n; row++)
        {
            for (int other = row + 1; other < n; other++)
            {
                float mean = 0.5f * (hessian[(row * n) + other] + hessian[(other * n) + row]);
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
