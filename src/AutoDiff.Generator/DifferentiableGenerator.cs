using System;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.Differentiation;
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

        // <AutoDiffHessians>false</AutoDiffHessians> in the project turns second derivatives off: less code to compile.
        IncrementalValueProvider<bool> secondOrder = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => !(options.GlobalOptions.TryGetValue(HessiansProperty, out string? value)
                && string.Equals(value.Trim(), "false", StringComparison.OrdinalIgnoreCase)));

        context.RegisterSourceOutput(models.Combine(secondOrder), static (output, pair) => EmitMethod(output, pair.Left, pair.Right));
        context.RegisterSourceOutput(fallbacks, static (output, model) => EmitFallback(output, model));
        context.RegisterSourceOutput(diagnostics, static (output, info) => output.ReportDiagnostic(info.ToDiagnostic()));
    }

    /// <summary>The MSBuild property that switches second derivatives off (made visible by the package's props file).</summary>
    internal const string HessiansProperty = "build_property.AutoDiffHessians";

    private static void EmitMethod(SourceProductionContext output, MethodModel model, bool secondOrder)
    {
        (string? source, Diagnostic? error) = TryEmit(model, secondOrder);
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
    internal static (string? Source, Diagnostic? Error) TryEmit(MethodModel model, bool secondOrder = true)
    {
        try
        {
            return (DerivativeFileEmitter.Emit(Differentiator.Differentiate(model, secondOrder)), null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return (null, Diagnostic.Create(DiagnosticDescriptors.InternalError, null, model.Name, exception.Message));
        }
    }
}
