using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;

namespace AutoDiff.Generator.Tests.Infrastructure;

/// <summary>
/// Differential fuzzing of the generator. Each seed writes one batch of random methods: odd seeds scalar
/// code (<see cref="RandomPrograms"/>), compiled a second time with <c>Strategy = DifferentiationStrategy.Tape</c>
/// so the tape is compared as well; even seeds loop code over spans (<see cref="RandomLoopPrograms"/>), which
/// the tape does not take. A batch runs through the generator in-process, compiles and loads, and every method's
/// reverse mode, forward mode, tape (scalar batches) and central differences must agree at random points.
/// A generator exception, an unexpected diagnostic, generated code that does not compile or a disagreement is
/// a failure; each is blamed on one method (with the methods it calls) and shrunk to a small reproducer.
/// </summary>
internal sealed class DifferentialFuzzer
{
    public const string ScalarClass = "Random";
    public const string TapeClass = "RandomTape";
    public const string LoopClass = "Loops";
    public const string OrdinaryClass = "Ordinary";
    private const int ScalarMethodsPerBatch = 30;
    private const int LoopMethodsPerBatch = 20;
    private const int OrdinaryMethodsPerBatch = 16;

    private readonly int _maxShrinks;
    private List<FuzzFailure> _found = new();

    /// <param name="maxShrinks">How many failures to shrink (each may take a minute), the first of each kind; the rest are reported as found.</param>
    public DifferentialFuzzer(int maxShrinks = 5) => _maxShrinks = maxShrinks;

    public FuzzCounts Counts { get; } = new();

    public List<FuzzFailure> Failures { get; } = new();

    /// <summary>
    /// Runs the batches from <paramref name="firstSeed"/> on that hold at least <paramref name="methods"/> methods, on every
    /// core, and sorts the failures by seed, so a run's outcome does not depend on scheduling (<see cref="ShrinkFailures"/> shrinks them).
    /// </summary>
    public void Run(int methods, int firstSeed, Action<string>? progress = null)
    {
        var batches = new List<(int Seed, string Source)>();
        for (int seed = firstSeed, total = 0; total < methods; seed++)
        {
            string source = Source(seed);
            batches.Add((seed, source));
            total += MethodNames(source).Count;
        }

        var found = new List<FuzzFailure>();
        int done = 0;
        Parallel.ForEach(batches, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, batch =>
        {
            var counts = new FuzzCounts();
            List<FuzzFailure> failures = Check(batch.Source, IsScalar(batch.Seed), batch.Seed, counts);
            lock (found)
            {
                Counts.Add(counts);
                Counts.Batches++;
                Counts.MethodsGenerated += MethodNames(batch.Source).Count;
                found.AddRange(failures);
                failures.ForEach(f => Counts.Count(f.Kind));
                if (++done % 25 == 0)
                {
                    progress?.Invoke($"{done} of {batches.Count} batches: {Counts.MethodsGenerated} methods, {found.Count} failures");
                }
            }
        });

        _found = found.OrderBy(f => f.Seed).ThenBy(f => f.Method, StringComparer.Ordinal).ToList();
    }

    /// <summary>The failures of the last run as found, before shrinking.</summary>
    public IReadOnlyList<FuzzFailure> Found => _found;

    /// <summary>Shrinks the first failure of each kind the last run found (the counts are final before this).</summary>
    public void ShrinkFailures()
    {
        foreach (FuzzFailure failure in _found)
        {
            // The first failure of each kind is shrunk: the others are most likely the same bug again.
            // A random program that does not compile is the fuzzer's bug, and any broken candidate would "reproduce" it: not shrunk.
            bool first = !Failures.Any(f => f.Kind == failure.Kind) && failure.Kind != FuzzFailure.Kinds.ProgramDoesNotCompile;
            Failures.Add(first && Failures.Count(f => f.Shrunk is not null) < _maxShrinks ? Shrink(failure) : failure);
        }
    }

