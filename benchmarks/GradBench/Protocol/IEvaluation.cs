using System.Text.Json;

namespace AutoDiff.GradBench.Protocol;

/// <summary>
/// One <c>evaluate</c> message made ready to run: its input already parsed and every buffer allocated, so
/// <see cref="Run"/> times only the computation.
/// </summary>
public interface IEvaluation
{
    /// <summary>Computes the function once; called at least <c>min_runs</c> times, each call timed.</summary>
    void Run();

    /// <summary>Writes the result of the last <see cref="Run"/> as the response's <c>output</c> value (not timed).</summary>
    void WriteOutput(Utf8JsonWriter writer);
}

/// <summary>A module of an eval: its functions by name, each turning an <c>input</c> into an <see cref="IEvaluation"/>.</summary>
/// <param name="Name">The module name the eval's <c>define</c> message asks for.</param>
/// <param name="Functions">Function name → preparation of one evaluation from the message's <c>input</c>.</param>
public sealed record EvalModule(string Name, IReadOnlyDictionary<string, Func<JsonElement, IEvaluation>> Functions);

/// <summary>An <see cref="IEvaluation"/> from two delegates, for the small evals.</summary>
public sealed class DelegateEvaluation(Action run, Action<Utf8JsonWriter> writeOutput) : IEvaluation
{
    /// <inheritdoc />
    public void Run() => run();

    /// <inheritdoc />
    public void WriteOutput(Utf8JsonWriter writer) => writeOutput(writer);
}
