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

    /// <summary>Whether a <c>continue</c> in the loop's body goes to this loop's condition.</summary>
    private static bool Continues(ILoopOperation loop) => loop.Body.DescendantsAndSelf().Any(o =>
        o is IBranchOperation { BranchKind: BranchKind.Continue } b && SymbolEqualityComparer.Default.Equals(b.Target, loop.ContinueLabel));

    /// <summary>
    /// A loop's condition, which runs before every iteration. When it needs statements of its own (a LINQ call, an
    /// inlined local function, a switch or throw expression), <paramref name="into"/> lets them go into the body:
    /// the loop's condition becomes <c>true</c> and the list gets them and <c>if (!condition) break;</c>. A
    /// <c>for</c> or <c>while</c> loop puts the list at the top of its body, which is what runs before each
    /// iteration (a <c>continue</c> goes to the step, then to the top of the body); a <c>do</c> loop puts it at the
    /// bottom. <paramref name="into"/> is null for a <c>do</c> loop whose body continues, which would skip them:
    /// there they are rejected.
    /// </summary>
    private Expr LoopCondition(IOperation condition, List<Stmt>? into = null)
    {
        var prelude = new List<Stmt>();
        _nesting++;
        // Struct values the condition computes stay in it (no sink): the prelude is what runs before each test.
        Expr value = WithoutSink(() => Capture(condition, prelude));
        _nesting--;
        if (prelude.Count > 0 && into is not null)
        {
            string source = SourceFormatting.OneLine(condition.Syntax);
            into.AddRange(prelude);
            into.Add(new IfStmt(
                "if (!(" + source + ")) break;",
                new UnaryExpr(ScalarType.Bool, "!(" + source + ")", UnaryOperator.Not, value),
                One(new BreakStmt("break;")),
                EquatableArray<Stmt>.Empty));
            return Literals.Make(Constant.Boolean(true), "true");
        }

        if (prelude.Count > 0)
        {
            Unsupported(
                condition,
                $"The loop condition '{SourceFormatting.OneLine(condition.Syntax)}'",
                "the condition of a do loop whose body has a continue cannot need statements of its own (a LINQ call, an inlined local function, a switch or throw expression); compute it into a bool local at the end of the body (before each continue too), or use a while loop");
        }

        return value;
    }

    /// <summary>A loop body after the statements its condition needs (<see cref="LoopCondition"/>).</summary>
    private EquatableArray<Stmt> Nested(List<Stmt> atTop, params IOperation[] operations)
    {
        EquatableArray<Stmt> body = Nested(operations);
        return atTop.Count == 0 ? body : atTop.Concat(body).ToEquatableArray();
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

        View? view = ViewOf(forEach.Collection);
        if (view is null || forEach.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: { } variable }
            || MethodParser.SignatureType(variable.Type) is not { } type)
        {
            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedVectorUse,
                LocationInfo.From(forEach.Collection.Syntax),
                "A foreach over '" + SourceFormatting.OneLine(forEach.Collection.Syntax) + "'",
                "foreach works over a vector parameter, a local array or a part of one (x[1..^1], x.Slice(k, n)); for other collections use an indexed loop"));
            return;
        }

        // The collection is evaluated once, before the loop.
        view = Materialize(view, variable.Name + "s", SourceFormatting.OneLine(forEach.Collection.Syntax));
        string collection = view.Name;
        string name = NameOf(variable);
        string index = FreshName(name + "Index");
        var indexExpr = new VariableExpr(ScalarType.Int, index, index);
        into.Add(new DeclareStmt("int " + index + " = 0", index, ScalarType.Int, Literals.Make(Model.Constant.Integer(0), "0")));
        var body = new List<Stmt>
        {
            new DeclareStmt(name + " = " + collection + "[" + index + "]", name, type, ConvertElement(new ElementExpr(type, collection + "[" + index + "]", collection, ViewIndex(view, indexExpr)), type)),
        };
        body.AddRange(Nested(forEach.Body));
        var one = Literals.Make(Model.Constant.Integer(1), "1");
        var step = new Stmt[] { new AssignStmt(index + "++", index, new BinaryExpr(ScalarType.Int, index + " + 1", BinaryOperator.Add, indexExpr, one)) };
        var condition = new BinaryExpr(ScalarType.Bool, index + " < " + collection + ".Length", BinaryOperator.Less, indexExpr, ViewLength(view));
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

    private bool IsElement(IOperation target) => target switch
    {
        IArrayElementReferenceOperation => true,
        IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance } => ViewOf(instance) is not null,
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
        View? view = instance is null ? null : ViewOf(instance);
        if (view is null || index is null || operation.Type is null || MethodParser.SignatureType(operation.Type) is not { } type)
        {
            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedVectorUse,
                LocationInfo.From(operation.Syntax),
                "The element access '" + SourceFormatting.OneLine(operation.Syntax) + "'",
                "index a vector parameter, a local array or a part of one with one int index (2-D and jagged arrays are not supported here)"));
            return null;
        }

        string name = view.Name;
        string source = SourceFormatting.OneLine(operation.Syntax);
        Expr indexExpr;
        if (index is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } fromEnd)
        {
            // w[^k] is w[w.Length - k].
            indexExpr = new BinaryExpr(ScalarType.Int, source, BinaryOperator.Subtract, ViewLength(view), Convert(fromEnd.Operand));
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

        return new ElementExpr(type, source, name, ViewIndex(view, indexExpr));
    }

    /// <summary>The name of the vector parameter or local array that <paramref name="operation"/> denotes whole (an alias of one included).</summary>
    private string? VectorName(IOperation operation) => ViewOf(operation) is { Whole: true } view ? view.Name : null;

    private Expr ConvertTo(IOperation operation, ScalarType type)
    {
        Expr value = Convert(operation);
        return value.Type == type ? value : new CastExpr(type, value.Source, value);
    }
}