    /// <summary>
    /// The batch of one seed: scalar methods for odd seeds (compared with the tape too), ordinary C# (tuples, structs, data,
    /// 2-D arrays, generic math; see <see cref="RandomOrdinaryPrograms"/>) for multiples of 4, loop code for the others.
    /// </summary>
    public static string Source(int seed) => IsScalar(seed)
        ? new RandomPrograms(seed).Class(ScalarClass, ScalarMethodsPerBatch)
        : IsOrdinary(seed)
            ? new RandomOrdinaryPrograms(seed).Class(OrdinaryClass, OrdinaryMethodsPerBatch)
            : new RandomLoopPrograms(seed).Generate(LoopClass, LoopMethodsPerBatch).Source();

    private static bool IsScalar(int seed) => seed % 2 == 1;

    private static bool IsOrdinary(int seed) => seed % 4 == 0;

    /// <summary>The same class compiled on the tape: every [Differentiable] forced to the tape, in a class of its own.</summary>
    public static string TapeTwin(string source) =>
        source.Replace("[Differentiable]", "[Differentiable(Strategy = DifferentiationStrategy.Tape)]", StringComparison.Ordinal)
            .Replace("partial class " + ScalarClass + "\n", "partial class " + TapeClass + "\n", StringComparison.Ordinal)
            .Replace("typeof(" + ScalarClass + ")", "typeof(" + TapeClass + ")", StringComparison.Ordinal);

    /// <summary>Generates, compiles and checks one source; counts what it did into <paramref name="counts"/> (when given).</summary>
    public static List<FuzzFailure> Check(string source, bool withTape, int seed, FuzzCounts? counts = null, string? onlyMethod = null)
    {
        var failures = new List<FuzzFailure>();
        (Assembly? assembly, List<FuzzFailure> problems) = Build(source, withTape, "batch", seed, counts);
        if (assembly is null || problems.Count > 0)
        {
            // Blame single methods, each with the methods it calls, then check the ones that build.
            var good = new List<string>();
            foreach (string method in MethodNames(source).Where(m => onlyMethod is null || m == onlyMethod))
            {
                string alone = Keep(source, method);
                List<FuzzFailure> own = Build(alone, withTape, method, seed, counts).Problems;
                failures.AddRange(own);
                if (own.Count == 0)
                {
                    good.Add(method);
                }
            }

            if (good.Count == 0)
            {
                return failures;
            }

            source = Keep(source, good.ToArray());
            (assembly, problems) = Build(source, withTape, "the methods that build alone", seed, counts);
            if (assembly is null || problems.Count > 0)
            {
                failures.AddRange(problems);
                return failures;
            }
        }

        bool loops = source.Contains("partial class " + LoopClass, StringComparison.Ordinal);
        bool ordinary = source.Contains("partial class " + OrdinaryClass, StringComparison.Ordinal);
        Type type = assembly.GetType(loops ? LoopClass : ordinary ? OrdinaryClass : ScalarClass, throwOnError: true)!;
        Type? tapeType = withTape ? assembly.GetType(TapeClass, throwOnError: true) : null;
        foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.GetCustomAttribute<DifferentiableAttribute>() is not null && (onlyMethod is null || m.Name == onlyMethod))
            .OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            if (counts is not null)
            {
                counts.MethodsChecked++;
            }

