using System.Runtime.CompilerServices;
using System.Text.Json;
using AutoDiff.GradBench.Protocol;

namespace AutoDiff.GradBench.Evals.Gmm;

/// <summary>The <c>gmm</c> module: <c>objective</c> and <c>jacobian</c> (the gradient) of <see cref="Gmm.Objective"/>.</summary>
public static class GmmModule
{
    /// <summary>The module.</summary>
    public static EvalModule Module { get; } = new("gmm", new Dictionary<string, Func<JsonElement, IEvaluation>>
    {
        ["objective"] = input => new Evaluation(GmmInput.Parse(input), gradient: false),
        ["jacobian"] = input => new Evaluation(GmmInput.Parse(input), gradient: true),
    });

    private sealed class Evaluation(GmmInput input, bool gradient) : IEvaluation
    {
        private readonly double[] _dAlpha = new double[input.Alpha.Length];
        private readonly double[] _dMu = new double[input.Mu.Length];
        private readonly double[] _dQ = new double[input.Q.Length];
        private readonly double[] _dL = new double[input.L.Length];
        private double _value;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run()
        {
            _value = gradient
                ? Gmm.ObjectiveGradient(input.Alpha, input.Mu, input.Q, input.L, input.X, input.D, input.Gamma, input.M, _dAlpha, _dMu, _dQ, _dL)
                : Gmm.Objective(input.Alpha, input.Mu, input.Q, input.L, input.X, input.D, input.Gamma, input.M);
        }

        public void WriteOutput(Utf8JsonWriter writer)
        {
            if (!gradient)
            {
                writer.WriteNumberValue(_value);
                return;
            }

            writer.WriteStartObject();
            writer.WritePropertyName("alpha");
            Json.Write(writer, _dAlpha);
            writer.WritePropertyName("mu");
            Json.WriteRows(writer, _dMu, input.D);
            writer.WritePropertyName("q");
            Json.WriteRows(writer, _dQ, input.D);
            writer.WritePropertyName("l");
            Json.WriteRows(writer, _dL, input.D * (input.D - 1) / 2);
            writer.WriteEndObject();
        }
    }
}

/// <summary>The <c>gmm</c> eval's input, flattened row-major.</summary>
public sealed record GmmInput(int D, int K, int N, double[] Alpha, double[] Mu, double[] Q, double[] L, double[] X, double Gamma, int M)
{
    /// <summary>Reads the eval's <c>Input</c> object.</summary>
    public static GmmInput Parse(JsonElement input) => new(
        input.GetProperty("d").GetInt32(),
        input.GetProperty("k").GetInt32(),
        input.GetProperty("n").GetInt32(),
        Json.Doubles(input.GetProperty("alpha")),
        Json.Rows(input.GetProperty("mu"), out _, out _),
        Json.Rows(input.GetProperty("q"), out _, out _),
        Json.Rows(input.GetProperty("l"), out _, out _),
        Json.Rows(input.GetProperty("x"), out _, out _),
        input.GetProperty("gamma").GetDouble(),
        input.GetProperty("m").GetInt32());
}
