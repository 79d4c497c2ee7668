using System.Text.Json;
using AutoDiff.GradBench.Protocol;

namespace AutoDiff.GradBench.Evals.Saddle;

/// <summary>
/// The <c>saddle</c> module: <c>rr</c>, <c>rf</c>, <c>fr</c> and <c>ff</c> (outer mode, inner mode). Step 1 minimises
/// <see cref="Saddle.MaxR"/> (inner reverse) or <see cref="Saddle.MaxF"/> (inner forward) over p₁ with its
/// generated gradient (outer reverse) or derivatives (outer forward); step 2 maximises f over p₂ at that p₁ with f's
/// gradient in the inner mode. The output is p₁ then p₂.
/// </summary>
public static class SaddleModule
{
    /// <summary>The module.</summary>
    public static EvalModule Module { get; } = new("saddle", new Dictionary<string, Func<JsonElement, IEvaluation>>
    {
        ["rr"] = input => Prepare(input, outerReverse: true, innerReverse: true),
        ["rf"] = input => Prepare(input, outerReverse: true, innerReverse: false),
        ["fr"] = input => Prepare(input, outerReverse: false, innerReverse: true),
        ["ff"] = input => Prepare(input, outerReverse: false, innerReverse: false),
    });

    private static DelegateEvaluation Prepare(JsonElement input, bool outerReverse, bool innerReverse)
    {
        double[] start = Json.Doubles(input.GetProperty("start"));
        double s1 = start[0];
        double s2 = start[1];
        double[] result = new double[4];

        GradientDescent.Function outer = innerReverse
            ? p => Saddle.MaxR(p[0], p[1], s1, s2)
            : p => Saddle.MaxF(p[0], p[1], s1, s2);
        GradientDescent.Gradient outerGradient = OuterGradient(outerReverse, innerReverse, s1, s2);

        return new DelegateEvaluation(
            () =>
            {
                double[] p1 = GradientDescent.ArgMin(outer, outerGradient, start);
                double x1 = p1[0];
                double y1 = p1[1];
                GradientDescent.Gradient innerGradient = innerReverse
                    ? (p, g) => Saddle.FGradient(x1, y1, p[0], p[1], out _, out _, out g[0], out g[1])
                    : (p, g) =>
                    {
                        Saddle.FDerivative(x1, y1, p[0], p[1], 0, 0, 1, 0, out g[0]);
                        Saddle.FDerivative(x1, y1, p[0], p[1], 0, 0, 0, 1, out g[1]);
                    };
                double[] p2 = GradientDescent.ArgMax(p => Saddle.F(x1, y1, p[0], p[1]), innerGradient, start);
                result[0] = x1;
                result[1] = y1;
                result[2] = p2[0];
                result[3] = p2[1];
            },
            writer => Json.Write(writer, result));
    }

    // The gradient of max over p₂ with respect to p₁: one reverse pass, or one forward pass per coordinate.
    private static GradientDescent.Gradient OuterGradient(bool outerReverse, bool innerReverse, double s1, double s2)
    {
        if (outerReverse)
        {
            return innerReverse
                ? (p, g) => Saddle.MaxRGradient(p[0], p[1], s1, s2, out g[0], out g[1])
                : (p, g) => Saddle.MaxFGradient(p[0], p[1], s1, s2, out g[0], out g[1]);
        }

        if (innerReverse)
        {
            return (p, g) =>
            {
                Saddle.MaxRDerivative(p[0], p[1], s1, s2, 1, 0, out g[0]);
                Saddle.MaxRDerivative(p[0], p[1], s1, s2, 0, 1, out g[1]);
            };
        }

        return (p, g) =>
        {
            Saddle.MaxFDerivative(p[0], p[1], s1, s2, 1, 0, out g[0]);
            Saddle.MaxFDerivative(p[0], p[1], s1, s2, 0, 1, out g[1]);
        };
    }
}
