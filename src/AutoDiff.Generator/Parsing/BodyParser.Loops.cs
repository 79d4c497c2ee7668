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

/// <summary>Loops, vector elements and local arrays.</summary>
internal sealed partial class BodyParser
{
    /// <summary><c>while (true)</c> or <c>for (;;)</c> with no break out of it and no return in it.</summary>
    private static bool NeverEnds(ILoopOperation loop)
    {
        IOperation? condition = loop switch
        {
            IForLoopOperation f => f.Condition,
            IWhileLoopOperation w => w.Condition,
            _ => loop,
        };
        bool alwaysTrue = condition is null || condition.ConstantValue is { HasValue: true, Value: true };
        return alwaysTrue && !loop.Body.DescendantsAndSelf().Any(o =>
            o is IReturnOperation || (o is IBranchOperation { BranchKind: BranchKind.Break } b && SymbolEqualityComparer.Default.Equals(b.Target, loop.ExitLabel)));
    }

    /// <summary>Reads a loop body or step, one nesting level deeper.</summary>
    private EquatableArray<Stmt> Nested(params IOperation[] operations)
    {
        var statements = new List<Stmt>();
        _nesting++;
        foreach (IOperation operation in operations)
        {
            AddStatement(operation, statements);
        }

        _nesting--;
        return statements.ToEquatableArray();
    }

    /// <summary>The loop's first line as written, up to its closing parenthesis: <c>for (int i = 0; i &lt; n; i++)</c>.</summary>
    private static string LoopHeader(ILoopOperation loop)
    {
        SyntaxNode syntax = loop.Syntax;
        SyntaxToken close = syntax switch
        {
            ForStatementSyntax f => f.CloseParenToken,
            ForEachStatementSyntax f => f.CloseParenToken,
            WhileStatementSyntax w => w.CloseParenToken,
            _ => default,
        };
        if (syntax is DoStatementSyntax doLoop)
        {
            return "do ... while (" + SourceFormatting.OneLine(doLoop.Condition) + ")";
        }

        string text = close == default ? syntax.ToString() : syntax.ToString().Substring(0, close.Span.End - syntax.SpanStart);
        return string.Join(" ", text.Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary><c>foreach (double v in w)</c> becomes an indexed loop over <c>w</c>.</summary>
    private void AddForEach(IForEachLoopOperation forEach, List<Stmt> into)
    {
        IOperation collectionOperation = forEach.Collection;
        while (collectionOperation is IConversionOperation { OperatorMethod: null } conversion)
        {
            collectionOperation = conversion.Operand;
        }

        if (LookupValue(collectionOperation) is CompositeArrayValue composites
            && forEach.LoopControlVariable is IVariableDeclaratorOperation { Symbol: { } element })
        {
            AddForEachComposite(forEach, composites, element, into);
            return;
        }

        string? collection = VectorName(forEach.Collection);
        if (collection is null || forEach.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: { } variable }
            || MethodParser.SignatureType(variable.Type) is not { } type)
        {
            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedVectorUse,
                LocationInfo.From(forEach.Collection.Syntax),
                "A foreach over '" + SourceFormatting.OneLine(forEach.Collection.Syntax) + "'",
                "foreach works over a vector parameter or a local array; for other collections use an indexed loop"));
            return;
        }

