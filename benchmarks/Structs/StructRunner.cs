using System.Globalization;
using System.Numerics;
using Timer = AutoDiff.Benchmarks.Quick.Timer;

namespace AutoDiff.Benchmarks.Structs;

/// <summary>
/// <c>--structs</c> (and a table of <c>--quick</c>): the generated gradient of each function written over structs and
/// tuples against the same function written over flat doubles, timed side by side in one process, as a ratio.
/// Both gradients are first checked to agree.
/// </summary>
internal static class StructRunner
{
    private const int Rounds = 25;

    private sealed record Pair(string Name, int Inputs, Func<int, double> Structs, Func<int, double> Flat, Func<double[]> StructGradient, Func<double[]> FlatGradient);

    private static IEnumerable<Pair> Pairs()
    {
        var p = new Vec3(1.1, 0.4, -0.3);
        var v = new Vec3(0.2, 0.9, 0.1);
        yield return new Pair(
            "orbit (Vec3, Vec3, double)",
            7,
            n =>
            {
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    s += StructFunctions.OrbitGradient(p, v, 1.5, out Vec3 dp, out Vec3 dv, out double dmu) + dp.X + dv.Y + dmu;
                }

                return s;
            },
            n =>
            {
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    s += StructFunctions.OrbitFlatGradient(p.X, p.Y, p.Z, v.X, v.Y, v.Z, 1.5, out double a, out double b, out double c, out double d, out double e, out double f, out double g)
                        + a + e + g;
                }

                return s;
            },
            () =>
            {
                StructFunctions.OrbitGradient(p, v, 1.5, out Vec3 dp, out Vec3 dv, out double dmu);
                return new[] { dp.X, dp.Y, dp.Z, dv.X, dv.Y, dv.Z, dmu };
            },
            () =>
            {
                StructFunctions.OrbitFlatGradient(p.X, p.Y, p.Z, v.X, v.Y, v.Z, 1.5, out double a, out double b, out double c, out double d, out double e, out double f, out double g);
                return new[] { a, b, c, d, e, f, g };
            });

        foreach (int bodies in new[] { 16, 128 })
        {
            var random = new Random(bodies);
            Vec3[] positions = Enumerable.Range(0, bodies).Select(_ => new Vec3(random.NextDouble(), random.NextDouble(), random.NextDouble())).ToArray();
            double[] x = positions.Select(q => q.X).ToArray(), y = positions.Select(q => q.Y).ToArray(), z = positions.Select(q => q.Z).ToArray();
            var dPositions = new Vec3[bodies];
            double[] dx = new double[bodies], dy = new double[bodies], dz = new double[bodies];
            yield return new Pair(
                $"n-body potential, ReadOnlySpan<Vec3> of {bodies.ToString(CultureInfo.InvariantCulture)}",
                (3 * bodies) + 1,
                n =>
                {
                    double s = 0;
                    for (int i = 0; i < n; i++)
                    {
                        s += StructFunctions.PotentialGradient(positions, 0.1, dPositions, out double ds) + ds;
                    }

                    return s;
                },
                n =>
                {
                    double s = 0;
                    for (int i = 0; i < n; i++)
                    {
                        s += StructFunctions.PotentialFlatGradient(x, y, z, 0.1, dx, dy, dz, out double ds) + ds;
                    }

                    return s;
                },
                () =>
                {
                    StructFunctions.PotentialGradient(positions, 0.1, dPositions, out double ds);
                    return dPositions.SelectMany(d => new[] { d.X, d.Y, d.Z }).Append(ds).ToArray();
                },
                () =>
                {
                    StructFunctions.PotentialFlatGradient(x, y, z, 0.1, dx, dy, dz, out double ds);
                    return Enumerable.Range(0, bodies).SelectMany(i => new[] { dx[i], dy[i], dz[i] }).Append(ds).ToArray();
                });
        }

        var orientation = new Quaternion(0.1f, 0.2f, 0.3f, 0.9f);
        var spin = new Vector3(0.5f, -0.4f, 0.3f);
        yield return new Pair(
            "rotation (Quaternion, Vector3), float",
            7,
            n =>
            {
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    s += StructFunctions.RotationGradient(orientation, spin, out Quaternion dq, out Vector3 dw) + dq.W + dw.X;
                }

                return s;
            },
            n =>
            {
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    s += StructFunctions.RotationFlatGradient(orientation.X, orientation.Y, orientation.Z, orientation.W, spin.X, spin.Y, spin.Z,
                        out float a, out float b, out float c, out float d, out float e, out float f, out float g) + d + e;
                }

                return s;
            },
            () =>
            {
                StructFunctions.RotationGradient(orientation, spin, out Quaternion dq, out Vector3 dw);
                return new double[] { dq.X, dq.Y, dq.Z, dq.W, dw.X, dw.Y, dw.Z };
            },
            () =>
            {
                StructFunctions.RotationFlatGradient(orientation.X, orientation.Y, orientation.Z, orientation.W, spin.X, spin.Y, spin.Z,
                    out float a, out float b, out float c, out float d, out float e, out float f, out float g);
                return new double[] { a, b, c, d, e, f, g };
            });

        yield return new Pair(
            "pendulum RK2 with tuples, 20 steps",
            3,
            n =>
            {
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    s += StructFunctions.PendulumGradient(0.4, 0.1, 9.81, out double a, out double b, out double c) + a + b + c;
                }

                return s;
            },
            n =>
            {
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    s += StructFunctions.PendulumFlatGradient(0.4, 0.1, 9.81, out double a, out double b, out double c) + a + b + c;
                }

                return s;
            },
            () =>
            {
                StructFunctions.PendulumGradient(0.4, 0.1, 9.81, out double a, out double b, out double c);
                return new[] { a, b, c };
            },
            () =>
            {
                StructFunctions.PendulumFlatGradient(0.4, 0.1, 9.81, out double a, out double b, out double c);
                return new[] { a, b, c };
            });
    }

    public static int Run(TextWriter output)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        List<Pair> pairs = Pairs().ToList();
        foreach (Pair pair in pairs)
        {
            double[] a = pair.StructGradient(), b = pair.FlatGradient();
            for (int i = 0; i < a.Length; i++)
            {
                if (Math.Abs(a[i] - b[i]) > 1e-5 * Math.Max(1, Math.Abs(b[i])))
                {
                    output.WriteLine($"Gradient mismatch in {pair.Name}, element {i}: structs {a[i]:R}, flat {b[i]:R}; nothing was timed.");
                    return 1;
                }
            }
        }

        output.WriteLine("| structs vs flat doubles (generated gradients) | inputs | flat (ns) | structs ÷ flat | B/call structs | B/call flat |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (Pair pair in pairs)
        {
            var structs = new Timer(pair.Structs);
            var flat = new Timer(pair.Flat);
            Timer.Measure(new[] { structs, flat }, Rounds);
            output.WriteLine(
                $"| {pair.Name} | {pair.Inputs} | {flat.Nanoseconds:F1} | {structs.Nanoseconds / flat.Nanoseconds:F2} | {structs.BytesPerCall:F0} | {flat.BytesPerCall:F0} |");
        }

        return 0;
    }
}
