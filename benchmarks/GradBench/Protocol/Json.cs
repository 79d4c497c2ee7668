using System.Text.Json;

namespace AutoDiff.GradBench.Protocol;

/// <summary>Reading the evals' inputs into flat arrays and writing flat arrays back as JSON.</summary>
public static class Json
{
    /// <summary>A JSON array of numbers as a <c>double[]</c>.</summary>
    public static double[] Doubles(JsonElement array)
    {
        var result = new double[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement e in array.EnumerateArray())
        {
            result[i++] = e.GetDouble();
        }

        return result;
    }

    /// <summary>A JSON array of integers as an <c>int[]</c>.</summary>
    public static int[] Ints(JsonElement array)
    {
        var result = new int[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement e in array.EnumerateArray())
        {
            result[i++] = e.GetInt32();
        }

        return result;
    }

    /// <summary>
    /// A JSON array of equally long arrays of numbers, row-major in one <c>double[]</c>; <paramref name="columns"/>
    /// is the length of the rows (0 when there are none).
    /// </summary>
    public static double[] Rows(JsonElement array, out int rows, out int columns)
    {
        rows = array.GetArrayLength();
        columns = rows == 0 ? 0 : array[0].GetArrayLength();
        var result = new double[rows * columns];
        int r = 0;
        foreach (JsonElement row in array.EnumerateArray())
        {
            if (row.GetArrayLength() != columns)
            {
                throw new FormatException($"row {r} has {row.GetArrayLength()} elements, row 0 has {columns}");
            }

            int c = 0;
            foreach (JsonElement e in row.EnumerateArray())
            {
                result[(r * columns) + c++] = e.GetDouble();
            }

            r++;
        }

        return result;
    }

    /// <summary>Writes <paramref name="values"/> as a JSON array of numbers.</summary>
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<double> values)
    {
        writer.WriteStartArray();
        foreach (double v in values)
        {
            writer.WriteNumberValue(v);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes <paramref name="values"/> as a JSON array of integers.</summary>
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<int> values)
    {
        writer.WriteStartArray();
        foreach (int v in values)
        {
            writer.WriteNumberValue(v);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes row-major <paramref name="values"/> as an array of <paramref name="columns"/>-element arrays.</summary>
    public static void WriteRows(Utf8JsonWriter writer, ReadOnlySpan<double> values, int columns)
    {
        writer.WriteStartArray();
        for (int start = 0; start < values.Length; start += columns)
        {
            Write(writer, values.Slice(start, columns));
        }

        writer.WriteEndArray();
    }
}
