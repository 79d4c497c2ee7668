using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiff.Generator.Fallback;

/// <summary>
/// Builds the tape fallback of a method whose signature is fine: rewrites its body for Var and Dual,
/// then compiles the result against the user's compilation, so a body the tape cannot run is reported
/// on the user's line (AD0021) instead of producing a generated file that does not compile.
/// </summary>
internal static class FallbackParser
{
    /// <summary>The signature parts MethodParser already checked and modelled.</summary>
    public sealed record Signature(
        string? Namespace,
        EquatableArray<ContainingTypeModel> ContainingTypes,
        string Accessibility,
        ScalarType ReturnType,
        EquatableArray<ParameterModel> Parameters);

    /// <param name="reason">The first source-transformation diagnostic, which AD0020 names; null when the tape was asked for.</param>
    public static ParseResult Parse(
        IMethodSymbol method,
        MethodDeclarationSyntax syntax,
        SemanticModel semanticModel,
        Signature signature,
        DiagnosticInfo? reason,
        bool followCallees,
        CancellationToken cancellationToken)
    {
        SyntaxNode body = (SyntaxNode?)syntax.Body ?? syntax.ExpressionBody!;
        var diagnostics = new List<DiagnosticInfo>();
        var callees = new FallbackCallees(semanticModel, followCallees, cancellationToken);
        SyntaxNode varBody = new TapeRewriter(semanticModel, method, TapeFlavor.Reverse, callees, diagnostics, cancellationToken).Visit(body)!;
        SyntaxNode dualBody = new TapeRewriter(semanticModel, method, TapeFlavor.Forward, callees, null, cancellationToken).Visit(body)!;
        if (diagnostics.Count > 0)
        {
            return new ParseResult(null, diagnostics.Distinct().ToEquatableArray());
        }

        string? reasonText = null;
        if (reason is not null)
        {
            reasonText = Construct(reason) + " (line " + Line(reason).ToString(CultureInfo.InvariantCulture) + ")";
        }

        var model = new FallbackModel(
            signature.Namespace,
            signature.ContainingTypes,
            Usings(syntax),
            signature.Accessibility,
            method.Name,
            signature.ReturnType,
            signature.Parameters,
            SourceFormatting.MethodBodyText(syntax),
            reasonText,
            syntax.Body is null,
            Dedent(varBody),
            Dedent(dualBody),
            callees.Models,
            semanticModel.GetNullableContext(syntax.SpanStart).AnnotationsEnabled(),
            HintName(method, signature));

        if (TrialCompile(model, syntax, semanticModel, cancellationToken) is { } error)
        {
            return new ParseResult(null, new EquatableArray<DiagnosticInfo>(new[] { error }));
        }

        var info = new List<DiagnosticInfo>();
        if (reason is not null)
        {
            info.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.TapeFallback,
                reason.Location,
                method.Name,
                Construct(reason),
                Line(reason).ToString(CultureInfo.InvariantCulture),
                Advice(reason)));
        }

        return new ParseResult(null, info.ToEquatableArray(), model);
    }

    /// <summary>"a switch statement", from AD0005's "A switch statement"; "the call to 'X'" from AD0004.</summary>
    private static string Construct(DiagnosticInfo reason)
    {
        string what = reason.Arguments.Count > 0 ? reason.Arguments[0] : "an unsupported construct";
        if (reason.Descriptor.Id == DiagnosticDescriptors.NoDerivative.Id)
        {
            return "the call to '" + what + "'";
        }

        // The diagnostics name constructs as sentence starts ("A switch statement", "The call to ..."); here they sit mid-sentence.
        foreach (string article in new[] { "A ", "An ", "The " })
        {
            if (what.StartsWith(article, System.StringComparison.Ordinal))
            {
                return char.ToLowerInvariant(what[0]) + what.Substring(1);
            }
        }

        return what;
    }

    private static string Advice(DiagnosticInfo reason) =>
        reason.Descriptor.Id == DiagnosticDescriptors.UnsupportedSyntax.Id && reason.Arguments.Count > 1
            ? reason.Arguments[1]
            : "rewrite the method with what the source transformation supports (see the README)";

    private static int Line(DiagnosticInfo reason) => (reason.Location?.LineSpan.Start.Line ?? -1) + 1;

    private static string HintName(IMethodSymbol method, Signature signature) =>
        new MethodModel(
            signature.Namespace, signature.ContainingTypes, signature.Accessibility, method.Name, signature.ReturnType,
            signature.Parameters, EquatableArray<Stmt>.Empty, string.Empty, false).HintName;

    /// <summary>The file's usings (global ones apply anyway) and those of the enclosing namespaces, outermost first.</summary>
    private static EquatableArray<UsingModel> Usings(MethodDeclarationSyntax syntax)
    {
        var usings = new List<UsingModel>();
        if (syntax.SyntaxTree.GetRoot() is CompilationUnitSyntax unit)
        {
            usings.AddRange(unit.Usings.Where(u => u.GlobalKeyword.IsKind(SyntaxKind.None))
                .Select(u => new UsingModel(SourceFormatting.OneLine(u), InNamespace: false)));
        }

        foreach (BaseNamespaceDeclarationSyntax ns in syntax.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse())
        {
            usings.AddRange(ns.Usings.Select(u => new UsingModel(SourceFormatting.OneLine(u), InNamespace: true)));
        }

        return usings.ToEquatableArray();
    }

    /// <summary>The node's text with "\n" line ends and the indentation its lines share removed.</summary>
    private static string Dedent(SyntaxNode node)
    {
        string[] lines = node.WithoutTrivia().ToFullString().Replace("\r\n", "\n").Split('\n');
        int indent = lines.Skip(1)
            .Where(l => l.Trim().Length > 0)
            .Select(l => l.Length - l.TrimStart().Length)
            .DefaultIfEmpty(0)
            .Min();
        var text = new StringBuilder();
        for (int i = 0; i < lines.Length; i++)
        {
            string line = i == 0 ? lines[i] : lines[i].Substring(System.Math.Min(indent, lines[i].Length - lines[i].TrimStart().Length));
            text.Append(line.TrimEnd());
            if (i < lines.Length - 1)
            {
                text.Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Compiles the generated file (helpers stubbed, since the callees' generated methods are not in the
    /// compilation yet) and maps its first error back to the user's line; null when it compiles.
    /// </summary>
    private static DiagnosticInfo? TrialCompile(FallbackModel model, MethodDeclarationSyntax syntax, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        (string text, int varLine, int dualLine) = FallbackEmitter.Emit(model, helperStubs: true);
        SyntaxTree tree = CSharpSyntaxTree.ParseText(
            text, (CSharpParseOptions)syntax.SyntaxTree.Options, path: "AutoDiff.TapeFallback.g.cs", cancellationToken: cancellationToken);
        Compilation trial = semanticModel.Compilation.AddSyntaxTrees(tree);
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
        int bodyLines = model.VarBody.Split('\n').Length;
        int offset = line >= varLine && line < varLine + bodyLines ? line - varLine
            : line >= dualLine && line < dualLine + bodyLines ? line - dualLine
            : -1;
        SyntaxNode body = (SyntaxNode?)syntax.Body ?? syntax.ExpressionBody!;
        SourceText source = syntax.SyntaxTree.GetText(cancellationToken);
        LocationInfo? location = LocationInfo.From(syntax.Identifier);
        string what = "The body";
        if (offset >= 0)
        {
            TextLine userLine = source.Lines[source.Lines.GetLineFromPosition(body.SpanStart).LineNumber + offset];
            string lineText = userLine.ToString();
            int start = userLine.Start + (lineText.Length - lineText.TrimStart().Length);
            int end = System.Math.Max(start, userLine.Start + lineText.TrimEnd().Length);
            if (offset == 0)
            {
                start = System.Math.Max(start, body.SpanStart);
            }

            var span = TextSpan.FromBounds(start, end);
            location = LocationInfo.From(Location.Create(syntax.SyntaxTree, span));
            what = "'" + source.ToString(span).Trim() + "'";
        }

        return DiagnosticInfo.Create(
            DiagnosticDescriptors.TapeUnsupported,
            location,
            what,
            model.Name,
            "its copy on tape values does not compile (" + error.GetMessage(CultureInfo.InvariantCulture)
            + "); keep real values in locals, arrays and List<double>, and pass them to other code as plain values");
    }
}
