using System.Runtime.CompilerServices;
using System.Text.Json;
using AutoDiff.GradBench.Protocol;

namespace AutoDiff.GradBench.Evals.Det;

/// <summary>The <c>det</c> module: <c>primal</c> and <c>gradient</c> of <see cref="Det.Determinant"/>.</summary>
public static class DetModule
{
    /// <summary>The module.</summary>
    public static EvalModule Module { get; } = new("det", new Dictionary<string, Func<JsonElement, IEvaluation>>
    {
        ["primal"] = input => new Evaluation(Json.Doubles(input.GetProperty("A")), input.GetProperty("ell").GetInt32(), gradient: false),
        ["gradient"] = input => new Evaluation(Json.Doubles(input.GetProperty("A")), input.GetProperty("ell").GetInt32(), gradient: true),
    });

    private sealed class Evaluation(double[] a, int ell, bool gradient) : IEvaluation
    {
        private readonly double[] _da = new double[a.Length];
        private double _value;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run() => _value = gradient ? Det.DeterminantGradient(a, ell, _da) : Det.Determinant(a, ell);

        public void WriteOutput(Utf8JsonWriter writer)
        {
            if (gradient)
            {
                Json.Write(writer, _da);
            }
            else
            {
                writer.WriteNumberValue(_value);
            }
        }
    }
}
