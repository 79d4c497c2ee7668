using System;
using System.Collections.Generic;
using System.Text;

namespace AutoDiff.Generator.Emitting;

/// <summary>An indented text writer with brace scopes; always "\n" line ends, so output is byte-identical everywhere.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public void Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4).Append(line);
        }

        _text.Append('\n');
        LineCount++;
    }

    /// <summary>Number of lines written so far, which is the 0-based index of the next line.</summary>
    public int LineCount { get; private set; }

    /// <summary>Indents the following lines one more level, without braces, until disposed.</summary>
    public IDisposable Indented()
    {
        _indent++;
        return new Closer(this, brace: false);
    }

    /// <summary>Writes <paramref name="header"/> and an opening brace; disposing closes it.</summary>
    public IDisposable Block(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        return new Closer(this, brace: true);
    }

    public void Nodes(IEnumerable<CodeNode> nodes)
    {
        CodeNode? previous = null;
        foreach (CodeNode node in nodes)
        {
            // A blank line after each closing brace, before the next statement, keeps steps apart.
            if (previous is CodeIf or CodeBlock && node is CodeLine)
            {
                Line();
            }

            previous = node;
            switch (node)
            {
                case CodeLine { IsComment: true } comment:
                    Line("// " + comment.Text);
                    break;
                case CodeLine line:
                    Line(line.Text);
                    break;
                case CodeBlankLine:
                    Line();
                    break;
                case CodeBlock block:
                    Line(block.Header);
                    Line("{");
                    _indent++;
                    Nodes(block.Body);
                    _indent--;
                    Line(block.Footer is null ? "}" : "} " + block.Footer);
                    break;
                case CodeIf branch:
                    using (Block("if (" + branch.Condition + ")"))
                    {
                        Nodes(branch.Then);
                    }

                    if (branch.Else.Count > 0)
                    {
                        using (Block("else"))
                        {
                            Nodes(branch.Else);
                        }
                    }

                    break;
            }
        }
    }

    public override string ToString() => _text.ToString();

    private sealed class Closer : IDisposable
    {
        private readonly SourceWriter _writer;
        private readonly bool _brace;

        public Closer(SourceWriter writer, bool brace)
        {
            _writer = writer;
            _brace = brace;
        }

        public void Dispose()
        {
            _writer._indent--;
            if (_brace)
            {
                _writer.Line("}");
            }
        }
    }
}
