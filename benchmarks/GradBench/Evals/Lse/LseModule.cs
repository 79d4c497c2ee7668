using System.Runtime.CompilerServices;
using System.Text.Json;
using AutoDiff.GradBench.Protocol;

namespace AutoDiff.GradBench.Evals.Lse;

/// <summary>The <c>lse</c> module: <c>primal</c> and <c>gradient</c> of <see cref="Lse.LogSumExp"/>.</summary>
public static class LseModule
{
    /// <summary>The module.</summary>
    public static EvalModule Module { get; } = new("lse", new Dictionary<string, Func<JsonElement, IEvaluation>>
    {
        ["primal"] = input => new Evaluation(Json.Doubles(input.GetProperty("x")), gradient: false),
        ["gradient"] = input => new Evaluation(Json.Doubles(input.GetProperty("x")), gradient: true),
    });

    private sealed class Evaluation(double[] x, bool gradient) : IEvaluation
    {
        private readonly double[] _dx = new double[x.Length];
        private double _value;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run() => _value = gradient ? Lse.LogSumExpGradient(x, _dx) : Lse.LogSumExp(x);

        public void WriteOutput(Utf8JsonWriter writer)
        {
            if (gradient)
            {
                Json.Write(writer, _dx);
            }
            else
            {
                writer.WriteNumberValue(_value);
            }
        }
    }
}
