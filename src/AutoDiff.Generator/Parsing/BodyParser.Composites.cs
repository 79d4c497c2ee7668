using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Parsing;

/// <summary>
/// Statements over tuples and structs of reals: their parameters, locals and arrays declared leaf by leaf,
/// assignments and deconstructions leaf by leaf (through temporaries where a swap needs them), and the
/// return of a method whose result is a tuple or a struct.
/// </summary>
internal sealed partial class BodyParser
{
    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private CompositeResult? _result;

    /// <summary>The layout of a tuple or struct of reals (for the method's signature), or null with why not.</summary>
    public CompositeLayout? Layout(ITypeSymbol type, out string? whyNot) => Layouts.Of(type, out whyNot);

    /// <summary>The layout of the elements of an array or span of composites, or null.</summary>
    public CompositeLayout? ElementLayout(ITypeSymbol type) => ElementLayoutOf(type);

    /// <summary>A declared type as generated code writes it.</summary>
    public TypeRef TypeRefOf(ITypeSymbol type)
    {
        if (MethodParser.SignatureType(type) is { } scalar)
        {
            return TypeRef.Of(scalar);
        }

        if (LayoutOf(type) is { } layout)
        {
            return layout.Type;
        }

        return type switch
        {
            IArrayTypeSymbol { Rank: 1 } array => TypeRef.Array(TypeRefOf(array.ElementType)) with { IsNullable = array.NullableAnnotation == NullableAnnotation.Annotated },
            IArrayTypeSymbol array => TypeRef.MultiArray(TypeRefOf(array.ElementType), array.Rank) with { IsNullable = array.NullableAnnotation == NullableAnnotation.Annotated },
            INamedTypeSymbol { IsGenericType: true, Name: "ReadOnlySpan" } span when span.ContainingNamespace?.ToDisplayString() == "System" =>
                TypeRef.ReadOnlySpan(TypeRefOf(span.TypeArguments[0])),
            INamedTypeSymbol { IsGenericType: true, Name: "Span" } span when span.ContainingNamespace?.ToDisplayString() == "System" =>
                TypeRef.Span(TypeRefOf(span.TypeArguments[0])),
            _ => TypeRef.Named(type.ToDisplayString(TypeFormat)),
        };
    }

    /// <summary>The locals that hold the leaves of a tuple or struct result, declared at the top of the body.</summary>
    public CompositeResult DeclareResult(CompositeLayout layout)
    {
        var leaves = new List<string>();
        var names = new List<string>();
        foreach ((EquatableArray<string> path, _) in layout.Leaves())
        {
            string element = layout.Construction == CompositeConstruction.Tuple ? ElementName(layout, path) : string.Join("_", path);
            names.Add(element);
            leaves.Add(FreshName("result_" + element));
        }

        _result = new CompositeResult(layout, leaves.ToEquatableArray(), names.ToEquatableArray());
        return _result;
    }

    /// <summary>A tuple element's name (its declared name where it has one) along a path: <c>X</c>, <c>Item2</c>, <c>Position_X</c>.</summary>
    private static string ElementName(CompositeLayout layout, EquatableArray<string> path)
    {
        var parts = new List<string>();
        CompositeLayout? current = layout;
        foreach (string part in path)
        {
            int index = current is null ? -1 : current.Fields.Select(f => f.Name).ToList().IndexOf(part);
            string named = part;
            if (current is { Type.Kind: TypeRefKind.Tuple } tuple && index >= 0 && index < tuple.Type.ElementNames.Count && tuple.Type.ElementNames[index].Length > 0)
            {
                named = tuple.Type.ElementNames[index];
            }

            parts.Add(named);
            current = index >= 0 ? current!.Fields[index].Nested : null;
        }

        return string.Join("_", parts);
    }

