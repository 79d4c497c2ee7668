using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Parsing;

/// <summary>Calls: rule-table functions, [Differentiable] methods, and functions with [DerivativeOf] derivatives.</summary>
internal sealed partial class BodyParser
{
    private Expr ConvertCall(IInvocationOperation invocation, ScalarType type, string source)
    {
        IMethodSymbol target = invocation.TargetMethod;
        string display = target.ContainingType.Name + "." + target.Name;
        if (invocation.Arguments.Any(a => a.Parameter?.RefKind is RefKind.Ref or RefKind.Out))
        {
            Unsupported(invocation, $"The call to '{display}'", "only methods with by-value or 'in' arguments can be called");
            return Placeholder(source);
        }

        // An instance method: a [Differentiable] method of this object, or of an object passed in as data; other
        // calls on data compute as written.
        string? receiverName = null;
        if (!target.IsStatic)
        {
            receiverName = invocation.Instance switch
            {
                IInstanceReferenceOperation when !_frame.Inlined => "this",
                IParameterReferenceOperation parameter when !_frame.Inlined && IsData(parameter) => parameter.Parameter.Name,
                _ => null,
            };
            if (receiverName is null || !HasAttribute(target, MethodParser.DifferentiableAttribute))
            {
                if (invocation.Instance is { } instance && IsData(instance))
                {
                    return DataCall(invocation, source);
                }

                Unsupported(invocation, $"The call to '{display}'", "call static methods, [Differentiable] methods of this object or of a parameter, and methods of data");
                return Placeholder(source);
            }
        }

        // Arguments in parameter order, with default values filled in by the compiler.
        EquatableArray<Expr> arguments = invocation.Arguments
            .OrderBy(a => a.Parameter?.Ordinal ?? 0)
            .Select(a => ConvertArgument(a.Value, a.Parameter))
            .ToEquatableArray();

        bool isMathType = target.ContainingType.SpecialType is SpecialType.System_Double or SpecialType.System_Single
            || target.ContainingType.ToDisplayString() is "System.Math" or "System.MathF";
        if (isMathType && type.IsReal())
        {
            if (Rules.RuleTable.Find(target.Name, arguments.Count) is null)
            {
                Diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.NoDerivative,
                    LocationInfo.From(invocation.Syntax),
                    display,
                    "AutoDiff has no derivative rule for it; write the function with supported operations in a [Differentiable] method and call that"));
                return Placeholder(source);
            }

