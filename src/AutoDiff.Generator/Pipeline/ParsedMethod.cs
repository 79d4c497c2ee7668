using System;
using System.Threading;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.Fallback;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.Generator.Pipeline;

/// <summary>
/// One [Differentiable] method after the only step that sees syntax and symbols: a model for the source
/// transformation, or a tape fallback to try, or neither; its diagnostics; its calls to other methods of
/// the compilation. Everything later is a function of these values.
/// </summary>
/// <param name="Key">The method's <see cref="MethodModel.Key"/>.</param>
internal sealed record ParsedMethod(
    string Key,
    MethodModel? Model,
    FallbackTrial? Fallback,
    EquatableArray<DiagnosticInfo> Diagnostics,
    EquatableArray<CallSite> CallSites)
{
    /// <summary>
    /// The parse transform: the method's own parse, then, when the source transformation declines it and the
    /// tape may run it, the tape fallback (its own branch off the model).
    /// </summary>
    public static ParsedMethod Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax)
        {
            return new ParsedMethod(string.Empty, null, null, EquatableArray<DiagnosticInfo>.Empty, EquatableArray<CallSite>.Empty);
        }

        MethodParse parse = MethodParser.Parse(method, syntax, context.SemanticModel, cancellationToken);
        if (parse.Tape is not { } request)
        {
            return new ParsedMethod(parse.Key, parse.Model, null, parse.Diagnostics, parse.CallSites);
        }

        try
        {
            FallbackParse fallback = FallbackParser.Parse(method, syntax, context.SemanticModel, request, cancellationToken);
            return new ParsedMethod(parse.Key, null, fallback.Trial, fallback.Diagnostics, fallback.CallSites);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var info = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.From(syntax.Identifier), method.Name, exception.Message);
            return new ParsedMethod(parse.Key, null, null, new EquatableArray<DiagnosticInfo>(new[] { info }), EquatableArray<CallSite>.Empty);
        }
    }

    /// <summary>What callers need to know when this method has no model: taped, or no derivatives at all (and why).</summary>
    public MethodFacts Facts() => Fallback is not null
        ? new MethodFacts(Key, MethodStatus.Tape, null, "it runs on the tape", EquatableArray<string>.Empty, false)
        : new MethodFacts(
            Key,
            MethodStatus.Failed,
            Diagnostics.Count > 0
                ? $"its derivatives are not generated because of {Diagnostics[0].Descriptor.Id} on it; fix that first"
                : "it does not compile yet",
            null,
            EquatableArray<string>.Empty,
            false);
}
