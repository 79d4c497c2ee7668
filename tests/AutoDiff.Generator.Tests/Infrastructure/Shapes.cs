using System.Reflection;
using System.Runtime.CompilerServices;

namespace AutoDiff.Generator.Tests.Infrastructure;

/// <summary>
/// The reals a value holds, as the checkers see it: a double or float is one coordinate, a struct or tuple of reals
/// its fields' coordinates (declaration order), an array or span of them one after another, a 2-D array row-major,
/// a jagged array row after row. Data (enums, strings, integer arrays, delegates) has none. Values are built anew,
/// never changed in place, so an argument can be moved along one coordinate for central differences.
/// </summary>
internal abstract class Shape
{
    public abstract Type Type { get; }

    /// <summary>How many reals <paramref name="value"/> holds.</summary>
    public abstract int Count(object? value);

    /// <summary>The reals of <paramref name="value"/>, in order.</summary>
    public abstract double[] Flatten(object? value);

    /// <summary>A value shaped like <paramref name="like"/> holding <paramref name="coordinates"/>.</summary>
    public abstract object? Make(object? like, ReadOnlySpan<double> coordinates);

    /// <summary>A random value (reals in [min, max]).</summary>
    public abstract object? Random(Random random, double min, double max, ParameterInfo? parameter, int vectorLength);

    /// <summary>Whether the value holds reals (else it is data).</summary>
    public virtual bool IsReal => true;

    /// <summary>A copy of <paramref name="value"/> with coordinate <paramref name="k"/> set to <paramref name="x"/>.</summary>
    public object? With(object? value, int k, double x)
    {
        double[] flat = Flatten(value);
        flat[k] = x;
        return Make(value, flat);
    }

    /// <summary>The element type of a real coordinate at <paramref name="k"/> (float or double), for rounding steps.</summary>
    public virtual Type CoordinateType(object? value, int k) => typeof(double);

    public static Shape Of(Type type)
    {
        if (type.IsByRef)
        {
            type = type.GetElementType()!;
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return new RealShape(type);
        }

        if (type.IsArray && type.GetArrayRank() == 2 && Of(type.GetElementType()!) is RealShape)
        {
            return new MatrixShape(type);
        }

        if (type.IsArray && type.GetElementType()!.IsArray && Of(type.GetElementType()!.GetElementType()!) is RealShape)
        {
            return new JaggedShape(type);
        }

        Type? element = type.IsArray ? type.GetElementType()
            : type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(ReadOnlySpan<>) || type.GetGenericTypeDefinition() == typeof(Span<>)) ? type.GetGenericArguments()[0]
            : null;
        if (element is not null && (!type.IsArray || type.GetArrayRank() == 1) && Of(element) is { IsReal: true } elementShape)
        {
            return new ArrayShape(type, elementShape);
        }

        if (type.IsValueType && !type.IsPrimitive && !type.IsEnum && StructShape.TryCreate(type) is { } structure)
        {
            return structure;
        }

        return new DataShape(type);
    }

    internal static object Convert(double value, Type type) => type == typeof(float) ? (object)(float)value : value;

    internal static double ToDouble(object? value) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        _ => throw new InvalidOperationException($"Not a number: {value}"),
    };

    /// <summary>[SampleLength(n)] on a parameter (matched by name), else the default.</summary>
    internal static int Length(ParameterInfo? parameter, int fallback) =>
        parameter?.CustomAttributes.FirstOrDefault(a => a.AttributeType.Name == "SampleLengthAttribute")?.ConstructorArguments[0].Value is int n ? n : fallback;

    /// <summary>[SampleShape(rows, columns)] on a parameter (matched by name), else a default.</summary>
    internal static (int Rows, int Columns) Size(ParameterInfo? parameter, int fallback)
    {
        CustomAttributeData? shape = parameter?.CustomAttributes.FirstOrDefault(a => a.AttributeType.Name == "SampleShapeAttribute");
        return shape is null ? (fallback, Math.Max(1, fallback - 2)) : ((int)shape.ConstructorArguments[0].Value!, (int)shape.ConstructorArguments[1].Value!);
    }
}

internal sealed class RealShape(Type type) : Shape
{
    public override Type Type => type;

    public override int Count(object? value) => 1;

    public override double[] Flatten(object? value) => new[] { ToDouble(value) };

    public override object? Make(object? like, ReadOnlySpan<double> coordinates) => Convert(coordinates[0], type);

    public override object? Random(Random random, double min, double max, ParameterInfo? parameter, int vectorLength) =>
        Convert(min + ((max - min) * random.NextDouble()), type);

