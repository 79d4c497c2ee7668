using System.Numerics;
using AutoDiff.Tensors.Kernels;

namespace AutoDiff.Tensors;

public sealed partial class Tensor<T>
{
    /// <summary>
    /// The same elements with a new shape; one dimension may be -1 (inferred). A view sharing storage when this
    /// tensor is contiguous, otherwise a copy (like PyTorch's <c>reshape</c>).
    /// </summary>
    public Tensor<T> Reshape(params int[] shape)
    {
        int[] dims = ShapeUtil.InferShape(shape, Count, Dims, nameof(shape));
        Tensor<T> source = IsContiguous ? this : Contiguous();
        Tensor<T> r = new(source.Storage, source.Offset, dims, ShapeUtil.Strides(dims));
        if (AnyRequiresGrad(source))
        {
            int[] inDims = source.Dims;
            Record(r, "Reshape", [source], g => [g.Reshape(inDims)]);
        }
        return r;
    }

    /// <summary>An unrecorded reshape of a contiguous tensor (internal plumbing).</summary>
    internal Tensor<T> ReshapeRaw(int[] dims) => ShapeUtil.SameShape(dims, Dims) ? this : new(Storage, Offset, dims, ShapeUtil.Strides(dims));

    /// <summary>A view with a new shape; this tensor must be contiguous (use <see cref="Reshape"/> otherwise).</summary>
    public Tensor<T> View(params int[] shape) => IsContiguous
        ? Reshape(shape)
        : throw new InvalidOperationException($"View needs a contiguous tensor (shape {ShapeUtil.Format(Dims)}, strides {ShapeUtil.Format(Strides)}); use Reshape or Contiguous().");

    /// <summary>Flattens to one dimension.</summary>
    public Tensor<T> Flatten() => Reshape(Count);

    /// <summary>Flattens dimensions <paramref name="startDim"/>..<paramref name="endDim"/> (inclusive) into one.</summary>
    public Tensor<T> Flatten(int startDim, int endDim = -1)
    {
        if (Rank == 0)
        {
            return Reshape(1);
        }
        int s = ShapeUtil.NormalizeDim(startDim, Rank, nameof(startDim)), e = ShapeUtil.NormalizeDim(endDim, Rank, nameof(endDim));
        if (e < s)
        {
            throw new ArgumentException($"Flatten: endDim {endDim} comes before startDim {startDim}.", nameof(endDim));
        }
        int merged = 1;
        for (int i = s; i <= e; i++)
        {
            merged *= Dims[i];
        }
        return Reshape([.. Dims[..s], merged, .. Dims[(e + 1)..]]);
    }

    /// <summary>Inserts a dimension of size 1 at <paramref name="dim"/>.</summary>
    public Tensor<T> Unsqueeze(int dim)
    {
        int d = ShapeUtil.NormalizeDim(dim, Rank + 1, nameof(dim));
        var dims = new List<int>(Dims);
        dims.Insert(d, 1);
        var strides = new List<int>(Strides);
        strides.Insert(d, d < Rank ? Strides[d] * Dims[d] : 1);
        return ViewOf([.. dims], [.. strides], Offset, "Unsqueeze", (g, inDims) => g.Reshape(inDims));
    }

