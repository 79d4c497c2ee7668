using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Fallback;

/// <summary>The scalar a taped copy of a body computes with.</summary>
internal sealed class TapeFlavor
{
    public static readonly TapeFlavor Reverse = new("global::AutoDiff.Taping.Var", "global::AutoDiff.Taping.VarMath", "OnTape");
    public static readonly TapeFlavor Forward = new("global::AutoDiff.DualNumbers.Dual", "global::AutoDiff.DualNumbers.DualMath", "OnDuals");

    private TapeFlavor(string type, string math, string self)
    {
        Type = type;
        Math = math;
        Self = self;
    }

    public string Type { get; }

    public string Math { get; }

    /// <summary>The copy's own name, which recursive calls go to.</summary>
    public string Self { get; }
}

/// <summary>
/// Rewrites a method body so it computes on <c>Var</c> or <c>Dual</c> instead of <c>double</c>/<c>float</c>:
/// real types become the tape type (locals, lambdas, local functions, lists, arrays), <c>Math.X</c> becomes
/// <c>VarMath.X</c>, calls to [Differentiable] methods go to helpers that use their generated derivatives,
/// and real values passed to other code are cast back to <c>double</c>. What cannot work on the tape is
/// reported (AD0004, AD0021) on the first pass; the result is checked by compiling it (see <see cref="FallbackParser"/>).
/// </summary>
internal sealed class TapeRewriter : CSharpSyntaxRewriter
{
    /// <summary>
    /// Whether <c>VarMath</c> and <c>DualMath</c> have this <c>System.Math</c> / <c>double</c> function: every
    /// function of the rule table (a test pins both to it), and <c>SinCos</c>, whose two results are two rules.
    /// </summary>
    private static bool OnTape(string name, int arity) => Rules.RuleTable.Find(name, arity) is not null || (name == "SinCos" && arity == 1);

    private readonly SemanticModel _model;
    private readonly IMethodSymbol _method;
    private readonly TapeFlavor _flavor;
    private readonly FallbackCallees _callees;
    private readonly List<DiagnosticInfo>? _diagnostics;
    private readonly CancellationToken _cancellationToken;

    /// <param name="diagnostics">Where problems go; null on the second pass, which sees the same body.</param>
    public TapeRewriter(
        SemanticModel model, IMethodSymbol method, TapeFlavor flavor, FallbackCallees callees, List<DiagnosticInfo>? diagnostics, CancellationToken cancellationToken)
    {
        _model = model;
        _method = method;
        _flavor = flavor;
        _callees = callees;
        _diagnostics = diagnostics;
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// LINQ calls over reals the tape cannot run (kept apart: where the tape is only the fallback, the source
    /// transformation reads them, and what it declined is the thing to fix).
    /// </summary>
    public List<DiagnosticInfo> LinqCalls { get; } = new();

    public static bool IsReal(ITypeSymbol? type) => type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single;

    /// <summary>Whether the type mentions double or float anywhere: arrays, type arguments, tuple elements, pointers.</summary>
    public static bool ContainsReal(ITypeSymbol? type) => type switch
    {
        null => false,
        _ when IsReal(type) => true,
        IArrayTypeSymbol array => ContainsReal(array.ElementType),
        IPointerTypeSymbol pointer => ContainsReal(pointer.PointedAtType),
        INamedTypeSymbol named => named.TypeArguments.Any(ContainsReal),
        _ => false,
    };

    public override SyntaxNode? Visit(SyntaxNode? node)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        return base.Visit(node);
    }

    public override SyntaxNode? VisitPredefinedType(PredefinedTypeSyntax node)
    {
        bool real = node.Keyword.IsKind(SyntaxKind.DoubleKeyword) || node.Keyword.IsKind(SyntaxKind.FloatKeyword);

        // `double.NaN`, `double.IsNaN(x)`: the static members of double stay double's.
        bool staticReceiver = node.Parent is MemberAccessExpressionSyntax access && access.Expression == node;
        bool typeQuery = node.Ancestors().Any(a => a is TypeOfExpressionSyntax or SizeOfExpressionSyntax);
        return real && !staticReceiver && !typeQuery ? TypeSyntax(_flavor.Type, node) : base.VisitPredefinedType(node);
    }

    public override SyntaxNode? VisitLocalDeclarationStatement(LocalDeclarationStatementSyntax node) =>

        // A const local stays double: Var is not a constant type, and its uses are folded anyway.
        node.IsConst ? node : base.VisitLocalDeclarationStatement(node);

