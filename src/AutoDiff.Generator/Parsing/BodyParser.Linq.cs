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
/// LINQ over vectors of reals, lowered to the loops it means: <c>Sum</c>, <c>Average</c>, <c>Min</c>, <c>Max</c>,
/// <c>Count</c> and <c>Aggregate</c> (with a seed) of arrays, spans' copies, parts of them and
/// <c>Enumerable.Range</c>, through <c>Select</c>, <c>Where</c>, <c>Zip</c>, <c>Skip</c>, <c>Take</c> and
/// <c>Reverse</c>, and <c>ToArray</c> into a local array. Selectors are inlined with their parameters bound to the
/// element, so nothing is allocated and the loop is differentiated like any other. Values follow .NET's: a
/// float sum adds in double; Min and Max of nothing, and Average of nothing, throw; Max skips NaNs and Min returns one.
/// </summary>
internal sealed partial class BodyParser
{
    private const string EnumerableType = "System.Linq.Enumerable";

    /// <summary>Elements by index from a source (<see cref="Element"/>), then <c>Select</c> and <c>Where</c> steps in order.</summary>
    private sealed class Sequence
    {
        public Sequence(ScalarType sourceType, Expr count, Func<Expr, Expr> element)
        {
            SourceType = sourceType;
            Count = count;
            Element = element;
        }

        /// <summary>The type of the source's elements.</summary>
        public ScalarType SourceType { get; }

        /// <summary>How many elements the source has (evaluated once, before the loop).</summary>
        public Expr Count { get; }

        /// <summary>The source's element at an index; it may add statements to the prelude (a Zip's selector).</summary>
        public Func<Expr, Expr> Element { get; }

        public List<(IAnonymousFunctionOperation Lambda, bool Filter)> Steps { get; } = new();

        public bool Filtered => Steps.Any(s => s.Filter);
    }

    private static bool IsEnumerable(IMethodSymbol method) => method.IsStatic && method.ContainingType.ToDisplayString() == EnumerableType;

    /// <summary>A LINQ reduction as a loop; null when the call is not LINQ.</summary>
    private Expr? ConvertLinq(IInvocationOperation invocation, ScalarType type, string source)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (!IsEnumerable(method))
        {
            return null;
        }

        int count = invocation.Arguments.Length;
        bool known = method.Name switch
        {
            "Sum" or "Average" or "Min" or "Max" => count is 1 or 2,
            "Count" => count is 1 or 2,
            "Aggregate" => count is 3 or 4,
            _ => false,
        };
        if (!known)
        {
            UnsupportedLinq(invocation);
            return Placeholder(source);
        }

        if (SequenceOf(Argument(invocation, 0)) is not { } sequence)
        {
            return Placeholder(source);
        }

        if (method.Name != "Aggregate" && count == 2)
        {
            if (LambdaOf(Argument(invocation, 1)) is not { } selector)
            {
                return Placeholder(source);
            }

            sequence.Steps.Add((selector, method.Name == "Count"));
        }

        ScalarType element = ElementTypeAfterSteps(sequence);
        if (method.Name is "Sum" or "Average" or "Min" or "Max" && !element.IsReal())
        {
            Unsupported(
                invocation,
                $"'{method.Name}' of {element.Keyword()} values",
                $"LINQ is lowered for sequences of double or float; write the {element.Keyword()} {method.Name.ToLowerInvariant()} as a for loop");
            return Placeholder(source);
        }

