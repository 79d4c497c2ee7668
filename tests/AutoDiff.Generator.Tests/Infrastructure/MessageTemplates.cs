using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.Generator.Tests.Infrastructure;

/// <summary>
/// Every message the generator can give, read from its own source: the text arguments of each call that makes a
/// diagnostic (<c>Unsupported</c>, <c>Report</c>, <c>DiagnosticInfo.Create</c>, <c>Diagnostic.Create</c>), following
/// conditionals, locals they were initialised or assigned from, and the helpers that name constructs
/// (<c>StatementName</c>, <c>ExpressionName</c>, <c>StatementAdvice</c>, <c>NoDerivativeAdvice.For</c>), plus each
/// descriptor's message format. A template is its constant pieces: a message matches it when it holds them all, in order.
/// </summary>
internal static class MessageTemplates
{
    public sealed record Template(string Where, IReadOnlyList<string> Pieces)
    {
        public bool Matches(string message)
        {
            int at = 0;
            foreach (string piece in Pieces)
            {
                int found = message.IndexOf(piece, at, StringComparison.Ordinal);
                if (found < 0)
                {
                    return false;
                }

                at = found + piece.Length;
            }

            return true;
        }

        public override string ToString() => Where + ": " + string.Join(" … ", Pieces);
    }

    private static readonly string[] Followed = { "StatementName", "StatementAdvice", "ExpressionName", "For", "Problem", "Facts" };

