using System.Runtime.CompilerServices;
using System.Text.Json;
using AutoDiff.GradBench.Protocol;

namespace AutoDiff.GradBench.Evals.Lstm;

/// <summary>
/// The <c>lstm</c> module: <c>objective</c> is <see cref="Lstm.Objective"/>; <c>jacobian</c> its gradient with respect
/// to the main then the extra parameters, each flattened row by row.
/// </summary>
public static class LstmModule
{
    /// <summary>The module.</summary>
    public static EvalModule Module { get; } = new("lstm", new Dictionary<string, Func<JsonElement, IEvaluation>>
    {
        ["objective"] = input => new Evaluation(input, gradient: false),
        ["jacobian"] = input => new Evaluation(input, gradient: true),
    });

    private sealed class Evaluation : IEvaluation
    {
        private readonly double[] _main;
        private readonly double[] _extra;
        private readonly double[] _state;
        private readonly double[] _sequence;
        private readonly int _b;
        private readonly bool _gradient;
        private readonly double[] _gradientOut;
        private double _value;

        public Evaluation(JsonElement input, bool gradient)
        {
            _main = Json.Rows(input.GetProperty("main_params"), out _, out int fourB);
            _extra = Json.Rows(input.GetProperty("extra_params"), out _, out _);
            _state = Json.Rows(input.GetProperty("state"), out _, out _);
            _sequence = Json.Rows(input.GetProperty("sequence"), out _, out _);
            _b = fourB / 4;
            _gradient = gradient;
            _gradientOut = new double[_main.Length + _extra.Length];
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run()
        {
            _value = _gradient
                ? Lstm.ObjectiveGradient(_main, _extra, _state, _sequence, _b, _gradientOut.AsSpan(0, _main.Length), _gradientOut.AsSpan(_main.Length))
                : Lstm.Objective(_main, _extra, _state, _sequence, _b);
        }

        public void WriteOutput(Utf8JsonWriter writer)
        {
            if (_gradient)
            {
                Json.Write(writer, _gradientOut);
            }
            else
            {
                writer.WriteNumberValue(_value);
            }
        }
    }
}