    /// <summary>Removes dimension <paramref name="dim"/>, which must have size 1.</summary>
    public Tensor<T> Squeeze(int dim)
    {
        int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dim));
        if (Dims[d] != 1)
        {
            throw new ArgumentException($"Squeeze: dimension {dim} of shape {ShapeUtil.Format(Dims)} has size {Dims[d]}, not 1.", nameof(dim));
        }
        return ViewOf([.. Dims.Where((_, i) => i != d)], [.. Strides.Where((_, i) => i != d)], Offset, "Squeeze", (g, inDims) => g.Reshape(inDims));
    }

    /// <summary>Removes every dimension of size 1.</summary>
    public Tensor<T> Squeeze() => ViewOf([.. Dims.Where(s => s != 1)], [.. Strides.Where((_, i) => Dims[i] != 1)], Offset, "Squeeze", (g, inDims) => g.Reshape(inDims));

    /// <summary>Swaps the last two dimensions: the matrix transpose, batched (like PyTorch's <c>mT</c>). A view.</summary>
    public Tensor<T> Transpose() => Rank >= 2
        ? Transpose(-2, -1)
        : throw new InvalidOperationException($"Transpose() needs at least 2 dimensions; shape is {ShapeUtil.Format(Dims)}.");

    /// <summary>Swaps two dimensions; a view sharing storage.</summary>
    public Tensor<T> Transpose(int dim0, int dim1)
    {
        int a = ShapeUtil.NormalizeDim(dim0, Rank, nameof(dim0));
        int b = ShapeUtil.NormalizeDim(dim1, Rank, nameof(dim1));
        int[] perm = [.. Enumerable.Range(0, Rank)];
        (perm[a], perm[b]) = (perm[b], perm[a]);
        return Permute(perm);
    }

    /// <summary>Reorders the dimensions: result dimension i is input dimension <paramref name="order"/>[i]. A view.</summary>
    public Tensor<T> Permute(params int[] order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Length != Rank)
        {
            throw new ArgumentException($"Permute: {order.Length} dimensions given for shape {ShapeUtil.Format(Dims)}.", nameof(order));
        }
        var perm = new int[Rank];
        var seen = new bool[Rank];
        for (int i = 0; i < Rank; i++)
        {
            perm[i] = ShapeUtil.NormalizeDim(order[i], Rank, nameof(order));
            if (seen[perm[i]])
            {
                throw new ArgumentException($"Permute: dimension {order[i]} repeated in {ShapeUtil.Format(order)}.", nameof(order));
            }
            seen[perm[i]] = true;
        }
        var dims = new int[Rank];
        var strides = new int[Rank];
        var inverse = new int[Rank];
        for (int i = 0; i < Rank; i++)
        {
            dims[i] = Dims[perm[i]];
            strides[i] = Strides[perm[i]];
            inverse[perm[i]] = i;
        }
        return ViewOf(dims, strides, Offset, "Permute", (g, _) => g.Permute(inverse));
    }

    /// <summary>Broadcasts this tensor to a larger shape as a view (stride 0 along expanded dimensions); -1 keeps a size.</summary>
    public Tensor<T> Expand(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        int[] dims = (int[])shape.Clone();
        for (int i = 0; i < dims.Length; i++)
        {
            int mine = i - (dims.Length - Rank);
            if (dims[i] == -1 && mine >= 0)
            {
                dims[i] = Dims[mine];
            }
        }
        dims = ShapeUtil.CheckShape(dims, nameof(shape));
        int[] outDims = ShapeUtil.Broadcast(Dims, dims, "Expand", nameof(shape));
        if (!ShapeUtil.SameShape(outDims, dims))
        {
            throw new ArgumentException($"Expand: shape {ShapeUtil.Format(Dims)} cannot be expanded to {ShapeUtil.Format(dims)}.", nameof(shape));
        }
        if (ShapeUtil.SameShape(dims, Dims))
        {
            return this;
        }
        return ViewOf(dims, ShapeUtil.BroadcastStrides(Dims, Strides, dims), Offset, "Expand", (g, inDims) => g.SumTo(inDims));
    }

    /// <summary>An unrecorded broadcast view (internal plumbing).</summary>
    internal Tensor<T> ExpandView(int[] dims) => ShapeUtil.SameShape(dims, Dims) ? this : new(Storage, Offset, dims, ShapeUtil.BroadcastStrides(Dims, Strides, dims));

    /// <summary>Elements <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/> along <paramref name="dim"/>; a view.</summary>
    public Tensor<T> Narrow(int dim, int start, int length)
    {
        int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dim));
        if (start < 0)
        {
            start += Dims[d];
        }
        if (start < 0 || start > Dims[d])
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"Narrow start must be within 0..{Dims[d]} for dimension {d} of shape {ShapeUtil.Format(Dims)}.");
        }
        if (length < 0 || start + length > Dims[d])
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"Narrow length must be within 0..{Dims[d] - start} for dimension {d} of shape {ShapeUtil.Format(Dims)}.");
        }
        return Slice(d, start, start + length, 1);
    }

    internal Tensor<T> NarrowView(int dim, int start, int length)
    {
        int[] dims = (int[])Dims.Clone();
        dims[dim] = length;
        return new Tensor<T>(Storage, Offset + start * Strides[dim], dims, Strides);
    }

    /// <summary>
    /// Elements <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive) along <paramref name="dim"/>,
    /// every <paramref name="step"/>-th (<c>x[..., start:end:step]</c>); a view sharing storage. Negative start and end count from the end.
    /// </summary>
    public Tensor<T> Slice(int dim, int start, int end, int step = 1)
    {
        int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dim));
        int n = Dims[d];
        if (step <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "Slice step must be positive (use Flip to reverse).");
        }
        if (start < 0)
        {
            start += n;
        }
        if (end < 0)
        {
            end += n;
        }
        if (start < 0 || start > n)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"Slice start must be within 0..{n} for dimension {d} of shape {ShapeUtil.Format(Dims)}.");
        }
        if (end < start || end > n)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, $"Slice end must be within {start}..{n} for dimension {d} of shape {ShapeUtil.Format(Dims)}.");
        }
        int length = (end - start + step - 1) / step;
        int[] dims = (int[])Dims.Clone();
        dims[d] = length;
        int[] strides = (int[])Strides.Clone();
        strides[d] *= step;
        int[] rowMajor = ShapeUtil.Strides(Dims);
        int[] relStrides = (int[])rowMajor.Clone();
        relStrides[d] *= step;
        return RegionView(dims, strides, Offset + start * Strides[d], start * rowMajor[d], relStrides, "Slice");
    }

    /// <summary>The slice at <paramref name="index"/> along <paramref name="dim"/>, with that dimension removed (<c>x[..., i, ...]</c>); a view.</summary>
    public Tensor<T> Select(int dim, int index)
    {
        int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dim));
        int i = index < 0 ? index + Dims[d] : index;
        if (i < 0 || i >= Dims[d])
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Index {index} is out of range for dimension {d} of size {Dims[d]}.");
        }
        int[] rowMajor = ShapeUtil.Strides(Dims);
        return RegionView([.. Dims.Where((_, k) => k != d)], [.. Strides.Where((_, k) => k != d)], Offset + i * Strides[d],
            i * rowMajor[d], [.. rowMajor.Where((_, k) => k != d)], "Select");
    }

    /// <summary>Reverses the order of elements along the given dimensions (a view with negative strides).</summary>
    public Tensor<T> Flip(params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        int[] strides = (int[])Strides.Clone();
        int[] rowMajor = ShapeUtil.Strides(Dims);
        int[] relStrides = (int[])rowMajor.Clone();
        int offset = Offset, relOffset = 0;
        foreach (int dim in dims)
        {
            int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dims));
            if (Dims[d] == 0)
            {
                continue;
            }
            offset += (Dims[d] - 1) * strides[d];
            relOffset += (Dims[d] - 1) * relStrides[d];
            strides[d] = -strides[d];
            relStrides[d] = -relStrides[d];
        }
        return RegionView(Dims, strides, offset, relOffset, relStrides, "Flip");
    }

    /// <summary>Rolls elements along <paramref name="dim"/> by <paramref name="shift"/> positions (wrapping around).</summary>
    public Tensor<T> Roll(int shift, int dim)
    {
        int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dim));
        int n = Dims[d];
        if (n == 0)
        {
            return Clone();
        }
        int s = ((shift % n) + n) % n;
        return s == 0 ? Clone() : Concat(d, Narrow(d, n - s, s), Narrow(d, 0, n - s));
    }

    /// <summary>A view with the given layout, recorded with a backward that does not need the region (permute, expand, reshape).</summary>
    private Tensor<T> ViewOf(int[] dims, int[] strides, int offset, string name, Func<Tensor<T>, int[], Tensor<T>> backward)
    {
        var r = new Tensor<T>(Storage, offset, dims, strides);
        if (AnyRequiresGrad(this))
        {
            int[] inDims = Dims;
            Record(r, name, [this], g => [backward(g, inDims)]);
        }
        return r;
    }

    /// <summary>
    /// A view selecting a region of this tensor (narrow, stepped slice, select, flip). The region is also described
    /// in this tensor's own row-major layout (<paramref name="relOffset"/>, <paramref name="relStrides"/>): the
    /// gradient is a zero tensor of this shape with the upstream gradient written into that region.
    /// </summary>
    private Tensor<T> RegionView(int[] dims, int[] strides, int offset, int relOffset, int[] relStrides, string name)
    {
        var r = new Tensor<T>(Storage, offset, dims, strides);
        if (AnyRequiresGrad(this))
        {
            int[] inDims = Dims;
            Record(r, name, [this], g => [RegionBackward(g, inDims, relOffset, relStrides)]);
        }
        return r;
    }

    /// <summary>Zeros of <paramref name="baseDims"/> with <paramref name="g"/> written into the region; differentiable (its gradient is the region of the upstream gradient).</summary>
    private static Tensor<T> RegionBackward(Tensor<T> g, int[] baseDims, int relOffset, int[] relStrides)
    {
        Tensor<T> r = Empty(baseDims, clear: true);
        var region = new Tensor<T>(r.Storage, r.Offset + relOffset, g.Dims, relStrides);
        Elementwise.CopyStrided(g, region);
        if (AnyRequiresGrad(g))
        {
            int[] gDims = g.Dims;
            Record(r, "RegionBackward", [g], gg =>
            {
                Tensor<T> c = gg.Contiguous();
                return [c.RegionView(gDims, relStrides, c.Offset + relOffset, 0, ShapeUtil.Strides(gDims), "Region")];
            });
        }
        return r;
    }

    /// <summary>Joins tensors along <paramref name="dim"/>; all other dimensions must agree.</summary>
    public static Tensor<T> Concat(int dim, params Tensor<T>[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Length == 0)
        {
            throw new ArgumentException("Concat needs at least one tensor.", nameof(tensors));
        }
        Tensor<T> first = tensors[0] ?? throw new ArgumentNullException(nameof(tensors));
        int d = ShapeUtil.NormalizeDim(dim, first.Rank, nameof(dim));
        var sizes = new int[tensors.Length];
        for (int t = 0; t < tensors.Length; t++)
        {
            Tensor<T> x = tensors[t] ?? throw new ArgumentNullException(nameof(tensors));
            bool ok = x.Rank == first.Rank;
            for (int i = 0; ok && i < first.Rank; i++)
            {
                ok = i == d || x.Dims[i] == first.Dims[i];
            }
            if (!ok)
            {
                throw new ArgumentException(
                    $"Concat along dimension {d}: shapes {ShapeUtil.Format(first.Dims)} and {ShapeUtil.Format(x.Dims)} differ in another dimension.", nameof(tensors));
            }
            sizes[t] = x.Dims[d];
        }
        var outDims = (int[])first.Dims.Clone();
        outDims[d] = sizes.Sum();
        Tensor<T> r = Empty(outDims);
        int at = 0;
        for (int t = 0; t < tensors.Length; t++)
        {
            Elementwise.CopyStrided(tensors[t], r.NarrowView(d, at, sizes[t]));
            at += sizes[t];
        }
        if (Tensor.IsGradEnabled && tensors.Any(x => x.RequiresGrad))
        {
            Tensor<T>[] inputs = (Tensor<T>[])tensors.Clone();
            Record(r, "Concat", inputs, g =>
            {
                var grads = new Tensor<T>?[inputs.Length];
                int offset = 0;
                for (int t = 0; t < inputs.Length; t++)
                {
                    grads[t] = inputs[t].RequiresGrad ? g.Narrow(d, offset, sizes[t]) : null;
                    offset += sizes[t];
                }
                return grads;
            });
        }
        return r;
    }

    /// <summary>Stacks tensors of equal shape along a new dimension <paramref name="dim"/>.</summary>
    public static Tensor<T> Stack(int dim, params Tensor<T>[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Length == 0)
        {
            throw new ArgumentException("Stack needs at least one tensor.", nameof(tensors));
        }
        foreach (Tensor<T> t in tensors)
        {
            ArgumentNullException.ThrowIfNull(t, nameof(tensors));
            if (!ShapeUtil.SameShape(t.Dims, tensors[0].Dims))
            {
                throw new ArgumentException($"Stack: shapes {ShapeUtil.Format(tensors[0].Dims)} and {ShapeUtil.Format(t.Dims)} differ.", nameof(tensors));
            }
        }
        int d = ShapeUtil.NormalizeDim(dim, tensors[0].Rank + 1, nameof(dim));
        return Concat(d, [.. tensors.Select(t => t.Unsqueeze(d))]);
    }

    /// <summary>Splits along <paramref name="dim"/> into pieces of <paramref name="size"/> (the last may be smaller); views.</summary>
    public Tensor<T>[] Split(int size, int dim = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dim));
        var parts = new List<Tensor<T>>();
        for (int s = 0; s < Dims[d]; s += size)
        {
            parts.Add(Narrow(d, s, Math.Min(size, Dims[d] - s)));
        }
        return [.. parts];
    }

    /// <summary>Splits along <paramref name="dim"/> into pieces of the given sizes, which must add up to the dimension.</summary>
    public Tensor<T>[] Split(int[] sizes, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dim));
        if (sizes.Any(s => s < 0) || sizes.Sum() != Dims[d])
        {
            throw new ArgumentException($"Split: sizes {ShapeUtil.Format(sizes)} do not add up to {Dims[d]} (dimension {d} of {ShapeUtil.Format(Dims)}).", nameof(sizes));
        }
        var parts = new Tensor<T>[sizes.Length];
        int at = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            parts[i] = Narrow(d, at, sizes[i]);
            at += sizes[i];
        }
        return parts;
    }

    /// <summary>Splits into <paramref name="chunks"/> nearly equal pieces along <paramref name="dim"/> (<c>torch.chunk</c>).</summary>
    public Tensor<T>[] Chunk(int chunks, int dim = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunks);
        int d = ShapeUtil.NormalizeDim(dim, Rank, nameof(dim));
        return Split(Math.Max(1, (Dims[d] + chunks - 1) / chunks), d);
    }

    /// <summary>Tiles the tensor: dimension i is repeated <paramref name="repeats"/>[i] times (<c>torch.Tensor.repeat</c>).</summary>
    public Tensor<T> Repeat(params int[] repeats)
    {
        ArgumentNullException.ThrowIfNull(repeats);
        if (repeats.Length < Rank)
        {
            throw new ArgumentException($"Repeat: {repeats.Length} repeats for shape {ShapeUtil.Format(Dims)}; need at least {Rank}.", nameof(repeats));
        }
        // Insert a size-1 dimension before each, expand it to the repeat count, then merge: [r0, d0, r1, d1, ...].
        Tensor<T> x = Reshape([.. Enumerable.Repeat(1, repeats.Length - Rank), .. Dims]);
        var interleaved = new List<int>();
        var expanded = new List<int>();
        var final = new int[repeats.Length];
        for (int i = 0; i < repeats.Length; i++)
        {
            interleaved.Add(1);
            interleaved.Add(x.Dims[i]);
            expanded.Add(repeats[i]);
            expanded.Add(x.Dims[i]);
            final[i] = repeats[i] * x.Dims[i];
        }
        return x.Reshape([.. interleaved]).Expand([.. expanded]).Reshape(final);
    }

    /// <summary>The lower triangle of the last two dimensions (elements with column − row ≤ <paramref name="diagonal"/>), zeros elsewhere.</summary>
    public Tensor<T> Tril(int diagonal = 0) => Triangle(diagonal, lower: true);

    /// <summary>The upper triangle of the last two dimensions (column − row ≥ <paramref name="diagonal"/>), zeros elsewhere.</summary>
    public Tensor<T> Triu(int diagonal = 0) => Triangle(diagonal, lower: false);

    private Tensor<T> Triangle(int diagonal, bool lower)
    {
        if (Rank < 2)
        {
            throw new InvalidOperationException($"Tril/Triu need at least 2 dimensions; shape is {ShapeUtil.Format(Dims)}.");
        }
        int rows = Dims[^2], cols = Dims[^1];
        var keep = new bool[rows * cols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                keep[i * cols + j] = lower ? j - i <= diagonal : j - i >= diagonal;
            }
        }
        return Where(new BoolTensor(keep, [rows, cols]), this, T.Zero);
    }

    /// <summary>
    /// Pads the last dimensions with <paramref name="value"/>: <paramref name="padding"/> lists (before, after) pairs
    /// starting from the last dimension, like <c>torch.nn.functional.pad</c> in constant mode.
    /// </summary>
    public Tensor<T> Pad(int[] padding, T value = default)
    {
        ArgumentNullException.ThrowIfNull(padding);
        if (padding.Length % 2 != 0 || padding.Length / 2 > Rank || padding.Any(p => p < 0))
        {
            throw new ArgumentException($"Pad: {ShapeUtil.Format(padding)} must be non-negative (before, after) pairs for at most {Rank} dimensions.", nameof(padding));
        }
        int[] dims = (int[])Dims.Clone();
        int[] starts = new int[Rank];
        for (int p = 0; p < padding.Length / 2; p++)
        {
            int d = Rank - 1 - p;
            starts[d] = padding[2 * p];
            dims[d] += padding[2 * p] + padding[2 * p + 1];
        }
        Tensor<T> r = Full(value, dims);
        Tensor<T> region = r;
        for (int d = 0; d < Rank; d++)
        {
            region = region.NarrowView(d, starts[d], Dims[d]);
        }
        Elementwise.CopyStrided(this, region);
        if (AnyRequiresGrad(this))
        {
            Record(r, "Pad", [this], g =>
            {
                Tensor<T> inner = g;
                for (int d = 0; d < starts.Length; d++)
                {
                    inner = inner.Narrow(d, starts[d], Dims[d]);
                }
                return [inner];
            });
        }
        return r;
    }
}