    /// <summary>The templates of the generator's messages, AD0007 (the generator's own failures) left out.</summary>
    public static IReadOnlyList<Template> Collect()
    {
        string root = Path.Combine(Repository.Root(), "src", "AutoDiff.Generator");
        List<SyntaxTree> trees = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), path: f))
            .ToList();
        List<MethodDeclarationSyntax> helpers = trees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            .Where(m => Followed.Contains(m.Identifier.Text))
            .ToList();
        var templates = new List<Template>();
        foreach (SyntaxTree tree in trees)
        {
            foreach (InvocationExpressionSyntax call in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                string? name = Name(call.Expression);
                bool create = call.Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "DiagnosticInfo" or "Diagnostic" }, Name.Identifier.Text: "Create" };
                if ((name is not ("Unsupported" or "Report") && !create) || call.ArgumentList.Arguments.Any(a => a.ToString().Contains("InternalError", StringComparison.Ordinal)))
                {
                    continue;
                }

                BaseMethodDeclarationSyntax? method = call.FirstAncestorOrSelf<BaseMethodDeclarationSyntax>();
                string where = Path.GetFileName(tree.FilePath) + ":" + (call.GetLocation().GetLineSpan().StartLinePosition.Line + 1);
                foreach (ArgumentSyntax argument in call.ArgumentList.Arguments)
                {
                    foreach (string[] pieces in Pieces(argument.Expression, method, helpers, followed: false))
                    {
                        templates.Add(new Template(where, pieces));
                    }
                }
            }

            // The descriptors' formats: their text between the {n} holes.
            foreach (VariableDeclaratorSyntax declarator in tree.GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>()
                .Where(d => d.Parent is VariableDeclarationSyntax { Type: IdentifierNameSyntax { Identifier.Text: "DiagnosticDescriptor" } }))
            {
                if (declarator.Initializer?.Value is not BaseObjectCreationExpressionSyntax { ArgumentList.Arguments: { Count: > 2 } arguments }
                    || arguments[0].Expression is not LiteralExpressionSyntax { Token.ValueText: var id } || id == "AD0007")
                {
                    continue;
                }

                string format = ((LiteralExpressionSyntax)arguments[2].Expression).Token.ValueText;
                string[] pieces = System.Text.RegularExpressions.Regex.Split(format, @"\{\d\}").Where(p => p.Length > 0).ToArray();
                templates.Add(new Template(id, pieces));
            }
        }

        return templates
            .Select(t => t with { Pieces = t.Pieces.Where(p => p.Trim().Length >= 3).ToArray() })
            .Where(t => t.Pieces.Count > 0)
            .GroupBy(t => string.Join("\u0001", t.Pieces))
            .Select(g => g.First())
            .ToList();
    }

    private static string? Name(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.Text,
        MemberAccessExpressionSyntax access => access.Name.Identifier.Text,
        _ => null,
    };

    private static IEnumerable<string[]> Pieces(ExpressionSyntax expression, BaseMethodDeclarationSyntax? method, List<MethodDeclarationSyntax> helpers, bool followed)
    {
        switch (expression)
        {
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                yield return new[] { literal.Token.ValueText };
                break;

            case InterpolatedStringExpressionSyntax interpolated:
                yield return interpolated.Contents.OfType<InterpolatedStringTextSyntax>().Select(c => c.TextToken.ValueText).ToArray();
                break;

            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
                string[] parts = Flatten(binary).SelectMany(p => p switch
                {
                    LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => new[] { literal.Token.ValueText },
                    InterpolatedStringExpressionSyntax inner => inner.Contents.OfType<InterpolatedStringTextSyntax>().Select(c => c.TextToken.ValueText),
                    _ => Array.Empty<string>(),
                }).ToArray();
                if (parts.Length > 0)
                {
                    yield return parts;
                }

                break;

            case ConditionalExpressionSyntax conditional:
                foreach (string[] pieces in Pieces(conditional.WhenTrue, method, helpers, followed).Concat(Pieces(conditional.WhenFalse, method, helpers, followed)))
                {
                    yield return pieces;
                }

                break;

            case BinaryExpressionSyntax coalesce when coalesce.IsKind(SyntaxKind.CoalesceExpression):
                foreach (string[] pieces in Pieces(coalesce.Left, method, helpers, followed).Concat(Pieces(coalesce.Right, method, helpers, followed)))
                {
                    yield return pieces;
                }

                break;

            case ParenthesizedExpressionSyntax parenthesized:
                foreach (string[] pieces in Pieces(parenthesized.Expression, method, helpers, followed))
                {
                    yield return pieces;
                }

                break;

            case IdentifierNameSyntax identifier when method is not null:
                // A local: what it was initialised or assigned from in the same method.
                IEnumerable<ExpressionSyntax> sources = method.DescendantNodes().OfType<VariableDeclaratorSyntax>()
                    .Where(v => v.Identifier.Text == identifier.Identifier.Text && v.Initializer is not null)
                    .Select(v => v.Initializer!.Value)
                    .Concat(method.DescendantNodes().OfType<AssignmentExpressionSyntax>()
                        .Where(a => a.Left is IdentifierNameSyntax { Identifier.Text: var target } && target == identifier.Identifier.Text)
                        .Select(a => a.Right));
                foreach (ExpressionSyntax source in sources)
                {
                    foreach (string[] pieces in Pieces(source, method, helpers, followed))
                    {
                        yield return pieces;
                    }
                }

                break;

            case InvocationExpressionSyntax invocation when !followed:
                foreach (MethodDeclarationSyntax helper in helpers.Where(m => m.Identifier.Text == Name(invocation.Expression)))
                {
                    IEnumerable<ExpressionSyntax> results = helper.DescendantNodes().OfType<SwitchExpressionArmSyntax>().Select(a => a.Expression)
                        .Concat(helper.DescendantNodes().OfType<ReturnStatementSyntax>().Where(r => r.Expression is not null).Select(r => r.Expression!))
                        .Concat(helper.ExpressionBody is { Expression: not SwitchExpressionSyntax and not ObjectCreationExpressionSyntax } body ? new[] { body.Expression } : Array.Empty<ExpressionSyntax>())
                        .Concat(helper.DescendantNodes().OfType<ArgumentSyntax>().Where(a => a.Expression is InterpolatedStringExpressionSyntax or LiteralExpressionSyntax).Select(a => a.Expression));
                    foreach (ExpressionSyntax result in results)
                    {
                        foreach (string[] pieces in Pieces(result, helper, helpers, followed: true))
                        {
                            yield return pieces;
                        }
                    }
                }

                break;
        }
    }

    private static IEnumerable<ExpressionSyntax> Flatten(ExpressionSyntax expression) =>
        expression is BinaryExpressionSyntax binary && binary.IsKind(SyntaxKind.AddExpression) ? Flatten(binary.Left).Concat(Flatten(binary.Right)) : new[] { expression };
}
