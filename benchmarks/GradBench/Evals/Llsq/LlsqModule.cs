using System.Runtime.CompilerServices;
using System.Text.Json;
using AutoDiff.GradBench.Protocol;

namespace AutoDiff.GradBench.Evals.Llsq;

/// <summary>The <c>llsq</c> module: <c>primal</c> and <c>gradient</c> of <see cref="Llsq.Objective"/>.</summary>
public static class LlsqModule
{
    /// <summary>The module.</summary>
    public static EvalModule Module { get; } = new("llsq", new Dictionary<string, Func<JsonElement, IEvaluation>>
    {
        ["primal"] = input => new Evaluation(Json.Doubles(input.GetProperty("x")), input.GetProperty("n").GetInt32(), gradient: false),
        ["gradient"] = input => new Evaluation(Json.Doubles(input.GetProperty("x")), input.GetProperty("n").GetInt32(), gradient: true),
    });

    private sealed class Evaluation(double[] x, int n, bool gradient) : IEvaluation
    {
        private readonly double[] _dx = new double[x.Length];
        private double _value;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run() => _value = gradient ? Llsq.ObjectiveGradient(x, n, _dx) : Llsq.Objective(x, n);

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
