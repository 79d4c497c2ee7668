using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using AutoDiff.Tensors;

namespace AutoDiff.NN;

/// <summary>
/// Saves and loads tensors in the safetensors format (what PyTorch users share models in): an 8-byte little-endian
/// header length, a JSON header mapping each name to its dtype ("F32"/"F64"), shape and byte range, then the raw
/// little-endian data. Modules are saved by their dotted parameter and buffer names ("0.Weight", ...).
/// Note that this library's <see cref="Linear{T}"/> stores its weight as [in, out], the transpose of PyTorch's.
/// </summary>
public static class Safetensors
{
    /// <summary>Writes the named tensors to <paramref name="path"/>, with optional string metadata.</summary>
    public static void Save<T>(string path, IEnumerable<(string Name, Tensor<T> Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        using FileStream stream = File.Create(path);
        Write(stream, tensors, metadata);
    }

    /// <summary>Writes the named tensors to a stream.</summary>
    public static void Write<T>(Stream stream, IEnumerable<(string Name, Tensor<T> Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        List<(string Name, Tensor<T> Tensor)> list = [.. tensors];
        string dtype = DType<T>();
        int size = typeof(T) == typeof(float) ? 4 : 8;
        var header = new Dictionary<string, object>();
        if (metadata is not null)
        {
            header["__metadata__"] = metadata;
        }
        long offset = 0;
        var names = new HashSet<string>();
        foreach ((string name, Tensor<T> t) in list)
        {
            if (!names.Add(name) || name == "__metadata__")
            {
                throw new ArgumentException($"Duplicate or reserved tensor name '{name}'.", nameof(tensors));
            }
            long bytes = (long)t.Count * size;
            header[name] = new Dictionary<string, object> { ["dtype"] = dtype, ["shape"] = t.Shape.ToArray(), ["data_offsets"] = new[] { offset, offset + bytes } };
            offset += bytes;
        }
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(header);
        int padded = (json.Length + 7) / 8 * 8; // the format allows trailing spaces; 8-byte alignment of the data
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(json);
        for (int i = json.Length; i < padded; i++)
        {
            stream.WriteByte((byte)' ');
        }
        foreach ((_, Tensor<T> t) in list)
        {
            T[] values = t.ToArray();
            if (!BitConverter.IsLittleEndian)
            {
                throw new PlatformNotSupportedException("safetensors writing needs a little-endian machine.");
            }
            stream.Write(MemoryMarshal.AsBytes(values.AsSpan()));
        }
    }

    /// <summary>Reads every tensor in the file, converting F32/F64 data to <typeparamref name="T"/>.</summary>
    public static Dictionary<string, Tensor<T>> Load<T>(string path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        using FileStream stream = File.OpenRead(path);
        return Read<T>(stream);
    }

    /// <summary>Reads every tensor from a stream.</summary>
    public static Dictionary<string, Tensor<T>> Read<T>(Stream stream)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > 100_000_000)
        {
            throw new InvalidDataException($"safetensors header of {headerLength} bytes is too large.");
        }
        byte[] json = new byte[headerLength];
        stream.ReadExactly(json);
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(json).TrimEnd());
        using var data = new MemoryStream();
        stream.CopyTo(data);
        byte[] bytes = data.ToArray();
        var result = new Dictionary<string, Tensor<T>>();
        foreach (JsonProperty entry in doc.RootElement.EnumerateObject())
        {
            if (entry.Name == "__metadata__")
            {
                continue;
            }
            string dtype = entry.Value.GetProperty("dtype").GetString() ?? "";
            int[] shape = [.. entry.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32())];
            long[] range = [.. entry.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64())];
            int count = shape.Aggregate(1, (a, b) => a * b);
            int size = dtype switch
            {
                "F32" => 4,
                "F64" => 8,
                _ => throw new InvalidDataException($"Tensor '{entry.Name}' has dtype {dtype}; only F32 and F64 are supported."),
            };
            if (range.Length != 2 || range[1] - range[0] != (long)count * size || range[1] > bytes.Length || range[0] < 0)
            {
                throw new InvalidDataException($"Tensor '{entry.Name}': data_offsets [{string.Join(", ", range)}] do not match shape [{string.Join(", ", shape)}] of {dtype}.");
            }
            var values = new T[count];
            ReadOnlySpan<byte> raw = bytes.AsSpan((int)range[0], (int)(range[1] - range[0]));
            for (int i = 0; i < count; i++)
            {
                values[i] = size == 4
                    ? T.CreateChecked(BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(i * 4, 4)))
                    : T.CreateChecked(BinaryPrimitives.ReadDoubleLittleEndian(raw.Slice(i * 8, 8)));
            }
            result[entry.Name] = Tensor<T>.FromArray(values, shape).Persist();
        }
        return result;
    }

    /// <summary>Saves a module's parameters and buffers under their dotted names.</summary>
    public static void Save<T>(string path, Module<T> module)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(module);
        Save(path, module.NamedParameters().Concat(module.NamedBuffers()));
    }

    /// <summary>
    /// Copies the tensors in <paramref name="path"/> into a module's parameters and buffers by name. Every name must
    /// be present with the same shape (when <paramref name="strict"/>, no extra names either).
    /// </summary>
    public static void Load<T>(string path, Module<T> module, bool strict = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(module);
        Dictionary<string, Tensor<T>> loaded = Load<T>(path);
        var targets = module.NamedParameters().Concat(module.NamedBuffers()).ToList();
        foreach ((string name, Tensor<T> target) in targets)
        {
            if (!loaded.TryGetValue(name, out Tensor<T>? source))
            {
                throw new InvalidDataException($"'{path}' has no tensor '{name}'.");
            }
            if (!source.Shape.SequenceEqual(target.Shape))
            {
                throw new InvalidDataException($"Tensor '{name}' has shape [{string.Join(", ", source.Shape)}] in the file but [{string.Join(", ", target.Shape)}] in the module.");
            }
            using (Tensor.NoGrad())
            {
                target.CopyFrom(source);
            }
        }
        if (strict)
        {
            string? extra = loaded.Keys.FirstOrDefault(k => targets.All(t => t.Name != k));
            if (extra is not null)
            {
                throw new InvalidDataException($"'{path}' has tensor '{extra}' that the module does not have (pass strict: false to ignore it).");
            }
        }
    }

    private static string DType<T>() => typeof(T) == typeof(float) ? "F32" : "F64";
}
