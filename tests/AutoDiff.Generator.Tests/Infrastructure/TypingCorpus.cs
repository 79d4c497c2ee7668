using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.Generator.Tests.Infrastructure;

/// <summary>
/// Code as it looks while being typed, made from valid sources: the scenario snippets of the snapshot test
/// files (every raw string literal, wrapped the way their <c>Scenario</c> helpers wrap them), kept when they
/// compile. Each gives deterministic damaged copies: prefixes cut at sampled points (typing at the end of the
/// file), one token deleted, and a span deleted up to the end of its line (typing in the middle).
/// </summary>
internal static class TypingCorpus
{
    public sealed record Mutant(string Origin, string How, string Source);

    private static readonly string[] SnapshotFiles = { "Scalar/ScalarTests.cs", "LoopsAndVectors/LoopsAndVectorsTests.cs", "Jacobians/JacobianTests.cs", "Fallback/FallbackTests.cs" };

    /// <summary>The valid snippets of one test file, as complete sources (usings, a partial class C, [Differentiable]).</summary>
    public static List<(string Origin, string Source)> ValidSnippets(string testFile)
    {
        string path = Path.Combine(Repository.Root(), "tests", "AutoDiff.Generator.Tests", testFile);
        SyntaxNode root = CSharpSyntaxTree.ParseText(File.ReadAllText(path)).GetRoot();
        var snippets = new List<(string, string)>();
        foreach (LiteralExpressionSyntax literal in root.DescendantNodes().OfType<LiteralExpressionSyntax>()
            .Where(l => l.Token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken)))
        {
            string scenario = literal.FirstAncestorOrSelf<MethodDeclarationSyntax>()?.Identifier.Text ?? "?";
            string source = Wrap(literal.Token.ValueText);
            if (!GeneratorHarness.Compile(source).GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                snippets.Add(($"{testFile}:{scenario}", source));
            }
        }

        return snippets;
    }

    public static IEnumerable<string> Files => SnapshotFiles;

    /// <summary>
    /// <paramref name="perKind"/> damaged copies of each kind per snippet, from sampled points after the usings.
    /// The sample depends only on the snippet, so a run is repeatable.
    /// </summary>
    public static List<Mutant> Mutants(IEnumerable<(string Origin, string Source)> snippets, int perKind)
    {
        var mutants = new List<Mutant>();
        foreach ((string origin, string source) in snippets)
        {
            var random = new Random(StableHash(origin));
            int start = source.IndexOf("public", StringComparison.Ordinal);
            SyntaxToken[] tokens = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().Where(t => t.SpanStart >= start).ToArray();
            for (int k = 0; k < perKind; k++)
            {
                // Cut points spread over the text: the k-th sample falls in the k-th stretch of it.
                int cut = start + ((source.Length - start) * k / perKind) + random.Next(Math.Max(1, (source.Length - start) / perKind));
                mutants.Add(new Mutant(origin, $"cut at {N(cut)}", source[..Math.Min(cut, source.Length)]));

                SyntaxToken token = tokens[random.Next(tokens.Length)];
                mutants.Add(new Mutant(origin, $"token '{token.Text}' at {N(token.SpanStart)} deleted", source.Remove(token.SpanStart, token.Span.Length)));

                int from = start + random.Next(source.Length - start);
                int lineEnd = source.IndexOf('\n', from);
                int to = lineEnd < 0 ? source.Length : lineEnd;
                mutants.Add(new Mutant(origin, $"{N(from)}..{N(to)} deleted", source.Remove(from, to - from)));
            }
        }

        return mutants;
    }

    /// <summary>What the scenario helpers do: a members-only snippet goes into a partial class, each F gets [Differentiable].</summary>
    private static string Wrap(string snippet)
    {
        var text = new StringBuilder(GeneratorHarness.Usings).Append('\n');
        bool hasType = snippet.Contains("class ", StringComparison.Ordinal) || snippet.Contains("struct ", StringComparison.Ordinal)
            || snippet.Contains("record ", StringComparison.Ordinal) || snippet.Contains("interface ", StringComparison.Ordinal);
        string body = hasType ? snippet : "public static partial class C\n{\n" + snippet + "\n}\n";
        foreach (string line in body.Split('\n'))
        {
            string trimmed = line.TrimStart();
            bool f = trimmed.StartsWith("public static double F(", StringComparison.Ordinal)
                || trimmed.StartsWith("public static float F(", StringComparison.Ordinal)
                || trimmed.StartsWith("public static void F(", StringComparison.Ordinal);
            if (f && !text.ToString().TrimEnd().EndsWith(']'))
            {
                text.Append(line[..(line.Length - trimmed.Length)]).Append("[Differentiable]\n");
            }

            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    private static int StableHash(string text) => text.Aggregate(17, (h, c) => unchecked((h * 31) + c));

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
