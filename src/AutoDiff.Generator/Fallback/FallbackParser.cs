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
/// Builds the tape fallback of a method whose signature is fine: rewrites its body for Var and Dual. The
/// pipeline then compiles the result against the user's compilation (<see cref="FallbackTrial"/>), so a body
/// the tape cannot run is reported on the user's line (AD0021) instead of producing a file that does not compile.
/// </summary>
internal static class FallbackParser
{
    /// <summary>
    /// Rewrites the body for the tape. The result still has to compile against the user's code, which the
    /// pipeline checks once it has the compilation (<see cref="FallbackTrial"/>).
    /// </summary>
    public static FallbackParse Parse(
        IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel, TapeRequest request, CancellationToken cancellationToken)
    {
        MethodSignature signature = request.Signature;
        DiagnosticInfo? reason = request.Reason;
        SyntaxNode body = (SyntaxNode?)syntax.Body ?? syntax.ExpressionBody!;
        var diagnostics = new List<DiagnosticInfo>();
        var callees = new FallbackCallees(method);
        var rewriter = new TapeRewriter(semanticModel, method, TapeFlavor.Reverse, callees, diagnostics, cancellationToken);
        SyntaxNode varBody = rewriter.Visit(body)!;
        SyntaxNode dualBody = new TapeRewriter(semanticModel, method, TapeFlavor.Forward, callees, null, cancellationToken).Visit(body)!;
        if (rewriter.LinqCalls.Count > 0)
        {
            // The tape cannot run LINQ, the source transformation can: when the tape is only the fallback, report
            // what the transformation declined first, not the LINQ calls it reads.
            diagnostics.InsertRange(0, reason is null ? rewriter.LinqCalls : new List<DiagnosticInfo> { reason });
        }

        if (diagnostics.Count > 0)
        {
            return new FallbackParse(null, diagnostics.Distinct().ToEquatableArray(), EquatableArray<CallSite>.Empty);
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
            HintName(method, signature))
        {
            IsExtension = signature.IsExtension,
        };

        DiagnosticInfo? info = reason is null
            ? null
            : DiagnosticInfo.Create(
                DiagnosticDescriptors.TapeFallback,
                reason.Location,
                method.Name,
                Construct(reason),
                Line(reason).ToString(CultureInfo.InvariantCulture),
                Advice(reason));
        var trial = new FallbackTrial(model, info, LocationInfo.From(syntax.Identifier), BodyLines(body, cancellationToken));
        return new FallbackParse(trial, EquatableArray<DiagnosticInfo>.Empty, callees.CallSites);
    }

    /// <summary>Each line of the body, trimmed, with where it is: AD0021 points at the line a compile error of the copy comes from.</summary>
    private static EquatableArray<BodyLine> BodyLines(SyntaxNode body, CancellationToken cancellationToken)
    {
        SourceText source = body.SyntaxTree.GetText(cancellationToken);
        int first = source.Lines.GetLineFromPosition(body.SpanStart).LineNumber;
        int last = source.Lines.GetLineFromPosition(body.Span.End).LineNumber;
        var lines = new List<BodyLine>();
        for (int number = first; number <= last; number++)
        {
            TextLine line = source.Lines[number];
            string text = line.ToString();
            int start = line.Start + (text.Length - text.TrimStart().Length);
            int end = System.Math.Max(start, line.Start + text.TrimEnd().Length);
            if (number == first)
            {
                start = System.Math.Max(start, body.SpanStart);
            }

            var span = TextSpan.FromBounds(start, end);
            lines.Add(new BodyLine(LocationInfo.From(Location.Create(body.SyntaxTree, span)), source.ToString(span).Trim()));
        }

        return lines.ToEquatableArray();
    }

    /// <summary>"a switch statement", from AD0005's "A switch statement"; "the call to 'X'" from AD0004.</summary>
    private static string Construct(DiagnosticInfo reason)
    {
        string what = reason.Arguments.Count > 0 ? reason.Arguments[0] : "an unsupported construct";
        if (reason.Descriptor.Id == DiagnosticDescriptors.NoDerivative.Id)
        {
            return "the call to '" + what + "'";
        }

        if (reason.Descriptor.Id == DiagnosticDescriptors.ArrayNotAtTopLevel.Id)
        {
            return "the local array '" + what + "' declared inside a loop or an if";
        }

        // The diagnostics name constructs as sentence starts ("A switch statement", "Assigning a whole vector"); here they
        // sit mid-sentence, so an ordinary capitalised first word ("A", "The", "This", "Creating") loses its capital.
        int space = what.IndexOf(' ');
        string first = space < 0 ? what : what.Substring(0, space);
        bool word = first.Length > 0 && char.IsUpper(first[0]) && first.Skip(1).All(char.IsLower);
        return word ? char.ToLowerInvariant(what[0]) + what.Substring(1) : what;
    }

    /// <summary>The rewrite the source transformation's own diagnostic gives (the second argument of AD0004, AD0005 and AD0010).</summary>
    private static string Advice(DiagnosticInfo reason) =>
        reason.Descriptor.Id is "AD0004" or "AD0005" or "AD0010" && reason.Arguments.Count > 1 ? reason.Arguments[1]
        : reason.Descriptor.Id == DiagnosticDescriptors.ArrayNotAtTopLevel.Id ? "declare the local array once at the top level of the method body, before the loop, and reuse it"
        : "rewrite the method with what the source transformation supports (see the README)";

    private static int Line(DiagnosticInfo reason) => (reason.Location?.LineSpan.Start.Line ?? -1) + 1;

    private static string HintName(IMethodSymbol method, MethodSignature signature) =>
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
}
