using System.Globalization;
using System.Linq;
using System.Threading;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiff.Generator.Fallback;

/// <summary>What the tape fallback made of a method: a file to try, or its diagnostics; and the [Differentiable] methods it calls.</summary>
internal sealed record FallbackParse(FallbackTrial? Trial, EquatableArray<DiagnosticInfo> Diagnostics, EquatableArray<CallSite> CallSites);

/// <summary>One line of the user's body: where it is and its text, so an error of the copy can point at it.</summary>
internal sealed record BodyLine(LocationInfo? Location, string Text);

/// <summary>
/// A tape fallback that still has to compile against the user's code: its model, the AD0020 message to give
/// when it does, and where the body's lines are for the AD0021 error when it does not.
/// </summary>
internal sealed record FallbackTrial(FallbackModel Model, DiagnosticInfo? Info, LocationInfo? Identifier, EquatableArray<BodyLine> BodyLines)
{
    /// <summary>
    /// Compiles the generated file against <paramref name="compilation"/> (call helpers stubbed, since the
    /// callees' generated methods are not in the compilation yet) and maps its first error back to the user's
    /// line as AD0021; null when it compiles. Runs in the pipeline's output step, where the compilation is.
    /// </summary>
    public DiagnosticInfo? Check(Compilation compilation, CancellationToken cancellationToken)
    {
        (string text, int varLine, int dualLine) = FallbackEmitter.Emit(Model, helperStubs: true);
        var options = compilation.SyntaxTrees.FirstOrDefault()?.Options as CSharpParseOptions;
        SyntaxTree tree = CSharpSyntaxTree.ParseText(text, options, path: "AutoDiff.TapeFallback.g.cs", cancellationToken: cancellationToken);
        Compilation trial = compilation.AddSyntaxTrees(tree);
        Diagnostic? error = trial.GetSemanticModel(tree).GetDiagnostics(cancellationToken: cancellationToken)
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .OrderBy(d => d.Location.SourceSpan.Start)
            .FirstOrDefault();
        if (error is null)
        {
            return null;
        }

        // The copies keep the body's lines one for one, so a line of either copy is a line of the body.
        int line = error.Location.GetLineSpan().StartLinePosition.Line;
        int bodyLines = Model.VarBody.Split('\n').Length;
        int offset = line >= varLine && line < varLine + bodyLines ? line - varLine
            : line >= dualLine && line < dualLine + bodyLines ? line - dualLine
            : -1;
        bool known = offset >= 0 && offset < BodyLines.Count;
        return DiagnosticInfo.Create(
            DiagnosticDescriptors.TapeUnsupported,
            known ? BodyLines[offset].Location : Identifier,
            known ? "'" + BodyLines[offset].Text + "'" : "The body",
            Model.Name,
            "its copy on tape values does not compile (" + error.GetMessage(CultureInfo.InvariantCulture)
            + "); keep real values in locals, arrays and List<double>, and pass them to other code as plain values");
    }
}