    public override SyntaxNode? VisitCastExpression(CastExpressionSyntax node)
    {
        var visited = (CastExpressionSyntax)base.VisitCastExpression(node)!;

        // (float)x rounds: the taped copy computes in double, so it rounds explicitly to stay faithful.
        if (_model.GetTypeInfo(node.Type, _cancellationToken).Type?.SpecialType == SpecialType.System_Single
            && _model.GetTypeInfo(node.Expression, _cancellationToken).Type?.SpecialType == SpecialType.System_Double
            && _model.GetOperation(WithoutParentheses(node.Expression), _cancellationToken) is { } operand && MayBeActive(operand))
        {
            return SyntaxFactory.ParseExpression(FallbackEmitter.RoundToSingle + "(" + visited.Expression.WithoutTrivia().ToFullString() + ")")
                .WithTriviaFrom(node);
        }

        return visited;
    }

    public override SyntaxNode? VisitPointerType(PointerTypeSyntax node)
    {
        Report(node, "A pointer type", "unsafe code reads raw doubles the tape cannot see; use locals, arrays or List<double>");
        return base.VisitPointerType(node);
    }

    public override SyntaxNode? VisitUnsafeStatement(UnsafeStatementSyntax node)
    {
        Report(node, "An unsafe block", "unsafe code reads raw doubles the tape cannot see; use locals, arrays or List<double>");
        return base.VisitUnsafeStatement(node);
    }

    /// <summary>
    /// <c>var (x, y) = (0.0, 0.0)</c> takes its types from the right, which stays double for literals: on tape values the
    /// locals are declared with their types instead, <c>(Var x, Var y) = ...</c>, which converts what comes in.
    /// </summary>
    public override SyntaxNode? VisitDeclarationExpression(DeclarationExpressionSyntax node)
    {
        if (node.Type is IdentifierNameSyntax { IsVar: true } && node.Designation is ParenthesizedVariableDesignationSyntax designation
            && Typed(designation) is { } typed)
        {
            return SyntaxFactory.ParseExpression(typed).WithTriviaFrom(node);
        }

        return base.VisitDeclarationExpression(node);
    }

    /// <summary>A parenthesized designation as typed declarations (<c>(Var x, (Var y, int k))</c>), or null when a type has no name.</summary>
    private string? Typed(ParenthesizedVariableDesignationSyntax designation)
    {
        var parts = new List<string>();
        foreach (VariableDesignationSyntax variable in designation.Variables)
        {
            switch (variable)
            {
                case ParenthesizedVariableDesignationSyntax nested when Typed(nested) is { } inner:
                    parts.Add(inner);
                    break;
                case SingleVariableDesignationSyntax single when _model.GetDeclaredSymbol(single, _cancellationToken) is ILocalSymbol local && TypeText(local.Type) is { } type:
                    parts.Add(type + " " + single.Identifier.Text);
                    break;
                case DiscardDesignationSyntax:
                    parts.Add("_");
                    break;
                default:
                    return null;
            }
        }

        return "(" + string.Join(", ", parts) + ")";
    }

    public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
    {
        // `var` becomes the rewritten type when it stands for one with reals in it.
        if (node.IsVar && _model.GetTypeInfo(node, _cancellationToken).Type is { } type && ContainsReal(type))
        {
            string? text = TypeText(type);
            if (text is null)
            {
                Report(node, $"A 'var' of type '{type.ToDisplayString()}'", "the tape's copy must name the type, and an anonymous type has no name; use a tuple or a record instead");
                return base.VisitIdentifierName(node);
            }

            return TypeSyntax(text, node);
        }

        return base.VisitIdentifierName(node);
    }

    public override SyntaxNode? VisitImplicitArrayCreationExpression(ImplicitArrayCreationExpressionSyntax node)
    {
        var visited = (ImplicitArrayCreationExpressionSyntax)base.VisitImplicitArrayCreationExpression(node)!;
        if (_model.GetTypeInfo(node, _cancellationToken).Type is IArrayTypeSymbol array && ContainsReal(array) && TypeText(array) is { } text)
        {
            // `new[] { 1.0, 2.0 }` would stay double[]: name the element type.
            return SyntaxFactory.ArrayCreationExpression((ArrayTypeSyntax)SyntaxFactory.ParseTypeName(text), visited.Initializer)
                .WithTriviaFrom(node);
        }

        return visited;
    }

