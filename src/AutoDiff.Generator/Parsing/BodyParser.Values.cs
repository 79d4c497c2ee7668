using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Parsing;

/// <summary>
/// Tuples and structs of reals, split into scalars as the body is read: a <c>Vec3</c> local is three locals, a
/// <c>Vec3</c> parameter three inputs, <c>a + b</c> three sums, <c>(s, c) = (c, s)</c> two assignments through
/// temporaries. Members of the user's structs are inlined (<see cref="Inline"/>), those of System.Numerics
/// come from built-in definitions (BodyParser.Numerics.cs). Nothing after the parser sees a composite, except the signature.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>What an expression of the body is while it is read.</summary>
    private abstract record Value;

    /// <summary>A real, an integer, a bool or data.</summary>
    private sealed record ScalarValue(Expr Expr) : Value;

    /// <summary>A tuple or struct of reals: one expression per leaf, in the layout's leaf order.</summary>
    private sealed record CompositeValue(CompositeLayout Layout, Expr[] Leaves) : Value
    {
        public ScalarType Type(int leaf) => Layout.Leaves().ElementAt(leaf).Type;

        public ScalarType[] Types => Layout.Leaves().Select(l => l.Type).ToArray();
    }

    /// <summary>
    /// An array or span of composites: one flat vector of their leaves, element after element (<c>points_flat</c>, where
    /// element i's leaf k is at i · stride + k), so a gradient or a Hessian lists coordinates as the user counts them.
    /// </summary>
    private sealed record CompositeArrayValue(CompositeLayout Layout, string Flat) : Value
    {
        public int Stride => Layout.LeafCount;

        /// <summary>The number of elements: the flat vector's length over the stride.</summary>
        public Expr Length(string source)
        {
            var length = new LengthExpr(ScalarType.Int, source, Flat);
            return Stride == 1 ? length : new BinaryExpr(ScalarType.Int, source, BinaryOperator.Divide, length, Literals.Make(Model.Constant.Integer(Stride)));
        }

        /// <summary>The leaves of element <paramref name="index"/>.</summary>
        public Expr[] Element(Expr index, string source)
        {
            ScalarType[] types = Layout.Leaves().Select(l => l.Type).ToArray();
            Expr start = Stride == 1 ? index : new BinaryExpr(ScalarType.Int, source, BinaryOperator.Multiply, index, Literals.Make(Model.Constant.Integer(Stride)));
            return types.Select((type, k) => (Expr)new ElementExpr(
                type, source, Flat, k == 0 ? start : new BinaryExpr(ScalarType.Int, source, BinaryOperator.Add, start, Literals.Make(Model.Constant.Integer(k))))).ToArray();
        }
    }

    private CompositeLayouts? _layouts;

    private CompositeLayouts Layouts => _layouts ??= new CompositeLayouts(_semanticModel, _position, _cancellationToken);

    /// <summary>The layout of a tuple or struct of reals, or null.</summary>
    private CompositeLayout? LayoutOf(ITypeSymbol? type) => type is null ? null : Layouts.Of(type, out _);

    /// <summary>The layout of the elements of <c>T[]</c>, <c>Span&lt;T&gt;</c> or <c>ReadOnlySpan&lt;T&gt;</c> of composites, or null.</summary>
    private CompositeLayout? ElementLayoutOf(ITypeSymbol? type) => ElementType(type) is { } element ? LayoutOf(element) : null;

    /// <summary>The element type of a one-dimensional array or a span, or null.</summary>
    private static ITypeSymbol? ElementType(ITypeSymbol? type) => type switch
    {
        IArrayTypeSymbol { Rank: 1 } array => array.ElementType,
        INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1, Name: "Span" or "ReadOnlySpan" } span
            when span.ContainingNamespace?.ToDisplayString() == "System" => span.TypeArguments[0],
        _ => null,
    };

    /// <summary>Any value: a composite, an array of composites, or a scalar.</summary>
    private Value ConvertValue(IOperation operation)
    {
        operation = WithoutParentheses(operation);
        if (LayoutOf(operation.Type) is { } layout)
        {
            return ConvertComposite(operation, layout);
        }

        if (ElementLayoutOf(operation.Type) is not null && LookupValue(operation) is CompositeArrayValue array)
        {
            return array;
        }

        return new ScalarValue(Convert(operation));
    }

    private static IOperation WithoutParentheses(IOperation operation)
    {
        while (operation is IParenthesizedOperation parenthesized)
        {
            operation = parenthesized.Operand;
        }

        return operation;
    }

    /// <summary>A composite value of <paramref name="layout"/>; on failure a diagnostic and zeros.</summary>
    private CompositeValue ConvertComposite(IOperation operation, CompositeLayout layout)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        operation = WithoutParentheses(operation);
        string source = SourceFormatting.OneLine(operation.Syntax);
        switch (operation)
        {
            case IInvalidOperation:
                HasCompileErrors = true;
                return Zeros(layout);

            case ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation:
                if (LookupValue(operation) is CompositeValue known)
                {
                    return Reshape(known, layout);
                }

                break;

            case ITupleOperation tuple:
                return Tuple(tuple.Elements, layout);

            case IDefaultValueOperation:
                return Zeros(layout);

            case IConversionOperation { OperatorMethod: { } conversionMethod } conversion:
                return AsComposite(CallMember(conversionMethod, null, new[] { conversion.Operand }, conversion), layout, conversion);

            case IConversionOperation conversion when LayoutOf(conversion.Operand.Type) is { } from:
                return Reshape(ConvertComposite(conversion.Operand, from), layout);

            case IConversionOperation conversion when conversion.Operand is IDefaultValueOperation || conversion.Operand.ConstantValue is { HasValue: true, Value: null }:
                return Zeros(layout);

            case IObjectCreationOperation creation:
                return Reshape(Construct(creation, layout), layout);

            case IFieldReferenceOperation or IPropertyReferenceOperation when MemberOf(operation) is { } member:
                return AsComposite(member, layout, operation);

            case IBinaryOperation { OperatorMethod: { } method } binary:
                return AsComposite(CallMember(method, null, new[] { binary.LeftOperand, binary.RightOperand }, binary), layout, binary);

            case IUnaryOperation { OperatorMethod: { } method } unary:
                return AsComposite(CallMember(method, null, new[] { unary.Operand }, unary), layout, unary);

            case IInvocationOperation invocation:
                return AsComposite(ConvertCallValue(invocation), layout, invocation);

            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                {
                    Expr condition = ConvertWithoutSink(conditional.Condition);
                    CompositeValue whenTrue = WithoutSink(() => ConvertComposite(conditional.WhenTrue, layout));
                    CompositeValue otherwise = WithoutSink(() => ConvertComposite(whenFalse, layout));
                    return (CompositeValue)Choose(condition, whenTrue, otherwise);
                }

            case IArrayElementReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: true } or IImplicitIndexerReferenceOperation:
                if (CompositeElement(operation) is { } element)
                {
                    return Reshape(element, layout);
                }

                return Zeros(layout);

            case IWithOperation with when LayoutOf(with.Operand.Type) is { } original:
                {
                    CompositeValue copy = Reshape(ConvertComposite(with.Operand, original), layout);
                    Expr[] leaves = (Expr[])copy.Leaves.Clone();
                    foreach (IOperation initializer in with.Initializer.Initializers)
                    {
                        if (initializer is not ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment
                            || FieldIndex(layout, target.Member) is not { } index)
                        {
                            Unsupported(initializer, "This member of a 'with' expression", "set fields of the struct that hold its reals");
                            continue;
                        }

                        Store(layout, leaves, index, ConvertValue(assignment.Value));
                    }

                    return new CompositeValue(layout, leaves);
                }
        }

        Unsupported(operation, $"The {layout.Display} value '{source}'", "build tuples and structs with literals, constructors, operators and members of structs declared in this project or System.Numerics");
        return Zeros(layout);
    }

    /// <summary>A value that must be a composite of <paramref name="layout"/>; reports and returns zeros otherwise.</summary>
    private CompositeValue AsComposite(Value? value, CompositeLayout layout, IOperation where)
    {
        if (value is CompositeValue composite)
        {
            return Reshape(composite, layout);
        }

        if (value is not null)
        {
            Unsupported(where, $"The value '{SourceFormatting.OneLine(where.Syntax)}'", $"it should be a {layout.Display}");
        }

        return Zeros(layout);
    }

    /// <summary>A composite with another layout of the same shape (a tuple conversion, named and unnamed elements): leaves converted to its types.</summary>
    private CompositeValue Reshape(CompositeValue value, CompositeLayout layout)
    {
        if (value.Layout.Equals(layout))
        {
            return value;
        }

        ScalarType[] types = layout.Leaves().Select(l => l.Type).ToArray();
        if (types.Length != value.Leaves.Length)
        {
            throw new InvalidOperationException($"A {value.Layout.Display} is not a {layout.Display}");
        }

        return new CompositeValue(layout, value.Leaves.Select((leaf, i) => ConvertTo(leaf, types[i])).ToArray());
    }

    private static Expr ConvertTo(Expr value, ScalarType type) => value.Type == type ? value
        : value is LiteralExpr literal ? LiteralExpr.Of(literal.Value.As(type))
        : new CastExpr(type, value.Source, value);

    private static CompositeValue Zeros(CompositeLayout layout) =>
        new(layout, layout.Leaves().Select(l => (Expr)Literals.Make(Model.Constant.Real(0, l.Type), l.Type == ScalarType.Float ? "0f" : "0.0")).ToArray());

    /// <summary>A tuple literal: each element a real or a nested composite.</summary>
    private CompositeValue Tuple(IReadOnlyList<IOperation> elements, CompositeLayout layout)
    {
        var leaves = new List<Expr>();
        for (int i = 0; i < elements.Count && i < layout.Fields.Count; i++)
        {
            CompositeField field = layout.Fields[i];
            if (field.Nested is { } nested)
            {
                leaves.AddRange(ConvertComposite(elements[i], nested).Leaves);
            }
            else
            {
                leaves.Add(ConvertTo(Convert(elements[i]), field.Type));
            }
        }

        return new CompositeValue(layout, leaves.ToArray());
    }

    /// <summary>The index of the field of <paramref name="layout"/> that <paramref name="member"/> reads (a tuple element, a field, a record's property), or null.</summary>
    private static int? FieldIndex(CompositeLayout layout, ISymbol member)
    {
        if (member is IFieldSymbol { ContainingType.IsTupleType: true } element)
        {
            IFieldSymbol definition = element.CorrespondingTupleField ?? element;
            int index = element.ContainingType.TupleElements.IndexOf(definition, 0, SymbolEqualityComparer.Default);
            if (index < 0 && definition.Name.StartsWith("Item", StringComparison.Ordinal)
                && int.TryParse(definition.Name.Substring(4), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int position))
            {
                index = position - 1;
            }

            return index >= 0 && index < layout.Fields.Count ? index : null;
        }

        string name = member is IFieldSymbol { AssociatedSymbol: { } property } ? property.Name : member.Name;
        for (int i = 0; i < layout.Fields.Count; i++)
        {
            if (layout.Fields[i].Name == name)
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>Where field <paramref name="index"/> starts among the leaves, and how many leaves it has.</summary>
    private static (int Offset, int Count) FieldLeaves(CompositeLayout layout, int index)
    {
        int offset = 0;
        for (int i = 0; i < index; i++)
        {
            offset += layout.Fields[i].Nested?.LeafCount ?? 1;
        }

        return (offset, layout.Fields[index].Nested?.LeafCount ?? 1);
    }

    /// <summary>Field <paramref name="index"/> of a composite: a scalar, or a nested composite.</summary>
    private static Value FieldValue(CompositeValue value, int index)
    {
        (int offset, int count) = FieldLeaves(value.Layout, index);
        CompositeField field = value.Layout.Fields[index];
        return field.Nested is { } nested
            ? new CompositeValue(nested, value.Leaves.Skip(offset).Take(count).ToArray())
            : new ScalarValue(value.Leaves[offset]);
    }

    /// <summary>Overwrites field <paramref name="index"/> of a composite's leaves with <paramref name="value"/>.</summary>
    private static void Store(CompositeLayout layout, Expr[] leaves, int index, Value value)
    {
        (int offset, int count) = FieldLeaves(layout, index);
        CompositeField field = layout.Fields[index];
        if (field.Nested is { } nested && value is CompositeValue composite)
        {
            Array.Copy(composite.Leaves.Select((leaf, i) => ConvertTo(leaf, nested.Leaves().ElementAt(i).Type)).ToArray(), 0, leaves, offset, count);
        }
        else if (value is ScalarValue scalar)
        {
            leaves[offset] = ConvertTo(scalar.Expr, field.Type);
        }
    }

    /// <summary>
    /// A field or property read, when it reads a composite or a member of one: a field of a tuple or struct, a
    /// computed property (inlined), a static property of a struct (<c>Vector3.UnitX</c>, <c>Vec3.Zero</c>). Null
    /// when the receiver is not a composite (data, <c>this</c> of an instance method).
    /// </summary>
    private Value? MemberOf(IOperation operation)
    {
        (ISymbol member, IOperation? instance) = operation switch
        {
            IFieldReferenceOperation field => ((ISymbol)field.Field, field.Instance),
            IPropertyReferenceOperation property => (property.Property, property.Instance),
            _ => (null!, null),
        };
        if (member is null)
        {
            return null;
        }

        if (instance is null)
        {
            // A static member of a struct of reals: System.Numerics constants, or a user property (inlined).
            if (member.ContainingType is { } owner && (LayoutOf(owner) is not null || CompositeLayouts.IsNumerics(owner)))
            {
                if (NumericsStaticProperty(member) is { } constant)
                {
                    return constant;
                }

                if (member is IPropertySymbol { GetMethod: { } getter })
                {
                    return Inline(getter, null, Array.Empty<Value>(), operation);
                }
            }

            return null;
        }

        if (LayoutOf(instance.Type) is not { } layout || (WithoutParentheses(instance) is IInstanceReferenceOperation && !_frame.Inlined))
        {
            // this of an instance method is data, even when it is a struct of reals.
            return null;
        }

        CompositeValue receiver = ConvertComposite(instance, layout);
        if (FieldIndex(layout, member) is { } index)
        {
            return FieldValue(receiver, index);
        }

        if (CompositeLayouts.IsNumerics(instance.Type) && NumericsProperty(receiver, member.Name) is { } builtin)
        {
            return builtin;
        }

        if (member is IPropertySymbol { GetMethod: { } propertyGetter })
        {
            return Inline(propertyGetter, receiver, Array.Empty<Value>(), operation);
        }

        Unsupported(operation, $"The member '{member.Name}' of '{layout.Display}'", "read the fields that hold its reals");
        return null;
    }

    /// <summary>An element of an array or span of composites: one element expression per leaf vector.</summary>
    private CompositeValue? CompositeElement(IOperation operation)
    {
        (IOperation? instance, IOperation? index) = operation switch
        {
            IArrayElementReferenceOperation { Indices.Length: 1 } array => (array.ArrayReference, array.Indices[0]),
            IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer => (indexer.Instance, indexer.Arguments[0].Value),
            IImplicitIndexerReferenceOperation implicitIndexer => (implicitIndexer.Instance, implicitIndexer.Argument),
            _ => (null, null),
        };
        if (instance is null || index is null || LookupValue(instance) is not CompositeArrayValue array1)
        {
            Unsupported(operation, "The element access '" + SourceFormatting.OneLine(operation.Syntax) + "'", "index an array or span of structs that is a parameter or a local array, with one int index");
            return null;
        }

        string source = SourceFormatting.OneLine(operation.Syntax);
        Expr indexExpr = index is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } fromEnd
            ? new BinaryExpr(ScalarType.Int, source, BinaryOperator.Subtract, array1.Length(source), Convert(fromEnd.Operand))
            : IndexOf(index, array1.Flat) ?? Literals.Make(Model.Constant.Integer(0), "0");
        return new CompositeValue(array1.Layout, array1.Element(indexExpr, source));
    }

    /// <summary>An int index, or <c>^k</c> from the end of <paramref name="array"/>.</summary>
    private Expr? IndexOf(IOperation index, string array)
    {
        if (index is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } fromEnd)
        {
            string source = SourceFormatting.OneLine(index.Syntax);
            return new BinaryExpr(ScalarType.Int, source, BinaryOperator.Subtract, new LengthExpr(ScalarType.Int, array + ".Length", array), Convert(fromEnd.Operand));
        }

        if (index.Type?.SpecialType == SpecialType.System_Int32)
        {
            return Convert(index);
        }

        Diagnostics.Add(DiagnosticInfo.Create(
            DiagnosticDescriptors.UnsupportedVectorUse, LocationInfo.From(index.Syntax), "The index '" + SourceFormatting.OneLine(index.Syntax) + "'", "use an int index or ^k"));
        return null;
    }

    /// <summary><c>condition ? a : b</c> leaf by leaf (both sides the same shape).</summary>
    private static Value Choose(Expr condition, Value whenTrue, Value whenFalse) => (whenTrue, whenFalse) switch
    {
        (ScalarValue a, ScalarValue b) => new ScalarValue(a.Expr.Equals(b.Expr) ? a.Expr : new ConditionalExpr(a.Expr.Type, a.Expr.Source, condition, a.Expr, ConvertTo(b.Expr, a.Expr.Type))),
        (CompositeValue a, CompositeValue b) => new CompositeValue(
            a.Layout,
            a.Leaves.Select((leaf, i) => leaf.Equals(b.Leaves[i]) ? leaf : new ConditionalExpr(leaf.Type, leaf.Source, condition, leaf, ConvertTo(b.Leaves[i], leaf.Type))).ToArray()),
        _ => whenTrue,
    };

    /// <summary>
    /// The value a local, parameter or <c>this</c> stands for: in an inlined member, what it is bound to; in the
    /// method itself, the leaves of a composite local or parameter, or an array of composites. Null for a plain
    /// scalar local or parameter of the method, which keeps its name.
    /// </summary>
    private Value? LookupValue(IOperation operation)
    {
        operation = WithoutParentheses(operation);
        while (operation is IConversionOperation { OperatorMethod: null } conversion && ElementLayoutOf(conversion.Type) is not null)
        {
            operation = conversion.Operand; // Vec3[] → ReadOnlySpan<Vec3>
        }

        ISymbol? symbol = operation switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IInstanceReferenceOperation => ThisKey,
            _ => null,
        };
        return symbol is not null && _frame.Values.TryGetValue(symbol, out Value? value) ? value : null;
    }

    /// <summary>The key under which a frame keeps <c>this</c> (the struct an inlined member is called on).</summary>
    private ISymbol ThisKey => _frame.Member;

    /// <summary>Assigns the leaves of a composite to variables (and array elements), through temporaries when a value reads a leaf assigned before it.</summary>
    private void AssignLeaves(IReadOnlyList<Expr> targets, IReadOnlyList<Expr> values, string source, List<Stmt> into)
    {
        var assigned = new HashSet<string>();
        bool clash = false;
        for (int i = 0; i < targets.Count && !clash; i++)
        {
            clash = values[i].DescendantsAndSelfNames().Any(assigned.Contains);
            assigned.Add(TargetKey(targets[i]));
        }

        var sources = values.ToList();
        if (clash)
        {
            for (int i = 0; i < sources.Count; i++)
            {
                if (sources[i] is not LiteralExpr)
                {
                    string temporary = FreshName("copy");
                    into.Add(new DeclareStmt(i == 0 ? source : string.Empty, temporary, sources[i].Type, sources[i]));
                    sources[i] = new VariableExpr(sources[i].Type, temporary, temporary);
                }
            }
        }

        for (int i = 0; i < targets.Count; i++)
        {
            string text = i == 0 && !clash ? source : string.Empty;
            Expr value = ConvertTo(sources[i], targets[i].Type);
            switch (targets[i])
            {
                case VariableExpr variable:
                    into.Add(new AssignStmt(text, variable.Name, value));
                    break;
                case ElementExpr element:
                    into.Add(new StoreStmt(text, element.Array, element.Index, value));
                    break;
                case LiteralExpr when Diagnostics.Count > 0:
                    break; // a target that could not be read (a local of an unsupported type) has its own diagnostic
                default:
                    throw new InvalidOperationException("Cannot assign to " + targets[i].GetType().Name);
            }
        }
    }

    private static string TargetKey(Expr target) => target switch
    {
        VariableExpr variable => variable.Name,
        ElementExpr element => element.Array,
        _ => string.Empty,
    };

    /// <summary>An operand that is no computation: a variable, a literal, a constant, an element, a length.</summary>
    private static bool IsSimple(Expr expr) => expr is VariableExpr or LiteralExpr or ExternalValueExpr or ElementExpr or LengthExpr or ThisExpr or StringExpr
        || (expr is CastExpr cast && IsSimple(cast.Operand))
        || (expr is UnaryExpr { Operator: UnaryOperator.Negate } negate && IsSimple(negate.Operand))
        || expr.Type == ScalarType.Data;
}

/// <summary>Names read by an expression tree of the body.</summary>
internal static class ExprNames
{
    public static IEnumerable<string> DescendantsAndSelfNames(this Expr expr) =>
        ExprTrees.DescendantsAndSelf(expr).Select(e => e switch
        {
            VariableExpr variable => variable.Name,
            ElementExpr element => element.Array,
            LengthExpr length => length.Array,
            VectorExpr vector => vector.Name,
            _ => null,
        }).Where(n => n is not null).Select(n => n!);
}
