using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace AutoDiff.GradBench.Protocol;

/// <summary>
/// The tool's side of the GradBench protocol (CONTRIBUTING.md, "Protocol"): one JSON message per input line,
/// one JSON response per output line, with the message's <c>id</c>. <c>start</c> answers with the tool's name
/// and configuration, <c>define</c> says whether the module exists, <c>evaluate</c> prepares the input (not
/// timed), runs the function as <c>min_runs</c>/<c>min_seconds</c> ask with one <c>evaluate</c> timing per
/// run, then writes the output (not timed); every other kind (<c>analysis</c>, ...) gets just its id back.
/// </summary>
public sealed class ToolSession
{
    /// <summary>The name this tool gives in its <c>start</c> response.</summary>
    public const string ToolName = "autodiff-dotnet";

    private readonly Dictionary<string, EvalModule> _modules;

    /// <summary>A session over the given modules.</summary>
    public ToolSession(IEnumerable<EvalModule> modules) => _modules = modules.ToDictionary(m => m.Name, StringComparer.Ordinal);

    /// <summary>Answers every line of <paramref name="input"/> on <paramref name="output"/>, flushing after each, until the input ends.</summary>
    public void Run(TextReader input, Stream output)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        string? line;
        while ((line = input.ReadLine()) is not null)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            buffer.ResetWrittenCount();
            Respond(line, buffer);
            buffer.Write("\n"u8);
            output.Write(buffer.WrittenSpan);
            output.Flush();
        }
    }

    /// <summary>The response to one message line, as a string (for tests).</summary>
    public string Respond(string line)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Respond(line, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // Writes the response into an empty buffer.
    private void Respond(string line, ArrayBufferWriter<byte> buffer)
    {
        using var message = JsonDocument.Parse(line);
        JsonElement root = message.RootElement;
        JsonElement id = root.GetProperty("id");
        string kind = root.TryGetProperty("kind", out JsonElement k) ? k.GetString() ?? "" : "";
        try
        {
            using var writer = new Utf8JsonWriter(buffer);
            writer.WriteStartObject();
            writer.WritePropertyName("id");
            id.WriteTo(writer);
            switch (kind)
            {
                case "start":
                    WriteStart(writer);
                    break;
                case "define":
                    WriteDefine(writer, root.GetProperty("module").GetString() ?? "");
                    break;
                case "evaluate":
                    WriteEvaluate(writer, root);
                    break;
                default:
                    break;
            }

            writer.WriteEndObject();
        }
        catch (Exception e)
        {
            // Whatever was written of the failed response is dropped; the eval gets a failure with the reason.
            buffer.ResetWrittenCount();
            using var writer = new Utf8JsonWriter(buffer);
            writer.WriteStartObject();
            writer.WritePropertyName("id");
            id.WriteTo(writer);
            writer.WriteBoolean("success", false);
            writer.WriteString("error", e.ToString());
            writer.WriteEndObject();
        }
    }

    private static void WriteStart(Utf8JsonWriter writer)
    {
        writer.WriteString("tool", ToolName);
        writer.WriteStartObject("config");
        writer.WriteString("runtime", System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
        writer.WriteString("tiered_compilation", AppContext.GetData("System.Runtime.TieredCompilation")?.ToString() ?? "default");
        writer.WriteString("tiered_pgo", AppContext.GetData("System.Runtime.TieredPGO")?.ToString() ?? "default");
        writer.WriteNumber("processors", Environment.ProcessorCount);
        writer.WriteEndObject();
    }

    private void WriteDefine(Utf8JsonWriter writer, string module)
    {
        bool known = _modules.ContainsKey(module);
        writer.WriteBoolean("success", known);
        if (!known)
        {
            writer.WriteString("error", $"no module named '{module}'; this tool has {string.Join(", ", _modules.Keys.Order(StringComparer.Ordinal))}");
        }
    }

    private void WriteEvaluate(Utf8JsonWriter writer, JsonElement message)
    {
        string module = message.GetProperty("module").GetString() ?? "";
        string function = message.GetProperty("function").GetString() ?? "";
        if (!_modules.TryGetValue(module, out EvalModule? m) || !m.Functions.TryGetValue(function, out Func<JsonElement, IEvaluation>? prepare))
        {
            writer.WriteBoolean("success", false);
            writer.WriteString("error", $"no function '{function}' in module '{module}'");
            return;
        }

        JsonElement input = message.GetProperty("input");
        (int minRuns, double minSeconds) = Runs.Read(input);
        long prepareStart = Stopwatch.GetTimestamp();
        IEvaluation evaluation = prepare(input);
        long prepareNanoseconds = (long)(Stopwatch.GetElapsedTime(prepareStart).TotalNanoseconds);
        List<long> timings = Runs.Time(evaluation, minRuns, minSeconds);

        writer.WriteBoolean("success", true);
        writer.WritePropertyName("output");
        evaluation.WriteOutput(writer);
        writer.WriteStartArray("timings");
        WriteTiming(writer, "prepare", prepareNanoseconds);
        foreach (long t in timings)
        {
            WriteTiming(writer, "evaluate", t);
        }

        writer.WriteEndArray();
    }

    private static void WriteTiming(Utf8JsonWriter writer, string name, long nanoseconds)
    {
        writer.WriteStartObject();
        writer.WriteString("name", name);
        writer.WriteNumber("nanoseconds", nanoseconds);
        writer.WriteEndObject();
    }
}