    public override SyntaxNode? VisitStackAllocArrayCreationExpression(StackAllocArrayCreationExpressionSyntax node)
    {
        // Tape values live in managed arrays: stackalloc double[n] becomes new Var[n] (a Span<Var> all the same).
        var visited = (StackAllocArrayCreationExpressionSyntax)base.VisitStackAllocArrayCreationExpression(node)!;
        return visited.Type is ArrayTypeSyntax array && _model.GetTypeInfo(node, _cancellationToken).ConvertedType is { } type && ContainsReal(type)
            ? SyntaxFactory.ArrayCreationExpression(New, array, visited.Initializer).WithTriviaFrom(node)
            : visited;
    }

    public override SyntaxNode? VisitImplicitStackAllocArrayCreationExpression(ImplicitStackAllocArrayCreationExpressionSyntax node)
    {
        var visited = (ImplicitStackAllocArrayCreationExpressionSyntax)base.VisitImplicitStackAllocArrayCreationExpression(node)!;
        return _model.GetTypeInfo(node, _cancellationToken).Type is INamedTypeSymbol { TypeArguments: [{ } element] } && IsReal(element)
            ? SyntaxFactory.ArrayCreationExpression(New, (ArrayTypeSyntax)SyntaxFactory.ParseTypeName(_flavor.Type + "[]"), visited.Initializer).WithTriviaFrom(node)
            : visited;
    }

    private static SyntaxToken New => SyntaxFactory.Token(SyntaxKind.NewKeyword).WithTrailingTrivia(SyntaxFactory.Space);

    public override SyntaxNode? VisitSwitchStatement(SwitchStatementSyntax node)
    {
        var visited = (SwitchStatementSyntax)base.VisitSwitchStatement(node)!;
        return RealInput(node.Expression) ? visited.WithExpression(ValueOf(visited.Expression, node.Expression)) : visited;
    }

    public override SyntaxNode? VisitSwitchExpression(SwitchExpressionSyntax node)
    {
        var visited = (SwitchExpressionSyntax)base.VisitSwitchExpression(node)!;
        return RealInput(node.GoverningExpression) ? visited.WithGoverningExpression(ValueOf(visited.GoverningExpression, node.GoverningExpression)) : visited;
    }

    public override SyntaxNode? VisitIsPatternExpression(IsPatternExpressionSyntax node)
    {
        var visited = (IsPatternExpressionSyntax)base.VisitIsPatternExpression(node)!;
        return RealInput(node.Expression) ? visited.WithExpression(ValueOf(visited.Expression, node.Expression)) : visited;
    }

    public override SyntaxNode? VisitAssignmentExpression(AssignmentExpressionSyntax node)
    {
        IOperation? target = (_model.GetOperation(node, _cancellationToken) as IAssignmentOperation)?.Target;
        // Elements of the body's own lists are fine; fields, static properties and outside objects are not.
        bool outside = target is IFieldReferenceOperation
            || target is IPropertyReferenceOperation { Instance: not (ILocalReferenceOperation or IParameterReferenceOperation) };
        if (outside && ContainsReal(target!.Type))
        {
            ISymbol member = target is IFieldReferenceOperation field ? field.Field : ((IPropertyReferenceOperation)target).Property;
            Report(node, $"Storing a value in '{member.Name}'", "the tape follows values only through locals; return the value or keep it in a local");
        }

        return base.VisitAssignmentExpression(node);
    }

    public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        if (_model.GetOperation(node, _cancellationToken) is not IInvocationOperation invocation)
        {
            return base.VisitInvocationExpression(node);
        }

        IMethodSymbol target = invocation.TargetMethod;
        if (target.IsStatic && HasAttribute(target, MethodParser.DifferentiableAttribute))
        {
            return DifferentiableCall(node, invocation);
        }

        if (IsMathType(target.ContainingType) && target.IsStatic
            && (IsReal(target.ReturnType) || target.Name == "SinCos")
            && OnTape(target.Name, target.Parameters.Length))
        {
            var math = SyntaxFactory.ParseExpression(_flavor.Math + "." + target.Name).WithTriviaFrom(node.Expression);
            return node.WithExpression(math).WithArgumentList((ArgumentListSyntax)Visit(node.ArgumentList)!);
        }

        if (GuardCalls.IsGuard(target))
        {
            return GuardCall(node, invocation);
        }

