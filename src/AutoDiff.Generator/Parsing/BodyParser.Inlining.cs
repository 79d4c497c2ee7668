using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Parsing;

/// <summary>
/// Members of structs declared in this compilation (operators, constructors, methods, properties) and
/// <c>[Differentiable]</c> methods that take or return tuples and structs are inlined where they are called:
/// their body is evaluated on the caller's values, parameters bound to the arguments and locals to what they
/// hold, an <c>if</c> turned into choices (<c>c ? a : b</c>, leaf by leaf). So a struct's code is differentiated
/// from its source without the user annotating it, and what comes out is plain arithmetic on the leaves.
/// Where the statement being read may get statements before it, values the inlined code computes are kept in
/// locals (computed once); inside conditions they are substituted.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>The method being read, or a member being inlined into it.</summary>
    private sealed class Frame
    {
        public Frame(IMethodSymbol member, SemanticModel model, bool inlined)
        {
            Member = member;
            Model = model;
            Inlined = inlined;
        }

        public IMethodSymbol Member { get; }

        public SemanticModel Model { get; }

        /// <summary>An inlined member: every parameter and local is in <see cref="Values"/>.</summary>
        public bool Inlined { get; }

        /// <summary>
        /// What parameters, locals and <c>this</c> (under the member's own symbol) stand for: in an inlined member all of
        /// them; in the method itself, its composite locals and parameters and its arrays of composites.
        /// </summary>
        public Dictionary<ISymbol, Value> Values { get; set; } = new(SymbolEqualityComparer.Default);
    }

    /// <summary>The deepest inlining (nested calls of struct members); deeper is a recursion the generator reports.</summary>
    private const int MaxInlineDepth = 16;

    private readonly Stack<IMethodSymbol> _inlining = new();

    // Where the method calls the member being inlined (the outermost call, when inlined members call others).
    private IOperation? _callSite;

    /// <summary>Where a problem inside inlined code is reported: at the call in the method, which the user can change.</summary>
    private LocationInfo? CallSiteOf(IOperation fallback) => LocationInfo.From((_callSite ?? fallback).Syntax);

    private Frame _frame = null!;

    /// <summary>
    /// Where statements computing parts of the statement being read go (before it): its own list when it may have
    /// statements before it, null inside conditions of loops, branches of <c>?:</c> and right operands of <c>&amp;&amp;</c>.
    /// </summary>
    private List<Stmt>? _sink;

    private T WithoutSink<T>(Func<T> read)
    {
        List<Stmt>? saved = _sink;
        _sink = null;
        try
        {
            return read();
        }
        finally
        {
            _sink = saved;
        }
    }

    private Expr ConvertWithoutSink(IOperation operation) => WithoutSink(() => Convert(operation));

    /// <summary>How diagnostics name a member: <c>Vec3.Length</c>, <c>Vec3.operator +</c>, <c>new Vec3(...)</c>.</summary>
    private static string Display(IMethodSymbol member) => member.MethodKind switch
    {
        MethodKind.Constructor => "new " + member.ContainingType.Name + "(...)",
        MethodKind.UserDefinedOperator or MethodKind.Conversion => member.ContainingType.Name + "." + member.Name,
        MethodKind.PropertyGet => member.ContainingType.Name + "." + (member.AssociatedSymbol?.Name ?? member.Name),
        _ => member.ContainingType.Name + "." + member.Name,
    };

    /// <summary>
    /// A call of a member that is not a plain scalar call: System.Numerics and <c>SinCos</c> from their built-in
    /// definitions, anything else with source here inlined. Null (with a diagnostic) when it cannot be.
    /// </summary>
    private Value? CallMember(IMethodSymbol method, IOperation? instance, IReadOnlyList<IOperation> arguments, IOperation where)
    {
        if (NumericsCall(method, instance, arguments, where) is { } builtin)
        {
            return builtin;
        }

        if (Diagnostics.Count > 0 && HasDiagnosticAt(where))
        {
            return null;
        }

        Value? self = instance is null ? null : ConvertValue(instance);
        var values = arguments.Select(ConvertValue).ToList();
        return Inline(method, self, values, where);
    }

    private bool HasDiagnosticAt(IOperation where) =>
        Diagnostics.Any(d => d.Location is { } location && location.Span.IntersectsWith(where.Syntax.Span) && location.FilePath == where.Syntax.SyntaxTree.FilePath);

    /// <summary>A call that yields any value: built-in, inlined, or a plain scalar call.</summary>
    private Value? ConvertCallValue(IInvocationOperation invocation)
    {
        IMethodSymbol target = invocation.TargetMethod;
        IOperation[] arguments = invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToArray();
        if (Inlinable(target, invocation.Instance))
        {
            return CallMember(target, invocation.Instance, arguments, invocation);
        }

        if (LayoutOf(target.ReturnType) is { } layout)
        {
            if (InlineHelper(invocation) is { } inlined)
            {
                return inlined;
            }

            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.NoDerivative,
                LocationInfo.From(invocation.Syntax),
                target.ContainingType.Name + "." + target.Name,
                $"it returns a {layout.Display} and is not [Differentiable]; mark it [Differentiable] (it must be in a partial type of this project), or make it a member of the struct"));
            return null;
        }

        return new ScalarValue(Convert(invocation));
    }

    /// <summary>
    /// Whether a call is read by inlining (or from a built-in definition): System.Numerics and <c>SinCos</c>; members of
    /// structs of reals; and <c>[Differentiable]</c> methods that take or return tuples, structs or arrays of them.
    /// </summary>
    private bool Inlinable(IMethodSymbol target, IOperation? instance)
    {
        if (IsSinCos(target) || CompositeLayouts.IsNumerics(target.ContainingType))
        {
            return true;
        }

        if (target.ContainingType is { TypeKind: TypeKind.Struct } owner && LayoutOf(owner) is not null)
        {
            return true;
        }

        bool composite = LayoutOf(target.ReturnType) is not null
            || target.Parameters.Any(p => LayoutOf(p.Type) is not null || ElementLayoutOf(p.Type) is not null);
        return composite && HasAttribute(target, MethodParser.DifferentiableAttribute);
    }

    private static bool IsSinCos(IMethodSymbol method) => method.Name == "SinCos" && method.IsStatic && method.Parameters.Length == 1
        && (method.ContainingType.SpecialType is SpecialType.System_Double or SpecialType.System_Single
            || method.ContainingType.ToDisplayString() is "System.Math" or "System.MathF");

    private static bool HasAttribute(ISymbol symbol, string name) => symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == name);

    /// <summary>
    /// Evaluates <paramref name="member"/>'s body on the given values: <paramref name="self"/> is <c>this</c> (for a
    /// constructor, the value being built, zeroed). Null, with a diagnostic naming the member, when it cannot be.
    /// </summary>
    private Value? Inline(IMethodSymbol member, Value? self, IReadOnlyList<Value> arguments, IOperation where)
    {
        member = member.PartialImplementationPart ?? member;
        string display = Display(member);
        if (member.DeclaringSyntaxReferences.IsEmpty)
        {
            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.MemberWithoutSource,
                CallSiteOf(where),
                display,
                "it is declared in another assembly, so its code is not here to differentiate; write the computation with the struct's fields, or move the struct into this project"));
            return null;
        }

        if (_inlining.Count >= MaxInlineDepth || _inlining.Contains(member.OriginalDefinition, SymbolEqualityComparer.Default))
        {
            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.InliningFailed,
                CallSiteOf(where),
                display,
                "it calls itself",
                "AutoDiff inlines members of structs (and [Differentiable] methods over tuples and structs) where they are called; write the recursion as a loop"));
            return null;
        }

        SyntaxNode? syntax = member.DeclaringSyntaxReferences.Select(r => r.GetSyntax(_cancellationToken)).FirstOrDefault();
        if (syntax is RecordDeclarationSyntax && member.MethodKind == MethodKind.Constructor && self is CompositeValue record)
        {
            // The primary constructor of a positional record: each parameter is the property of its name.
            Expr[] leaves = (Expr[])record.Leaves.Clone();
            for (int i = 0; i < member.Parameters.Length && i < arguments.Count; i++)
            {
                if (FieldIndex(record.Layout, member.Parameters[i]) is { } index)
                {
                    Store(record.Layout, leaves, index, arguments[i]);
                }
            }

            return new CompositeValue(record.Layout, leaves);
        }

        if (syntax is TypeDeclarationSyntax { ParameterList: not null } && member.MethodKind == MethodKind.Constructor && self is CompositeValue primary)
        {
            return InlinePrimaryConstructor(member, primary, arguments, where, display);
        }

        if (syntax is null || member.IsAbstract || member.IsExtern)
        {
            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.InliningFailed, CallSiteOf(where), display, "it has no body", "give it a body, or write the computation out"));
            return null;
        }

        SemanticModel model = syntax.SyntaxTree == _semanticModel.SyntaxTree ? _semanticModel : _semanticModel.Compilation.GetSemanticModel(syntax.SyntaxTree);
        IOperation? body = model.GetOperation(syntax, _cancellationToken);
        var statements = new List<IOperation>();
        IOperation? chained = null;
        switch (body)
        {
            case IMethodBodyOperation method:
                statements.AddRange((method.BlockBody ?? method.ExpressionBody)?.Operations ?? Enumerable.Empty<IOperation>());
                break;
            case IConstructorBodyOperation constructor:
                chained = constructor.Initializer;
                statements.AddRange((constructor.BlockBody ?? constructor.ExpressionBody)?.Operations ?? Enumerable.Empty<IOperation>());
                break;
            case IBlockOperation block:
                statements.AddRange(block.Operations);
                break;
            default:
                Diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.InliningFailed, CallSiteOf(where), display, "its body could not be read", "write the computation out"));
                return null;
        }

        // Arguments are bound in the caller's frame: a computed leaf the body reads more than once is kept in a local
        // (where statements may go), so it is computed once; the rest are substituted.
        var frame = new Frame(member, model, inlined: true);
        Dictionary<(ISymbol Owner, string? Member), int> reads = Reads(body!, member);
        for (int i = 0; i < member.Parameters.Length && i < arguments.Count; i++)
        {
            IParameterSymbol parameter = member.Parameters[i];
            frame.Values[parameter] = BindArgument(arguments[i], parameter, parameter.Name, reads, display);
        }

        if (self is not null)
        {
            frame.Values[member] = BindArgument(self, member, "self", reads, display);
        }

        Frame caller = _frame;
        int diagnostics = Diagnostics.Count;
        IOperation? outerSite = _callSite;
        _callSite ??= where;
        _inlining.Push(member.OriginalDefinition);
        _frame = frame;
        try
        {
            if (chained is IInvocationOperation { TargetMethod: { MethodKind: MethodKind.Constructor } other } && self is not null)
            {
                IOperation[] chainedArguments = ((IInvocationOperation)chained).Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToArray();
                var values = chainedArguments.Select(ConvertValue).ToList();
                if (Inline(other, self, values, chained) is { } initial)
                {
                    frame.Values[member] = initial;
                }
            }

            Value? result = Evaluate(statements, 0, display);
            if (Diagnostics.Count > diagnostics)
            {
                return null;
            }

            if (member.MethodKind == MethodKind.Constructor)
            {
                return frame.Values.TryGetValue(member, out Value? built) ? built : self;
            }

            if (result is null)
            {
                Diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.InliningFailed, CallSiteOf(where), display, "not every path returns a value AutoDiff can follow", "end each path with a return"));
            }

            return result;
        }
        finally
        {
            _frame = caller;
            _callSite = outerSite;
            _inlining.Pop();
        }
    }

    /// <summary>
    /// A struct's primary constructor (<c>struct Vec3(double x, double y, double z) { public double X { get; } = x; ... }</c>):
    /// its fields' initializers, evaluated in declaration order with the parameters bound to the arguments.
    /// </summary>
    private Value? InlinePrimaryConstructor(IMethodSymbol constructor, CompositeValue zeros, IReadOnlyList<Value> arguments, IOperation where, string display)
    {
        var frame = new Frame(constructor, _semanticModel, inlined: true);
        for (int i = 0; i < constructor.Parameters.Length && i < arguments.Count; i++)
        {
            frame.Values[constructor.Parameters[i]] = arguments[i];
        }

        Expr[] leaves = (Expr[])zeros.Leaves.Clone();
        Frame caller = _frame;
        int diagnostics = Diagnostics.Count;
        _inlining.Push(constructor.OriginalDefinition);
        _frame = frame;
        try
        {
            foreach (IFieldSymbol field in CompositeLayouts.InstanceFields(constructor.ContainingType))
            {
                ISymbol member = field.AssociatedSymbol ?? field;
                if (CompositeLayouts.InitializerOf(member) is not { } initializer || FieldIndex(zeros.Layout, member) is not { } index)
                {
                    continue;
                }

                SemanticModel model = initializer.SyntaxTree == _semanticModel.SyntaxTree ? _semanticModel : _semanticModel.Compilation.GetSemanticModel(initializer.SyntaxTree);
                if (model.GetOperation(initializer, _cancellationToken) is not { } value)
                {
                    Diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.InliningFailed, CallSiteOf(where), display, "the initializer of '" + member.Name + "'", "initialize fields from the constructor's parameters"));
                    return null;
                }

                Store(zeros.Layout, leaves, index, ConvertValue(value));
            }

            return Diagnostics.Count > diagnostics ? null : new CompositeValue(zeros.Layout, leaves);
        }
        finally
        {
            _frame = caller;
            _inlining.Pop();
        }
    }

    /// <summary>How many times the body reads each parameter (and <c>this</c>, under the member), whole or by member.</summary>
    private static Dictionary<(ISymbol Owner, string? Member), int> Reads(IOperation body, IMethodSymbol member)
    {
        var reads = new Dictionary<(ISymbol, string?), int>();
        foreach (IOperation operation in body.DescendantsAndSelf())
        {
            ISymbol? owner = operation switch
            {
                IParameterReferenceOperation parameter => parameter.Parameter,
                IInstanceReferenceOperation => member,
                _ => null,
            };
            if (owner is null)
            {
                continue;
            }

            string? part = operation.Parent switch
            {
                IFieldReferenceOperation field when field.Instance == operation => field.Field.AssociatedSymbol?.Name ?? field.Field.Name,
                IPropertyReferenceOperation property when property.Instance == operation => property.Property.Name,
                _ => null,
            };
            var key = (owner, part);
            reads[key] = reads.TryGetValue(key, out int n) ? n + 1 : 1;
        }

        return reads;
    }

    /// <summary>An argument as the inlined body sees it: leaves it reads more than once that are computations, in locals.</summary>
    private Value BindArgument(Value argument, ISymbol owner, string name, Dictionary<(ISymbol Owner, string? Member), int> reads, string display)
    {
        int whole = reads.TryGetValue((owner, null), out int n) ? n : 0;
        switch (argument)
        {
            case ScalarValue scalar when whole > 1 && !IsSimple(scalar.Expr):
                return new ScalarValue(Keep(scalar.Expr, name, display));
            case CompositeValue composite:
                {
                    Expr[] leaves = (Expr[])composite.Leaves.Clone();
                    var paths = composite.Layout.Leaves().Select(l => l.Path).ToArray();
                    for (int i = 0; i < leaves.Length; i++)
                    {
                        int byMember = reads.TryGetValue((owner, paths[i][0]), out int m) ? m : 0;
                        if (!IsSimple(leaves[i]) && whole + byMember > 1)
                        {
                            leaves[i] = Keep(leaves[i], name + "_" + string.Join("_", paths[i]), display);
                        }
                    }

                    return new CompositeValue(composite.Layout, leaves);
                }

            default:
                return argument;
        }
    }

    /// <summary>A value in a new local, where statements may go (else the value itself).</summary>
    private Expr Keep(Expr value, string name, string display)
    {
        if (_sink is null)
        {
            return value;
        }

        string local = FreshName(name);
        _sink.Add(new DeclareStmt(display + ": " + name, local, value.Type, value));
        return new VariableExpr(value.Type, local, local);
    }

    /// <summary>
    /// Evaluates statements of an inlined body from <paramref name="start"/>: the value they return on every path, or
    /// null when they fall through (a constructor, or a branch that continues after its <c>if</c>).
    /// </summary>
    private Value? Evaluate(IReadOnlyList<IOperation> statements, int start, string display)
    {
        for (int i = start; i < statements.Count; i++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            IOperation statement = statements[i];
            switch (statement)
            {
                case IBlockOperation block:
                    {
                        // Locals are symbols, unique per declaration: a nested block is the same sequence.
                        var flattened = block.Operations.Concat(statements.Skip(i + 1)).ToList();
                        return Evaluate(flattened, 0, display);
                    }

                case IVariableDeclarationGroupOperation group:
                    foreach (IVariableDeclarationOperation declaration in group.Declarations)
                    {
                        foreach (IVariableDeclaratorOperation declarator in declaration.Declarators)
                        {
                            IVariableInitializerOperation? initializer = declarator.Initializer ?? declaration.Initializer;
                            if (initializer is not null)
                            {
                                _frame.Values[declarator.Symbol] = KeepLocal(ConvertValue(initializer.Value), declarator.Symbol.Name, display);
                            }
                        }
                    }

                    break;

                case IExpressionStatementOperation expression:
                    EvaluateEffect(expression.Operation, display);
                    break;

                case IReturnOperation { ReturnedValue: { } value }:
                    return ConvertValue(value);

                case IReturnOperation:
                    return null;

                case IConditionalOperation { Type: null } branch:
                    {
                        // Each branch runs with the rest of the body after it, so a return in either is followed.
                        Expr condition = Convert(branch.Condition);
                        Dictionary<ISymbol, Value> before = _frame.Values;
                        IEnumerable<IOperation> rest = statements.Skip(i + 1);

                        _frame.Values = new Dictionary<ISymbol, Value>(before, SymbolEqualityComparer.Default);
                        Value? then = WithoutSink(() => Evaluate(new[] { branch.WhenTrue }.Concat(rest).ToList(), 0, display));
                        Dictionary<ISymbol, Value> afterThen = _frame.Values;

                        _frame.Values = new Dictionary<ISymbol, Value>(before, SymbolEqualityComparer.Default);
                        IEnumerable<IOperation> elsePath = branch.WhenFalse is null ? rest : new[] { branch.WhenFalse }.Concat(rest);
                        Value? otherwise = WithoutSink(() => Evaluate(elsePath.ToList(), 0, display));
                        Dictionary<ISymbol, Value> afterElse = _frame.Values;

                        if (then is not null && otherwise is not null)
                        {
                            return Choose(condition, then, otherwise);
                        }

                        // Both paths fall off the end (a constructor): each value either path changed becomes a choice.
                        var merged = new Dictionary<ISymbol, Value>(before, SymbolEqualityComparer.Default);
                        foreach (ISymbol symbol in afterThen.Keys.Concat(afterElse.Keys).Distinct(SymbolEqualityComparer.Default))
                        {
                            if (afterThen.TryGetValue(symbol, out Value? a) && afterElse.TryGetValue(symbol, out Value? b))
                            {
                                merged[symbol] = ReferenceEquals(a, b) ? a : Choose(condition, a, b);
                            }
                        }

                        _frame.Values = merged;
                        return then ?? otherwise;
                    }

                case IEmptyOperation:
                    break;

                default:
                    Diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.InliningFailed,
                        CallSiteOf(statement),
                        display,
                        StatementName(statement).ToLowerInvariant() + " in its body",
                        "AutoDiff inlines struct members (and [Differentiable] methods over tuples and structs) as expressions: locals, assignments, if/else and return; move loops into the calling method"));
                    return null;
            }
        }

        return null;
    }

    /// <summary>An assignment in an inlined body: it changes what a local, a parameter or a field of <c>this</c> stands for.</summary>
    private void EvaluateEffect(IOperation operation, string display)
    {
        switch (operation)
        {
            case ISimpleAssignmentOperation assignment:
                AssignSymbolic(assignment.Target, ConvertValue(assignment.Value));
                return;

            case ICompoundAssignmentOperation compound:
                {
                    Value current = ConvertValue(compound.Target);
                    Value? updated = compound.OperatorMethod is { } method
                        ? CallMemberOnValues(method, new[] { current, ConvertValue(compound.Value) }, compound)
                        : current is ScalarValue scalar && BinaryOperatorOf(compound.OperatorKind) is { } op
                            ? new ScalarValue(ConvertTo(new BinaryExpr(scalar.Expr.Type, string.Empty, op, scalar.Expr, ConvertTo(Convert(compound.Value), scalar.Expr.Type)), scalar.Expr.Type))
                            : null;
                    if (updated is not null)
                    {
                        AssignSymbolic(compound.Target, updated);
                    }

                    return;
                }

            case IIncrementOrDecrementOperation step when ConvertValue(step.Target) is ScalarValue current:
                {
                    BinaryOperator op = step.Kind == OperationKind.Increment ? BinaryOperator.Add : BinaryOperator.Subtract;
                    AssignSymbolic(step.Target, new ScalarValue(new BinaryExpr(current.Expr.Type, string.Empty, op, current.Expr, Literals.Make(Literals.From(1, current.Expr.Type), "1"))));
                    return;
                }

            case IDeconstructionAssignmentOperation deconstruction:
                {
                    Value value = ConvertValue(deconstruction.Value);
                    DeconstructSymbolic(deconstruction.Target, value);
                    return;
                }

            default:
                Diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.InliningFailed,
                    CallSiteOf(operation),
                    display,
                    "the statement '" + SourceFormatting.OneLine(operation.Syntax) + "' in its body",
                    "AutoDiff inlines struct members as expressions: locals, assignments, if/else and return"));
                return;
        }
    }

    private void DeconstructSymbolic(IOperation target, Value value)
    {
        if (target is IDeclarationExpressionOperation declaration)
        {
            target = declaration.Expression;
        }

        if (target is ITupleOperation tuple && value is CompositeValue composite)
        {
            for (int i = 0; i < tuple.Elements.Length && i < composite.Layout.Fields.Count; i++)
            {
                DeconstructSymbolic(tuple.Elements[i], FieldValue(composite, i));
            }

            return;
        }

        if (target is IDiscardOperation)
        {
            return;
        }

        AssignSymbolic(target, value);
    }

    /// <summary>
    /// Records that <paramref name="target"/> now stands for <paramref name="value"/>: a local or parameter directly,
    /// a field of a composite by rebuilding the composite around it (<c>this.X = x</c>, <c>p.Position.X = 0</c>).
    /// </summary>
    private void AssignSymbolic(IOperation target, Value value)
    {
        target = WithoutParentheses(target);
        switch (target)
        {
            case ILocalReferenceOperation local:
                _frame.Values[local.Local] = KeepLocal(value, local.Local.Name, display: Display(_frame.Member));
                return;
            case IDeclarationExpressionOperation declaration:
                AssignSymbolic(declaration.Expression, value);
                return;
            case IParameterReferenceOperation parameter:
                _frame.Values[parameter.Parameter] = value;
                return;
            case IInstanceReferenceOperation:
                _frame.Values[ThisKey] = value;
                return;
            case IFieldReferenceOperation { Instance: { } instance } field when LayoutOf(instance.Type) is { } layout && FieldIndex(layout, field.Field) is { } index:
                {
                    CompositeValue container = ConvertComposite(instance, layout);
                    Expr[] leaves = (Expr[])container.Leaves.Clone();
                    Store(layout, leaves, index, value);
                    AssignSymbolic(instance, new CompositeValue(layout, leaves));
                    return;
                }

            case IPropertyReferenceOperation { Instance: { } instance } property when LayoutOf(instance.Type) is { } layout && FieldIndex(layout, property.Property) is { } index:
                {
                    CompositeValue container = ConvertComposite(instance, layout);
                    Expr[] leaves = (Expr[])container.Leaves.Clone();
                    Store(layout, leaves, index, value);
                    AssignSymbolic(instance, new CompositeValue(layout, leaves));
                    return;
                }
        }

        Diagnostics.Add(DiagnosticInfo.Create(
            DiagnosticDescriptors.InliningFailed,
            CallSiteOf(target),
            Display(_frame.Member),
            "the assignment to '" + SourceFormatting.OneLine(target.Syntax) + "'",
            "an inlined member may assign its locals, its parameters and the fields of the struct it builds"));
    }

    /// <summary>A local of an inlined body: its computed leaves kept in locals (where statements may go), named after it.</summary>
    private Value KeepLocal(Value value, string name, string display) => value switch
    {
        ScalarValue scalar when !IsSimple(scalar.Expr) => new ScalarValue(Keep(scalar.Expr, name, display)),
        CompositeValue composite => new CompositeValue(
            composite.Layout,
            composite.Leaves.Select((leaf, i) => IsSimple(leaf) ? leaf : Keep(leaf, name + "_" + string.Join("_", composite.Layout.Leaves().ElementAt(i).Path), display)).ToArray()),
        _ => value,
    };

    /// <summary>A user operator on values already read (compound assignments): built-in or inlined.</summary>
    private Value? CallMemberOnValues(IMethodSymbol method, IReadOnlyList<Value> arguments, IOperation where) =>
        NumericsOnValues(method, arguments, where) ?? Inline(method, null, arguments, where);

    /// <summary>
    /// <c>new T(...)</c> of a tuple or struct of reals: System.Numerics from its definition, a user constructor inlined
    /// on a zeroed value (a positional record's parameters stored in its properties), then an object initializer.
    /// </summary>
    private CompositeValue Construct(IObjectCreationOperation creation, CompositeLayout layout)
    {
        IOperation[] arguments = creation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToArray();
        CompositeValue value;
        if (creation.Constructor is not { } constructor || (constructor.IsImplicitlyDeclared && constructor.Parameters.Length == 0))
        {
            value = Zeros(layout);
        }
        else if (NumericsCall(constructor, null, arguments, creation) is CompositeValue builtin)
        {
            value = builtin;
        }
        else if (layout.Construction == CompositeConstruction.Tuple)
        {
            value = Tuple(arguments, layout);
        }
        else
        {
            var values = arguments.Select(ConvertValue).ToList();
            value = Inline(constructor, Zeros(layout), values, creation) is CompositeValue built ? built : Zeros(layout);
        }

        if (creation.Initializer is { } initializer)
        {
            Expr[] leaves = (Expr[])value.Leaves.Clone();
            foreach (IOperation member in initializer.Initializers)
            {
                if (member is ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment && FieldIndex(layout, target.Member) is { } index)
                {
                    Store(layout, leaves, index, ConvertValue(assignment.Value));
                }
                else
                {
                    Unsupported(member, "This object initializer member", "set fields of the struct that hold its reals");
                }
            }

            value = new CompositeValue(layout, leaves);
        }

        return value;
    }
}
