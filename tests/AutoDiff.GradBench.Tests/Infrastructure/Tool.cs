using System.Text.Json;
using System.Text.Json.Nodes;
using AutoDiff.GradBench;
using AutoDiff.GradBench.Protocol;

namespace AutoDiff.GradBench.Tests.Infrastructure;

/// <summary>Talks to the tool the way an eval does: one message line in, one response line out.</summary>
internal static class Tool
{
    private static int s_id;

    /// <summary>The tool's response to <paramref name="message"/> (an <c>id</c> is added), parsed.</summary>
    public static JsonElement Send(JsonObject message)
    {
        message["id"] = Interlocked.Increment(ref s_id);
        string response = new ToolSession(Modules.All).Respond(message.ToJsonString());
        using var document = JsonDocument.Parse(response);
        JsonElement root = document.RootElement.Clone();
        Assert.Equal(message["id"]!.GetValue<int>(), root.GetProperty("id").GetInt32());
        return root;
    }

    /// <summary>The output of one successful evaluation, run once.</summary>
    public static JsonElement Evaluate(string module, string function, JsonNode input)
    {
        if (input is JsonObject o)
        {
            o["min_runs"] = 1;
            o["min_seconds"] = 0;
        }

        JsonElement response = Send(new JsonObject
        {
            ["kind"] = "evaluate",
            ["module"] = module,
            ["function"] = function,
            ["input"] = input,
        });
        Assert.True(response.GetProperty("success").GetBoolean(), response.ToString());
        return response.GetProperty("output");
    }

    /// <summary>A JSON array of numbers.</summary>
    public static JsonArray Array(IEnumerable<double> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    /// <summary>A JSON array of rows of <paramref name="columns"/> numbers, from row-major values.</summary>
    public static JsonArray Rows(double[] values, int columns) =>
        new([.. values.Chunk(columns).Select(row => (JsonNode)Array(row))]);

    /// <summary>A JSON array of numbers as a <c>double[]</c>.</summary>
    public static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];

    /// <summary>A JSON array of rows, row-major.</summary>
    public static double[] Flatten(JsonElement rows) => [.. rows.EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(e => e.GetDouble())];
}