        string index = FreshName(variable.Name + "Index");
        var indexExpr = new VariableExpr(ScalarType.Int, index, index);
        into.Add(new DeclareStmt("int " + index + " = 0", index, ScalarType.Int, Literals.Make(Model.Constant.Integer(0), "0")));
        var body = new List<Stmt>
        {
            new DeclareStmt(variable.Name + " = " + collection + "[" + index + "]", variable.Name, type, ConvertElement(new ElementExpr(type, collection + "[" + index + "]", collection, indexExpr), type)),
        };
        body.AddRange(Nested(forEach.Body));
        var one = Literals.Make(Model.Constant.Integer(1), "1");
        var step = new Stmt[] { new AssignStmt(index + "++", index, new BinaryExpr(ScalarType.Int, index + " + 1", BinaryOperator.Add, indexExpr, one)) };
        var condition = new BinaryExpr(ScalarType.Bool, index + " < " + collection + ".Length", BinaryOperator.Less, indexExpr, new LengthExpr(ScalarType.Int, collection + ".Length", collection));
        into.Add(new LoopStmt(LoopHeader(forEach), condition, body.ToEquatableArray(), step.ToEquatableArray(), TestFirst: true));
    }

    /// <summary><c>foreach (Vec3 p in points)</c>: an indexed loop whose body starts by declaring p's leaves from the element.</summary>
    private void AddForEachComposite(IForEachLoopOperation forEach, CompositeArrayValue collection, ILocalSymbol element, List<Stmt> into)
    {
        string index = FreshName(element.Name + "Index");
        var indexExpr = new VariableExpr(ScalarType.Int, index, index);
        into.Add(new DeclareStmt("int " + index + " = 0", index, ScalarType.Int, Literals.Make(Model.Constant.Integer(0), "0")));
        string source = element.Name + " = " + SourceFormatting.OneLine(forEach.Collection.Syntax) + "[" + index + "]";
        var value = new CompositeValue(collection.Layout, collection.Element(indexExpr, source));
        var body = new List<Stmt>();
        DeclareLocal(element, value, body, source);
        body.AddRange(Nested(forEach.Body));
        var one = Literals.Make(Model.Constant.Integer(1), "1");
        var step = new Stmt[] { new AssignStmt(index + "++", index, new BinaryExpr(ScalarType.Int, index + " + 1", BinaryOperator.Add, indexExpr, one)) };
        Expr length = collection.Length(SourceFormatting.OneLine(forEach.Collection.Syntax) + ".Length");
        var condition = new BinaryExpr(ScalarType.Bool, index + " < " + length.Source, BinaryOperator.Less, indexExpr, length);
        into.Add(new LoopStmt(LoopHeader(forEach), condition, body.ToEquatableArray(), step.ToEquatableArray(), TestFirst: true));
    }

    private Expr ConvertElement(ElementExpr element, ScalarType type) => element.Type == type ? element : new CastExpr(type, element.Source, element);

    private string FreshName(string candidate)
    {
        if (_names is null)
        {
            _names = new HashSet<string>(_method.Parameters.Select(p => p.Name));
            foreach (SyntaxReference reference in _method.DeclaringSyntaxReferences)
            {
                foreach (SyntaxToken token in reference.GetSyntax(_cancellationToken).DescendantTokens())
                {
                    if (token.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken))
                    {
                        _names.Add(token.ValueText);
                    }
                }
            }
        }

        string name = candidate;
        for (int i = 1; !_names.Add(name); i++)
        {
            name = candidate + i.ToString(CultureInfo.InvariantCulture);
        }

        return name;
    }

    /// <summary><c>new double[n]</c> or <c>stackalloc double[n]</c>, declared once at the top level.</summary>
    private void AddArrayDeclaration(
        IVariableDeclaratorOperation declarator, ILocalSymbol local, ScalarType element, IVariableInitializerOperation? initializer, string source, List<Stmt> into)
    {
        SyntaxNode? value = (declarator.Syntax as VariableDeclaratorSyntax)?.Initializer?.Value;
        Expr? length = null;
        if (initializer?.Value is IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: null } creation)
        {
            length = Convert(creation.DimensionSizes[0]);
        }
        else if (value is StackAllocArrayCreationExpressionSyntax { Initializer: null, Type: ArrayTypeSyntax { RankSpecifiers: [{ Sizes: [{ } size] }] } }
            && _semanticModel.GetOperation(size, _cancellationToken) is { } sizeOperation)
        {
            length = Convert(sizeOperation);
        }

        if (length is null || local.IsRef)
        {
            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedVectorUse,
                LocationInfo.From(declarator.Syntax),
                $"The vector local '{local.Name}'",
                "declare local arrays as 'new double[n]' or 'stackalloc double[n]' (zeroed) and fill them with a loop"));
            return;
        }

        _vectorIsInput[local.Name] = false;
        if (_nesting > 0)
        {
            Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ArrayNotAtTopLevel, LocationInfo.From(declarator.Syntax), local.Name));
            return;
        }

        into.Add(new ArrayDeclStmt(source, local.Name, element, length));
    }

    private bool IsElement(IOperation target) => target switch
    {
        IArrayElementReferenceOperation => true,
        IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance } => VectorName(instance) is not null,
        IImplicitIndexerReferenceOperation => true,
        _ => false,
    };

    /// <summary>The array and index of an element that is written; reports writes to input vectors.</summary>
    private (string Array, Expr Index)? StoreTarget(IOperation target)
    {
        if (ElementOf(target) is not ElementExpr element)
        {
            return null;
        }

        if (_vectorIsInput.TryGetValue(element.Array, out bool input) && input)
        {
            Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InputVectorWritten, LocationInfo.From(target.Syntax), element.Array, _method.Name));
            return null;
        }

        return (element.Array, element.Index);
    }

    /// <summary>An element read of a vector parameter or local array, or null (with a diagnostic) for anything else.</summary>
    private Expr? ElementOf(IOperation operation)
    {
        (IOperation? instance, IOperation? index) = operation switch
        {
            IArrayElementReferenceOperation { Indices.Length: 1 } array => (array.ArrayReference, array.Indices[0]),
            IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer => (indexer.Instance, indexer.Arguments[0].Value),
            IImplicitIndexerReferenceOperation implicitIndexer => (implicitIndexer.Instance, implicitIndexer.Argument),
            _ => (null, null),
        };
        string? name = instance is null ? null : VectorName(instance);
        if (name is null || index is null || operation.Type is null || MethodParser.SignatureType(operation.Type) is not { } type)
        {
            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedVectorUse,
                LocationInfo.From(operation.Syntax),
                "The element access '" + SourceFormatting.OneLine(operation.Syntax) + "'",
                "index a vector parameter or a local array with one int index (ranges, slices and nested arrays are not supported)"));
            return null;
        }

        string source = SourceFormatting.OneLine(operation.Syntax);
        Expr indexExpr;
        if (index is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } fromEnd)
        {
            // w[^k] is w[w.Length - k].
            indexExpr = new BinaryExpr(
                ScalarType.Int, source, BinaryOperator.Subtract, new LengthExpr(ScalarType.Int, name + ".Length", name), Convert(fromEnd.Operand));
        }
        else if (index.Type?.SpecialType == SpecialType.System_Int32)
        {
            indexExpr = Convert(index);
        }
        else
        {
            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedVectorUse,
                LocationInfo.From(index.Syntax),
                "The index '" + SourceFormatting.OneLine(index.Syntax) + "'",
                "use an int index or ^k"));
            return null;
        }

        return new ElementExpr(type, source, name, indexExpr);
    }

    /// <summary>The name of a vector parameter or local array that <paramref name="operation"/> refers to.</summary>
    private string? VectorName(IOperation operation)
    {
        // double[] → ReadOnlySpan<double> and Span → ReadOnlySpan are conversions of the same vector.
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        string? name = TargetName(operation);
        return name is not null && _vectorIsInput.ContainsKey(name) ? name : null;
    }

    private Expr ConvertTo(IOperation operation, ScalarType type)
    {
        Expr value = Convert(operation);
        return value.Type == type ? value : new CastExpr(type, value.Source, value);
    }
}