    /// <summary>A struct or tuple parameter: one scalar parameter per leaf, named after the path (<c>a_X</c>).</summary>
    public IEnumerable<(string Name, ScalarType Type)> DeclareCompositeParameter(IParameterSymbol parameter, CompositeLayout layout)
    {
        var leaves = new List<(string, ScalarType)>();
        foreach ((EquatableArray<string> path, ScalarType type) in layout.Leaves())
        {
            leaves.Add((FreshName(parameter.Name + "_" + string.Join("_", path)), type));
        }

        _frame.Values[parameter] = new CompositeValue(layout, leaves.Select(l => (Expr)new VariableExpr(l.Item2, l.Item1, l.Item1)).ToArray());
        return leaves;
    }

    /// <summary>A span or array of structs: one flat vector parameter of their leaves, element after element (<c>points_flat</c>).</summary>
    public string DeclareCompositeVectorParameter(IParameterSymbol parameter, CompositeLayout layout)
    {
        string name = FreshName(parameter.Name + "_flat");
        _vectorIsInput[name] = true;
        _frame.Values[parameter] = new CompositeArrayValue(layout, name);
        return name;
    }

    /// <summary>A <c>T[,]</c> parameter: a flat vector over its elements (<c>a_flat</c>) and its column count (<c>a_columns</c>).</summary>
    public (string Flat, string Columns) DeclareMatrixParameter(IParameterSymbol parameter, ScalarType element)
    {
        string flat = FreshName(parameter.Name + "_flat");
        string columns = FreshName(parameter.Name + "_columns");
        _vectorIsInput[flat] = true;
        var rows = new OpaqueCallExpr(ScalarType.Int, parameter.Name + ".GetLength(0)", "GetLength", new EquatableArray<Expr>(new Expr[] { Literals.Make(Model.Constant.Integer(0)) }), new VariableExpr(ScalarType.Data, parameter.Name, parameter.Name));
        _frame.Values[parameter] = new MatrixValue(flat, rows, new VariableExpr(ScalarType.Int, columns, columns), element, parameter.Name);
        return (flat, columns);
    }

    /// <summary>A differentiated <c>T[][]</c> parameter: a flat copy of its rows (<c>rows_flat</c>) and where each row starts (<c>rows_start</c>).</summary>
    public (string Flat, string Starts) DeclareJaggedParameter(IParameterSymbol parameter, ScalarType element)
    {
        string flat = FreshName(parameter.Name + "_flat");
        string starts = FreshName(parameter.Name + "_start");
        _vectorIsInput[flat] = true;
        _frame.Values[parameter] = new JaggedValue(flat, starts, parameter.Name, element);
        return (flat, starts);
    }

    /// <summary>Data of any other type: read as written.</summary>
    public void DeclareDataParameter(IParameterSymbol parameter) => _dataParameters.Add(parameter.Name);

    private readonly HashSet<string> _dataParameters = new();

    /// <summary>
    /// A <c>T[,]</c> (a parameter or a local), or a local <c>T[][]</c> whose rows all have one length: a flat vector, its rows
    /// and columns (<see cref="Jagged"/>: <c>Length</c> counts rows, and <c>a[i][j]</c> reads element i · columns + j).
    /// </summary>
    private sealed record MatrixValue(string Flat, Expr Rows, Expr Columns, ScalarType Element, string Display, bool Jagged = false) : Value;

    /// <summary>A differentiated <c>T[][]</c> parameter: a flat copy and where each row starts in it.</summary>
    private sealed record JaggedValue(string Flat, string Starts, string Array, ScalarType Element) : Value;

    /// <summary>A composite local: one local per leaf (<c>d_X</c>), or one local array per leaf for an array of composites.</summary>
    private bool AddCompositeDeclaration(IVariableDeclaratorOperation declarator, ILocalSymbol local, IVariableInitializerOperation? initializer, string source, List<Stmt> into)
    {
        if (LayoutOf(local.Type) is { } layout)
        {
            string[] names = layout.Leaves().Select(l => FreshName(local.Name + "_" + string.Join("_", l.Path))).ToArray();
            ScalarType[] types = layout.Leaves().Select(l => l.Type).ToArray();
            Expr[]? values = initializer is null ? null : ConvertComposite(initializer.Value, layout).Leaves;
            for (int i = 0; i < names.Length; i++)
            {
                into.Add(new DeclareStmt(i == 0 ? source : string.Empty, names[i], types[i], values is null ? null : ConvertTo(values[i], types[i])));
            }

            _frame.Values[local] = new CompositeValue(layout, names.Select((n, i) => (Expr)new VariableExpr(types[i], n, n)).ToArray());
            return true;
        }

        if (ElementLayoutOf(local.Type) is { } elementLayout)
        {
            // new Vec3[n], stackalloc Vector2[n]: one zeroed local array per leaf, at the top level.
            Expr? length = initializer?.Value is IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: null } creation ? Convert(creation.DimensionSizes[0]) : null;
            if (length is null && initializer?.Value is IConversionOperation { Operand: IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: null } converted })
            {
                length = Convert(converted.DimensionSizes[0]);
            }

