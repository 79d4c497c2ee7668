using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.Generator.Tests.Infrastructure;

/// <summary>
/// Reduces a C# source that shows a failure to a smaller one that still shows it, greedily: remove a
/// method, remove a statement, keep one branch of an <c>if</c>, replace an expression by one of its operands
/// or by a constant. Each candidate is kept only if <c>stillFails</c> says the same failure remains (a
/// candidate that no longer compiles is the caller's to reject), and the passes repeat until none applies.
/// </summary>
internal static class SourceShrinker
{
    public sealed record Result(string Source, int Attempts, int Reductions, bool OutOfBudget);

    public static Result Shrink(string source, Func<string, bool> stillFails, int maxAttempts = 400, TimeSpan? budget = null)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan limit = budget ?? TimeSpan.FromSeconds(90);
        int attempts = 0, reductions = 0, start = 0;
        string current = source;
        while (true)
        {
            List<string> candidates = Candidates(current);
            bool reduced = false;
            for (int k = 0; k < candidates.Count; k++)
            {
                if (attempts >= maxAttempts || clock.Elapsed > limit)
                {
                    return new Result(Tidy(current), attempts, reductions, OutOfBudget: true);
                }

                // Resume near where the last reduction happened: earlier candidates were just tried and kept failing to reduce.
                string candidate = candidates[(start + k) % candidates.Count];
                attempts++;
                if (stillFails(candidate))
                {
                    current = candidate;
                    reductions++;
                    start = (start + k) % candidates.Count;
                    reduced = true;
                    break;
                }
            }

            if (!reduced)
            {
                return new Result(Tidy(current), attempts, reductions, OutOfBudget: false);
            }
        }
    }

    /// <summary>Removed statements leave their blank lines behind: no blank line after an opening brace or before a closing one, none doubled.</summary>
    private static string Tidy(string source)
    {
        string tidy = Regex.Replace(source, @"\n([ \t]*\n)+", "\n\n");
        tidy = Regex.Replace(tidy, @"\{\n([ \t]*\n)+", "{\n");
        return Regex.Replace(tidy, @"\n([ \t]*\n)+([ \t]*\})", "\n$2");
    }

    /// <summary>Every one-step reduction of <paramref name="source"/>, biggest first, each strictly shorter.</summary>
    public static List<string> Candidates(string source)
    {
        SyntaxNode root = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)).GetRoot();
        var candidates = new List<string>();

        void Add(Func<SyntaxNode?> edit)
        {
            SyntaxNode? changed;
            try
            {
                changed = edit();
            }
            catch (InvalidCastException)
            {
                return; // the replacement does not fit the slot (e.g. a literal where a type must stand)
            }

            if (changed is null)
            {
                return;
            }

            string text = changed.ToFullString();
            if (text.Length < source.Length && !candidates.Contains(text))
            {
                candidates.Add(text);
            }
        }

        foreach (MethodDeclarationSyntax method in root.DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            Add(() => root.RemoveNode(method, SyntaxRemoveOptions.KeepNoTrivia));
        }

        foreach (StatementSyntax statement in root.DescendantNodes().OfType<StatementSyntax>().Where(s => s.Parent is BlockSyntax && !IsCounterStep(s)))
        {
            Add(() => root.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia));
        }

        foreach (IfStatementSyntax branch in root.DescendantNodes().OfType<IfStatementSyntax>().Where(s => s.Parent is BlockSyntax))
        {
            Add(() => root.ReplaceNode(branch, Inline(branch.Statement).Select(s => s.WithTriviaFrom(branch))));
            if (branch.Else is { } otherwise)
            {
                Add(() => root.ReplaceNode(branch, Inline(otherwise.Statement).Select(s => s.WithTriviaFrom(branch))));
                Add(() => root.ReplaceNode(branch, branch.WithElse(null)));
            }
        }

        IEnumerable<SyntaxNode> bodies = root.DescendantNodes().OfType<MethodDeclarationSyntax>().SelectMany(m => new SyntaxNode?[] { m.Body, m.ExpressionBody }).OfType<SyntaxNode>();
        foreach (ExpressionSyntax expression in bodies.SelectMany(b => b.DescendantNodes()).OfType<ExpressionSyntax>().Where(e => !InLoopCondition(e)))
        {
            foreach (ExpressionSyntax operand in Operands(expression))
            {
                Add(() => root.ReplaceNode(expression, operand.WithTriviaFrom(expression)));
            }

            if (expression is not LiteralExpressionSyntax && IsValue(expression))
            {
                Add(() => root.ReplaceNode(expression, SyntaxFactory.ParseExpression("0.5").WithTriviaFrom(expression)));
            }
        }

        return candidates;
    }

    /// <summary><c>k++;</c> and the like: without it a while loop counting with <c>k</c> would never end, and the check would hang.</summary>
    private static bool IsCounterStep(StatementSyntax statement) =>
        statement is ExpressionStatementSyntax { Expression: PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax };

    /// <summary>Loop conditions are left alone for the same reason: <c>k &lt; n &amp;&amp; x &gt; 0</c> reduced to <c>x &gt; 0</c> may never end.</summary>
    private static bool InLoopCondition(ExpressionSyntax expression) =>
        expression.AncestorsAndSelf().Any(n => n.Parent is WhileStatementSyntax w && w.Condition == n
            || n.Parent is DoStatementSyntax d && d.Condition == n
            || n.Parent is ForStatementSyntax f && f.Condition == n);

    private static IEnumerable<StatementSyntax> Inline(StatementSyntax statement) =>
        statement is BlockSyntax block ? block.Statements : new[] { statement };

    /// <summary>Sub-expressions that can stand where the expression stands.</summary>
    private static IEnumerable<ExpressionSyntax> Operands(ExpressionSyntax expression) => expression switch
    {
        BinaryExpressionSyntax binary when IsValue(binary) => new[] { binary.Left, binary.Right },
        ParenthesizedExpressionSyntax parenthesized => new[] { parenthesized.Expression },
        PrefixUnaryExpressionSyntax unary => new[] { unary.Operand },
        ConditionalExpressionSyntax conditional => new[] { conditional.WhenTrue, conditional.WhenFalse },
        InvocationExpressionSyntax invocation => invocation.ArgumentList.Arguments.Select(a => a.Expression),
        CastExpressionSyntax cast => new[] { cast.Expression },
        _ => Array.Empty<ExpressionSyntax>(),
    };

    /// <summary>An expression in a value position: not a type, a callee, an assignment target or the vector of an element access.</summary>
    private static bool IsValue(ExpressionSyntax expression)
    {
        if (expression is TypeSyntax and not IdentifierNameSyntax)
        {
            return false;
        }

        return expression.Parent switch
        {
            MemberAccessExpressionSyntax => false,
            InvocationExpressionSyntax invocation => invocation.Expression != expression,
            AssignmentExpressionSyntax assignment => assignment.Right == expression,
            ElementAccessExpressionSyntax => false,
            PostfixUnaryExpressionSyntax => false,
            PrefixUnaryExpressionSyntax prefix => !prefix.IsKind(SyntaxKind.PreIncrementExpression) && !prefix.IsKind(SyntaxKind.PreDecrementExpression),
            _ => true,
        };
    }
}
