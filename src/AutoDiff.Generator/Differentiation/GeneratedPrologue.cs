using System.Collections.Generic;
using System.Linq;
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
            checks.Add(SameLength(derivative, vector.Name));
        }

        return checks;
    }

    /// <summary><c>if (span.Length != vector.Length) throw ...</c>, naming the span.</summary>
    public static CodeNode SameLength(string span, string vector) => Code.ThrowIf(
        Code.Binary(BinaryOperator.NotEqual, Code.Length(Code.Name(span)), Code.Length(Code.Name(vector))),
        span,
        $"{span} must have the same length as {vector}.");

    /// <summary>
    /// Runs <paramref name="body"/> with the thread's workspace (value stack and scratch arrays) and hands
    /// everything it took back on the way out, exceptions included.
    /// </summary>
    public static List<CodeNode> InWorkspace(NameAllocator names, string workspace, List<CodeNode> body)
    {
        string mark = names.Fresh("mark");
        var nodes = OpenWorkspace(workspace, mark);
        nodes.Add(new CodeTry(body, new List<CodeNode> { Release(workspace, mark) }));
        return nodes;
    }

    /// <summary>The thread's workspace and a mark to hand back to.</summary>
    public static List<CodeNode> OpenWorkspace(string workspace, string mark) => new()
    {
        Code.Declare(TypeRef.Named(RuntimeNames.Workspace), workspace, new ExternalValueExpr(ScalarType.Double, string.Empty, RuntimeNames.Workspace + ".Current")),
        Code.Declare(TypeRef.Named(RuntimeNames.WorkspaceMark), mark, Mark(workspace)),
    };

    /// <summary><c>workspace.Mark()</c>.</summary>
    public static Expr Mark(string workspace) => Code.CallOn(Code.Name(workspace), "Mark", ScalarType.Double);

    /// <summary><c>workspace.Release(mark);</c></summary>
    public static CodeNode Release(string workspace, string mark) =>
        Code.Statement(Code.CallOn(Code.Name(workspace), "Release", ScalarType.Double, Code.Name(mark)));

    /// <summary><c>Span&lt;double&gt; name = workspace.RentDoubles(length);</c>: zeroed, handed back when the call ends.</summary>
    public static CodeNode RentSpan(string workspace, ScalarType element, string name, Expr length) =>
        Code.Declare(TypeRef.Span(TypeRef.Of(element)), name, Code.CallOn(Code.Name(workspace), element == ScalarType.Float ? "RentSingles" : "RentDoubles", element, length));

    /// <summary><c>Span&lt;Dual&gt; name = workspace.RentDuals(length);</c></summary>
    public static CodeNode RentDuals(string workspace, string name, Expr length) =>
        Code.Declare(TypeRef.Span(TypeRef.Named(Arithmetic.DualType)), name, Code.CallOn(Code.Name(workspace), "RentDuals", ScalarType.Double, length));

    /// <summary><c>workspace.Push(value);</c></summary>
    public static CodeNode Push(string workspace, Expr value) => Code.Statement(Code.CallOn(Code.Name(workspace), "Push", ScalarType.Double, value));

    /// <summary>The forward loop: <c>while (c) { body }</c>, or <c>do { body } while (c);</c>.</summary>
    public static CodeLoop Loop(LLoop loop, Expr condition, List<CodeNode> body) =>
        new(loop.TestFirst ? LoopKind.While : LoopKind.DoWhile, condition, body);
}
