using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoDiff.Tensors.Kernels;

/// <summary>The SIMD operations the matrix micro-kernel needs, for one vector width.</summary>
internal interface ISimd<T, TV>
    where TV : struct
{
    static abstract int Width { get; }

    static abstract TV Zero { get; }

    static abstract TV Load(ref T source);

    static abstract void Store(ref T destination, TV value);

    static abstract TV Broadcast(T value);

    static abstract TV Add(TV x, TV y);

    /// <summary>x·y + z in one rounding.</summary>
    static abstract TV Fma(TV x, TV y, TV z);
}
