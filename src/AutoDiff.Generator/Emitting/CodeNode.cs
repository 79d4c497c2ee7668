using System.Collections.Generic;

namespace AutoDiff.Generator.Emitting;

// The shape of a generated method body: lines, comments and ifs. Builders produce it; SourceWriter prints it.

internal abstract class CodeNode
{
}

/// <summary>One statement, or one <c>//</c> comment when <see cref="IsComment"/>.</summary>
internal sealed class CodeLine : CodeNode
{
    public CodeLine(string text, bool isComment = false)
    {
        Text = text;
        IsComment = isComment;
    }

    public string Text { get; }

    public bool IsComment { get; }

    public static CodeLine Comment(string text) => new(text, isComment: true);
}

internal sealed class CodeBlankLine : CodeNode
{
    public static readonly CodeBlankLine Instance = new();
}

internal sealed class CodeIf : CodeNode
{
    public CodeIf(string condition, List<CodeNode> then, List<CodeNode> otherwise)
    {
        Condition = condition;
        Then = then;
        Else = otherwise;
    }

    public string Condition { get; }

    public List<CodeNode> Then { get; }

    public List<CodeNode> Else { get; }
}

/// <summary>A braced block after a header (<c>while (c)</c>, <c>try</c>), with an optional footer after the brace (<c>while (c);</c>).</summary>
internal sealed class CodeBlock : CodeNode
{
    public CodeBlock(string header, List<CodeNode> body, string? footer = null)
    {
        Header = header;
        Body = body;
        Footer = footer;
    }

    public string Header { get; }

    public List<CodeNode> Body { get; }

    public string? Footer { get; }
}

/// <summary>A generated method: its doc comment, signature and body.</summary>
internal sealed class GeneratedMethod
{
    public GeneratedMethod(string summary, string signature, List<CodeNode> body)
    {
        Summary = summary;
        Signature = signature;
        Body = body;
    }

    public string Summary { get; }

    public string Signature { get; }

    public List<CodeNode> Body { get; }

    /// <summary>Quote the method's body in the doc comment; second-order methods leave that to <c>FGradient</c> (less code to compile).</summary>
    public bool QuotesSource { get; init; } = true;
}
