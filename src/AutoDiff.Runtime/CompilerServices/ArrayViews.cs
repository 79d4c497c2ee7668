using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiff.CompilerServices;

/// <summary>
/// 2-D and jagged arrays as the flat spans generated code computes with: a 2-D array is viewed in place (its
/// elements are stored row-major), the rows of a jagged array are copied into (and back from) a flat span, with
/// where each row starts. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ArrayViews
{
    /// <summary>The elements of <paramref name="array"/>, row-major, as one span over the array itself.</summary>
    public static Span<T> Flat<T>(T[,] array)
        where T : unmanaged =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(array)), array.Length);

    /// <summary>Whether two 2-D arrays have the same number of rows and of columns.</summary>
    public static bool SameShape<T, U>(T[,] a, U[,] b) => a.GetLength(0) == b.GetLength(0) && a.GetLength(1) == b.GetLength(1);

    /// <summary>Whether two jagged arrays have the same number of rows, each of the same length.</summary>
    public static bool SameShape<T, U>(T[][] a, U[][] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (a[i].Length != b[i].Length)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The number of elements in all rows.</summary>
    public static int TotalLength<T>(T[][] rows)
    {
        int total = 0;
        foreach (T[] row in rows)
        {
            total = checked(total + row.Length);
        }

        return total;
    }

    /// <summary>Copies the rows one after another into <paramref name="flat"/>; <paramref name="starts"/> gets where each begins.</summary>
    public static void Flatten<T>(T[][] rows, Span<T> flat, Span<int> starts)
    {
        int offset = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            starts[i] = offset;
            rows[i].CopyTo(flat[offset..]);
            offset += rows[i].Length;
        }
    }

    /// <summary>Copies a flat span back into the rows, one after another.</summary>
    public static void Unflatten<T>(ReadOnlySpan<T> flat, T[][] rows)
    {
        int offset = 0;
        foreach (T[] row in rows)
        {
            flat.Slice(offset, row.Length).CopyTo(row);
            offset += row.Length;
        }
    }
}