            MethodInfo? tape = tapeType?.GetMethod(method.Name, BindingFlags.Public | BindingFlags.Static);
            double tolerance = loops ? 1e-6 : 1e-5;
            var clock = Stopwatch.StartNew();
            try
            {
                NumericChecker.Report report = ordinary ? CheckOrdinary(method, seed, tolerance) : CheckMethod(method, tape, seed, tolerance);
                counts?.Add(report, tape is not null);
                counts?.Time("numeric checks", clock);
                if (!ordinary && HessianChecker.HasHessian(method))
                {
                    // Second derivatives: columns vs differences of the gradient, symmetry, H·v vs H times v.
                    clock.Restart();
                    HessianChecker.Check(method, seed, points: 2, min: -1.5, max: 1.5, finiteDifferenceTolerance: 1e-4, requireMostPoints: false);
                    if (counts is not null)
                    {
                        counts.MethodsWithHessians++;
                        counts.Time("Hessian checks", clock);
                    }
                }
            }
            catch (Exception exception)
            {
                string kind = Classify(exception);
                if (kind == FuzzFailure.Kinds.CentralDifferences && PassesLoosely(method, tape, seed, counts, ordinary))
                {
                    // Every mode agrees with the others; only the finite-difference reference is off, by less than 1e-4.
                    continue;
                }

                failures.Add(new FuzzFailure(seed, method.Name, kind, Message(exception), Keep(source, method.Name), withTape));
            }
        }

        return failures;
    }

    private static NumericChecker.Report CheckMethod(MethodInfo method, MethodInfo? tape, int seed, double tolerance) =>
        NumericChecker.Check(method, seed, points: 4, min: -1.5, max: 1.5, finiteDifferenceTolerance: tolerance, modeTolerance: 1e-9, tape: tape, requireMostPoints: false);

    /// <summary>Methods in ordinary C#: every generated method (Jacobians and Hessians included) by <see cref="CompositeChecker"/>.</summary>
    private static NumericChecker.Report CheckOrdinary(MethodInfo method, int seed, double tolerance)
    {
        CompositeChecker.Report report = CompositeChecker.Check(
            method, seed, points: 3, min: -1.5, max: 1.5, finiteDifferenceTolerance: tolerance, modeTolerance: 1e-9, vectorLength: 3, requireMostPoints: false);
        return new NumericChecker.Report(report.PointsChecked, report.PointsSkipped, 0, 0, report.SkipReasons);
    }

    private static bool PassesLoosely(MethodInfo method, MethodInfo? tape, int seed, FuzzCounts? counts, bool ordinary)
    {
        try
        {
            NumericChecker.Report report = ordinary ? CheckOrdinary(method, seed, 1e-4) : CheckMethod(method, tape, seed, 1e-4);
            if (counts is not null)
            {
                counts.Add(report, tape is not null);
                counts.LooseMethods++;
            }

            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>
    /// Runs the generator and compiles its output once (errors, and warnings in generated files, are problems);
    /// the user code alone is compiled only to tell a broken random program from broken generated code.
    /// </summary>
    private static (Assembly? Assembly, List<FuzzFailure> Problems) Build(string source, bool withTape, string method, int seed, FuzzCounts? counts)
    {
        var clock = Stopwatch.StartNew();
        GeneratorHarness.Result result = withTape ? GeneratorHarness.Run(source, TapeTwin(source)) : GeneratorHarness.Run(source);
        counts?.Time("generator", clock);
        var failures = new List<FuzzFailure>();
        foreach (Diagnostic diagnostic in result.GeneratorDiagnostics.Concat(result.Output.GetDiagnostics().Where(d => d.Id == "CS8785")))
        {
            string kind = diagnostic.Id is "AD0007" or "CS8785" ? FuzzFailure.Kinds.GeneratorException : FuzzFailure.Kinds.Diagnostic + " " + diagnostic.Id;
            failures.Add(new FuzzFailure(seed, method, kind, diagnostic.ToString(), source, withTape));
        }

        using var stream = new MemoryStream();
        EmitResult emit = result.Output.Emit(stream);
        counts?.Time("compiling", clock);
        Diagnostic[] problems = emit.Diagnostics.Where(d => d.Id != "CS8785" && (d.Severity == DiagnosticSeverity.Error
            || (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true))).ToArray();
        if (problems.Length > 0)
        {
            Diagnostic[] own = result.Input.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            if (own.Length > 0)
            {
                failures.Add(new FuzzFailure(seed, method, FuzzFailure.Kinds.ProgramDoesNotCompile, string.Join("\n", own.Select(d => d.ToString())), source, withTape));
                return (null, failures);
            }

            string generated = string.Join("\n", result.Sources.Select(s => "// " + s.HintName + "\n" + s.SourceText));
            failures.Add(new FuzzFailure(
                seed, method, FuzzFailure.Kinds.GeneratedCodeDoesNotCompile + " " + problems[0].Id, string.Join("\n", problems.Select(p => p.ToString())), source, withTape, generated));
        }

        if (!emit.Success)
        {
            return (null, failures);
        }

        stream.Position = 0;
        return (new AssemblyLoadContext(null, isCollectible: true).LoadFromStream(stream), failures);
    }

    /// <summary>Shrinks a failure's source while the same method keeps failing the same way.</summary>
    public static FuzzFailure Shrink(FuzzFailure failure, TimeSpan? budget = null)
    {
        bool SameFailure(string candidate)
        {
            try
            {
                return Check(candidate, failure.WithTape, failure.Seed, onlyMethod: IsBuildKind(failure.Kind) ? null : failure.Method)
                    .Any(f => f.Kind == failure.Kind && (IsBuildKind(f.Kind) || f.Method == failure.Method));
            }
            catch (Exception)
            {
                return false;
            }
        }

        SourceShrinker.Result shrunk = SourceShrinker.Shrink(failure.Source, SameFailure, budget: budget);
        List<FuzzFailure> again = Check(shrunk.Source, failure.WithTape, failure.Seed);
        FuzzFailure? reproduced = again.FirstOrDefault(f => f.Kind == failure.Kind);
        return failure with
        {
            Source = shrunk.Source,
            Detail = reproduced?.Detail ?? failure.Detail,
            Generated = reproduced?.Generated ?? failure.Generated,
            Shrunk = $"shrunk from {Lines(failure.Source)} to {Lines(shrunk.Source)} lines in {shrunk.Attempts} attempts{(shrunk.OutOfBudget ? " (out of budget)" : string.Empty)}",
        };
    }

    private static bool IsBuildKind(string kind) => !kind.StartsWith("disagreement", StringComparison.Ordinal) && !kind.StartsWith("exception", StringComparison.Ordinal);

    private static int Lines(string source) => source.Count(c => c == '\n');

    /// <summary>The [Differentiable] methods of a source, in order.</summary>
    public static List<string> MethodNames(string source) =>
        CSharpSyntaxTree.ParseText(source).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Where(IsDifferentiable).Select(m => m.Identifier.Text).ToList();

    private static bool IsDifferentiable(MethodDeclarationSyntax method) =>
        method.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString().StartsWith("Differentiable", StringComparison.Ordinal));

    /// <summary>The source with only the named [Differentiable] methods and those they call (directly or not); other members stay.</summary>
    public static string Keep(string source, params string[] methods)
    {
        SyntaxNode root = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)).GetRoot();
        var all = root.DescendantNodes().OfType<MethodDeclarationSyntax>().Where(IsDifferentiable).ToList();
        var byName = all.GroupBy(m => m.Identifier.Text).ToDictionary(g => g.Key, g => g.ToList());
        var kept = new HashSet<string>(StringComparer.Ordinal);
        var work = new Stack<string>(methods);
        while (work.Count > 0)
        {
            string name = work.Pop();
            if (!kept.Add(name) || !byName.TryGetValue(name, out List<MethodDeclarationSyntax>? declarations))
            {
                continue;
            }

            foreach (IdentifierNameSyntax called in declarations.SelectMany(d => d.DescendantNodes().OfType<InvocationExpressionSyntax>())
                .Select(i => i.Expression).OfType<IdentifierNameSyntax>())
            {
                work.Push(called.Identifier.Text);
            }
        }

        return root.RemoveNodes(all.Where(m => !kept.Contains(m.Identifier.Text)), SyntaxRemoveOptions.KeepNoTrivia)!.ToFullString();
    }

    private static string Classify(Exception exception)
    {
        Exception inner = exception is TargetInvocationException { InnerException: { } e } ? e : exception;
        if (inner is not Xunit.Sdk.XunitException)
        {
            return "exception " + inner.GetType().Name;
        }

        string message = inner.Message;
        return message.Contains(" vs forward ", StringComparison.Ordinal) ? FuzzFailure.Kinds.ReverseForward
            : message.Contains(" vs tape reverse ", StringComparison.Ordinal) ? FuzzFailure.Kinds.ReverseTape
            : message.Contains(" vs tape forward ", StringComparison.Ordinal) ? FuzzFailure.Kinds.ForwardTape
            : message.Contains(" vs central differences ", StringComparison.Ordinal) ? FuzzFailure.Kinds.CentralDifferences
            : message.Contains("on the tape returned", StringComparison.Ordinal) ? FuzzFailure.Kinds.TapeValue
            : message.Contains("returned", StringComparison.Ordinal) ? FuzzFailure.Kinds.GeneratedValue
            : "disagreement: other";
    }

    private static string Message(Exception exception)
    {
        Exception inner = exception is TargetInvocationException { InnerException: { } e } ? e : exception;
        return inner is Xunit.Sdk.XunitException ? inner.Message : inner.ToString();
    }
}