    public override Type CoordinateType(object? value, int k) => type;
}

/// <summary>A struct or tuple of reals: its instance fields, in declaration order.</summary>
internal sealed class StructShape : Shape
{
    private readonly Type _type;
    private readonly List<(FieldInfo Field, Shape Shape)> _fields;

    private StructShape(Type type, List<(FieldInfo, Shape)> fields)
    {
        _type = type;
        _fields = fields;
    }

    public static StructShape? TryCreate(Type type)
    {
        var fields = new List<(FieldInfo, Shape)>();
        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).OrderBy(f => f.MetadataToken))
        {
            Shape shape = Of(field.FieldType);
            if (!shape.IsReal || shape is ArrayShape or MatrixShape or JaggedShape)
            {
                return null;
            }

            fields.Add((field, shape));
        }

        return fields.Count == 0 ? null : new StructShape(type, fields);
    }

    public override Type Type => _type;

    public override int Count(object? value) => _fields.Sum(f => f.Shape.Count(null));

    public override double[] Flatten(object? value) => _fields.SelectMany(f => f.Shape.Flatten(f.Field.GetValue(value))).ToArray();

    public override object? Make(object? like, ReadOnlySpan<double> coordinates)
    {
        object box = RuntimeHelpers.GetUninitializedObject(_type);
        int offset = 0;
        foreach ((FieldInfo field, Shape shape) in _fields)
        {
            int n = shape.Count(null);
            field.SetValue(box, shape.Make(null, coordinates.Slice(offset, n)));
            offset += n;
        }

        return box;
    }

    public override object? Random(Random random, double min, double max, ParameterInfo? parameter, int vectorLength)
    {
        double[] values = Enumerable.Range(0, Count(null)).Select(_ => min + ((max - min) * random.NextDouble())).ToArray();
        return Make(null, values);
    }

    public override Type CoordinateType(object? value, int k)
    {
        foreach ((_, Shape shape) in _fields)
        {
            int n = shape.Count(null);
            if (k < n)
            {
                return shape.CoordinateType(null, k);
            }

            k -= n;
        }

        return typeof(double);
    }
}

/// <summary><c>T[]</c> or a span (passed as an array) of reals or structs.</summary>
internal sealed class ArrayShape(Type type, Shape element) : Shape
{
    public override Type Type => type;

    public Shape Element => element;

    public override int Count(object? value) => ((Array)value!).Length * element.Count(null);

    public override double[] Flatten(object? value) => ((Array)value!).Cast<object?>().SelectMany(element.Flatten).ToArray();

    public override object? Make(object? like, ReadOnlySpan<double> coordinates)
    {
        int length = ((Array)like!).Length;
        Array array = Array.CreateInstance(element.Type, length);
        int n = element.Count(null);
        for (int i = 0; i < length; i++)
        {
            array.SetValue(element.Make(null, coordinates.Slice(i * n, n)), i);
        }

        return array;
    }

    public override object? Random(Random random, double min, double max, ParameterInfo? parameter, int vectorLength)
    {
        int length = Length(parameter, vectorLength);
        Array array = Array.CreateInstance(element.Type, length);
        for (int i = 0; i < length; i++)
        {
            array.SetValue(element.Random(random, min, max, null, vectorLength), i);
        }

        return array;
    }

    public override Type CoordinateType(object? value, int k) => element.CoordinateType(null, k % element.Count(null));
}

internal sealed class MatrixShape(Type type) : Shape
{
    private Type ElementType => type.GetElementType()!;

    public override Type Type => type;

    public override int Count(object? value) => ((Array)value!).Length;

    public override double[] Flatten(object? value) => ((Array)value!).Cast<object>().Select(ToDouble).ToArray();

    public override object? Make(object? like, ReadOnlySpan<double> coordinates)
    {
        var shape = (Array)like!;
        Array array = Array.CreateInstance(ElementType, shape.GetLength(0), shape.GetLength(1));
        int columns = shape.GetLength(1);
        for (int k = 0; k < coordinates.Length; k++)
        {
            array.SetValue(Convert(coordinates[k], ElementType), k / columns, k % columns);
        }

        return array;
    }

    public override object? Random(Random random, double min, double max, ParameterInfo? parameter, int vectorLength)
    {
        (int rows, int columns) = Size(parameter, vectorLength);
        Array array = Array.CreateInstance(ElementType, rows, columns);
        return Make(array, Enumerable.Range(0, rows * columns).Select(_ => min + ((max - min) * random.NextDouble())).ToArray());
    }

    public override Type CoordinateType(object? value, int k) => ElementType;
}

