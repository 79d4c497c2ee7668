using System;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.Emitting;
using AutoDiff.Generator.Fallback;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.Generator;

/// <summary>
/// The pipeline: find [Differentiable] methods, parse each into an equatable model (or diagnostics),
/// emit one file per method. Sources and diagnostics are separate outputs, so edits that move code
/// around re-emit nothing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DifferentiableGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParseResult> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                MethodParser.DifferentiableAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                static (syntaxContext, cancellationToken) => MethodParser.Parse(syntaxContext, cancellationToken))
            .WithTrackingName(TrackingNames.ParsedMethods);

        IncrementalValuesProvider<MethodModel> models = parsed
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!)
            .WithTrackingName(TrackingNames.Models);

        IncrementalValuesProvider<FallbackModel> fallbacks = parsed
            .Where(static result => result.Fallback is not null)
            .Select(static (result, _) => result.Fallback!)
            .WithTrackingName(TrackingNames.Fallbacks);

        IncrementalValuesProvider<DiagnosticInfo> diagnostics = parsed
            .SelectMany(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        context.RegisterSourceOutput(models, static (output, model) => EmitMethod(output, model));
        context.RegisterSourceOutput(fallbacks, static (output, model) => EmitFallback(output, model));
        context.RegisterSourceOutput(diagnostics, static (output, info) => output.ReportDiagnostic(info.ToDiagnostic()));
    }

    private static void EmitMethod(SourceProductionContext output, MethodModel model)
    {
        (string? source, Diagnostic? error) = TryEmit(model);
        if (error is not null)
        {
            output.ReportDiagnostic(error);
        }

        if (source is not null)
        {
            output.AddSource(model.HintName, source);
        }
    }

    private static void EmitFallback(SourceProductionContext output, FallbackModel model)
    {
        try
        {
            output.AddSource(model.HintName, FallbackEmitter.Emit(model).Text);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, null, model.Name, exception.Message));
        }
    }

    /// <summary>The generated file, or an AD0007 diagnostic: a failure stays with its own method.</summary>
    internal static (string? Source, Diagnostic? Error) TryEmit(MethodModel model)
    {
        try
        {
            return (DerivativeFileEmitter.Emit(model), null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return (null, Diagnostic.Create(DiagnosticDescriptors.InternalError, null, model.Name, exception.Message));
        }
    }
}