/// <summary>One failure the fuzzer found: the seed, the method, what went wrong and the (shrunk) source that shows it.</summary>
internal sealed record FuzzFailure(int Seed, string Method, string Kind, string Detail, string Source, bool WithTape, string? Generated = null, string? Shrunk = null)
{
    public static class Kinds
    {
        public const string GeneratorException = "generator exception";
        public const string Diagnostic = "unexpected diagnostic";
        public const string GeneratedCodeDoesNotCompile = "generated code does not compile";
        public const string ProgramDoesNotCompile = "random program does not compile (a fuzzer bug)";
        public const string ReverseForward = "disagreement: reverse vs forward";
        public const string ReverseTape = "disagreement: reverse vs tape reverse";
        public const string ForwardTape = "disagreement: forward vs tape forward";
        public const string CentralDifferences = "disagreement: reverse vs central differences";
        public const string GeneratedValue = "disagreement: FGradient or FDerivative value vs the method";
        public const string TapeValue = "disagreement: tape value vs the method";
    }

    /// <summary>The reproducer as a file: what failed, how to run it, then the source (and the tape is implied for scalar classes).</summary>
    public string Reproducer()
    {
        var text = new StringBuilder()
            .Append("// ").Append(Kind).Append(": ").Append(Method).Append(", seed ").Append(Seed.ToString(CultureInfo.InvariantCulture))
            .Append(WithTape ? ", compared with the same class on the tape (" + DifferentialFuzzer.TapeClass + ")" : string.Empty).Append('\n');
        if (Shrunk is not null)
        {
            text.Append("// ").Append(Shrunk).Append('\n');
        }

        text.Append("/*\n").Append(Detail).Append("\n*/\n").Append(Source);
        if (Generated is not null)
        {
            text.Append("\n/* generated:\n").Append(Generated.Replace("*/", "* /", StringComparison.Ordinal)).Append("\n*/\n");
        }

        return text.ToString();
    }

