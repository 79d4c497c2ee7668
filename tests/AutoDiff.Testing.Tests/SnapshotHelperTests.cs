using System.Runtime.CompilerServices;
using AutoDiff.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Physics;

namespace AutoDiff.Testing.Tests;

/// <summary>
/// The snapshot helper: its in-process generator run gives the build's own files, the sample's snapshot test
/// fails when a method's generated code changes, and the snapshot files follow Verify's rules. Nothing here
/// depends on the text the generator writes: the build's output and the sample's snapshots are the references.
/// </summary>
public sealed class SnapshotHelperTests : IDisposable
{
    private const string SampleName = "PendulumSnapshotTests.Generated_derivatives";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "autodiff-snapshot-tests-" + Guid.NewGuid().ToString("N"));

    public SnapshotHelperTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_files_for_a_type_are_the_files_the_build_generated_for_it()
    {
        // The build embeds the generator's output in the PDB; the helper recompiles and runs the generator again.
        Dictionary<string, string> built = SourceDocuments.Read(typeof(Pendulum).Assembly)
            .Where(d => d.IsAutoDiffOutput)
            .ToDictionary(d => Path.GetFileName(d.Path), d => d.Text.ReplaceLineEndings("\n"));
        IReadOnlyList<GeneratedFile> files = GeneratedDerivatives.Of(typeof(Pendulum));

        Assert.Equal(2, files.Count);
        Assert.Equal(built.Keys.Order(StringComparer.Ordinal), files.Select(f => f.HintName));
        Assert.All(files, f => Assert.Equal(built[f.HintName], f.Text.ReplaceLineEndings("\n")));
    }

    [Fact]
    public void The_sample_snapshot_test_fails_when_the_generated_code_of_one_method_changes()
    {
        CSharpCompilation compilation = GeneratedDerivatives.CompilationOf(typeof(Pendulum).Assembly);

        // The sample's snapshots as the sample's test writes them (accepted here into a folder of this test's own,
        // so a run that is accepting new snapshots does not race the sample's test): same names as in the sample.
        Snapshots.Verify(GeneratedDerivatives.Of(typeof(Pendulum)), _directory, SampleName, accept: true);
        Assert.Equal(SampleSnapshotNames(), Directory.GetFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Snapshots.Verify(GeneratedDerivatives.Of(compilation), _directory, SampleName, accept: false);

        // The user edits Drag: its file changes, Energy's does not.
        SyntaxTree tree = compilation.SyntaxTrees.Single(t => t.FilePath.EndsWith("Pendulum.cs", StringComparison.Ordinal));
        string source = tree.ToString();
        string edited = source.Replace("coefficient * omega * Math.Abs(omega)", "coefficient * omega * omega", StringComparison.Ordinal);
        Assert.NotEqual(source, edited);
        CSharpCompilation changed = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(edited)));

        var failure = Assert.Throws<SnapshotMismatchException>(() => Snapshots.Verify(GeneratedDerivatives.Of(changed), _directory, SampleName, accept: false));
        Assert.Contains("Physics.Pendulum.Drag_double_double.g.cs changed", failure.Message);
        Assert.DoesNotContain("Energy", failure.Message);
        Assert.Equal(
            [SampleName + "#Physics.Pendulum.Drag_double_double.g.received.cs"],
            Directory.GetFiles(_directory, "*.received.cs").Select(Path.GetFileName));
    }

    [Fact]
    public void A_method_without_a_snapshot_fails_and_leaves_a_received_file_that_accepting_makes_the_snapshot()
    {
        GeneratedFile file = new("N.T.F_double.g.cs", "// first\n");
        var failure = Assert.Throws<SnapshotMismatchException>(() => Snapshots.Verify([file], _directory, "T.Test", accept: false));
        Assert.Contains("new file N.T.F_double.g.cs", failure.Message);
        string received = Path.Combine(_directory, "T.Test#N.T.F_double.g.received.cs");
        Assert.Equal("// first\n", File.ReadAllText(received));

        Snapshots.Verify([file], _directory, "T.Test", accept: true);
        Assert.False(File.Exists(received));
        Assert.Equal("// first\n", File.ReadAllText(Path.Combine(_directory, "T.Test#N.T.F_double.g.verified.cs")));
        Snapshots.Verify([file with { Text = "// first\r\n" }], _directory, "T.Test", accept: false); // line endings do not count
    }

    [Fact]
    public void A_snapshot_whose_method_is_gone_fails_until_accepted_and_no_files_at_all_always_fail()
    {
        Snapshots.Verify([new("N.T.F_double.g.cs", "f"), new("N.T.G_double.g.cs", "g")], _directory, "T.Test", accept: true);
        var failure = Assert.Throws<SnapshotMismatchException>(() => Snapshots.Verify([new("N.T.F_double.g.cs", "f")], _directory, "T.Test", accept: false));
        Assert.Contains("T.Test#N.T.G_double.g.verified.cs is no longer generated", failure.Message);

        Snapshots.Verify([new("N.T.F_double.g.cs", "f")], _directory, "T.Test", accept: true);
        Assert.Equal(["T.Test#N.T.F_double.g.verified.cs"], Directory.GetFiles(_directory).Select(Path.GetFileName));

        Assert.Throws<SnapshotMismatchException>(() => Snapshots.Verify([], _directory, "T.Test", accept: true));
    }

    [Fact]
    public void A_type_that_is_not_in_its_assemblys_sources_is_an_argument_error()
    {
        var failure = Assert.Throws<ArgumentException>(() => GeneratedDerivatives.Of(typeof(Pendulum).MakeArrayType()));
        Assert.Contains("Physics.Pendulum[] is not declared in the source files of Physics", failure.Message);
    }

    /// <summary>The names of the snapshot files samples/SnapshotTesting keeps (their text is the sample test's business).</summary>
    private static string[] SampleSnapshotNames([CallerFilePath] string thisFile = "")
    {
        string sample = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "../../samples/SnapshotTesting/Physics.Tests"));
        string[] names = Directory.GetFiles(sample, SampleName + "#*.verified.cs").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, names.Length);
        return names;
    }
}
