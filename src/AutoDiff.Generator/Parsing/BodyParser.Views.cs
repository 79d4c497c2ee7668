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
/// Vectors as users hold them: span locals over new arrays and <c>stackalloc</c> in any spelling, initialised
/// arrays and collection expressions, slices and ranges (<c>x.Slice(1)</c>, <c>x[1..^1]</c>, <c>x.AsSpan(k, n)</c>)
/// as aliases of the vector they view, and the span helpers <c>CopyTo</c>, <c>Fill</c>, <c>Clear</c>,
/// <c>ToArray</c>, <c>Array.Copy</c>, <c>Array.Fill</c>, <c>Array.Clear</c>, lowered to the element loops they mean.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>A vector parameter or local array, or a contiguous part of one (<see cref="Offset"/> and <see cref="Length"/> both set).</summary>
    private sealed record View(string Name, Expr? Offset, Expr? Length)
    {
        public bool Whole => Offset is null;
    }

    // Span locals that view another vector: `var row = a.Slice(i * n, n)`.
    private readonly Dictionary<ILocalSymbol, View> _aliases = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// The operand under conversions that change no value: numeric identity, an array or span seen as a
    /// (read-only) span or a sequence, an int as an <c>Index</c>.
    /// </summary>
    private static IOperation WithoutConversions(IOperation operation)
    {
        while (operation is IConversionOperation conversion
            && (conversion.OperatorMethod is null || conversion.Type is { Name: "Span" or "ReadOnlySpan" or "Index" or "Range" }))
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>The vector, or part of one, that <paramref name="operation"/> denotes; null when it denotes none.</summary>
    private View? ViewOf(IOperation operation)
    {
        operation = WithoutConversions(operation);
        switch (operation)
        {
            case ILocalReferenceOperation local when _aliases.TryGetValue(local.Local, out View? alias):
                return alias;

            case IParameterReferenceOperation parameter when _boundViews.TryGetValue(parameter.Parameter, out View? bound):
                return bound;

            case ILocalReferenceOperation or IParameterReferenceOperation when TargetName(operation) is { } name && _vectorIsInput.ContainsKey(name):
                return new View(name, null, null);

            case IInvocationOperation { TargetMethod: { Name: "Slice", IsStatic: false } method, Instance: { } instance } slice
                when IsSpanType(method.ContainingType) && ViewOf(instance) is { } sliced:
                return Part(sliced, Argument(slice, 0), slice.Arguments.Length > 1 ? Argument(slice, 1) : null);

            case IInvocationOperation { TargetMethod: { Name: "AsSpan" or "AsMemory" } method } asSpan
                when method.ContainingType.ToDisplayString() == "System.MemoryExtensions" && asSpan.Arguments.Length >= 1
                    && ViewOf(Argument(asSpan, 0)) is { } spanned:
                if (asSpan.Arguments.Length == 1)
                {
                    return spanned;
                }

                return WithoutConversions(Argument(asSpan, 1)).Type?.Name == "Range"
                    ? Range(spanned, WithoutConversions(Argument(asSpan, 1)))
                    : Part(spanned, Argument(asSpan, 1), asSpan.Arguments.Length > 2 ? Argument(asSpan, 2) : null);

            case IImplicitIndexerReferenceOperation { Argument.Type.Name: "Range" } indexer when ViewOf(indexer.Instance) is { } ranged:
                return Range(ranged, WithoutConversions(indexer.Argument));

            case IArrayElementReferenceOperation { Indices: [{ Type.Name: "Range" } range] } arrayRange when ViewOf(arrayRange.ArrayReference) is { } copied:
                // An array's range is a copy, which read-only uses cannot tell from a view.
                return Range(copied, WithoutConversions(range));

            case IInvocationOperation { TargetMethod.Name: "ToArray" or "AsEnumerable", Arguments.Length: 1 } copy
                when copy.TargetMethod.ContainingType.ToDisplayString() is "System.Linq.Enumerable" && ViewOf(Argument(copy, 0)) is { } enumerated:
                return enumerated;

            case IInvocationOperation { TargetMethod: { Name: "ToArray", IsStatic: false, Parameters.Length: 0 } method, Instance: { } instance }
                when IsSpanType(method.ContainingType) && ViewOf(instance) is { } toArray:
                return toArray;

            default:
                return null;
        }
    }

    private static bool IsSpanType(INamedTypeSymbol? type) =>
        type is { Name: "Span" or "ReadOnlySpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>An invocation's argument for parameter <paramref name="ordinal"/>, its conversions kept.</summary>
    private static IOperation Argument(IInvocationOperation invocation, int ordinal) =>
        invocation.Arguments.First(a => a.Parameter?.Ordinal == ordinal).Value;

    /// <summary>Elements <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/> of a view (to its end without a length).</summary>
    private View Part(View view, IOperation start, IOperation? length) => Part(view, Convert(start), length is null ? null : Convert(length));

    private static View Part(View view, Expr start, Expr? length) =>
        new(view.Name, ViewIndex(view, start), length ?? Int(BinaryOperator.Subtract, ViewLength(view), start));

    /// <summary><c>view[a..b]</c>: from index <c>a</c> (or <c>^a</c>) up to <c>b</c>.</summary>
    private View Range(View view, IOperation range)
    {
        if (range is not IRangeOperation { } bounds)
        {
            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedVectorUse,
                LocationInfo.From(range.Syntax),
                "The range '" + SourceFormatting.OneLine(range.Syntax) + "'",
                "write the range in place, as x[a..b] with int or ^int bounds"));
            return view;
        }

        Expr start = bounds.LeftOperand is null ? Literals.Make(Constant.Integer(0), "0") : IndexValue(view, bounds.LeftOperand);
        Expr end = bounds.RightOperand is null ? ViewLength(view) : IndexValue(view, bounds.RightOperand);
        return new View(view.Name, ViewIndex(view, start), Int(BinaryOperator.Subtract, end, start));
    }

    /// <summary>An <c>Index</c> as an int position in the view: <c>k</c>, or <c>^k</c> as length − k.</summary>
    private Expr IndexValue(View view, IOperation index)
    {
        index = WithoutConversions(index);
        return index is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } fromEnd
            ? Int(BinaryOperator.Subtract, ViewLength(view), Convert(fromEnd.Operand))
            : Convert(index);
    }

    /// <summary>The number of elements a view holds.</summary>
    private static Expr ViewLength(View view) => view.Length ?? new LengthExpr(ScalarType.Int, view.Name + ".Length", view.Name);

    /// <summary>The index in the whole vector of the view's element <paramref name="index"/>.</summary>
    private static Expr ViewIndex(View view, Expr index) => view.Offset is null ? index : Int(BinaryOperator.Add, view.Offset, index);

    /// <summary>An int operation, folding 0 away and constants together.</summary>
    private static Expr Int(BinaryOperator op, Expr left, Expr right)
    {
        // (a - 1) - 1 is a - 2, (a + 1) + 1 is a + 2.
        if (right is LiteralExpr { Value.Type: ScalarType.Int } outer && left is BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract, Right: LiteralExpr { Value.Type: ScalarType.Int } inner } nested
            && nested.Operator == op && nested.Source.Length == 0)
        {
            return Int(op, nested.Left, Literals.Make(Constant.Integer(inner.Value.Bits + outer.Value.Bits)));
        }

        if (right is LiteralExpr { Value.Bits: 0 })
        {
            return left;
        }

        if (op == BinaryOperator.Add && left is LiteralExpr { Value.Bits: 0 })
        {
            return right;
        }

        if (left is LiteralExpr a && right is LiteralExpr b && a.Value.Type == ScalarType.Int && b.Value.Type == ScalarType.Int)
        {
            long value = op == BinaryOperator.Add ? a.Value.Bits + b.Value.Bits : a.Value.Bits - b.Value.Bits;
            return Literals.Make(Constant.Integer(value));
        }

        return new BinaryExpr(ScalarType.Int, string.Empty, op, left, right);
    }

    /// <summary>
    /// A view's offset and length kept in int locals (evaluated once, where the view is made), after a check
    /// that it lies inside its vector, which throws what <c>Span.Slice</c> throws.
    /// </summary>
    private View Materialize(View view, string name, string source)
    {
        if (view.Whole)
        {
            return view;
        }

        Expr offset = Fixed(view.Offset!, name + "Start", source);
        Expr length = Fixed(view.Length!, name + "Length", source);
        // (uint)a > (uint)b also catches a negative a, as Span.Slice does; a constant needs no cast.
        Expr outside(Expr value, Expr limit) => value is LiteralExpr { Value.Bits: >= 0 }
            ? new BinaryExpr(ScalarType.Bool, string.Empty, BinaryOperator.Greater, value, limit)
            : new BinaryExpr(ScalarType.Bool, string.Empty, BinaryOperator.Greater, new CastExpr(ScalarType.UInt, string.Empty, value), new CastExpr(ScalarType.UInt, string.Empty, limit));
        Expr vectorLength = new LengthExpr(ScalarType.Int, view.Name + ".Length", view.Name);
        Expr condition = new BinaryExpr(
            ScalarType.Bool, string.Empty, BinaryOperator.ConditionalOr, outside(offset, vectorLength), outside(length, Int(BinaryOperator.Subtract, vectorLength, offset)));
        var exception = new NewExpr(TypeRef.Named("global::System.ArgumentOutOfRangeException"), EquatableArray<Expr>.Empty);
        _prelude.Add(new IfStmt(
            "if (" + source + " is outside " + view.Name + ")",
            condition,
            new EquatableArray<Stmt>(new Stmt[] { new ThrowStmt("throw new ArgumentOutOfRangeException()", exception) }),
            EquatableArray<Stmt>.Empty));
        return new View(view.Name, offset, length);
    }

    /// <summary>An int expression as it is now: itself when it is a constant or a local, else kept in a new int local.</summary>
    private Expr Fixed(Expr value, string name, string source)
    {
        if (value is LiteralExpr or VariableExpr)
        {
            return value;
        }

        string local = LocalName(name);
        _prelude.Add(new DeclareStmt("int " + local + " = " + ExprText(value), local, ScalarType.Int, value));
        return new VariableExpr(ScalarType.Int, local, local);
    }

    /// <summary>
    /// A local whose type is a vector: an alias of a view (<c>var row = a.Slice(i * n, n)</c>), or a new local
    /// array, zeroed (<c>new double[n]</c>, <c>stackalloc double[n]</c>, as a span or not), initialised
    /// (<c>new[] { a, b }</c>, <c>[a, b, ..x]</c>, <c>stackalloc double[] { a, b }</c>) or copied (<c>x.ToArray()</c>,
    /// <c>x[1..]</c> of an array, <c>xs.Select(f).ToArray()</c>).
    /// </summary>
    private void AddVectorLocal(
        IVariableDeclaratorOperation declarator, ILocalSymbol local, ScalarType element, IVariableInitializerOperation? initializer, string source, List<Stmt> into)
    {
        IOperation? value = initializer is null ? null : WithoutConversions(initializer.Value);
        bool isArray = local.Type is IArrayTypeSymbol;
        if (value is not null && !local.IsRef && NewArray(value, element, local.Name, source) is { } created)
        {
            DeclareArray(declarator, local, element, created.Length, source, into);
            created.Fill?.Invoke(local.Name, into);
            return;
        }

        if (value is not null && !local.IsRef && !CopiesArray(value, isArray) && ViewOf(value) is { } view)
        {
            _aliases[local] = Materialize(view, local.Name, SourceFormatting.OneLine(value.Syntax));
            return;
        }

        if (value is not null && !local.IsRef && ViewOf(value) is { } copied)
        {
            // A copy the method may change: a local array of its own, filled element by element.
            DeclareArray(declarator, local, element, ViewLength(copied), source, into);
            View target = new(local.Name, null, null);
            AddCopy(Materialize(copied, local.Name + "Source", SourceFormatting.OneLine(value.Syntax)), target, source, into);
            return;
        }

        _vectorIsInput[local.Name] = false; // its uses are not reported again
        Diagnostics.Add(DiagnosticInfo.Create(
            DiagnosticDescriptors.UnsupportedVectorUse,
            LocationInfo.From(declarator.Syntax),
            $"The vector local '{local.Name}'",
            value is null
                ? "give it a value where it is declared: a new array (new double[n], stackalloc double[n], [a, b]) or a part of another vector (x.Slice(k, n), x[1..^1])"
                : "initialise it with a new array (new double[n], stackalloc double[n], new[] { a, b }, [a, b]), a copy (x.ToArray()) or a part of another vector (x.Slice(k, n), x[1..^1], x.AsSpan(k, n))"));
    }

    /// <summary>An array range or <c>ToArray</c> into an array local is a copy the method may write; span views are not.</summary>
    private static bool CopiesArray(IOperation value, bool intoArray) =>
        intoArray && value is IArrayElementReferenceOperation { Indices: [{ Type.Name: "Range" }] }
        || value is IInvocationOperation { TargetMethod.Name: "ToArray" };

    private void DeclareArray(IVariableDeclaratorOperation declarator, ILocalSymbol local, ScalarType element, Expr length, string source, List<Stmt> into)
    {
        _vectorIsInput[local.Name] = false;
        _vectorElementTypes[local.Name] = element;
        if (_nesting > 0)
        {
            Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ArrayNotAtTopLevel, LocationInfo.From(declarator.Syntax), local.Name));
            return;
        }

        into.Add(new ArrayDeclStmt(source, local.Name, element, length));
    }

    /// <summary>A new array: its length, and how its elements are filled after it is declared (null: zeroed).</summary>
    private sealed record Created(Expr Length, System.Action<string, List<Stmt>>? Fill);

    private Created? NewArray(IOperation value, ScalarType element, string name, string source)
    {
        switch (value)
        {
            case IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: null } creation:
                return new Created(Convert(creation.DimensionSizes[0]), null);

            case IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: { } values }:
                return Elements(values.ElementValues, element);

            case IInvocationOperation { TargetMethod.Name: "AsSpan", Arguments.Length: 1 } asSpan
                when asSpan.TargetMethod.ContainingType.ToDisplayString() == "System.MemoryExtensions"
                    && WithoutConversions(Argument(asSpan, 0)) is IArrayCreationOperation array:
                return NewArray(array, element, name, source);

            case ICollectionExpressionOperation collection:
                return Collection(collection, element);

            case IInvocationOperation { TargetMethod.Name: "ToArray", Arguments.Length: 1 } linq
                when linq.TargetMethod.ContainingType.ToDisplayString() == "System.Linq.Enumerable" && ViewOf(Argument(linq, 0)) is null:
                return LinqToArray(Argument(linq, 0), source);
        }

        // stackalloc has no operation of its own: read the syntax.
        SyntaxNode syntax = value.Syntax;
        if (syntax is StackAllocArrayCreationExpressionSyntax { Initializer: null, Type: ArrayTypeSyntax { RankSpecifiers: [{ Sizes: [{ } size] }] } }
            && _semanticModel.GetOperation(size, _cancellationToken) is { } sizeOperation)
        {
            return new Created(Convert(sizeOperation), null);
        }

        InitializerExpressionSyntax? initializer = syntax switch
        {
            StackAllocArrayCreationExpressionSyntax stack => stack.Initializer,
            ImplicitStackAllocArrayCreationExpressionSyntax implicitStack => implicitStack.Initializer,
            _ => null,
        };
        if (initializer is not null)
        {
            var values = initializer.Expressions.Select(e => _semanticModel.GetOperation(e, _cancellationToken)).ToList();
            if (values.All(v => v is not null))
            {
                return Elements(values!, element);
            }
        }

        return null;
    }

    /// <summary><c>{ a, b, c }</c>: a local array of that many elements, stored one by one.</summary>
    private Created Elements(IEnumerable<IOperation> values, ScalarType element)
    {
        List<IOperation> list = values.ToList();
        return new Created(Literals.Make(Constant.Integer(list.Count)), (name, into) =>
        {
            for (int i = 0; i < list.Count; i++)
            {
                string text = SourceFormatting.OneLine(list[i].Syntax);
                into.Add(new StoreStmt(name + "[" + i + "] = " + text, name, Literals.Make(Constant.Integer(i)), ConvertTo(list[i], element)));
            }
        });
    }

    /// <summary><c>[a, ..x, b]</c>: values and spreads of vectors, in order.</summary>
    private Created? Collection(ICollectionExpressionOperation collection, ScalarType element)
    {
        Expr length = Literals.Make(Constant.Integer(0));
        var parts = new List<(IOperation Value, View? Spread)>();
        foreach (IOperation item in collection.Elements)
        {
            if (item is ISpreadOperation spread)
            {
                if (ViewOf(spread.Operand) is not { } spreadView)
                {
                    return null;
                }

                parts.Add((item, spreadView));
                length = Int(BinaryOperator.Add, length, ViewLength(spreadView));
            }
            else
            {
                parts.Add((item, null));
                length = Int(BinaryOperator.Add, length, Literals.Make(Constant.Integer(1)));
            }
        }

        return new Created(length, (name, into) =>
        {
            Expr position = Literals.Make(Constant.Integer(0));
            foreach ((IOperation value, View? spread) in parts)
            {
                string text = SourceFormatting.OneLine(value.Syntax);
                if (spread is null)
                {
                    into.Add(new StoreStmt(name + "[" + ExprText(position) + "] = " + text, name, position, ConvertTo(value, element)));
                    position = Int(BinaryOperator.Add, position, Literals.Make(Constant.Integer(1)));
                    continue;
                }

                View source = Materialize(spread, name + "Spread", text);
                AddCopy(source, new View(name, position, ViewLength(source)), text, into);
                position = Int(BinaryOperator.Add, position, ViewLength(source));
            }
        });
    }

    /// <summary>The text of an int expression the parser made, for the comments of generated code.</summary>
    private static string ExprText(Expr expr) => expr switch
    {
        LiteralExpr literal => literal.Value.Type == ScalarType.Int ? literal.Value.Bits.ToString(System.Globalization.CultureInfo.InvariantCulture) : literal.Source,
        VariableExpr variable => variable.Name,
        LengthExpr length => length.Array + ".Length",
        MemberExpr member => ExprText(member.Target) + "." + member.Member,
        ExternalValueExpr external => external.Source,
        BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract } binary when binary.Source.Length == 0 || binary.Source.Contains("[") =>
            ExprText(binary.Left) + (binary.Operator == BinaryOperator.Add ? " + " : " - ") + (binary.Right is BinaryExpr ? "(" + ExprText(binary.Right) + ")" : ExprText(binary.Right)),
        OpaqueCallExpr call => call.Method.Substring(call.Method.LastIndexOf('.', call.Method.LastIndexOf('.') - 1) + 1) + "(" + string.Join(", ", call.Arguments.Select(ExprText)) + ")",
        _ when expr.Source.Length > 0 => expr.Source,
        _ => "...",
    };

    /// <summary>
    /// The void span and array helpers, as the loops they mean: <c>CopyTo</c>, <c>Fill</c>, <c>Clear</c>,
    /// <c>Array.Copy</c>, <c>Array.Fill</c>, <c>Array.Clear</c>. False when the call is none of them.
    /// </summary>
    private bool TryAddSpanHelper(IInvocationOperation invocation, string source, List<Stmt> into)
    {
        IMethodSymbol method = invocation.TargetMethod;
        string type = method.ContainingType.ToDisplayString();
        bool onSpan = !method.IsStatic && IsSpanType(method.ContainingType);
        bool extension = method.IsStatic && type == "System.MemoryExtensions";
        bool onArray = method.IsStatic && type == "System.Array";
        IOperation? receiver = onSpan ? invocation.Instance : (extension || onArray) && invocation.Arguments.Length > 0 ? Argument(invocation, 0) : null;
        if (receiver is null || (!onSpan && !extension && !onArray))
        {
            return false;
        }

        switch (method.Name)
        {
            case "CopyTo" when (onSpan || extension) && invocation.Arguments.Length == (onSpan ? 1 : 2):
                {
                    IOperation destination = Argument(invocation, onSpan ? 0 : 1);
                    if (!Vectors(invocation, out View? from, receiver, out View? to, destination))
                    {
                        return true;
                    }

                    from = Materialize(from!, "copySource", SourceFormatting.OneLine(receiver.Syntax));
                    to = Materialize(to!, "copyTarget", SourceFormatting.OneLine(destination.Syntax));
                    CheckWritable(to, destination);
                    // CopyTo throws when the destination is shorter, and copies nothing.
                    _prelude.Add(Guard(
                        "if (" + source.TrimEnd(';') + " has too short a destination) throw",
                        new BinaryExpr(ScalarType.Bool, string.Empty, BinaryOperator.Greater, ViewLength(from), ViewLength(to)),
                        "global::System.ArgumentException",
                        new StringExpr("Destination is too short."),
                        new StringExpr("destination")));
                    AddCopy(from, to, source, into);
                    return true;
                }

            case "Fill" when (onSpan && invocation.Arguments.Length == 1) || (onArray && invocation.Arguments.Length == 2):
                {
                    if (!Vectors(invocation, out View? target, receiver, out _, null))
                    {
                        return true;
                    }

                    CheckWritable(target!, receiver);
                    IOperation value = Argument(invocation, onSpan ? 0 : 1);
                    AddFill(Materialize(target!, "fillTarget", SourceFormatting.OneLine(receiver.Syntax)), ConvertTo(value, TypeOfElement(receiver)), source, into);
                    return true;
                }

            case "Clear" when (onSpan && invocation.Arguments.Length == 0) || (onArray && invocation.Arguments.Length is 1 or 3):
                {
                    if (!Vectors(invocation, out View? target, receiver, out _, null))
                    {
                        return true;
                    }

                    CheckWritable(target!, receiver);
                    if (onArray && invocation.Arguments.Length == 3)
                    {
                        target = Part(target!, Argument(invocation, 1), Argument(invocation, 2));
                    }

                    ScalarType element = TypeOfElement(receiver);
                    AddFill(Materialize(target!, "clearTarget", SourceFormatting.OneLine(receiver.Syntax)), Literals.Make(Constant.Real(0, element), "0"), source, into);
                    return true;
                }

            case "Copy" when onArray && invocation.Arguments.Length is 3 or 5:
                {
                    bool indexed = invocation.Arguments.Length == 5;
                    IOperation destination = Argument(invocation, indexed ? 2 : 1);
                    if (!Vectors(invocation, out View? from, receiver, out View? to, destination))
                    {
                        return true;
                    }

                    Expr count = Convert(Argument(invocation, indexed ? 4 : 2));
                    Expr zero = Literals.Make(Constant.Integer(0), "0");
                    from = Part(from!, indexed ? Convert(Argument(invocation, 1)) : zero, count);
                    to = Part(to!, indexed ? Convert(Argument(invocation, 3)) : zero, count);
                    from = Materialize(from, "copySource", SourceFormatting.OneLine(receiver.Syntax));
                    to = Materialize(to, "copyTarget", SourceFormatting.OneLine(destination.Syntax));
                    CheckWritable(to, destination);
                    AddCopy(from, to, source, into);
                    return true;
                }

            default:
                return false;
        }
    }

    private ScalarType TypeOfElement(IOperation vector) =>
        vector.Type is { } type && MethodParser.VectorElement(type) is { } element ? element.Element : ScalarType.Double;

    /// <summary>The views of a helper's vectors; false (with AD0010) when one of them is not a vector of the method.</summary>
    private bool Vectors(IInvocationOperation invocation, out View? first, IOperation firstOperation, out View? second, IOperation? secondOperation)
    {
        first = ViewOf(firstOperation);
        second = secondOperation is null ? null : ViewOf(secondOperation);
        IOperation? missing = first is null ? firstOperation : secondOperation is not null && second is null ? secondOperation : null;
        if (missing is null)
        {
            return true;
        }

        Diagnostics.Add(DiagnosticInfo.Create(
            DiagnosticDescriptors.UnsupportedVectorUse,
            LocationInfo.From(missing.Syntax),
            $"'{SourceFormatting.OneLine(missing.Syntax)}' in the call to '{invocation.TargetMethod.ContainingType.Name}.{invocation.TargetMethod.Name}'",
            "pass a vector parameter, a local array or a part of one (x.Slice(k, n), x[a..b])"));
        return false;
    }

    /// <summary>Reports a write to an input vector (AD0009).</summary>
    private void CheckWritable(View target, IOperation operation)
    {
        if (_vectorIsInput.TryGetValue(target.Name, out bool input) && input)
        {
            Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InputVectorWritten, LocationInfo.From(operation.Syntax), target.Name, _method.Name));
        }
    }

    /// <summary><c>for (i = 0; i &lt; n; i++) to[i] = from[i];</c>, backwards when both are parts of one vector and the target starts later.</summary>
    private void AddCopy(View from, View to, string source, List<Stmt> into)
    {
        ScalarType element = _vectorElementTypes.TryGetValue(to.Name, out ScalarType type) ? type : ScalarType.Double;
        ScalarType sourceElement = _vectorElementTypes.TryGetValue(from.Name, out ScalarType sourceType) ? sourceType : element;
        Stmt[] Loop(bool backwards)
        {
            string i = LocalName("i");
            var index = new VariableExpr(ScalarType.Int, i, i);
            Expr at = ViewIndex(from, index);
            Expr read = new ElementExpr(sourceElement, from.Name + "[" + ExprText(at) + "]", from.Name, at);
            if (sourceElement != element)
            {
                read = new CastExpr(element, read.Source, read);
            }

            Expr target = ViewIndex(to, index);
            var body = new Stmt[] { new StoreStmt(to.Name + "[" + ExprText(target) + "] = " + read.Source, to.Name, target, read) };
            return CountedLoop(source, i, ViewLength(from), body, backwards);
        }

        if (from.Name == to.Name && !(from.Whole && to.Whole))
        {
            Expr later = new BinaryExpr(ScalarType.Bool, string.Empty, BinaryOperator.Greater, to.Offset ?? Literals.Make(Constant.Integer(0)), from.Offset ?? Literals.Make(Constant.Integer(0)));
            into.Add(new IfStmt("if (the copy overlaps its source)", later, Loop(backwards: true).ToEquatableArray(), Loop(backwards: false).ToEquatableArray()));
            return;
        }

        into.AddRange(Loop(backwards: false));
    }

    /// <summary><c>for (i = 0; i &lt; n; i++) target[i] = value;</c>, the value computed once.</summary>
    private void AddFill(View target, Expr value, string source, List<Stmt> into)
    {
        if (value is not (LiteralExpr or VariableExpr))
        {
            string name = LocalName("fillValue");
            into.Add(new DeclareStmt(value.Type.Keyword() + " " + name + " = " + value.Source, name, value.Type, value));
            value = new VariableExpr(value.Type, name, name);
        }

        string i = LocalName("i");
        var index = new VariableExpr(ScalarType.Int, i, i);
        Expr at = ViewIndex(target, index);
        var body = new Stmt[] { new StoreStmt(target.Name + "[" + ExprText(at) + "] = " + (value is LiteralExpr ? ExprText(value) : value.Source), target.Name, at, value) };
        into.AddRange(CountedLoop(source, i, ViewLength(target), body, backwards: false));
    }

    /// <summary>
    /// <c>for (int i = 0; i &lt; count; i++) body</c> as a model loop (the index declared before it), or from
    /// <c>count - 1</c> down to 0.
    /// </summary>
    private static Stmt[] CountedLoop(string source, string index, Expr count, IReadOnlyList<Stmt> body, bool backwards)
    {
        var i = new VariableExpr(ScalarType.Int, index, index);
        var one = Literals.Make(Constant.Integer(1), "1");
        Expr start = backwards ? Int(BinaryOperator.Subtract, count, one) : Literals.Make(Constant.Integer(0), "0");
        Expr condition = backwards
            ? new BinaryExpr(ScalarType.Bool, index + " >= 0", BinaryOperator.GreaterOrEqual, i, Literals.Make(Constant.Integer(0), "0"))
            : new BinaryExpr(ScalarType.Bool, index + " < ...", BinaryOperator.Less, i, count);
        Stmt step = new AssignStmt(index + (backwards ? "--" : "++"), index, new BinaryExpr(ScalarType.Int, string.Empty, backwards ? BinaryOperator.Subtract : BinaryOperator.Add, i, one));
        return new Stmt[]
        {
            new DeclareStmt("int " + index + " = " + ExprText(start), index, ScalarType.Int, start),
            new LoopStmt(source, condition, body.ToEquatableArray(), One(step), TestFirst: true),
        };
    }

    private static EquatableArray<Stmt> One(Stmt statement) => new(new[] { statement });

    /// <summary><c>if (condition) throw new exception(arguments);</c></summary>
    private static Stmt Guard(string source, Expr condition, string exception, params Expr[] arguments) =>
        new IfStmt(
            source,
            condition,
            One(new ThrowStmt(
                "throw new " + exception.Substring(exception.LastIndexOf('.') + 1) + "(" + string.Join(", ", arguments.Select(a => ExprPrinterText(a))) + ")",
                new NewExpr(TypeRef.Named(exception), new EquatableArray<Expr>(arguments)))),
            EquatableArray<Stmt>.Empty);

    /// <summary>
    /// An element or the length of an array held in a static field or property (a fixed table of normals, say):
    /// data the method reads and never differentiates. Null for anything else.
    /// </summary>
    private Expr? ExternalData(IOperation operation, string source)
    {
        switch (operation)
        {
            case IArrayElementReferenceOperation { Indices: [{ Type.SpecialType: SpecialType.System_Int32 } index] } element
                when StaticArray(element.ArrayReference) is { } array && element.Type is { } type && MethodParser.SignatureType(type) is { } scalar:
                return new IndexExpr(scalar, array, Convert(index));

            case IPropertyReferenceOperation { Property.Name: "Length", Instance: { } measured } when StaticArray(measured) is { } array:
                return new MemberExpr(ScalarType.Int, array, "Length");

            default:
                return null;
        }
    }

    /// <summary>A static field or property holding a one-dimensional array of numbers, as an expression of generated code.</summary>
    private static Expr? StaticArray(IOperation operation)
    {
        ISymbol? member = WithoutConversions(operation) switch
        {
            IFieldReferenceOperation { Field: { IsStatic: true } field } => field,
            IPropertyReferenceOperation { Property: { IsStatic: true, Parameters.Length: 0 } property } => property,
            _ => null,
        };
        ITypeSymbol? type = member switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };
        if (member is null || type is not IArrayTypeSymbol { Rank: 1 } array || MethodParser.SignatureType(array.ElementType) is not { } element)
        {
            return null;
        }

        return new ExternalValueExpr(element, SourceFormatting.OneLine(operation.Syntax), QualifiedMember(member));
    }

    private static string ExprPrinterText(Expr argument) => argument is StringExpr text ? "\"" + text.Value + "\"" : ExprText(argument);
}
