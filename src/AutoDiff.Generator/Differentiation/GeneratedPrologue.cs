using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Emitting;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>Code both modes write the same way: argument checks, the workspace scope, rented spans, loops.</summary>
internal static class GeneratedPrologue
{
    /// <summary>Each derivative span must match its vector's length: a mismatch throws, naming the span.</summary>
    /// <param name="outputSpans">A vector-valued method's output tangents or adjoints, each with its output.</param>
    public static List<CodeNode> LengthChecks(LoweredMethod method, IEnumerable<(string Span, LVar Output)>? outputSpans = null)
    {
        var checks = new List<CodeNode>();
        IEnumerable<(string Span, LVar Vector)> spans = method.Inputs.Where(p => p.IsArray).Select(p => (method.DerivativeNames[p], p));
        foreach ((string derivative, LVar vector) in spans.Concat(outputSpans ?? Enumerable.Empty<(string, LVar)>()))
        {
            var fail = new List<CodeNode>
            {
                new CodeLine($"throw new global::System.ArgumentException(\"{derivative} must have the same length as {vector.Name}.\", nameof({derivative}));"),
            };
            checks.Add(new CodeIf($"{derivative}.Length != {vector.Name}.Length", fail, new List<CodeNode>()));
        }

        return checks;
    }

    /// <summary>
    /// Runs <paramref name="body"/> with the thread's workspace (value stack and scratch arrays) and hands
    /// everything it took back on the way out, exceptions included.
    /// </summary>
    public static List<CodeNode> InWorkspace(NameAllocator names, string workspace, List<CodeNode> body)
    {
        string mark = names.Fresh("mark");
        return new List<CodeNode>
        {
            new CodeLine($"global::AutoDiff.Internals.Workspace {workspace} = global::AutoDiff.Internals.Workspace.Current;"),
            new CodeLine($"global::AutoDiff.Internals.WorkspaceMark {mark} = {workspace}.Mark();"),
            new CodeBlock("try", body),
            new CodeBlock("finally", new List<CodeNode> { new CodeLine($"{workspace}.Release({mark});") }),
        };
    }

    /// <summary><c>Span&lt;double&gt; name = workspace.RentDoubles(length);</c>: zeroed, handed back when the call ends.</summary>
    public static CodeLine RentSpan(string workspace, ScalarType element, string name, string length)
    {
        string rent = element == ScalarType.Float ? "RentSingles" : "RentDoubles";
        return new CodeLine($"global::System.Span<{element.Keyword()}> {name} = {workspace}.{rent}({length});");
    }

    /// <summary>The forward loop: <c>while (c) { body }</c>, or <c>do { body } while (c);</c>.</summary>
    public static CodeBlock Loop(LLoop loop, List<CodeNode> body) =>
        loop.TestFirst
            ? new CodeBlock($"while ({loop.Condition})", body)
            : new CodeBlock("do", body, $"while ({loop.Condition});");
}
