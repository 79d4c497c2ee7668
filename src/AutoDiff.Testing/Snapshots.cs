using System.Runtime.CompilerServices;

namespace AutoDiff.Testing;

/// <summary>
/// Snapshot files in Verify's conventions (and Verify.SourceGenerators' names): each generated file is
/// compared with <c>{TestClass}.{TestMethod}#{HintName without .cs}.verified.cs</c> next to the test; on a
/// mismatch the new text goes to the same name with <c>.received.cs</c> and the test fails. Set
/// <see cref="AcceptVariable"/>=1 to accept: the received text becomes the verified file. A snapshot whose
/// method no longer gets a file fails too.
/// </summary>
public static class Snapshots
{
    /// <summary>The environment variable that accepts the received files (<c>AUTODIFF_ACCEPT_SNAPSHOTS=1 dotnet test</c>).</summary>
    public const string AcceptVariable = "AUTODIFF_ACCEPT_SNAPSHOTS";

    /// <summary>Compares <paramref name="files"/> with the snapshots of the calling test, in the directory of its source file.</summary>
    public static void Verify(IEnumerable<GeneratedFile> files, [CallerFilePath] string testFile = "", [CallerMemberName] string testName = "") =>
        Verify(
            files,
            Path.GetDirectoryName(testFile) ?? throw new ArgumentException("No test file path.", nameof(testFile)),
            Path.GetFileNameWithoutExtension(testFile) + "." + testName,
            Environment.GetEnvironmentVariable(AcceptVariable) == "1");

    /// <summary>Compares <paramref name="files"/> with <c>{name}#{hint}.verified.cs</c> in <paramref name="directory"/>, or accepts them.</summary>
    public static void Verify(IEnumerable<GeneratedFile> files, string directory, string name, bool accept)
    {
        List<GeneratedFile> list = files.ToList();
        if (list.Count == 0)
        {
            throw new SnapshotMismatchException(
                $"{name}: no generated files to compare. Is the type partial, with [Differentiable] methods, and does the generator report errors for them?");
        }

        var problems = new List<string>();
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (GeneratedFile file in list)
        {
            string stem = Path.Combine(directory, name + "#" + StripCs(file.HintName));
            string verified = stem + ".verified.cs";
            string received = stem + ".received.cs";
            expected.Add(Path.GetFileName(verified));
            string actual = file.Text.ReplaceLineEndings("\n");
            if (accept)
            {
                File.WriteAllText(verified, actual);
                File.Delete(received);
                continue;
            }

            string? snapshot = File.Exists(verified) ? File.ReadAllText(verified).ReplaceLineEndings("\n") : null;
            if (snapshot == actual)
            {
                File.Delete(received);
                continue;
            }

            File.WriteAllText(received, actual);
            problems.Add(snapshot is null
                ? $"new file {file.HintName}: no {Path.GetFileName(verified)} yet; review {received}"
                : $"{file.HintName} changed: diff {verified} with {received}");
        }

        foreach (string stale in Directory.EnumerateFiles(directory, name + "#*.verified.cs").Where(f => !expected.Contains(Path.GetFileName(f))))
        {
            if (accept)
            {
                File.Delete(stale);
            }
            else
            {
                problems.Add($"{Path.GetFileName(stale)} is no longer generated (method renamed, removed or failing?)");
            }
        }

        if (problems.Count > 0)
        {
            throw new SnapshotMismatchException(
                $"{name}: the generated derivatives differ from their snapshots.\n  " + string.Join("\n  ", problems)
                + $"\nIf the change is intended, accept it: {AcceptVariable}=1 dotnet test");
        }
    }

    private static string StripCs(string hintName) =>
        hintName.EndsWith(".cs", StringComparison.Ordinal) ? hintName[..^3] : hintName;
}
