using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.Generator.Parsing;

/// <summary>Source text as it is quoted in generated comments.</summary>
internal static class SourceFormatting
{
    /// <summary>The node's text on one line, runs of whitespace folded to one space.</summary>
    public static string OneLine(SyntaxNode node)
    {
        string text = node.ToString(); // without the node's own leading and trailing trivia
        var result = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space && result.Length > 0)
            {
                result.Append(' ');
            }

            space = false;
            result.Append(c);
        }

        return result.ToString();
    }

    /// <summary>The method's body lines with their common indentation removed, for the remarks of generated methods.</summary>
    public static string MethodBodyText(MethodDeclarationSyntax method)
    {
        SyntaxNode body = (SyntaxNode?)method.Body ?? method.ExpressionBody!;
        string[] lines = body.ToString().Replace("\r\n", "\n").Split('\n');
        int indent = lines.Skip(1)
            .Where(l => l.Trim().Length > 0)
            .Select(l => l.Length - l.TrimStart().Length)
            .DefaultIfEmpty(0)
            .Min();
        var result = new StringBuilder();
        for (int i = 0; i < lines.Length; i++)
        {
            string line = i == 0 ? lines[i] : lines[i].Substring(System.Math.Min(indent, lines[i].Length - lines[i].TrimStart().Length));
            result.Append(line.TrimEnd());
            if (i < lines.Length - 1)
            {
                result.Append('\n');
            }
        }

        return result.ToString();
    }
}
