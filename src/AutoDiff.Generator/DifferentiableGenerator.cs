using System;
using System.Collections.Immutable;
using System.Linq;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.Differentiation;
using AutoDiff.Generator.Emitting;
using AutoDiff.Generator.Fallback;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Pipeline;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.Generator;

/// <summary>
/// The pipeline: find [Differentiable] methods, parse each into an equatable value (the only step that sees
/// syntax and symbols), resolve what they need from each other once all are parsed, then differentiate and
/// print one file per method. Sources and diagnostics are separate outputs, so edits that move code around
/// re-emit nothing, and every expensive step runs after an equality cut-off: lowering, callee analysis and
/// emission only for methods whose model (or plan) changed.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DifferentiableGenerator : IIncrementalGenerator
{
    // Roslyn re-runs the parse transform for every method on every edit; this keeps the parses an edit cannot have changed.
    private readonly ParseCache _parseCache = new();

    /// <summary>How many methods this generator has parsed rather than taken from its cache (for tests).</summary>
    internal int MethodsParsed => _parseCache.Parses;

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParsedMethod> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                Parsing.MethodParser.DifferentiableAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                (syntaxContext, cancellationToken) => _parseCache.Parse(syntaxContext, cancellationToken))
            .WithTrackingName(TrackingNames.ParsedMethods);

        IncrementalValuesProvider<MethodModel> parsedModels = parsed
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!)
            .WithTrackingName(TrackingNames.Models);

        // Nested differentiation: the generated derivatives methods call, as code to splice in place of each call
        // (Differentiation/Nesting); every later step sees the expanded models. Without such calls the table is empty
        // and every model passes through unchanged.
        IncrementalValueProvider<InnerDerivativeTable> inner = parsedModels.Collect()
            .Select(static (all, _) => InnerDerivativeTable.From(all))
            .WithTrackingName(TrackingNames.InnerDerivatives);
        IncrementalValuesProvider<MethodModel> models = parsedModels
            .Combine(inner)
            .Select(static (pair, _) => Nesting.Expand(pair.Left, pair.Right.Find))
            .WithTrackingName(TrackingNames.ExpandedModels);

        // <AutoDiffHessians>true</AutoDiffHessians> in the project asks for second derivatives of every method.
        IncrementalValueProvider<bool> projectHessians = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue(HessiansProperty, out string? value)
                && string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase));

        // What each method tells the others (lowering it once, when its model changes), resolved together.
        IncrementalValuesProvider<MethodFacts> facts = models
            .Select(static (model, _) => MethodFacts.Of(model))
            .WithTrackingName(TrackingNames.Facts);
        IncrementalValuesProvider<MethodFacts> otherFacts = parsed
            .Where(static result => result.Model is null && result.Key.Length > 0)
            .Select(static (result, _) => result.Facts());
        IncrementalValueProvider<CalleeTable> table = facts.Collect()
            .Combine(otherFacts.Collect())
            .Combine(projectHessians)
            .Select(static (pair, _) => new CalleeTable(pair.Left.Left.Concat(pair.Left.Right), pair.Right))
            .WithTrackingName(TrackingNames.CalleeTable);

        // Each method with what its second derivatives need from the table; unchanged plans are not emitted again.
        IncrementalValuesProvider<MethodPlan> plans = models
            .Combine(table)
            .Select(static (pair, _) => MethodPlan.For(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Plans);
        context.RegisterSourceOutput(plans, static (output, plan) => EmitMethod(output, plan));

        IncrementalValuesProvider<DiagnosticInfo> diagnostics = parsed
            .SelectMany(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, info) => output.ReportDiagnostic(info.ToDiagnostic()));

        // A call to a method of this compilation that got no derivatives is reported where the call is.
        // A call of a generated derivative that cannot be inlined says why, there.
        IncrementalValuesProvider<DiagnosticInfo> callProblems = parsed
            .SelectMany(static (result, _) => result.CallSites)
            .Combine(table)
            .Combine(inner)
            .Select(static (pair, _) => (pair.Left.Right.Problem(pair.Left.Left.CalleeKey) ?? pair.Right.Problem(pair.Left.Left)) is { } why
                ? DiagnosticInfo.Create(DiagnosticDescriptors.NoDerivative, pair.Left.Left.Location, pair.Left.Left.Display, why)
                : null)
            .Where(static info => info is not null)
            .Select(static (info, _) => info!);
        context.RegisterSourceOutput(callProblems, static (output, info) => output.ReportDiagnostic(info.ToDiagnostic()));

        // The tape fallback must compile against the user's code: tried where the compilation is.
        IncrementalValuesProvider<FallbackTrial> fallbacks = parsed
            .Where(static result => result.Fallback is not null)
            .Select(static (result, _) => result.Fallback!)
            .WithTrackingName(TrackingNames.Fallbacks);
        context.RegisterSourceOutput(fallbacks.Combine(context.CompilationProvider), static (output, pair) => EmitFallback(output, pair.Left, pair.Right));
    }

    /// <summary>The MSBuild property that turns second derivatives on for every method (made visible by the package's props file).</summary>
    internal const string HessiansProperty = "build_property.AutoDiffHessians";

    private static void EmitMethod(SourceProductionContext output, MethodPlan plan)
    {
        if (plan.Skip)
        {
            return; // a callee has no derivatives: its call site's AD0004 says so
        }

        (string? source, Diagnostic? error) = TryEmit(plan.Model, plan.SecondOrder);
        if (error is not null)
        {
            output.ReportDiagnostic(error);
        }

        if (source is not null)
        {
            output.AddSource(plan.Model.HintName, source);
        }
    }

    private static void EmitFallback(SourceProductionContext output, FallbackTrial trial, Compilation compilation)
    {
        try
        {
            if (trial.Check(compilation, output.CancellationToken) is { } error)
            {
                output.ReportDiagnostic(error.ToDiagnostic());
                return;
            }

            if (trial.Info is not null)
            {
                output.ReportDiagnostic(trial.Info.ToDiagnostic());
            }

            output.AddSource(trial.Model.HintName, FallbackEmitter.Emit(trial.Model).Text);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, null, trial.Model.Name, exception.Message));
        }
    }

    /// <summary>The generated file, or an AD0007 diagnostic: a failure stays with its own method.</summary>
    internal static (string? Source, Diagnostic? Error) TryEmit(MethodModel model, SecondOrderPlan? secondOrder = null)
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