            if (length is null)
            {
                Diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedVectorUse,
                    LocationInfo.From(declarator.Syntax),
                    $"The local '{local.Name}'",
                    $"declare arrays of {elementLayout.Display} as 'new {elementLayout.Display}[n]' (zeroed) and fill them with a loop"));
                return true;
            }

            if (_nesting > 0)
            {
                Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ArrayNotAtTopLevel, LocationInfo.From(declarator.Syntax), local.Name));
                return true;
            }

            if (elementLayout.LeafType is not { } leafType)
            {
                Diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedVectorUse,
                    LocationInfo.From(declarator.Syntax),
                    $"The local '{local.Name}'",
                    $"the reals of {elementLayout.Display} mix double and float; an array of structs holds reals of one type"));
                return true;
            }

            string flat = FreshName(local.Name + "_flat");
            _vectorIsInput[flat] = false;
            Expr total = elementLayout.LeafCount == 1 ? length : new BinaryExpr(ScalarType.Int, string.Empty, BinaryOperator.Multiply, length, Literals.Make(Model.Constant.Integer(elementLayout.LeafCount)));
            into.Add(new ArrayDeclStmt(source, flat, leafType, total));
            _frame.Values[local] = new CompositeArrayValue(elementLayout, flat);
            return true;
        }

        if (local.Type is IArrayTypeSymbol { Rank: 2 } matrix && MethodParser.SignatureType(matrix.ElementType) is { } element && element.IsReal())
        {
            AddMatrixDeclaration(declarator, local, element, initializer, source, into);
            return true;
        }

        if (local.Type is IArrayTypeSymbol { Rank: 1, ElementType: IArrayTypeSymbol { Rank: 1 } row } && MethodParser.SignatureType(row.ElementType) is { } rowElement
            && rowElement.IsReal())
        {
            AddJaggedDeclaration(declarator, local, rowElement, initializer, source, into);
            return true;
        }

        return false;
    }

    /// <summary>
    /// <c>double[][] h = new double[n][];</c> whose rows are all given one length (<c>h[i] = new double[m];</c>, m computed from
    /// parameters and constants): the same as <c>new double[n, m]</c>, and the row statements do nothing.
    /// </summary>
    private void AddJaggedDeclaration(IVariableDeclaratorOperation declarator, ILocalSymbol local, ScalarType element, IVariableInitializerOperation? initializer, string source, List<Stmt> into)
    {
        void Reject(string why) => Diagnostics.Add(DiagnosticInfo.Create(
            DiagnosticDescriptors.UnsupportedVectorUse,
            LocationInfo.From(declarator.Syntax),
            $"The local jagged array '{local.Name}'",
            why + "; give every row the same length from parameters and constants (h[i] = new double[m]), or declare it as new double[n, m]"));

        if (initializer?.Value is not IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: null } creation || _root is null)
        {
            Reject("it is not created as new double[n][]");
            return;
        }

        var sizes = new List<IOperation>();
        foreach (IOperation operation in _root.Descendants())
        {
            if (operation is ISimpleAssignmentOperation { Target: IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation target } } store
                && SymbolEqualityComparer.Default.Equals(target.Local, local))
            {
                if (store.Value is IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: null } row)
                {
                    sizes.Add(row.DimensionSizes[0]);
                }
                else
                {
                    Reject("a row is assigned something other than a new array");
                    return;
                }
            }
        }

        bool Invariant(IOperation size) => !size.DescendantsAndSelf().Any(o => o is ILocalReferenceOperation or IInvocationOperation);
        if (sizes.Count == 0 || sizes.Select(size => SourceFormatting.OneLine(size.Syntax)).Distinct().Count() != 1 || !Invariant(sizes[0]))
        {
            Reject(sizes.Count == 0 ? "its rows are never created" : "its rows may differ in length");
            return;
        }

        if (_nesting > 0)
        {
            Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ArrayNotAtTopLevel, LocationInfo.From(declarator.Syntax), local.Name));
            return;
        }

        string rows = FreshName(local.Name + "_rows");
        string columns = FreshName(local.Name + "_columns");
        string flat = FreshName(local.Name + "_flat");
        into.Add(new DeclareStmt(source, rows, ScalarType.Int, Convert(creation.DimensionSizes[0])));
        into.Add(new DeclareStmt(string.Empty, columns, ScalarType.Int, Convert(sizes[0])));
        var rowsExpr = new VariableExpr(ScalarType.Int, rows, rows);
        var columnsExpr = new VariableExpr(ScalarType.Int, columns, columns);
        into.Add(new ArrayDeclStmt(string.Empty, flat, element, new BinaryExpr(ScalarType.Int, string.Empty, BinaryOperator.Multiply, rowsExpr, columnsExpr)));
        _vectorIsInput[flat] = false;
        _frame.Values[local] = new MatrixValue(flat, rowsExpr, columnsExpr, element, local.Name, Jagged: true);
    }

    /// <summary><c>new double[n, m]</c>: its row and column counts in locals, and one zeroed local array of n · m elements.</summary>
    private void AddMatrixDeclaration(IVariableDeclaratorOperation declarator, ILocalSymbol local, ScalarType element, IVariableInitializerOperation? initializer, string source, List<Stmt> into)
    {
        if (initializer?.Value is not IArrayCreationOperation { DimensionSizes.Length: 2, Initializer: null } creation)
        {
            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedVectorUse,
                LocationInfo.From(declarator.Syntax),
                $"The local '{local.Name}'",
                "declare 2-D local arrays as 'new double[n, m]' (zeroed) and fill them with loops"));
            return;
        }

        if (_nesting > 0)
        {
            Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ArrayNotAtTopLevel, LocationInfo.From(declarator.Syntax), local.Name));
            return;
        }

        string rows = FreshName(local.Name + "_rows");
        string columns = FreshName(local.Name + "_columns");
        string flat = FreshName(local.Name + "_flat");
        into.Add(new DeclareStmt(source, rows, ScalarType.Int, Convert(creation.DimensionSizes[0])));
        into.Add(new DeclareStmt(string.Empty, columns, ScalarType.Int, Convert(creation.DimensionSizes[1])));
        var rowsExpr = new VariableExpr(ScalarType.Int, rows, rows);
        var columnsExpr = new VariableExpr(ScalarType.Int, columns, columns);
        into.Add(new ArrayDeclStmt(string.Empty, flat, element, new BinaryExpr(ScalarType.Int, string.Empty, BinaryOperator.Multiply, rowsExpr, columnsExpr)));
        _vectorIsInput[flat] = false;
        _frame.Values[local] = new MatrixValue(flat, rowsExpr, columnsExpr, element, local.Name);
    }

    /// <summary>
    /// Assignments whose target is a composite, a leaf of one (<c>v.X = 1</c>, <c>t.Item2 += x</c>, <c>points[i].X = 0</c>), an element
    /// of a 2-D or jagged array, or a deconstruction. False when the statement is none of these.
    /// </summary>
    private bool AddCompositeAssignment(IOperation operation, string source, List<Stmt> into)
    {
        switch (operation)
        {
            case ISimpleAssignmentOperation { Target: IArrayElementReferenceOperation { ArrayReference: { } rows }, Value: IArrayCreationOperation }
                when LookupValue(rows) is MatrixValue { Jagged: true }:
                // A row of a local jagged array given its length: the flat array already holds it.
                return true;

            case IDeconstructionAssignmentOperation deconstruction:
                {
                    Value value = ConvertValue(deconstruction.Value);
                    var targets = new List<Expr>();
                    var values = new List<Expr>();
                    Deconstruct(deconstruction.Target, value, source, into, targets, values);
                    if (targets.Count > 0)
                    {
                        AssignLeaves(targets, values, source, into);
                    }

                    return true;
                }

            case ISimpleAssignmentOperation assignment when IsCompositeTarget(assignment.Target):
                {
                    Value target = ConvertValue(assignment.Target);
                    Value value = ConvertValue(assignment.Value);
                    AssignValue(target, value, assignment.Target, source, into);
                    return true;
                }

            case ICompoundAssignmentOperation compound when IsCompositeTarget(compound.Target):
                {
                    Value target = ConvertValue(compound.Target);
                    Value? value = compound.OperatorMethod is { } method
                        ? CallMemberOnValues(method, new[] { target, ConvertValue(compound.Value) }, compound)
                        : target is ScalarValue scalar && BinaryOperatorOf(compound.OperatorKind) is { } op
                            ? new ScalarValue(new BinaryExpr(scalar.Expr.Type, source, op, scalar.Expr, ConvertTo(Convert(compound.Value), scalar.Expr.Type)))
                            : null;
                    if (value is null)
                    {
                        Unsupported(compound, "This compound assignment", "write it as an assignment");
                        return true;
                    }

                    AssignValue(target, value, compound.Target, source, into);
                    return true;
                }

            case IIncrementOrDecrementOperation step when IsCompositeTarget(step.Target):
                {
                    if (ConvertValue(step.Target) is ScalarValue current)
                    {
                        BinaryOperator op = step.Kind == OperationKind.Increment ? BinaryOperator.Add : BinaryOperator.Subtract;
                        var value = new ScalarValue(new BinaryExpr(current.Expr.Type, source, op, current.Expr, Literals.Make(Literals.From(1, current.Expr.Type), "1")));
                        AssignValue(current, value, step.Target, source, into);
                    }

                    return true;
                }
        }

        return false;
    }

    /// <summary>Whether an assignment target is a composite, in one, or an element of a 2-D or jagged array.</summary>
    private bool IsCompositeTarget(IOperation target)
    {
        target = WithoutParentheses(target);
        if (LayoutOf(target.Type) is not null)
        {
            return true;
        }

        return target switch
        {
            IFieldReferenceOperation { Instance: { } instance } => IsCompositeTarget(instance),
            IPropertyReferenceOperation { Instance: { } instance, Property.IsIndexer: false } => IsCompositeTarget(instance),
            IArrayElementReferenceOperation { Indices.Length: 2 } matrix => LookupValue(matrix.ArrayReference) is MatrixValue,
            IArrayElementReferenceOperation { ArrayReference: IArrayElementReferenceOperation row } => LookupValue(row.ArrayReference) is JaggedValue or MatrixValue { Jagged: true },
            _ => false,
        };
    }

    /// <summary>Writes a value's leaves into a target's leaves (locals or elements of local arrays).</summary>
    private void AssignValue(Value target, Value value, IOperation where, string source, List<Stmt> into)
    {
        Expr[] targets = target switch
        {
            CompositeValue composite => composite.Leaves,
            ScalarValue scalar => new[] { scalar.Expr },
            _ => System.Array.Empty<Expr>(),
        };
        Expr[] values = value switch
        {
            CompositeValue composite => composite.Leaves,
            ScalarValue scalar => new[] { scalar.Expr },
            _ => System.Array.Empty<Expr>(),
        };
        if (targets.Length == 0 || targets.Length != values.Length || targets.Any(t => t is not (VariableExpr or ElementExpr)))
        {
            Unsupported(where, "Assigning to '" + SourceFormatting.OneLine(where.Syntax) + "'", "assign locals, parameters and elements of local arrays");
            return;
        }

        foreach (ElementExpr element in targets.OfType<ElementExpr>())
        {
            if (_vectorIsInput.TryGetValue(element.Array, out bool input) && input)
            {
                Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InputVectorWritten, LocationInfo.From(where.Syntax), element.Array, _method.Name));
                return;
            }
        }

        AssignLeaves(targets, values, source, into);
    }

    /// <summary>
    /// The targets of a deconstruction: new locals are declared at once (they cannot appear on the right), existing
    /// targets are collected and assigned together, so <c>(a, b) = (b, a)</c> swaps.
    /// </summary>
    private void Deconstruct(IOperation target, Value value, string source, List<Stmt> into, List<Expr> targets, List<Expr> values)
    {
        target = WithoutParentheses(target);
        switch (target)
        {
            case IDeclarationExpressionOperation declaration:
                Deconstruct(declaration.Expression, value, source, into, targets, values);
                return;

            case ITupleOperation tuple when value is CompositeValue composite && composite.Layout.Fields.Count == tuple.Elements.Length:
                for (int i = 0; i < tuple.Elements.Length; i++)
                {
                    Deconstruct(tuple.Elements[i], FieldValue(composite, i), source, into, targets, values);
                }

                return;

            case IDiscardOperation:
                return;

            case ILocalReferenceOperation { IsDeclaration: true } local:
                DeclareLocal(local.Local, value, into, targets.Count == 0 && !into.Any(s => s.Source == source) ? source : string.Empty);
                return;
        }

        Value current = ConvertValue(target);
        switch ((current, value))
        {
            case (CompositeValue t, CompositeValue v) when t.Leaves.Length == v.Leaves.Length:
                targets.AddRange(t.Leaves);
                values.AddRange(v.Leaves);
                return;
            case (ScalarValue t, ScalarValue v):
                targets.Add(t.Expr);
                values.Add(v.Expr);
                return;
            default:
                Unsupported(target, "This deconstruction", "deconstruct tuples and records of reals into locals");
                return;
        }
    }

    /// <summary>A new local holding a value: one local per leaf for a composite.</summary>
    private void DeclareLocal(ILocalSymbol local, Value value, List<Stmt> into, string source)
    {
        if (value is CompositeValue composite)
        {
            string[] names = composite.Layout.Leaves().Select(l => FreshName(local.Name + "_" + string.Join("_", l.Path))).ToArray();
            ScalarType[] types = composite.Types;
            for (int i = 0; i < names.Length; i++)
            {
                into.Add(new DeclareStmt(i == 0 ? source : string.Empty, names[i], types[i], ConvertTo(composite.Leaves[i], types[i])));
            }

            _frame.Values[local] = new CompositeValue(composite.Layout, names.Select((n, i) => (Expr)new VariableExpr(types[i], n, n)).ToArray());
            return;
        }

        if (value is ScalarValue scalar && MethodParser.SignatureType(local.Type) is { } type)
        {
            into.Add(new DeclareStmt(source, local.Name, type, ConvertTo(scalar.Expr, type)));
            return;
        }

        Diagnostics.Add(DiagnosticInfo.Create(
            DiagnosticDescriptors.UnsupportedSyntax,
            LocationInfo.From(local.Locations.FirstOrDefault()),
            $"The local '{local.Name}' of type '{local.Type.ToDisplayString()}'",
            "deconstruct into double, float, int, long or bool locals, or tuples and structs of reals"));
    }

    /// <summary><c>return value;</c> of a method returning a tuple or struct: its leaves into the result's locals, then the return.</summary>
    private void AddCompositeReturn(IOperation value, string source, List<Stmt> into)
    {
        CompositeResult result = _result!;
        CompositeValue composite = ConvertComposite(value, result.Layout);
        var targets = result.Leaves.Select((name, i) => (Expr)new VariableExpr(composite.Type(i), name, name)).ToList();
        AssignLeaves(targets, composite.Leaves, source, into);
        ScalarType type = result.Layout.LeafType ?? ScalarType.Double;
        into.Add(new ReturnStmt(string.Empty, Literals.Make(Model.Constant.Real(0, type), type == ScalarType.Float ? "0f" : "0.0")));
    }
}