            string receiver = target.ContainingType.SpecialType switch
            {
                SpecialType.System_Double => "double",
                SpecialType.System_Single => "float",
                _ => target.ContainingType.Name,
            };
            return new MathCallExpr(type, source, receiver, target.Name, arguments);
        }

        bool takesVectors = target.Parameters.Any(p => MethodParser.VectorElement(p.Type) is not null) || target.ReturnsVoid;
        bool isDifferentiableMethod = HasAttribute(target, MethodParser.DifferentiableAttribute);
        if (isDifferentiableMethod && target.ReturnsVoid)
        {
            // A vector-valued callee has a Jvp and a Vjp, not the Gradient and Derivative a call goes through.
            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.NoDerivative,
                LocationInfo.From(invocation.Syntax),
                display,
                "calls to vector-valued (void) [Differentiable] methods are not supported yet; inline its body, or give a non-[Differentiable] copy a pullback and a pushforward marked [DerivativeOf]"));
            return Placeholder(source);
        }

        if (!isDifferentiableMethod || takesVectors)
        {
            CustomDerivatives.Found custom = CustomDerivatives.Find(target, _method.ContainingType);
            if (custom.Any || (isDifferentiableMethod && takesVectors))
            {
                return ConvertCustomCall(invocation, target, arguments, custom, isDifferentiableMethod, type, source, receiverName);
            }
        }

        if (isDifferentiableMethod)
        {
            // A callee without generated derivatives would make this method's generated code call methods that
            // do not exist: one in this compilation is checked once every method is parsed (its call site is
            // kept), one from another assembly must come with its generated methods.
            if (!CheckCallee(target, invocation, display, out bool externalDual))
            {
                return Placeholder(source);
            }

            var differentiable = target.Parameters
                .Select(p => MethodParser.SignatureType(p.Type) is { } t && t.IsReal()
                    && !p.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == MethodParser.NoDerivativeAttribute))
                .ToEquatableArray();
            return new DifferentiableCallExpr(
                type,
                source,
                receiverName ?? QualifiedType(target.ContainingType),
                target.Name,
                arguments,
                differentiable,
                target.Parameters.Select(p => p.Name).ToEquatableArray(),
                MethodParser.KeyOf(target),
                MethodParser.InSource(target),
                externalDual);
        }

        if (type.IsReal() && invocation.Arguments.Any(a => MayBeActive(a.Value)))
        {
            if (InlineHelper(invocation) is { } inlined)
            {
                return ScalarOf(inlined, invocation, source);
            }

            Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoDerivative, LocationInfo.From(invocation.Syntax), display, NoDerivativeAdvice.For(target)));
            return Placeholder(source);
        }

        return new OpaqueCallExpr(type, source, QualifiedMember(target), arguments);
    }

    /// <summary>
    /// A call differentiated through derivative methods: <c>[DerivativeOf]</c> partials, or a pullback and a
    /// pushforward, or the generated derivatives of a <c>[Differentiable]</c> callee that takes vectors.
    /// </summary>
    private Expr ConvertCustomCall(
        IInvocationOperation invocation, IMethodSymbol target, EquatableArray<Expr> arguments, CustomDerivatives.Found custom,
        bool isDifferentiableMethod, ScalarType type, string source, string? receiver = null)
    {
        string display = target.ContainingType.Name + "." + target.Name;
        (ArgumentRole Role, bool Differentiable)[] roles = CustomDerivatives.Roles(target);
        for (int i = 0; i < roles.Length; i++)
        {
            if (roles[i].Role == ArgumentRole.Output && arguments[i] is VectorExpr output && _vectorIsInput.TryGetValue(output.Name, out bool input) && input)
            {
                Diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.InputVectorWritten, LocationInfo.From(invocation.Syntax), output.Name, _method.Name));
                return Placeholder(source);
            }
        }

        string? partials = null, pullback = null, pushforward = null;
        if (isDifferentiableMethod)
        {
            if (!CheckCallee(target, invocation, display, out _))
            {
                return Placeholder(source);
            }

            pullback = CallName(target, receiver) + "Gradient";
            pushforward = CallName(target, receiver) + "Derivative";
        }
        else
        {
            int position = invocation.Syntax.SpanStart;
            bool usable(IMethodSymbol? m) => m is not null && _semanticModel.IsAccessible(position, m);
            bool scalarOnly = roles.All(r => r.Role == ArgumentRole.Value) && !target.ReturnsVoid;
            if (scalarOnly && usable(custom.Partials))
            {
                partials = QualifiedMember(custom.Partials!);
            }
            else if (usable(custom.Pullback) && usable(custom.Pushforward))
            {
                pullback = QualifiedMember(custom.Pullback!);
                pushforward = QualifiedMember(custom.Pushforward!);
            }
            else
            {
                string advice = custom.Mismatches.Count > 0
                    ? "match one of the partials, pullback and pushforward signatures described on DerivativeOfAttribute"
                    : scalarOnly
                        ? "give it a partials method, or a pullback and a pushforward, marked [DerivativeOf] and accessible here"
                        : "give it a pullback and a pushforward marked [DerivativeOf] and accessible here";
                Diagnostics.Add(DiagnosticInfo.Create(
                    custom.Mismatches.Count > 0 ? DiagnosticDescriptors.InvalidCustomDerivative : DiagnosticDescriptors.NoDerivative,
                    LocationInfo.From(invocation.Syntax),
                    custom.Mismatches.Count > 0 ? custom.Mismatches[0].Name : display,
                    custom.Mismatches.Count > 0 ? display : advice,
                    advice));
                return Placeholder(source);
            }
        }

        return new CustomCallExpr(
            type,
            source,
            !target.ReturnsVoid,
            CallName(target, receiver),
            arguments,
            roles.Select(r => (int)r.Role).ToEquatableArray(),
            roles.Select(r => r.Differentiable).ToEquatableArray(),
            partials,
            pullback,
            pushforward,
            isDifferentiableMethod,
            isDifferentiableMethod && MethodParser.InSource(target) ? MethodParser.KeyOf(target) : string.Empty);
    }

    /// <summary>
    /// A [Differentiable] callee: in this compilation, its call site is kept for the pipeline to check once
    /// every method is parsed (a recursive call needs no check); from another assembly, its generated
    /// <c>Gradient</c> must be there. False, with AD0004, when it is not.
    /// </summary>
    /// <param name="externalDual">A callee from another assembly also has a <c>GradientDual</c>.</param>
    private bool CheckCallee(IMethodSymbol target, IInvocationOperation invocation, string display, out bool externalDual)
    {
        externalDual = false;
        if (MethodParser.InSource(target))
        {
            if (!SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, _method.OriginalDefinition))
            {
                CallSites.Add(new CallSite(MethodParser.KeyOf(target), display, LocationInfo.From(invocation.Syntax)));
            }

            return true;
        }

        if (!target.ContainingType.GetMembers(target.Name + "Gradient").OfType<IMethodSymbol>().Any())
        {
            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.NoDerivative,
                LocationInfo.From(invocation.Syntax),
                display,
                "its assembly was built without its generated derivatives; build it with the AutoDiff generator"));
            return false;
        }

        externalDual = target.ContainingType.GetMembers(target.Name + "GradientDual").OfType<IMethodSymbol>().Any();
        return true;
    }

    /// <summary>How generated code names a method it calls: in full, or on its receiver (<c>this.Predict</c>, <c>model.Predict</c>).</summary>
    private static string CallName(IMethodSymbol target, string? receiver) => (receiver ?? QualifiedType(target.ContainingType)) + "." + target.Name;

    /// <summary>A call argument: a value, or a whole vector.</summary>
    private Expr ConvertArgument(IOperation operation, IParameterSymbol? parameter)
    {
        if (operation.Type is { } type && MethodParser.VectorElement(type) is { } vector && ViewOf(operation) is { } view)
        {
            // Generated code holds local arrays as spans, and slices are spans: neither converts to T[].
            string name = view.Name;
            if ((!_vectorIsInput[name] || !view.Whole) && parameter?.Type is IArrayTypeSymbol)
            {
                Diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedVectorUse,
                    LocationInfo.From(operation.Syntax),
                    view.Whole
                        ? $"Passing the local array '{name}' to the array parameter '{parameter.Name}'"
                        : $"Passing a part of '{name}' to the array parameter '{parameter.Name}'",
                    "declare that parameter ReadOnlySpan<double> (or Span<double> for an output)"));
            }

            return new VectorExpr(vector.Element, SourceFormatting.OneLine(operation.Syntax), name, view.Offset, view.Whole ? null : view.Length);
        }

        if (operation.Type is { } other && MethodParser.VectorElement(other) is { } element)
        {
            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedVectorUse,
                LocationInfo.From(operation.Syntax),
                $"The vector argument '{SourceFormatting.OneLine(operation.Syntax)}'",
                "pass a vector parameter, a local array or a part of one (x.Slice(k, n), x[a..b]); copy other arrays into a local array first"));
            return new VectorExpr(element.Element, SourceFormatting.OneLine(operation.Syntax), string.Empty);
        }

        return Convert(operation);
    }

    /// <summary>
    /// A plain helper: a static method, or a method of this object called on <c>this</c>, with its source in this
    /// compilation, not [Differentiable] and without [DerivativeOf] derivatives, over reals, integers and structs of
    /// reals (<c>static double Sq(double v) =&gt; v * v</c>; <c>double Residual(double a, int i) =&gt; a * _xs[i] - _ys[i]</c>,
    /// whose fields are data). It is inlined where it is called, as a struct's members are, so a user need not mark
    /// every small function.
    /// </summary>
    private bool IsHelper(IInvocationOperation invocation) =>
        invocation.TargetMethod is { MethodKind: MethodKind.Ordinary, ReturnsVoid: false, IsGenericMethod: false, IsExtern: false, IsAbstract: false, IsVirtual: false, IsOverride: false } target
        && (target.IsStatic || (invocation.Instance is IInstanceReferenceOperation self && IsData(self)))
        && MethodParser.InSource(target)
        && SymbolEqualityComparer.Default.Equals(target.ContainingAssembly, _method.ContainingAssembly)
        && !HasAttribute(target, MethodParser.DifferentiableAttribute)
        && (MethodParser.SignatureType(target.ReturnType) is { } returned && returned.IsReal() || LayoutOf(target.ReturnType) is not null)
        && target.Parameters.All(p => p.RefKind is RefKind.None or RefKind.In
            && (MethodParser.SignatureType(p.Type) is not null || LayoutOf(p.Type) is not null))
        && !CustomDerivatives.Find(target, _method.ContainingType).Any;

    /// <summary>
    /// The value of a call to a plain helper (<see cref="IsHelper"/>), its body inlined; null, with nothing recorded,
    /// when it is not one or its body cannot be inlined (a loop, recursion): the caller then reports the call.
    /// </summary>
    private Value? InlineHelper(IInvocationOperation invocation)
    {
        IMethodSymbol target = invocation.TargetMethod;
        if (!IsHelper(invocation))
        {
            return null;
        }

        int diagnostics = Diagnostics.Count;
        int sunk = _sink?.Count ?? 0;
        int preluded = _prelude.Count;
        IOperation[] arguments = invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToArray();
        Value? inlined = CallMember(target, null, arguments, invocation);
        if (inlined is not null && Diagnostics.Count == diagnostics)
        {
            return inlined;
        }

        Diagnostics.RemoveRange(diagnostics, Diagnostics.Count - diagnostics);
        _sink?.RemoveRange(sunk, _sink.Count - sunk);
        _prelude.RemoveRange(preluded, _prelude.Count - preluded);
        return null;
    }

    /// <summary>
    /// A conservative test for "may depend on a differentiable input": any reference to a real-valued
    /// local or to a differentiable parameter. Used only to reject calls that have no derivative.
    /// </summary>
    private bool MayBeActive(IOperation operation) =>
        operation.DescendantsAndSelf().Any(o => o switch
        {
            ILocalReferenceOperation local => MethodParser.ParameterType(local.Type!).Type is { } t && t.IsReal()
                || MethodParser.VectorElement(local.Type!) is not null || CompositeLayouts.HoldsReals(local.Type!) || ElementLayoutOf(local.Type) is not null,
            IParameterReferenceOperation parameter =>
                (MethodParser.ParameterType(parameter.Type!).Type is { } t && t.IsReal() || CompositeLayouts.HoldsReals(parameter.Type!)
                    || ElementLayoutOf(parameter.Type) is not null || parameter.Type is IArrayTypeSymbol { ElementType: IArrayTypeSymbol or { SpecialType: SpecialType.System_Double or SpecialType.System_Single } })
                && !parameter.Parameter.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == MethodParser.NoDerivativeAttribute),
            _ => false,
        });
}

/// <summary>What AD0004 advises for a call with no derivative: advice the user can follow for that callee.</summary>
internal static class NoDerivativeAdvice
{
    public static string For(IMethodSymbol target) => MethodParser.InSource(target)
        ? $"mark '{target.Name}' [Differentiable] (it must be static and in a partial type), or mark the parameters it uses [NoDerivative]"
        : $"AutoDiff cannot see into library code; write the computation out with Math functions, loops and [Differentiable] methods, "
            + $"or give '{target.Name}' derivatives with a [DerivativeOf] method in this type; if its result does not depend on the differentiable inputs, mark the parameters it reads [NoDerivative]";
}
