namespace Digits;

/// <summary>
/// Handwriting-like digits made in code: each digit is a few pen strokes in a unit box, drawn with a random slant,
/// rotation, scale, offset and pen width, anti-aliased onto a 28 × 28 grid (MNIST's size) with a little noise.
/// The same seed gives the same images on every machine.
/// </summary>
internal static class DigitData
{
    public const int Size = 28;

    // Strokes as polylines in a unit box (x right, y down).
    private static readonly (double X, double Y)[][][] Strokes =
    [
        [Ellipse(0.5, 0.5, 0.27, 0.4)],
        [[(0.35, 0.25), (0.52, 0.1), (0.52, 0.9)]],
        [[(0.25, 0.3), (0.35, 0.13), (0.58, 0.1), (0.74, 0.24), (0.7, 0.45), (0.25, 0.9), (0.8, 0.9)]],
        [[(0.25, 0.15), (0.72, 0.15), (0.45, 0.45), (0.7, 0.58), (0.72, 0.8), (0.5, 0.92), (0.25, 0.85)]],
        [[(0.65, 0.9), (0.65, 0.1), (0.2, 0.65), (0.85, 0.65)]],
        [[(0.75, 0.1), (0.32, 0.1), (0.28, 0.45), (0.58, 0.4), (0.75, 0.58), (0.7, 0.84), (0.45, 0.92), (0.25, 0.84)]],
        [[(0.7, 0.12), (0.45, 0.16), (0.3, 0.4), (0.28, 0.7), (0.45, 0.9), (0.68, 0.85), (0.72, 0.63), (0.5, 0.5), (0.3, 0.6)]],
        [[(0.2, 0.1), (0.8, 0.1), (0.45, 0.9)]],
        [Ellipse(0.5, 0.29, 0.2, 0.19), Ellipse(0.5, 0.7, 0.24, 0.21)],
        [Ellipse(0.5, 0.32, 0.22, 0.21), [(0.72, 0.32), (0.62, 0.9)]],
    ];

    private static (double X, double Y)[] Ellipse(double cx, double cy, double rx, double ry) =>
        [.. Enumerable.Range(0, 21).Select(i => (cx + rx * Math.Sin(2 * Math.PI * i / 20), cy - ry * Math.Cos(2 * Math.PI * i / 20)))];

    /// <summary><paramref name="count"/> images (row-major, values in [0, 1]) and their digits, classes cycling 0..9.</summary>
    public static (float[] Pixels, int[] Labels) Make(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new float[count * Size * Size];
        var labels = new int[count];
        for (int n = 0; n < count; n++)
        {
            int digit = n % 10;
            labels[n] = digit;
            Draw(Strokes[digit], random, pixels.AsSpan(n * Size * Size, Size * Size));
        }
        return (pixels, labels);
    }

    private static void Draw((double X, double Y)[][] strokes, Random random, Span<float> image)
    {
        double angle = (random.NextDouble() - 0.5) * 0.5;           // ±14°
        double slant = (random.NextDouble() - 0.5) * 0.5;
        double scale = 17 + random.NextDouble() * 5;                // digit height in pixels
        double aspect = 0.8 + random.NextDouble() * 0.35;
        double cx = Size / 2.0 + (random.NextDouble() - 0.5) * 4, cy = Size / 2.0 + (random.NextDouble() - 0.5) * 4;
        double pen = 0.9 + random.NextDouble() * 0.9;               // half-width of the pen in pixels
        (double X, double Y) Map((double X, double Y) p)
        {
            // Wobble each point a little, like a hand.
            double x = (p.X - 0.5 + (random.NextDouble() - 0.5) * 0.05) * aspect, y = p.Y - 0.5 + (random.NextDouble() - 0.5) * 0.05;
            x += slant * -y;
            double rx = x * Math.Cos(angle) - y * Math.Sin(angle), ry = x * Math.Sin(angle) + y * Math.Cos(angle);
            return (cx + rx * scale, cy + ry * scale);
        }
        var segments = new List<((double X, double Y) A, (double X, double Y) B)>();
        foreach ((double X, double Y)[] stroke in strokes)
        {
            (double X, double Y)[] mapped = [.. stroke.Select(Map)];
            for (int i = 0; i + 1 < mapped.Length; i++)
            {
                segments.Add((mapped[i], mapped[i + 1]));
            }
        }
        for (int r = 0; r < Size; r++)
        {
            for (int c = 0; c < Size; c++)
            {
                double d = segments.Min(s => Distance((c + 0.5, r + 0.5), s.A, s.B));
                double ink = Math.Clamp(pen + 0.5 - d, 0, 1);
                double noise = Gaussian(random) * 0.08;
                image[r * Size + c] = (float)Math.Clamp(ink + noise, 0, 1);
            }
        }
    }

    private static double Distance((double X, double Y) p, (double X, double Y) a, (double X, double Y) b)
    {
        double dx = b.X - a.X, dy = b.Y - a.Y;
        double t = Math.Clamp(((p.X - a.X) * dx + (p.Y - a.Y) * dy) / Math.Max(dx * dx + dy * dy, 1e-12), 0, 1);
        double ex = a.X + t * dx - p.X, ey = a.Y + t * dy - p.Y;
        return Math.Sqrt(ex * ex + ey * ey);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
