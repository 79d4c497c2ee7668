using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutoDiff.GradBench.Protocol;
using AutoDiff.GradBench.Tests.Infrastructure;

namespace AutoDiff.GradBench.Tests;

/// <summary>The protocol of GradBench's CONTRIBUTING.md, on messages these tests make.</summary>
public class ProtocolTests
{
    [Fact]
    public void Start_answers_with_the_id_the_tool_name_and_its_configuration()
    {
        JsonElement response = Tool.Send(new JsonObject { ["kind"] = "start", ["eval"] = "hello" });

        Assert.Equal(ToolSession.ToolName, response.GetProperty("tool").GetString());
        Assert.Equal(JsonValueKind.Object, response.GetProperty("config").ValueKind);
    }

    [Fact]
    public void Define_succeeds_for_every_eval_and_fails_with_a_reason_for_an_unknown_module()
    {
        string[] evals = ["hello", "gmm", "lse", "llsq", "det", "ode", "kmeans", "lstm", "ba", "ht", "particle", "saddle"];
        foreach (string eval in evals)
        {
            Assert.True(Tool.Send(new JsonObject { ["kind"] = "define", ["module"] = eval }).GetProperty("success").GetBoolean(), eval);
        }

        JsonElement unknown = Tool.Send(new JsonObject { ["kind"] = "define", ["module"] = "nope" });
        Assert.False(unknown.GetProperty("success").GetBoolean());
        Assert.Contains("nope", unknown.GetProperty("error").GetString());
    }

    [Fact]
    public void Analysis_and_unknown_kinds_get_only_their_id_back()
    {
        foreach (JsonObject message in new[]
        {
            new JsonObject { ["kind"] = "analysis", ["of"] = 3, ["valid"] = false, ["error"] = "Expected tau, got e." },
            new JsonObject { ["kind"] = "end" },
        })
        {
            JsonElement response = Tool.Send(message);
            Assert.Equal(["id"], response.EnumerateObject().Select(p => p.Name));
        }
    }

    [Fact]
    public void Evaluate_runs_min_runs_times_with_one_evaluate_timing_per_run()
    {
        JsonElement response = Tool.Send(new JsonObject
        {
            ["kind"] = "evaluate",
            ["module"] = "lse",
            ["function"] = "gradient",
            ["input"] = new JsonObject { ["x"] = Tool.Array([1, 2, 3]), ["min_runs"] = 7, ["min_seconds"] = 0 },
            ["description"] = "n=3",
        });

        Assert.True(response.GetProperty("success").GetBoolean());
        long[] runs = [.. response.GetProperty("timings").EnumerateArray()
            .Where(t => t.GetProperty("name").GetString() == "evaluate")
            .Select(t => t.GetProperty("nanoseconds").GetInt64())];
        Assert.Equal(7, runs.Length);
        Assert.All(runs, ns => Assert.True(ns >= 0));
    }

    [Fact]
    public void Evaluate_repeats_until_the_runs_took_min_seconds()
    {
        JsonElement response = Tool.Send(new JsonObject
        {
            ["kind"] = "evaluate",
            ["module"] = "det",
            ["function"] = "primal",
            ["input"] = new JsonObject { ["A"] = Tool.Array(Differences.Random(new Random(1), 36)), ["ell"] = 6, ["min_runs"] = 1, ["min_seconds"] = 0.02 },
        });

        long[] runs = [.. response.GetProperty("timings").EnumerateArray()
            .Where(t => t.GetProperty("name").GetString() == "evaluate")
            .Select(t => t.GetProperty("nanoseconds").GetInt64())];
        Assert.True(runs.Length > 1);
        Assert.True(runs.Sum() >= 0.02e9, $"{runs.Length} runs took {runs.Sum()} ns");
        Assert.True(runs.Sum() - runs[^1] < 0.02e9, "one run too many");
    }

    [Fact]
    public void Hello_square_and_double_work_on_a_bare_number_input()
    {
        Assert.Equal(9.0, Tool.Evaluate("hello", "square", JsonValue.Create(3.0)).GetDouble());
        Assert.Equal(6.0, Tool.Evaluate("hello", "double", JsonValue.Create(3.0)).GetDouble());
    }

    [Fact]
    public void A_failing_evaluation_answers_success_false_with_the_reason()
    {
        JsonElement missingField = Tool.Send(new JsonObject
        {
            ["kind"] = "evaluate",
            ["module"] = "lse",
            ["function"] = "primal",
            ["input"] = new JsonObject { ["y"] = Tool.Array([1]) },
        });
        Assert.False(missingField.GetProperty("success").GetBoolean());
        Assert.Contains("KeyNotFoundException", missingField.GetProperty("error").GetString());

        JsonElement unknownFunction = Tool.Send(new JsonObject
        {
            ["kind"] = "evaluate",
            ["module"] = "lse",
            ["function"] = "hessian",
            ["input"] = new JsonObject { ["x"] = Tool.Array([1]) },
        });
        Assert.False(unknownFunction.GetProperty("success").GetBoolean());
        Assert.Contains("hessian", unknownFunction.GetProperty("error").GetString());
    }

    [Fact]
    public void A_session_answers_each_line_on_its_own_line_until_the_input_ends()
    {
        string messages = string.Join('\n',
            """{"id": 0, "kind": "start", "eval": "hello"}""",
            """{"id": 1, "kind": "define", "module": "hello"}""",
            """{"id": 2, "kind": "evaluate", "module": "hello", "function": "square", "input": 1.5}""",
            """{"id": 3, "kind": "analysis", "of": 2, "valid": true}""",
            """{"id": 4, "kind": "evaluate", "module": "hello", "function": "double", "input": 2.25}""",
            "");
        using var output = new MemoryStream();

        new ToolSession(Modules.All).Run(new StringReader(messages), output);

        string[] lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n');
        Assert.Equal(6, lines.Length);
        Assert.Equal("", lines[^1]);
        JsonElement[] responses = [.. lines[..^1].Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.Equal([0, 1, 2, 3, 4], responses.Select(r => r.GetProperty("id").GetInt32()));
        Assert.True(responses[1].GetProperty("success").GetBoolean());
        Assert.Equal(2.25, responses[2].GetProperty("output").GetDouble());
        Assert.Equal(4.5, responses[4].GetProperty("output").GetDouble());
    }
}