        return method.Name switch
        {
            "Sum" or "Average" => SumLoop(sequence, element, type, average: method.Name == "Average", source),
            "Min" or "Max" => ExtremeLoop(sequence, element, max: method.Name == "Max", source),
            "Count" => CountLoop(sequence, source),
            _ => AggregateLoop(invocation, sequence, type, source),
        };
    }

    private void UnsupportedLinq(IInvocationOperation invocation) => Unsupported(
        invocation,
        $"The LINQ method '{invocation.TargetMethod.Name}'",
        "AutoDiff lowers Sum, Average, Min, Max, Count and Aggregate (with a seed) of arrays, spans, parts of them and Enumerable.Range, through Select, Where, Zip, Skip, Take and Reverse; write anything else as a for loop");

    /// <summary>The element type after the <c>Select</c> steps.</summary>
    private ScalarType ElementTypeAfterSteps(Sequence sequence)
    {
        ScalarType type = sequence.SourceType;
        foreach ((IAnonymousFunctionOperation lambda, bool filter) in sequence.Steps)
        {
            if (!filter && lambda.Symbol.ReturnType is { } returned && MethodParser.SignatureType(returned) is { } mapped)
            {
                type = mapped;
            }
        }

        return type;
    }

    /// <summary>A sequence LINQ can enumerate here, or null (with a diagnostic).</summary>
    private Sequence? SequenceOf(IOperation operation)
    {
        IOperation value = WithoutConversions(operation);
        if (ViewOf(value) is { } view)
        {
            View fixedView = Materialize(view, "source", SourceFormatting.OneLine(value.Syntax));
            ScalarType type = _vectorElementTypes.TryGetValue(view.Name, out ScalarType known) ? known : ScalarType.Double;
            return new Sequence(type, ViewLength(fixedView), index =>
            {
                Expr at = ViewIndex(fixedView, index);
                return new ElementExpr(type, fixedView.Name + "[" + ExprText(at) + "]", fixedView.Name, at);
            });
        }

        if (StaticArray(value) is ExternalValueExpr table)
        {
            // A fixed table of data: elements read, never differentiated.
            return new Sequence(table.Type, new MemberExpr(ScalarType.Int, table, "Length"), index => new IndexExpr(table.Type, table, index));
        }

        if (value is not IInvocationOperation { TargetMethod: { } method } invocation || !IsEnumerable(method))
        {
            Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedVectorUse,
                LocationInfo.From(value.Syntax),
                $"The sequence '{SourceFormatting.OneLine(value.Syntax)}'",
                "LINQ is lowered over a vector parameter, a local array, a part of one (x.Skip(k), x[a..b]) or Enumerable.Range"));
            return null;
        }

        string text = SourceFormatting.OneLine(value.Syntax);
        switch (method.Name)
        {
            case "Range" when invocation.Arguments.Length == 2:
                {
                    Expr start = Fixed(Convert(Argument(invocation, 0)), "rangeStart", text);
                    Expr count = Fixed(Convert(Argument(invocation, 1)), "rangeCount", text);
                    _prelude.Add(Guard(
                        "if (" + text + " has a negative count) throw",
                        new BinaryExpr(ScalarType.Bool, string.Empty, BinaryOperator.Less, count, Literals.Make(Constant.Integer(0))),
                        "global::System.ArgumentOutOfRangeException",
                        new StringExpr("count")));
                    return new Sequence(ScalarType.Int, count, index => Int(BinaryOperator.Add, start, index));
                }

            case "Select" or "Where" when invocation.Arguments.Length == 2:
                {
                    if (SequenceOf(Argument(invocation, 0)) is not { } inner || LambdaOf(Argument(invocation, 1)) is not { } lambda)
                    {
                        return null;
                    }

                    if (lambda.Symbol.Parameters.Length == 2 && inner.Filtered)
                    {
                        Unsupported(invocation, $"An indexed '{method.Name}' after a Where", "the index counts the elements the Where let through; write the loop out");
                        return null;
                    }

                    inner.Steps.Add((lambda, method.Name == "Where"));
                    return inner;
                }

            case "Zip" when invocation.Arguments.Length == 3:
                {
                    if (SequenceOf(Argument(invocation, 0)) is not { } first || SequenceOf(Argument(invocation, 1)) is not { } second
                        || LambdaOf(Argument(invocation, 2)) is not { } selector)
                    {
                        return null;
                    }

                    if (first.Filtered || second.Filtered)
                    {
                        Unsupported(invocation, "A Zip of a filtered sequence", "zip the vectors first and filter after: a.Zip(b, f).Where(...)");
                        return null;
                    }

                    Expr count = Fixed(MinInt(first.Count, second.Count), "zipCount", text);
                    ScalarType type = selector.Symbol.ReturnType is { } returned && MethodParser.SignatureType(returned) is { } mapped ? mapped : ScalarType.Double;
                    return new Sequence(type, count, index => InlineLambda(selector, Indexed(first, index), Indexed(second, index)));
                }

            case "Skip" or "Take" or "Reverse" when invocation.Arguments.Length == (method.Name == "Reverse" ? 1 : 2):
                {
                    if (SequenceOf(Argument(invocation, 0)) is not { } inner)
                    {
                        return null;
                    }

                    if (inner.Steps.Count > 0)
                    {
                        Unsupported(invocation, $"'{method.Name}' after Select or Where", $"call {method.Name} on the vector first: x.{method.Name}(...).Select(...)");
                        return null;
                    }

                    if (method.Name == "Reverse")
                    {
                        Expr last = Int(BinaryOperator.Subtract, inner.Count, Literals.Make(Constant.Integer(1)));
                        return new Sequence(inner.SourceType, inner.Count, index => inner.Element(Int(BinaryOperator.Subtract, last, index)));
                    }

                    // Skip and Take clamp their count to what there is, and never throw.
                    Expr k = MaxInt(Convert(Argument(invocation, 1)), Literals.Make(Constant.Integer(0)));
                    Expr taken = Fixed(MinInt(k, inner.Count), method.Name == "Skip" ? "skipped" : "taken", text);
                    return method.Name == "Skip"
                        ? new Sequence(inner.SourceType, Int(BinaryOperator.Subtract, inner.Count, taken), index => inner.Element(Int(BinaryOperator.Add, taken, index)))
                        : new Sequence(inner.SourceType, taken, inner.Element);
                }

            case "ToArray" or "ToList" or "AsEnumerable" when invocation.Arguments.Length == 1:
                return SequenceOf(Argument(invocation, 0));

            default:
                UnsupportedLinq(invocation);
                return null;
        }
    }

    private static Expr MinInt(Expr a, Expr b) => new OpaqueCallExpr(ScalarType.Int, string.Empty, "global::System.Math.Min", new EquatableArray<Expr>(new[] { a, b }));

    private static Expr MaxInt(Expr a, Expr b) => new OpaqueCallExpr(ScalarType.Int, string.Empty, "global::System.Math.Max", new EquatableArray<Expr>(new[] { a, b }));

    /// <summary>A lambda argument; null (with AD0005) for a method group or a delegate variable.</summary>
    private IAnonymousFunctionOperation? LambdaOf(IOperation argument)
    {
        if (WithoutConversions(argument) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })
        {
            return lambda;
        }

        Unsupported(argument, $"The delegate '{SourceFormatting.OneLine(argument.Syntax)}'", "write the selector as a lambda in place: x => F(x)");
        return null;
    }

    /// <summary>The lambda's value with its parameters bound to <paramref name="arguments"/> (its statements go to the prelude).</summary>
    private Expr InlineLambda(IAnonymousFunctionOperation lambda, params Expr[] arguments)
    {
        var parameters = lambda.Symbol.Parameters;
        for (int i = 0; i < parameters.Length && i < arguments.Length; i++)
        {
            // An element becomes a local named as the lambda names it: `double x = w[i];`.
            Expr argument = arguments[i];
            if (argument is not (VariableExpr or LiteralExpr))
            {
                string name = LocalName(parameters[i].Name);
                _prelude.Add(new DeclareStmt(argument.Type.Keyword() + " " + name + " = " + argument.Source, name, argument.Type, argument));
                argument = new VariableExpr(argument.Type, name, name);
            }

            _bound[parameters[i]] = argument;
        }

        IReadOnlyList<IOperation> statements = lambda.Body.Operations;
        if (statements.Count == 0 || statements[statements.Count - 1] is not IReturnOperation { ReturnedValue: { } value }
            || statements.Take(statements.Count - 1).Any(ContainsReturn))
        {
            Unsupported(lambda, "This lambda", "a selector returns one value at its end; write it as an expression, or with locals before one return");
            return Placeholder(SourceFormatting.OneLine(lambda.Syntax));
        }

        foreach (ILocalSymbol local in lambda.Body.Descendants().OfType<IVariableDeclaratorOperation>().Select(d => d.Symbol))
        {
            _renamed[local] = LocalName(local.Name);
        }

        foreach (IOperation statement in statements.Take(statements.Count - 1))
        {
            AddStatement(statement, _prelude);
        }

        return Convert(value);
    }

    /// <summary>An element of a sequence without filters, with its Select steps applied.</summary>
    private Expr Indexed(Sequence sequence, Expr index)
    {
        Expr current = sequence.Element(index);
        foreach ((IAnonymousFunctionOperation lambda, _) in sequence.Steps)
        {
            current = InlineLambda(lambda, current, index);
        }

        return current;
    }

    /// <summary>
    /// <c>for (int i = 0; i &lt; count; i++) { element; steps; consume }</c> with the sequence's count evaluated
    /// once before it; Where steps wrap what follows them in an if.
    /// </summary>
    private void EnumerateInto(Sequence sequence, string source, Action<Expr, Expr, List<Stmt>> consume)
    {
        Expr count = Fixed(sequence.Count, "count", source);
        string i = LocalName("i");
        var index = new VariableExpr(ScalarType.Int, i, i);
        var body = new List<Stmt>();
        Capture(
            () =>
            {
                _nesting++;
                Steps(sequence, 0, sequence.Element(index), index, body, consume);
                _nesting--;
                return 0;
            },
            body);
        var one = Literals.Make(Constant.Integer(1), "1");
        _prelude.Add(new DeclareStmt("int " + i + " = 0", i, ScalarType.Int, Literals.Make(Constant.Integer(0), "0")));
        _prelude.Add(new LoopStmt(
            "for (int " + i + " = 0; " + i + " < " + ExprText(count) + "; " + i + "++)",
            new BinaryExpr(ScalarType.Bool, i + " < ...", BinaryOperator.Less, index, count),
            body.ToEquatableArray(),
            One(new AssignStmt(i + "++", i, new BinaryExpr(ScalarType.Int, string.Empty, BinaryOperator.Add, index, one))),
            TestFirst: true));
    }

    private void Steps(Sequence sequence, int step, Expr current, Expr index, List<Stmt> into, Action<Expr, Expr, List<Stmt>> consume)
    {
        if (step == sequence.Steps.Count)
        {
            consume(current, index, into);
            return;
        }

        (IAnonymousFunctionOperation lambda, bool filter) = sequence.Steps[step];
        if (!filter)
        {
            Expr mapped = Capture(() => InlineLambda(lambda, current, index), into);
            Steps(sequence, step + 1, mapped, index, into, consume);
            return;
        }

        if (current is not (VariableExpr or LiteralExpr))
        {
            // The element the filter tests is the one that goes on: compute it once.
            string name = LocalName(lambda.Symbol.Parameters[0].Name);
            into.Add(new DeclareStmt(current.Type.Keyword() + " " + name + " = " + current.Source, name, current.Type, current));
            current = new VariableExpr(current.Type, name, name);
        }

        Expr condition = Capture(() => InlineLambda(lambda, current, index), into);
        var then = new List<Stmt>();
        Steps(sequence, step + 1, current, index, then, consume);
        into.Add(new IfStmt("if (" + SourceFormatting.OneLine(lambda.Syntax) + ")", condition, then.ToEquatableArray(), EquatableArray<Stmt>.Empty));
    }

    /// <summary>Sum (added in double for float elements, as .NET does) or Average (which throws when there is nothing).</summary>
    private Expr SumLoop(Sequence sequence, ScalarType element, ScalarType type, bool average, string source)
    {
        string sum = LocalName(average ? "total" : "sum");
        var accumulator = new VariableExpr(ScalarType.Double, sum, sum);
        _prelude.Add(new DeclareStmt(source, sum, ScalarType.Double, Literals.Make(Constant.Real(0), "0")));
        VariableExpr? counted = null;
        if (average && sequence.Filtered)
        {
            string name = LocalName("counted");
            counted = new VariableExpr(ScalarType.Int, name, name);
            _prelude.Add(new DeclareStmt("int " + name + " = 0", name, ScalarType.Int, Literals.Make(Constant.Integer(0), "0")));
        }

        Expr? count = null;
        EnumerateInto(sequence, source, (value, _, into) =>
        {
            Expr added = value.Type == ScalarType.Double ? value : new CastExpr(ScalarType.Double, value.Source, value);
            into.Add(new AssignStmt(sum + " += " + value.Source, sum, new BinaryExpr(ScalarType.Double, string.Empty, BinaryOperator.Add, accumulator, added)));
            if (counted is not null)
            {
                into.Add(Increment(counted));
            }
        });
        if (!average)
        {
            return element == ScalarType.Double ? accumulator : new CastExpr(element, source, accumulator);
        }

        count = counted ?? Fixed(sequence.Count, "count", source);
        _prelude.Add(NoElements(source, new BinaryExpr(ScalarType.Bool, string.Empty, BinaryOperator.Equal, count, Literals.Make(Constant.Integer(0)))));
        Expr mean = new BinaryExpr(ScalarType.Double, source, BinaryOperator.Divide, accumulator, new CastExpr(ScalarType.Double, string.Empty, count));
        return type == ScalarType.Double ? mean : new CastExpr(type, source, mean);
    }

    /// <summary>
    /// Max or Min: the first element taking part, then each one that beats the best so far. The adjoint goes to
    /// the element chosen (the first of equal ones); NaN behaves as in .NET (Max skips it, Min returns it).
    /// </summary>
    private Expr ExtremeLoop(Sequence sequence, ScalarType element, bool max, string source)
    {
        string best = LocalName(max ? "max" : "min");
        var accumulator = new VariableExpr(element, best, best);
        _prelude.Add(new DeclareStmt(source, best, element, Literals.Make(Constant.Real(0, element), "0")));
        string seen = LocalName("any");
        var any = new VariableExpr(ScalarType.Bool, seen, seen);
        _prelude.Add(new DeclareStmt("bool " + seen + " = false", seen, ScalarType.Bool, Literals.Make(Constant.Boolean(false), "false")));
        string isNaN = element == ScalarType.Float ? "float.IsNaN" : "double.IsNaN";
        EnumerateInto(sequence, source, (value, _, into) =>
        {
            Expr first = new UnaryExpr(ScalarType.Bool, "!" + seen, UnaryOperator.Not, any);
            Expr beats = new BinaryExpr(ScalarType.Bool, string.Empty, max ? BinaryOperator.Greater : BinaryOperator.Less, value, accumulator);
            Expr nan = new OpaqueCallExpr(ScalarType.Bool, string.Empty, isNaN, new EquatableArray<Expr>(new[] { max ? (Expr)accumulator : value }));
            Expr takes = new BinaryExpr(ScalarType.Bool, string.Empty, BinaryOperator.ConditionalOr, new BinaryExpr(ScalarType.Bool, string.Empty, BinaryOperator.ConditionalOr, first, beats), nan);
            var then = new Stmt[] { new AssignStmt(best + " = " + value.Source, best, value) };
            into.Add(new IfStmt("if (" + value.Source + " is the " + (max ? "largest" : "smallest") + " so far)", takes, then.ToEquatableArray(), EquatableArray<Stmt>.Empty));
            into.Add(new AssignStmt(seen + " = true", seen, Literals.Make(Constant.Boolean(true), "true")));
        });
        _prelude.Add(NoElements(source, new UnaryExpr(ScalarType.Bool, "!" + seen, UnaryOperator.Not, any)));
        return new VariableExpr(element, source, best);
    }

    private Expr CountLoop(Sequence sequence, string source)
    {
        if (!sequence.Filtered)
        {
            return sequence.Count;
        }

        string name = LocalName("count");
        var counted = new VariableExpr(ScalarType.Int, name, name);
        _prelude.Add(new DeclareStmt(source, name, ScalarType.Int, Literals.Make(Constant.Integer(0), "0")));
        EnumerateInto(sequence, source, (_, _, into) => into.Add(Increment(counted)));
        return new VariableExpr(ScalarType.Int, source, name);
    }

    /// <summary><c>Aggregate(seed, (acc, x) =&gt; ...)</c>, and its result selector.</summary>
    private Expr AggregateLoop(IInvocationOperation invocation, Sequence sequence, ScalarType type, string source)
    {
        if (LambdaOf(Argument(invocation, 2)) is not { } func || (invocation.Arguments.Length == 4 && LambdaOf(Argument(invocation, 3)) is null))
        {
            return Placeholder(source);
        }

        ScalarType accumulatorType = func.Symbol.ReturnType is { } returned && MethodParser.SignatureType(returned) is { } t ? t : type;
        string name = LocalName(func.Symbol.Parameters[0].Name);
        var accumulator = new VariableExpr(accumulatorType, name, name);
        Expr seed = ConvertTo(Argument(invocation, 1), accumulatorType);
        _prelude.Add(new DeclareStmt(source, name, accumulatorType, seed));
        EnumerateInto(sequence, source, (value, _, into) =>
        {
            Expr next = Capture(() => InlineLambda(func, accumulator, value), into);
            into.Add(new AssignStmt(name + " = " + SourceFormatting.OneLine(func.Syntax), name, next));
        });
        if (invocation.Arguments.Length == 4)
        {
            return InlineLambda(LambdaOf(Argument(invocation, 3))!, accumulator);
        }

        return accumulator;
    }

    private static Stmt Increment(VariableExpr counter) =>
        new AssignStmt(counter.Name + "++", counter.Name, new BinaryExpr(ScalarType.Int, string.Empty, BinaryOperator.Add, counter, Literals.Make(Constant.Integer(1))));

    /// <summary>What .NET throws for Min, Max and Average of an empty sequence.</summary>
    private static Stmt NoElements(string source, Expr condition) =>
        Guard("if (" + source + " has no elements) throw", condition, "global::System.InvalidOperationException", new StringExpr("Sequence contains no elements"));

    /// <summary><c>xs.Select(f).ToArray()</c> into a local array: its length, and the loop that fills it.</summary>
    private Created LinqToArray(IOperation sequenceOperation, string source)
    {
        var none = new Created(Literals.Make(Constant.Integer(0), "0"), null);
        if (SequenceOf(sequenceOperation) is not { } sequence)
        {
            return none;
        }

        if (sequence.Filtered)
        {
            Unsupported(sequenceOperation, "A ToArray of a filtered sequence", "its length is known only after the loop; count the elements first and fill a new double[count] in a loop");
            return none;
        }

        Expr count = Fixed(sequence.Count, "count", source);
        return new Created(count, (name, into) => Capture(
            () =>
            {
                EnumerateInto(sequence, source, (value, index, body) =>
                    body.Add(new StoreStmt(name + "[i] = " + value.Source, name, index, value)));
                return 0;
            },
            into));
    }
}
