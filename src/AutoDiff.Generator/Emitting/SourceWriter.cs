using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Emitting;

/// <summary>An indented text writer with brace scopes; always "\n" line ends, so output is byte-identical everywhere.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    /// <summary>For a method generic over its number type: how expressions print (literals as values of T).</summary>
    public ExprPrinter.Context? Context { get; set; }

    private string Print(Expr expr) => ExprPrinter.Print(expr, Context);

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

    /// <summary>
    /// Statements of a generated method body, with a blank line after each closing brace that a statement follows.
    /// Consecutive declarations of one real type starting at the integer zero (the values branches and loops assign,
    /// adjoints that are only added to) share a line: <c>double t0 = 0, t1 = 0, s = 0;</c>.
    /// </summary>
    public void Nodes(IReadOnlyList<CodeNode> nodes)
    {
        CodeNode? previous = null;
        for (int i = 0; i < nodes.Count; i++)
        {
            CodeNode node = nodes[i];
            if (previous is CodeIf or CodeLoop or CodeTry && node is not (CodeIf or CodeLoop or CodeTry or CodeBlank))
            {
                Line();
            }

            previous = node;
            if (IsZeroDeclaration(node, out CodeDeclare? first))
            {
                string line = Declaration(first);
                while (i + 1 < nodes.Count && IsZeroDeclaration(nodes[i + 1], out CodeDeclare? next) && next.Type == first.Type
                    && line.Length + next.Name.Length < MaxZeroDeclarationLine)
                {
                    line += ", " + Declaration(next, typed: false);
                    i++;
                }

                Line(line + ";");
                continue;
            }

            switch (node)
            {
                case CodeComment comment:
                    Line("// " + comment.Text);
                    break;
                case CodeBlank:
                    Line();
                    break;
                case CodeDeclare declare:
                    Line(Declaration(declare) + ";");
                    break;
                case CodeAssign assign:
                    {
                        string op = assign.Operator switch
                        {
                            AssignOperator.Add => " += ",
                            AssignOperator.Subtract => " -= ",
                            _ => " = ",
                        };
                        string comment = assign.TrailingComment is null ? string.Empty : " // " + assign.TrailingComment;
                        bool generic = Context is not null && Context.IsGeneric(assign.Target);
                        Line(Print(assign.Target) + op + ExprPrinter.PrintAs(assign.Value, generic, Context) + ";" + comment);
                        break;
                    }

                case CodeExpression expression:
                    Line(Print(expression.Expression) + ";");
                    break;
                case CodeReturn ret:
                    Line(ret.Value is null ? "return;" : "return " + Print(ret.Value) + ";");
                    break;
                case CodeThrow thrown:
                    Line("throw " + ExprPrinter.Print(thrown.Exception) + ";");
                    break;
                case CodeThrowArgument thrown:
                    {
                        string message = string.Concat(thrown.Message.Select(part => part as string ?? Print((Expr)part)));
                        Line($"throw new global::System.ArgumentException(\"{message}\", nameof({thrown.Parameter}));");
                        break;
                    }

                case CodeIf branch:
                    using (Block("if (" + Print(branch.Condition) + ")"))
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
                case CodeLoop { Kind: LoopKind.DoWhile } loop:
                    Line("do");
                    Line("{");
                    _indent++;
                    Nodes(loop.Body);
                    _indent--;
                    Line("} while (" + Print(loop.Condition) + ");");
                    break;
                case CodeLoop loop:
                    {
                        string header = loop.Kind == LoopKind.While
                            ? "while (" + Print(loop.Condition) + ")"
                            : "for (" + (loop.Initializer is null ? string.Empty : Declaration(loop.Initializer)) + "; "
                                + Print(loop.Condition) + "; "
                                + (loop.Step is null ? string.Empty : Print(loop.Step)) + ")";
                        using (Block(header))
                        {
                            Nodes(loop.Body);
                        }

                        break;
                    }

                case CodeTry tryBlock:
                    using (Block("try"))
                    {
                        Nodes(tryBlock.Body);
                    }

                    using (Block("finally"))
                    {
                        Nodes(tryBlock.Finally);
                    }

                    break;
            }
        }
    }

    /// <summary>Where a line of zero declarations stops taking more (a new declaration starts on the next line).</summary>
    private const int MaxZeroDeclarationLine = 100;

    private static bool IsZeroDeclaration(CodeNode node, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CodeDeclare? declare)
    {
        declare = node as CodeDeclare;
        // A real starting at the integer 0 is a value the builders declare (the user's own real locals start at 0.0).
        return declare is { Value: LiteralExpr { Value: { Type: ScalarType.Int, Value: 0 } } }
            && (declare.Type is { Kind: TypeRefKind.Scalar } ? declare.Type.Scalar.IsReal() : declare.Type.Kind == TypeRefKind.Named);
    }

    private string Declaration(CodeDeclare declare, bool typed = true)
    {
        bool generic = declare.Type is { Kind: TypeRefKind.Scalar, Scalar: ScalarType.Generic };
        if (Context is not null)
        {
            Context.Declared[declare.Name] = declare.Type;
        }
        return (typed ? ExprPrinter.Type(declare.Type, Context) + " " : string.Empty) + declare.Name
            + (declare.Value is null ? string.Empty : " = " + ExprPrinter.PrintAs(declare.Value, generic, Context));
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
