using System.Runtime.CompilerServices;

// The tensor tests drive internal switches (the 512-bit matmul kernel on machines without AVX-512).
[assembly: InternalsVisibleTo("AutoDiff.Tensors.Tests")]