        // Local functions and delegates declared in the body are rewritten with it.
        bool local = target.MethodKind == MethodKind.LocalFunction
            || (target.MethodKind == MethodKind.DelegateInvoke && invocation.Instance is ILocalReferenceOperation or IParameterReferenceOperation);
        return local ? base.VisitInvocationExpression(node) : OpaqueCall(node, invocation);
    }

    /// <summary>A call to another [Differentiable] method: to this copy itself, or to a helper running the callee's derivatives.</summary>
    private SyntaxNode DifferentiableCall(InvocationExpressionSyntax node, IInvocationOperation invocation)
    {
        IMethodSymbol target = invocation.TargetMethod;
        bool self = SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, _method.OriginalDefinition);
        string? helper = self ? null : _callees.HelperFor(target, node, _diagnostics);
        if (!self && helper is null)
        {
            return base.VisitInvocationExpression(node)!;
        }

        string name = self ? _flavor.Self : helper + _flavor.Self;

        // Arguments in parameter order, defaults filled in, so the helper needs no optional parameters.
        var arguments = new List<string>();
        foreach (IArgumentOperation argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue && argument.Value.ConstantValue is { HasValue: true, Value: { } value }
                && MethodParser.SignatureType(argument.Value.Type!) is { } type)
            {
                arguments.Add(Emitting.ExprPrinter.Literal(Literals.From(value, type)));
            }
            else if (target.IsExtensionMethod && argument.Parameter?.Ordinal == 0 && node.Expression is MemberAccessExpressionSyntax receiver)
            {
                // x.F(y) calls the extension method F(x, y).
                arguments.Add(Visit(receiver.Expression)!.ToFullString().Trim());
            }
            else if ((argument.Syntax as ArgumentSyntax ?? argument.Syntax.FirstAncestorOrSelf<ArgumentSyntax>()) is { } syntax)
            {
                // (An argument in parentheses, G((x)), reports the inner expression as its syntax.)
                arguments.Add(Visit(syntax.Expression)!.ToFullString().Trim());
            }
            else
            {
                // Every argument of a call the compiler bound has its syntax (params are not supported for [Differentiable] methods).
                throw new System.InvalidOperationException($"The call to '{target.Name}' has an argument without syntax");
            }
        }

        return SyntaxFactory.ParseExpression(name + "(" + string.Join(", ", arguments) + ")").WithTriviaFrom(node);
    }

    /// <summary>A guard (<c>ThrowIfNegative(x)</c>, <c>Debug.Assert(...)</c>) checks plain values: real arguments are cast back.</summary>
    private SyntaxNode GuardCall(InvocationExpressionSyntax node, IInvocationOperation invocation)
    {
        var visited = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
        var arguments = node.ArgumentList.Arguments.Select((original, i) => RealInput(original.Expression)
            ? visited.ArgumentList.Arguments[i].WithExpression(ValueOf(visited.ArgumentList.Arguments[i].Expression, original.Expression))
            : visited.ArgumentList.Arguments[i]).ToList();

        // The parameter name the compiler fills in from the argument's text is the original's, not the cast's.
        foreach (IArgumentOperation filled in invocation.Arguments.Where(a => a.ArgumentKind == ArgumentKind.DefaultValue))
        {
            if (filled.Parameter is { } parameter && filled.Value.ConstantValue is { HasValue: true, Value: string text }
                && parameter.GetAttributes().Any(a => a.AttributeClass?.Name == "CallerArgumentExpressionAttribute"))
            {
                arguments.Add(SyntaxFactory.Argument(SyntaxFactory.ParseExpression(SymbolDisplay.FormatLiteral(text, quote: true)))
                    .WithNameColon(SyntaxFactory.NameColon(parameter.Name)));
            }
        }

        return visited.WithArgumentList(visited.ArgumentList.WithArguments(SyntaxFactory.SeparatedList(arguments)));
    }

    /// <summary>
    /// Any other call runs on plain values: real arguments are cast back to double (or float), which is
    /// right as long as the result does not depend on them, or is not real.
    /// </summary>
    private SyntaxNode OpaqueCall(InvocationExpressionSyntax node, IInvocationOperation invocation)
    {
        IMethodSymbol target = invocation.TargetMethod;
        string display = target.ContainingType is null ? target.Name : target.ContainingType.Name + "." + target.Name;
        if (invocation.Arguments.Any(a => a.Parameter?.RefKind is RefKind.Ref or RefKind.Out && ContainsReal(a.Parameter.Type)))
        {
            Report(node, $"The call to '{display}' with a ref or out argument", "the tape cannot follow values written through ref or out arguments; compute the value outside the method and pass it in, or call a method that returns it");
        }
        else if (ComputesReals(target) && (invocation.Arguments.Any(a => MayBeActive(a.Value)) || (invocation.Instance is { } instance && MayBeActive(instance))))
        {
            bool linq = target.ContainingType?.ToDisplayString() == "System.Linq.Enumerable";
            (linq ? LinqCalls : _diagnostics)?.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.NoDerivative,
                LocationInfo.From(node),
                display,
                linq ? "the tape cannot run LINQ over reals; the source transformation lowers it to loops, so leave the method to it (no Strategy = Tape), or write the loop" : NoDerivativeAdvice.For(target)));
        }

        var visited = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
        IMethodSymbol definition = target.ReducedFrom ?? target.OriginalDefinition;

        // Explicit type arguments, so inference cannot settle on double where the body now holds Var.
        if (target.IsGenericMethod && target.TypeArguments.Any(ContainsReal))
        {
            string?[] texts = target.TypeArguments.Select(TypeText).ToArray();
            if (texts.Any(t => t is null) || definition.TypeParameters.Any(p => p.ConstraintTypes.Length > 0 || p.HasUnmanagedTypeConstraint))
            {
                Report(node, $"The call to '{display}'", "the tape's Var and Dual cannot fill its constrained type parameters (generic math); call a version of it written for double, or write the computation out");
            }
            else
            {
                visited = visited.WithExpression(WithTypeArguments(visited.Expression, texts!));
            }
        }

        // Real receivers and arguments become plain values again, unless they fill a type parameter.
        if (node.Expression is MemberAccessExpressionSyntax access && visited.Expression is MemberAccessExpressionSyntax visitedAccess
            && RealInput(access.Expression) && !target.IsStatic)
        {
            visited = visited.WithExpression(visitedAccess.WithExpression(
                SyntaxFactory.ParenthesizedExpression(ValueOf(visitedAccess.Expression, access.Expression))));
        }

        var arguments = new List<ArgumentSyntax>();
        for (int i = 0; i < node.ArgumentList.Arguments.Count; i++)
        {
            ArgumentSyntax original = node.ArgumentList.Arguments[i];
            ArgumentSyntax argument = visited.ArgumentList.Arguments[i];
            IParameterSymbol? parameter = invocation.Arguments.FirstOrDefault(a => a.Syntax == original)?.Parameter;
            ITypeSymbol? declared = parameter is null ? null : definition.Parameters.ElementAtOrDefault(parameter.Ordinal)?.Type;
            bool generic = declared is ITypeParameterSymbol;
            arguments.Add(RealInput(original.Expression) && !generic ? argument.WithExpression(ValueOf(argument.Expression, original.Expression)) : argument);
        }

        return visited.WithArgumentList(visited.ArgumentList.WithArguments(SyntaxFactory.SeparatedList(arguments, visited.ArgumentList.Arguments.GetSeparators())));
    }

    /// <summary>
    /// Whether a call computes real values the tape cannot follow: its declared return type holds reals. A generic
    /// method or type that only passes values of its type parameter along (<c>AsSpan&lt;T&gt;</c>, <c>Span&lt;T&gt;.Slice</c>,
    /// <c>Enumerable.Max&lt;T&gt;</c>) runs on tape values and is followed.
    /// </summary>
    private static bool ComputesReals(IMethodSymbol target) => ContainsReal((target.ReducedFrom ?? target).OriginalDefinition.ReturnType);

    /// <summary>
    /// Conservative "may depend on a differentiable input": reads a local or parameter (including lambda and
    /// local-function parameters) whose type holds reals, other than a [NoDerivative] parameter of the method.
    /// </summary>
    private bool MayBeActive(IOperation operation) =>
        operation.DescendantsAndSelf().Any(o => o switch
        {
            ILocalReferenceOperation local => ContainsReal(local.Local.Type),
            IParameterReferenceOperation parameter => ContainsReal(parameter.Parameter.Type)
                && !(SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, _method)
                    && HasAttribute(parameter.Parameter, MethodParser.NoDerivativeAttribute)),
            _ => false,
        });

    /// <summary>A switch, pattern or receiver input of real type: it is read as a plain value.</summary>
    private bool RealInput(ExpressionSyntax original)
    {
        if (!IsReal(_model.GetTypeInfo(original, _cancellationToken).Type))
        {
            return false;
        }

        // A pattern that captures the value (`case var v`, `is double d`) would hold it without its derivative.
        SyntaxNode? owner = original.Parent;
        IEnumerable<SyntaxNode> patterns = owner switch
        {
            SwitchStatementSyntax statement => statement.Sections.SelectMany(s => s.Labels),
            SwitchExpressionSyntax expression => expression.Arms.Select(a => a.Pattern),
            IsPatternExpressionSyntax isPattern => new[] { isPattern.Pattern },
            _ => Array.Empty<SyntaxNode>(),
        };
        foreach (SyntaxNode pattern in patterns)
        {
            if (pattern.DescendantNodesAndSelf().OfType<SingleVariableDesignationSyntax>().FirstOrDefault() is { } designation)
            {
                Report(designation.Parent ?? designation, $"The pattern variable '{designation.Identifier.Text}'", "a pattern copies the value without its derivative; compare in the pattern and read the original variable in the branch");
            }
        }

        return true;
    }

    /// <summary><c>(double)(e)</c>, or <c>(float)(e)</c> for a float-typed original: the plain value.</summary>
    private ExpressionSyntax ValueOf(ExpressionSyntax visited, ExpressionSyntax original)
    {
        string keyword = _model.GetTypeInfo(original, _cancellationToken).Type?.SpecialType == SpecialType.System_Single ? "float" : "double";
        return SyntaxFactory.ParseExpression("(" + keyword + ")(" + visited.WithoutTrivia().ToFullString() + ")").WithTriviaFrom(visited);
    }

    /// <summary>The type as C# source with double and float replaced by the tape type; null when it has no name (anonymous types).</summary>
    public string? TypeText(ITypeSymbol type)
    {
        if (IsReal(type))
        {
            return _flavor.Type;
        }

        switch (type)
        {
            case IArrayTypeSymbol array:
                return TypeText(array.ElementType) is { } elementText ? elementText + "[" + new string(',', array.Rank - 1) + "]" : null;
            case INamedTypeSymbol { IsAnonymousType: true }:
                return null;
            case INamedTypeSymbol { IsTupleType: true } tuple:
                {
                    var elements = new List<string>();
                    foreach (IFieldSymbol element in tuple.TupleElements)
                    {
                        if (TypeText(element.Type) is not { } text)
                        {
                            return null;
                        }

                        elements.Add(element.IsExplicitlyNamedTupleElement ? text + " " + element.Name : text);
                    }

                    return "(" + string.Join(", ", elements) + ")";
                }

            case INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable:
                return TypeText(nullable.TypeArguments[0]) is { } inner ? inner + "?" : null;
            case INamedTypeSymbol named when named.TypeArguments.Length > 0 || named.ContainingType is { IsGenericType: true }:
                {
                    string? prefix = named.ContainingType is { } outer
                        ? TypeText(outer)
                        : named.ContainingNamespace is { IsGlobalNamespace: false } ns ? "global::" + ns.ToDisplayString() : "global:";
                    if (prefix is null)
                    {
                        return null;
                    }

                    string?[] arguments = named.TypeArguments.Select(TypeText).ToArray();
                    if (arguments.Any(a => a is null))
                    {
                        return null;
                    }

                    string separator = prefix == "global:" ? ":" : ".";
                    return prefix + separator + named.Name + (arguments.Length > 0 ? "<" + string.Join(", ", arguments) + ">" : string.Empty);
                }

            default:
                return type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        }
    }

    private static ExpressionSyntax WithTypeArguments(ExpressionSyntax callee, string[] typeArguments)
    {
        TypeArgumentListSyntax list = SyntaxFactory.TypeArgumentList(
            SyntaxFactory.SeparatedList(typeArguments.Select(t => SyntaxFactory.ParseTypeName(t))));
        return callee switch
        {
            MemberAccessExpressionSyntax access => access.WithName(SyntaxFactory.GenericName(access.Name.Identifier, list)),
            SimpleNameSyntax name => SyntaxFactory.GenericName(name.Identifier, list).WithTriviaFrom(name),
            _ => callee,
        };
    }

    private static ExpressionSyntax WithoutParentheses(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression;
    }

    private static TypeSyntax TypeSyntax(string text, SyntaxNode replaced) => SyntaxFactory.ParseTypeName(text).WithTriviaFrom(replaced);

    private static bool IsMathType(INamedTypeSymbol? type) =>
        type is not null && (type.SpecialType is SpecialType.System_Double or SpecialType.System_Single
            || type.ToDisplayString() is "System.Math" or "System.MathF");

    public static bool HasAttribute(ISymbol symbol, string name) =>
        symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == name);

    private void Report(SyntaxNode node, string what, string fix) =>
        _diagnostics?.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TapeUnsupported, LocationInfo.From(node), what, _method.Name, fix));
}