internal sealed class JaggedShape(Type type) : Shape
{
    private Type ElementType => type.GetElementType()!.GetElementType()!;

    public override Type Type => type;

    public override int Count(object? value) => ((Array)value!).Cast<Array>().Sum(r => r.Length);

    public override double[] Flatten(object? value) => ((Array)value!).Cast<Array>().SelectMany(r => r.Cast<object>().Select(ToDouble)).ToArray();

    public override object? Make(object? like, ReadOnlySpan<double> coordinates)
    {
        Array[] rows = ((Array)like!).Cast<Array>().ToArray();
        Array result = Array.CreateInstance(type.GetElementType()!, rows.Length);
        int offset = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            Array row = Array.CreateInstance(ElementType, rows[i].Length);
            for (int j = 0; j < row.Length; j++)
            {
                row.SetValue(Convert(coordinates[offset++], ElementType), j);
            }

            result.SetValue(row, i);
        }

        return result;
    }

    public override object? Random(Random random, double min, double max, ParameterInfo? parameter, int vectorLength)
    {
        (int rows, int columns) = Size(parameter, vectorLength);
        Array result = Array.CreateInstance(type.GetElementType()!, rows);
        for (int i = 0; i < rows; i++)
        {
            Array row = Array.CreateInstance(ElementType, columns);
            for (int j = 0; j < columns; j++)
            {
                row.SetValue(Convert(min + ((max - min) * random.NextDouble()), ElementType), j);
            }

            result.SetValue(row, i);
        }

        return result;
    }

    public override Type CoordinateType(object? value, int k) => ElementType;
}

/// <summary>Data: no reals. Random values for the types the tests use.</summary>
internal sealed class DataShape(Type type) : Shape
{
    private static readonly string[] Words = { "l1", "l2", "none" };

    public override Type Type => type;

    public override bool IsReal => false;

    public override int Count(object? value) => 0;

    public override double[] Flatten(object? value) => Array.Empty<double>();

    public override object? Make(object? like, ReadOnlySpan<double> coordinates) => like;

    public override object? Random(Random random, double min, double max, ParameterInfo? parameter, int vectorLength)
    {
        int length = Length(parameter, vectorLength);
        Type element = type.IsArray ? type.GetElementType()! : type.IsGenericType ? type.GetGenericArguments()[0] : type;
        if (type.IsArray || (type.IsGenericType && type.GetGenericTypeDefinition() is { } definition && (definition == typeof(ReadOnlySpan<>) || definition == typeof(Span<>))))
        {
            Array array = Array.CreateInstance(element, length);
            for (int i = 0; i < length; i++)
            {
                array.SetValue(Scalar(element, random, min, max, parameter, vectorLength), i);
            }

            return array;
        }

        return Scalar(type, random, min, max, parameter, vectorLength);
    }

    private static object? Scalar(Type type, Random random, double min, double max, ParameterInfo? parameter, int vectorLength)
    {
        if (type == typeof(int))
        {
            return random.Next(0, 4);
        }

        if (type == typeof(long))
        {
            return (long)random.Next(0, 4);
        }

        if (type == typeof(bool))
        {
            return random.Next(2) == 1;
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return Convert(min + ((max - min) * random.NextDouble()), type);
        }

        if (type.IsEnum)
        {
            Array values = Enum.GetValues(type);
            return values.GetValue(random.Next(values.Length));
        }

        if (type == typeof(string))
        {
            return Words[random.Next(Words.Length)];
        }

        if (type == typeof(Func<int, double>))
        {
            return (Func<int, double>)(i => 1.0 / (1 + i));
        }

        if (type == typeof(Func<double, double>))
        {
            return (Func<double, double>)Math.Tanh;
        }

        if (type.IsArray && type.GetElementType()!.IsArray)
        {
            return Of(type).Random(random, min, max, parameter, vectorLength);
        }

        if (Of(type) is { IsReal: true } real)
        {
            return real.Random(random, min, max, parameter, vectorLength);
        }

        // A class or record: a sample the type provides (a static Sample), else a new one.
        return Sample(type);
    }

    /// <summary>The type's static <c>Sample</c> property or field, else a new instance.</summary>
    public static object? Sample(Type type)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
        if (type.GetProperty("Sample", flags) is { } property && type.IsAssignableFrom(property.PropertyType))
        {
            return property.GetValue(null);
        }

        if (type.GetField("Sample", flags) is { } field && type.IsAssignableFrom(field.FieldType))
        {
            return field.GetValue(null);
        }

        return Activator.CreateInstance(type, nonPublic: true);
    }
}
