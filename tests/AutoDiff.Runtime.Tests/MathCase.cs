using AutoDiff.DualNumbers;
using AutoDiff.Taping;

namespace AutoDiff.Runtime.Tests;

/// <summary>
/// One function in three spellings (double, Var, Dual) plus where to sample its arguments:
/// the row format of the table-driven derivative tests.
/// </summary>
internal sealed record MathCase(
    string Name,
    Func<double[], double> Plain,
    Func<Var[], Var> Reverse,
    Func<Dual[], Dual> Forward,
    Func<Random, double>[] Samplers)
{
    public int Arity => Samplers.Length;

    /// <summary>Reproducible random points inside the sampling domain.</summary>
    public IEnumerable<double[]> Points(int count)
    {
        // Seeded from the name with a stable hash: string.GetHashCode differs between runs.
        int seed = Name.Aggregate(17, (h, c) => unchecked(h * 31 + c));
        Random random = new(seed);
        for (int i = 0; i < count; i++)
        {
            yield return Samplers.Select(sample => sample(random)).ToArray();
        }
    }

    /// <summary>Uniform on [lo, hi].</summary>
    public static Func<Random, double> Range(double lo, double hi) => r => lo + (hi - lo) * r.NextDouble();

    /// <summary>Uniform magnitude on [lo, hi] with a random sign: keeps clear of a singularity at 0.</summary>
    public static Func<Random, double> AwayFromZero(double lo, double hi) =>
        r => (r.Next(2) == 0 ? -1 : 1) * (lo + (hi - lo) * r.NextDouble());
}
