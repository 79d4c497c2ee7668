using System.Text.RegularExpressions;

namespace AutoDiff.Package.Tests;

/// <summary>The repository's README, read the way a user reads it: sections, and the fenced code blocks in them.</summary>
public sealed partial class Readme(string text)
{
    public static Readme Load(string path) => new(File.ReadAllText(path).ReplaceLineEndings("\n"));

    /// <summary>The text under a <c>## </c> heading, up to the next one.</summary>
    public string Section(string heading)
    {
        int start = text.IndexOf("\n## " + heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README has no section '## {heading}'.");
        int end = text.IndexOf("\n## ", start + 4, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }

    /// <summary>The fenced blocks of one language in a section, in order.</summary>
    public IReadOnlyList<string> Blocks(string heading, string language) =>
        FencedBlock().Matches(Section(heading))
            .Where(m => m.Groups["language"].Value == language)
            .Select(m => m.Groups["body"].Value)
            .ToList();

    /// <summary>The commands of a shell block: its lines, without blank lines and comment lines.</summary>
    public static IReadOnlyList<string> Commands(string block) =>
        block.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

    [GeneratedRegex(@"^```(?<language>\w*)\n(?<body>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();
}
