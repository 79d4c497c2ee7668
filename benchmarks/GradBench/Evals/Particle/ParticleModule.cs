using System.Text.Json;
using AutoDiff.GradBench.Protocol;

namespace AutoDiff.GradBench.Evals.Particle;

/// <summary>
/// The <c>particle</c> module: <c>rr</c>, <c>rf</c>, <c>fr</c> and <c>ff</c> (outer mode, inner mode) all return the w
/// that GradBench's gradient descent finds from the input's w, minimising <see cref="Particle.MissR"/> (inner
/// reverse) or <see cref="Particle.MissF"/> (inner forward) with its generated gradient (outer reverse) or
/// derivative (outer forward).
/// </summary>
public static class ParticleModule
{
    /// <summary>The module.</summary>
    public static EvalModule Module { get; } = new("particle", new Dictionary<string, Func<JsonElement, IEvaluation>>
    {
        ["rr"] = input => Prepare(input, x => Particle.MissR(x[0]), (x, g) => Particle.MissRGradient(x[0], out g[0])),
        ["rf"] = input => Prepare(input, x => Particle.MissF(x[0]), (x, g) => Particle.MissFGradient(x[0], out g[0])),
        ["fr"] = input => Prepare(input, x => Particle.MissR(x[0]), (x, g) => Particle.MissRDerivative(x[0], 1, out g[0])),
        ["ff"] = input => Prepare(input, x => Particle.MissF(x[0]), (x, g) => Particle.MissFDerivative(x[0], 1, out g[0])),
    });

    private static DelegateEvaluation Prepare(JsonElement input, GradientDescent.Function f, GradientDescent.Gradient gradient)
    {
        double[] start = [input.GetProperty("w").GetDouble()];
        double w = 0;
        return new DelegateEvaluation(() => w = GradientDescent.ArgMin(f, gradient, start)[0], writer => writer.WriteNumberValue(w));
    }
}