    public override string ToString() => Reproducer();
}

/// <summary>What a fuzzing run did, for the long run's summary and the test's assertions.</summary>
internal sealed class FuzzCounts
{
    public int Batches { get; set; }

    public int MethodsGenerated { get; set; }

    public int MethodsChecked { get; set; }

    public int MethodsComparedWithTape { get; set; }

    public int MethodsWithHessians { get; set; }

    public int PointsCompared { get; set; }

    public int LooseMethods { get; set; }

    public SortedDictionary<string, int> Skipped { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, int> Failures { get; } = new(StringComparer.Ordinal);

    public int GeneratorExceptions => Sum(k => k == FuzzFailure.Kinds.GeneratorException);

    public int NonCompilingOutputs => Sum(k => k.StartsWith(FuzzFailure.Kinds.GeneratedCodeDoesNotCompile, StringComparison.Ordinal));

    public int Disagreements => Sum(k => k.StartsWith("disagreement", StringComparison.Ordinal) || k.StartsWith("exception", StringComparison.Ordinal));

    public void Add(FuzzCounts other)
    {
        MethodsChecked += other.MethodsChecked;
        MethodsComparedWithTape += other.MethodsComparedWithTape;
        MethodsWithHessians += other.MethodsWithHessians;
        PointsCompared += other.PointsCompared;
        LooseMethods += other.LooseMethods;
        foreach ((string reason, int count) in other.Skipped)
        {
            Skipped[reason] = Skipped.GetValueOrDefault(reason) + count;
        }

        foreach ((string phase, double seconds) in other.Seconds)
        {
            Seconds[phase] = Seconds.GetValueOrDefault(phase) + seconds;
        }
    }

    public void Add(NumericChecker.Report report, bool withTape)
    {
        PointsCompared += report.PointsChecked;
        MethodsComparedWithTape += withTape ? 1 : 0;
        foreach ((string reason, int count) in report.SkipReasons)
        {
            Skipped[reason] = Skipped.GetValueOrDefault(reason) + count;
        }
    }

    /// <summary>Seconds spent per phase (the clock restarts), to see where a run's time goes.</summary>
    public SortedDictionary<string, double> Seconds { get; } = new(StringComparer.Ordinal);

    public void Time(string phase, Stopwatch clock)
    {
        Seconds[phase] = Seconds.GetValueOrDefault(phase) + clock.Elapsed.TotalSeconds;
        clock.Restart();
    }

    public void Count(string kind) => Failures[kind] = Failures.GetValueOrDefault(kind) + 1;

    private int Sum(Func<string, bool> which) => Failures.Where(f => which(f.Key)).Sum(f => f.Value);

    public override string ToString()
    {
        var text = new StringBuilder()
            .Append("batches:                    ").Append(Batches).Append('\n')
            .Append("methods generated:          ").Append(MethodsGenerated).Append('\n')
            .Append("methods checked at points:  ").Append(MethodsChecked).Append('\n')
            .Append("  also compared on the tape: ").Append(MethodsComparedWithTape).Append('\n')
            .Append("  Hessians checked: ").Append(MethodsWithHessians).Append('\n')
            .Append("points compared:            ").Append(PointsCompared).Append('\n')
            .Append("points skipped:             ").Append(Skipped.Values.Sum()).Append('\n');
        foreach ((string reason, int count) in Skipped)
        {
            text.Append("  ").Append(reason).Append(": ").Append(count).Append('\n');
        }

        text.Append("methods where central differences agree only within 1e-4 (modes and tape agree): ").Append(LooseMethods).Append('\n')
            .Append("disagreements:              ").Append(Disagreements).Append('\n')
            .Append("generator exceptions:       ").Append(GeneratorExceptions).Append('\n')
            .Append("non-compiling outputs:      ").Append(NonCompilingOutputs).Append('\n')
            .Append("failures by kind:           ").Append(Failures.Count == 0 ? "none" : string.Empty).Append('\n');
        foreach ((string kind, int count) in Failures)
        {
            text.Append("  ").Append(kind).Append(": ").Append(count).Append('\n');
        }

        text.Append("seconds spent, all threads: ")
            .AppendJoin(", ", Seconds.Select(s => s.Key + " " + s.Value.ToString("0.0", CultureInfo.InvariantCulture))).Append('\n');

        return text.ToString();
    }
}
