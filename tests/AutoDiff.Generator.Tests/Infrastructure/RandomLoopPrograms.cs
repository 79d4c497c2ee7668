using System.Globalization;
using System.Text;

namespace AutoDiff.Generator.Tests.Infrastructure;

/// <summary>
/// Writes random [Differentiable] methods with loops from a seed: vector parameters
/// (<c>ReadOnlySpan&lt;double&gt;</c>, <c>double[]</c>, <c>[NoDerivative]</c> data) and scalars; for, reversed
/// for, while, do and foreach loops nested up to depth 2; loop-carried scalars updated with <c>=</c>,
/// <c>+=</c>, <c>*=</c>; reads <c>w[i]</c>, <c>w[^1]</c>, <c>w[(i + k) % w.Length]</c>; top-level local arrays
/// (<c>new double[n]</c>, <c>stackalloc</c>) overwritten and read inside loops; ifs, <c>break</c>,
/// <c>continue</c> and <c>return</c> under data-dependent conditions; calls to random scalar and vector
/// helpers; and <c>SpanMath</c> reductions. Issue 15's everyday helpers too: LINQ over arrays (<c>Sum</c>,
/// <c>Average</c>, <c>Max</c>, <c>Min</c>, selectors, <c>Select</c>/<c>Zip</c> then <c>Sum</c>, <c>Aggregate</c>),
/// slices and ranges passed to <c>SpanMath</c> and to the vector helper, span locals over new arrays, copies
/// (<c>ToArray</c>, <c>CopyTo</c>, <c>Array.Copy</c>), <c>Fill</c>/<c>Clear</c>, guards (<c>throw</c>
/// statements and expressions, <c>ThrowIf*</c>, <c>Debug.Assert</c>) and choices next to infinite slopes
/// (<c>Math.Sqrt(Math.Max(u, 0))</c> where the choice takes the constant, so the square root's slope is ∞).
/// </summary>
/// <remarks>
/// Every vector's length is fixed when the method is written (1 to 6, passed to the checker with
/// <c>[SampleLength]</c>), so each index is provably in range. Values stay bounded: assignments inside
/// loops go through squashing functions (Tanh, Sin, x / (1 + x²), ...) and <c>*=</c> factors are at most 1 in
/// magnitude, so the results are finite and central differences stay accurate. The code is written to
/// compile without warnings: every local is initialised, names are unique, and jumps sit under conditions.
/// </remarks>
internal sealed class RandomLoopPrograms
{
    /// <summary>Which constructs the generator writes; switch one off to isolate a failure.</summary>
    public sealed record Features
    {
        public bool While { get; init; } = true;
        public bool DoWhile { get; init; } = true;
        public bool Foreach { get; init; } = true;
        public bool ReversedFor { get; init; } = true;
        public bool NestedLoops { get; init; } = true;
        public bool Break { get; init; } = true;
        public bool Continue { get; init; } = true;
        public bool ReturnInLoop { get; init; } = true;
        public bool IfInLoop { get; init; } = true;
        public bool LocalArrays { get; init; } = true;
        public bool Stackalloc { get; init; } = true;
        public bool SpanMath { get; init; } = true;
        public bool ScalarCalls { get; init; } = true;
        public bool VectorCalls { get; init; } = true;
        public bool Conditional { get; init; } = true;
        public bool AssignParameters { get; init; } = true;
        public bool FromEnd { get; init; } = true;
        public bool MultiplyAssign { get; init; } = true;

        /// <summary>LINQ over arrays of reals, as expressions.</summary>
        public bool Linq { get; init; } = true;

        /// <summary>Slices and ranges as arguments, span locals over new arrays, copies, Fill and Clear.</summary>
        public bool SpanHelpers { get; init; } = true;

        /// <summary>Guards: throw statements and expressions, ThrowIf helpers, Debug.Assert; none ever fires.</summary>
        public bool Guards { get; init; } = true;

        /// <summary>Choices (Max, Min, Clamp, ?:) whose branch not taken has an infinite or NaN slope.</summary>
        public bool InfiniteSlopeChoices { get; init; } = true;

        /// <summary>
        /// SpanMath and vector-helper calls whose value is inactive: in conditions, or over <c>[NoDerivative]</c>
        /// data only. Off in <see cref="Default"/>: the generator fails with AD0007 "Unknown expression CustomCallExpr".
        /// </summary>
        public bool InactiveVectorCalls { get; init; } = true;

        /// <summary>
        /// <c>acc += e</c> where <c>e</c> may be inactive (a literal, data, an index). Off in <see cref="Default"/>:
        /// on a loop-carried variable the forward mode writes <c>dacc = dacc;</c>, warning CS1717 in generated code.
        /// </summary>
        public bool InactiveIncrements { get; init; } = true;

        /// <summary>
        /// A scalar declared before an outer loop and assigned inside an inner loop. Off in <see cref="Default"/>:
        /// the inner loop's copy never flows back to the outer one (wrong FGradient value, or CS0103 in generated
        /// code when the variable is read after the loops).
        /// </summary>
        public bool CarriedThroughNestedLoops { get; init; } = true;

        /// <summary>
        /// Loop-carried scalars nothing reads after the loop. Off in <see cref="Default"/>: an adjoint declared for
        /// such a variable assigned in a branch is never used, warning CS0219 in generated code.
        /// </summary>
        public bool DeadLoopVariables { get; init; } = true;

        /// <summary>
        /// <c>return c ? a : b</c> with an active <c>?:</c> inside a loop. Off in <see cref="Default"/>: the
        /// generated code reads <c>result_1</c> out of its scope (CS0103).
        /// </summary>
        public bool ConditionalReturnInLoop { get; init; } = true;

        /// <summary>
        /// <c>return</c> inside an inner loop. Off in <see cref="Default"/>: the flags the jump normaliser adds are
        /// carried through both loops, which fails like <see cref="CarriedThroughNestedLoops"/> (CS0103 on
        /// <c>result_2</c>, <c>returned_2</c>).
        /// </summary>
        public bool ReturnInNestedLoop { get; init; } = true;

        /// <summary>
        /// One accumulator summed over nested loops (pairs <c>j &gt; i</c>, triples, bounds from the outer index),
        /// some inner loops reading a value of the outer iteration: the loops fused inside fused loops.
        /// </summary>
        public bool AccumulationNests { get; init; } = true;

        /// <summary>Every construct.</summary>
        public static Features All { get; } = new();

        /// <summary>Every construct the generator currently handles: <see cref="All"/> without the known failures above.</summary>
        public static Features Default { get; } = All;
    }

    /// <summary>One random class: helpers first, then the methods under test; each can be compiled alone with the helpers.</summary>
    public sealed record Batch(string ClassName, IReadOnlyList<string> Helpers, IReadOnlyList<(string Name, string Source)> Methods)
    {
        public string Source() => Source(Methods.Select(m => m.Name));

        /// <summary>The class with all helpers and only the named methods.</summary>
        public string Source(IEnumerable<string> methods)
        {
            var names = new HashSet<string>(methods);
            var text = new StringBuilder(GeneratorHarness.Usings).Append("using System.Linq;\n\n")
                .Append("public sealed class SampleLengthAttribute(int length) : Attribute\n{\n    public int Length => length;\n}\n\n")
                .Append("public static partial class ").Append(ClassName).Append("\n{\n");
            foreach (string helper in Helpers)
            {
                text.Append(helper).Append('\n');
            }

            foreach ((string name, string source) in Methods)
            {
                if (names.Contains(name))
                {
                    text.Append(source).Append('\n');
                }
            }

            return text.Append("}\n").ToString();
        }
    }

    private sealed record Vec(string Name, int Length, bool Differentiable, bool Writable, string Declaration, bool IsArray = false);

    private sealed record Idx(string Name, int Max, string? Bound);

    private sealed record Sca(string Name, bool Writable);

    private sealed class Scope
    {
        public List<Sca> Scalars { get; } = new();

        public List<Idx> Indices { get; } = new();

        public bool IsLoop { get; init; }
    }

    private readonly Random _random;
    private readonly Features _features;
    private readonly List<(string Name, int Arity)> _scalarHelpers = new();
    private readonly List<string> _vectorHelpers = new();
    private List<Vec> _vectors = new();
    private List<Scope> _scopes = new();
    private int _names;
    private int _loopDepth;
    private bool _inHelper;
    private int _inCondition;
    private bool _noConditional;

    public RandomLoopPrograms(int seed, Features? features = null)
    {
        _random = new Random(seed);
        _features = features ?? Features.Default;
    }

    public Batch Generate(string className, int methods)
    {
        var helpers = new List<string>();
        int scalarHelpers = _features.ScalarCalls ? _random.Next(1, 3) : 0;
        for (int i = 0; i < scalarHelpers; i++)
        {
            helpers.Add(ScalarHelper("H" + N(i)));
        }

        if (_features.VectorCalls)
        {
            helpers.Add(VectorHelper("V0"));
        }

        var list = new List<(string, string)>();
        for (int i = 0; i < methods; i++)
        {
            string name = "M" + N(i);
            list.Add((name, Method(name)));
        }

        return new Batch(className, helpers, list);
    }

    private static string N(int i) => i.ToString(CultureInfo.InvariantCulture);

    private string Fresh(string prefix) => prefix + N(_names++);

    private void Reset()
    {
        _vectors = new List<Vec>();
        _scopes = new List<Scope> { new() };
        _names = 0;
        _loopDepth = 0;
    }

    // ---------------------------------------------------------------- methods

    private string ScalarHelper(string name)
    {
        Reset();
        _inHelper = true;
        int arity = _random.Next(1, 3);
        string parameters = string.Join(", ", Enumerable.Range(0, arity).Select(i => "double a" + N(i)));
        for (int i = 0; i < arity; i++)
        {
            _scopes[0].Scalars.Add(new Sca("a" + N(i), _features.AssignParameters && _features.InactiveIncrements));
        }

        var body = new StringBuilder();
        if (_random.Next(2) == 0)
        {
            string acc = Fresh("s");
            body.Append($"        double {acc} = {Expr(2)};\n");
            _scopes[0].Scalars.Add(new Sca(acc, true));
            body.Append(Loop("        ", allowNested: false));
        }

        body.Append($"        return {Expr(3)}{LiveLocals()};\n");
        _inHelper = false;
        _scalarHelpers.Add((name, arity));
        return $"    [Differentiable]\n    public static double {name}({parameters})\n    {{\n{body}    }}\n";
    }

    /// <summary>A helper over a vector of unknown length (only loops over its own length and modulo indices).</summary>
    private string VectorHelper(string name)
    {
        Reset();
        _inHelper = true;
        _vectors.Add(new Vec("v", 0, true, false, "ReadOnlySpan<double> v"));
        _scopes[0].Scalars.Add(new Sca("c", _features.AssignParameters));
        string acc = Fresh("s");
        _scopes[0].Scalars.Add(new Sca(acc, true));
        var body = new StringBuilder($"        double {acc} = c;\n");
        body.Append(Loop("        ", allowNested: false));
        body.Append($"        return {Expr(2)}{LiveLocals()};\n");
        _inHelper = false;
        _vectorHelpers.Add(name);
        return $"    [Differentiable]\n    public static double {name}(ReadOnlySpan<double> v, double c)\n    {{\n{body}    }}\n";
    }

    private string Method(string name)
    {
        Reset();
        var parameters = new List<string>();
        int differentiableVectors = _random.Next(1, 3);
        for (int i = 0; i < differentiableVectors; i++)
        {
            int length = _random.Next(1, 7);
            string type = _random.Next(2) == 0 ? "ReadOnlySpan<double>" : "double[]";
            string vector = "w" + N(i);
            _vectors.Add(new Vec(vector, length, true, false, string.Empty, type == "double[]"));
            parameters.Add($"[SampleLength({N(length)})] {type} {vector}");
        }

        if (_random.Next(2) == 0)
        {
            int length = _random.Next(1, 7);
            string type = _random.Next(2) == 0 ? "ReadOnlySpan<double>" : "double[]";
            _vectors.Add(new Vec("d0", length, false, false, string.Empty, type == "double[]"));
            parameters.Add($"[NoDerivative, SampleLength({N(length)})] {type} d0");
        }

        int scalars = _random.Next(0, 3);
        for (int i = 0; i < scalars; i++)
        {
            _scopes[0].Scalars.Add(new Sca("x" + N(i), _features.AssignParameters));
            parameters.Add("double x" + N(i));
        }

        // Shuffle the parameter order (vectors and scalars interleaved).
        parameters = parameters.OrderBy(_ => _random.Next()).ToList();

        var body = new StringBuilder();
        int arrays = _features.LocalArrays ? _random.Next(0, 3) : 0;
        for (int i = 0; i < arrays; i++)
        {
            body.Append(LocalArray("        "));
        }

        int items = _random.Next(1, 4);
        for (int i = 0; i < items; i++)
        {
            body.Append(TopLevelItem("        "));
        }

        body.Append($"        return {FinalExpression()};\n");
        return $"    [Differentiable]\n    public static double {name}({string.Join(", ", parameters)})\n    {{\n{body}    }}\n";
    }

    /// <summary>Without DeadLoopVariables, a helper's result reads every local it declared.</summary>
    private string LiveLocals() => _features.DeadLoopVariables
        ? string.Empty
        : string.Concat(_scopes[0].Scalars.Where(s => s.Writable && s.Name.StartsWith('s')).Select(s => " + " + Bounded(s.Name)));

    private string LocalArray(string indent)
    {
        string name = Fresh("a");
        Vec like = Pick(_vectors);
        bool sized = _random.Next(2) == 0;
        int length = sized ? like.Length : _random.Next(1, 7);
        string size = sized ? like.Name + ".Length" : N(length);
        bool span = _features.Stackalloc && _random.Next(2) == 0;
        string declaration = span ? $"Span<double> {name} = stackalloc double[{size}];" : $"double[] {name} = new double[{size}];";
        if (_features.SpanHelpers && _random.Next(3) == 0)
        {
            // Issue 15's spellings of the same local: a span over a new array, or a copy of a vector.
            Vec source = like;
            (span, length, declaration) = _random.Next(3) switch
            {
                0 => (true, length, $"Span<double> {name} = new double[{size}];"),
                1 => (true, length, $"var {name} = new double[{size}].AsSpan();"),
                _ => (false, source.Length, $"double[] {name} = {source.Name}.ToArray();"),
            };
        }

        _vectors.Add(new Vec(name, length, true, true, declaration, !span));
        if (!_features.InactiveVectorCalls)
        {
            // Make the array active for sure, so calls over it are never inactive (see Features.InactiveVectorCalls).
            Vec input = Pick(_vectors.Where(v => v.Differentiable && !v.Writable).ToList());
            return $"{indent}{declaration}\n{indent}{name}[0] = Math.Tanh({input.Name}[0]);\n";
        }

        return indent + declaration + "\n";
    }

    private string TopLevelItem(string indent)
    {
        if (_features.Guards && _random.Next(5) == 0)
        {
            return Guard(indent);
        }

        if (_features.SpanHelpers && _random.Next(5) == 0 && _vectors.Any(v => v.Writable))
        {
            return Copy(indent);
        }

        if (_features.AccumulationNests && _random.Next(6) == 0)
        {
            return AccumulationNest(indent);
        }

        switch (_random.Next(6))
        {
            case 0:
                {
                    string local = Fresh("s");
                    string line = $"{indent}double {local} = {Expr(3)};\n";
                    Declare(new Sca(local, true));
                    return line;
                }

            case 1:
                if (_random.Next(2) == 0)
                {
                    string condition = Condition();
                    string then = InBlock(() => Assignment(indent + "    "));
                    string otherwise = InBlock(() => Assignment(indent + "    "));
                    return $"{indent}if ({condition})\n{indent}{{\n{then}{indent}}}\n{indent}else\n{indent}{{\n{otherwise}{indent}}}\n";
                }

                goto default;

            default:
                {
                    // A fresh accumulator, then a loop that updates it.
                    string acc = Fresh("acc");
                    string line = $"{indent}double {acc} = {(_random.Next(2) == 0 ? Literal() : Expr(2))};\n";
                    Declare(new Sca(acc, true));
                    return line + Loop(indent, allowNested: _features.NestedLoops);
                }
        }
    }

    private string FinalExpression()
    {
        var terms = new List<string> { Expr(3) };
        foreach (Sca scalar in _scopes[0].Scalars.Where(s => s.Writable
            && (!_features.DeadLoopVariables || (s.Name.StartsWith("acc", StringComparison.Ordinal) && _random.Next(3) != 0))))
        {
            terms.Add(Bounded(scalar.Name));
        }

        foreach (Vec array in _vectors.Where(v => v.Writable))
        {
            terms.Add(_random.Next(2) == 0 ? $"{array.Name}[{N(_random.Next(array.Length))}]" : $"SpanMath.Sum({array.Name})");
        }

        return string.Join(" + ", terms);
    }

    // ---------------------------------------------------------------- loops

    private string Loop(string indent, bool allowNested)
    {
        var kinds = new List<int> { 0, 0, 1 };
        if (_features.ReversedFor)
        {
            kinds.Add(2);
        }

        if (_features.While)
        {
            kinds.Add(3);
        }

        if (_features.DoWhile)
        {
            kinds.Add(4);
        }

        if (_features.Foreach && _vectors.Count > 0)
        {
            kinds.Add(5);
        }

        Idx? outer = _scopes.SelectMany(s => s.Indices).LastOrDefault();
        if (outer is not null)
        {
            kinds.Add(6);
        }

        int kind = Pick(kinds);
        var scope = new Scope { IsLoop = true };
        string inner = indent + "    ";
        string head, tail = string.Empty, prologue = string.Empty, before = string.Empty;
        string index = Fresh("i");
        Vec? over = _vectors.Count > 0 ? Pick(_vectors) : null;
        string bound = over is null || (kind == 1) ? N(_random.Next(1, 5)) : over.Name + ".Length";
        int max = over is null || kind == 1 ? int.Parse(bound, CultureInfo.InvariantCulture) : over.Length;
        string? boundVector = over is null || kind == 1 ? null : over.Name;
        if (over is not null && over.Length == 0 && kind != 1)
        {
            max = 0; // the helper's vector: only indexed through its own loops (see InRange)
        }

        switch (kind)
        {
            case 0:
            case 1:
                head = $"for (int {index} = 0; {index} < {bound}; {index}++)";
                scope.Indices.Add(new Idx(index, max, boundVector));
                break;
            case 2:
                head = $"for (int {index} = {bound} - 1; {index} >= 0; {index}--)";
                scope.Indices.Add(new Idx(index, max, boundVector));
                break;
            case 3:
                {
                    string counter = Fresh("k");
                    before = $"{indent}int {counter} = 0;\n";
                    string extra = _random.Next(2) == 0 ? $" && {Condition()}" : string.Empty;
                    head = $"while ({counter} < {bound}{extra})";
                    prologue = $"{inner}int {index} = {counter};\n{inner}{counter}++;\n";
                    scope.Indices.Add(new Idx(index, max, boundVector));
                    break;
                }

            case 4:
                {
                    string counter = Fresh("k");
                    before = $"{indent}int {counter} = 0;\n";
                    head = "do";
                    prologue = $"{inner}int {index} = {counter};\n{inner}{counter}++;\n";
                    scope.Indices.Add(new Idx(index, max, boundVector));
                    tail = $"while ({counter} < {bound});";
                    break;
                }

            case 5:
                {
                    Vec vector = Pick(_vectors);
                    string element = Fresh("e");
                    head = $"foreach (double {element} in {vector.Name})";
                    scope.Scalars.Add(new Sca(element, false));
                    break;
                }

            default:
                head = $"for (int {index} = 0; {index} < {outer!.Name}; {index}++)";
                scope.Indices.Add(new Idx(index, outer.Max, outer.Bound));
                break;
        }

        _scopes.Add(scope);
        _loopDepth++;
        var body = new StringBuilder(prologue);
        int statements = _random.Next(1, 5);
        for (int i = 0; i < statements; i++)
        {
            body.Append(LoopStatement(inner, allowNested));
        }

        _loopDepth--;
        _scopes.RemoveAt(_scopes.Count - 1);
        string close = tail.Length == 0 ? $"{indent}}}\n" : $"{indent}}}\n{indent}{tail}\n";
        return $"{before}{indent}{head}\n{indent}{{\n{body}{close}";
    }

    /// <summary>A fresh accumulator only summed over loops nested up to three deep (<see cref="Features.AccumulationNests"/>).</summary>
    private string AccumulationNest(string indent)
    {
        Vec over = Pick(_vectors.Where(v => v.Differentiable && !v.Writable).ToList());
        string acc = Fresh("acc");
        string text = $"{indent}double {acc} = {(_random.Next(2) == 0 ? Literal() : Expr(2))};\n" + NestLevel(indent, acc, over, 0);
        Declare(new Sca(acc, true));
        return text;
    }

    private string NestLevel(string indent, string acc, Vec over, int depth)
    {
        Idx? outer = _scopes.SelectMany(s => s.Indices).LastOrDefault();
        string index = Fresh("i");
        string start = outer is not null && _random.Next(2) == 0 ? outer.Name + " + 1" : "0";
        string bound = outer is not null && start == "0" && _random.Next(2) == 0 ? outer.Name : over.Name + ".Length";
        var scope = new Scope { IsLoop = true };
        scope.Indices.Add(new Idx(index, over.Length, over.Name));
        _scopes.Add(scope);
        _loopDepth++;
        string inner = indent + "    ";
        var body = new StringBuilder();
        if (_random.Next(3) == 0)
        {
            // A value of this iteration: a loop inside that reads it is not fused.
            string local = Fresh("t");
            body.Append($"{inner}double {local} = {Expr(2)};\n");
            scope.Scalars.Add(new Sca(local, false));
        }

        if (depth < 2 && _random.Next(3) != 0)
        {
            body.Append(NestLevel(inner, acc, over, depth + 1));
        }

        string op = _random.Next(3) == 0 ? "-=" : "+=";
        body.Append(_random.Next(4) == 0
            ? $"{inner}if ({Condition()})\n{inner}{{\n{inner}    {acc} {op} {Expr(2)};\n{inner}}}\n"
            : $"{inner}{acc} {op} {Expr(2)};\n");
        _loopDepth--;
        _scopes.RemoveAt(_scopes.Count - 1);
        return $"{indent}for (int {index} = {start}; {index} < {bound}; {index}++)\n{indent}{{\n{body}{indent}}}\n";
    }

    private string LoopStatement(string indent, bool allowNested)
    {
        while (true)
        {
            switch (_random.Next(12))
            {
                case 0:
                case 1:
                case 2:
                    return Assignment(indent);
                case 3:
                    {
                        string local = Fresh("t");
                        string line = $"{indent}double {local} = {Expr(2)};\n";
                        Declare(new Sca(local, true));
                        return line;
                    }

                case 4:
                case 5:
                    if (_vectors.Any(v => v.Writable))
                    {
                        return ArrayWrite(indent);
                    }

                    break;
                case 6:
                    if (_features.IfInLoop)
                    {
                        string condition = Condition();
                        string then = InBlock(() => Assignment(indent + "    "));
                        if (_random.Next(2) == 0)
                        {
                            return $"{indent}if ({condition})\n{indent}{{\n{then}{indent}}}\n";
                        }

                        string otherwise = InBlock(() => _vectors.Any(v => v.Writable) && _random.Next(2) == 0 ? ArrayWrite(indent + "    ") : Assignment(indent + "    "));
                        return $"{indent}if ({condition})\n{indent}{{\n{then}{indent}}}\n{indent}else\n{indent}{{\n{otherwise}{indent}}}\n";
                    }

                    break;
                case 7:
                    if (_features.Break)
                    {
                        return $"{indent}if ({Condition()})\n{indent}{{\n{indent}    break;\n{indent}}}\n";
                    }

                    break;
                case 8:
                    if (_features.Continue)
                    {
                        return $"{indent}if ({Condition()})\n{indent}{{\n{indent}    continue;\n{indent}}}\n";
                    }

                    break;
                case 9:
                    if (_features.ReturnInLoop && (_loopDepth < 2 || _features.ReturnInNestedLoop))
                    {
                        string condition = Condition();
                        _noConditional = !_features.ConditionalReturnInLoop;
                        string value = Expr(2);
                        _noConditional = false;
                        return $"{indent}if ({condition})\n{indent}{{\n{indent}    return {value};\n{indent}}}\n";
                    }

                    break;
                default:
                    if (allowNested && _loopDepth < 2)
                    {
                        return Loop(indent, allowNested: false);
                    }

                    break;
            }
        }
    }


    // ---------------------------------------------------------------- issue 15: guards, copies, LINQ, choices

    /// <summary>A guard that never fires on the checker's points (inputs in [−2, 2]).</summary>
    private string Guard(string indent)
    {
        Vec vector = Pick(_vectors);
        switch (_random.Next(5))
        {
            case 0:
                return $"{indent}if (double.IsNaN({VariableExpr(2)}))\n{indent}{{\n{indent}    throw new ArgumentException(\"not a number\");\n{indent}}}\n";
            case 1:
                return $"{indent}ArgumentOutOfRangeException.ThrowIfNegativeOrZero({vector.Name}.Length);\n";
            case 2:
                return $"{indent}ArgumentOutOfRangeException.ThrowIfGreaterThan({vector.Name}[{ReadIndex(vector)}], 1e6);\n";
            case 3:
                return $"{indent}System.Diagnostics.Debug.Assert({vector.Name}.Length > 0, \"empty\");\n";
            default:
                {
                    string local = Fresh("s");
                    string line = $"{indent}double {local} = {vector.Name}.Length > 0 ? {Expr(2)} : throw new InvalidOperationException(\"empty\");\n";
                    Declare(new Sca(local, true));
                    return line;
                }
        }
    }

    /// <summary>A copy into, or a fill of, a local array (whole or a slice of it).</summary>
    private string Copy(string indent)
    {
        Vec target = Pick(_vectors.Where(v => v.Writable).ToList());
        List<Vec> fits = _vectors.Where(v => v != target && v.Length > 0 && v.Length <= target.Length && !v.Writable).ToList();
        int choice = _random.Next(4);
        if (choice == 0 && fits.Count > 0)
        {
            Vec source = Pick(fits);
            int offset = _random.Next(target.Length - source.Length + 1);
            // An array source needs a span destination: T[].CopyTo(T[]) is Array.CopyTo(Array, int).
            string into = !target.IsArray ? (offset == 0 ? target.Name : $"{target.Name}.Slice({N(offset)})")
                : offset == 0 && !source.IsArray ? target.Name : $"{target.Name}.AsSpan({N(offset)})";
            return $"{indent}{source.Name}.CopyTo({into});\n";
        }

        if (choice == 1 && fits.Count > 0 && target.IsArray && fits.Any(v => v.IsArray))
        {
            Vec source = Pick(fits.Where(v => v.IsArray).ToList());
            return $"{indent}Array.Copy({source.Name}, {target.Name}, {source.Name}.Length);\n";
        }

        string value = Literal();
        if (target.Length > 1 && _random.Next(2) == 0)
        {
            int start = _random.Next(1, target.Length);
            return _random.Next(2) == 0
                ? $"{indent}{(target.IsArray ? $"{target.Name}.AsSpan({N(start)})" : $"{target.Name}[{N(start)}..]")}.Fill({value});\n"
                : $"{indent}{(target.IsArray ? target.Name + ".AsSpan(" : target.Name + ".Slice(")}0, {N(start)}).Clear();\n";
        }

        return target.IsArray ? $"{indent}Array.Fill({target.Name}, {value});\n" : $"{indent}{target.Name}.Fill({value});\n";
    }

    /// <summary>A LINQ expression over an array of the method (never the helper's span of unknown length).</summary>
    private string? Linq()
    {
        List<Vec> arrays = _vectors.Where(v => v.IsArray && v.Length > 0).ToList();
        if (arrays.Count == 0)
        {
            return null;
        }

        Vec a = Pick(arrays);
        string q = Fresh("q");
        switch (_random.Next(8))
        {
            case 0: return $"{a.Name}.Sum()";
            case 1: return $"{a.Name}.Average()";
            case 2: return $"{a.Name}.Max()";
            case 3: return $"{a.Name}.Min({q} => Math.Sin({q}))";
            case 4:
                {
                    // A captured scalar (spans cannot be captured by a lambda).
                    List<Sca> scalars = _scopes.SelectMany(s => s.Scalars).ToList();
                    string captured = scalars.Count > 0 ? Pick(scalars).Name : Literal();
                    return $"Math.Tanh({a.Name}.Sum({q} => {q} * {captured}))";
                }

            case 5: return $"{a.Name}.Select({q} => Math.Tanh({q} + {Literal()})).Sum()";
            case 6:
                {
                    Vec b = Pick(arrays);
                    string r = Fresh("q");
                    return $"Math.Tanh({a.Name}.Zip({b.Name}, ({q}, {r}) => {q} * {r}).Sum())";
                }

            default:
                {
                    string acc = Fresh("q");
                    return $"{a.Name}.Aggregate({Literal()}, ({acc}, {q}) => 0.5 * {acc} + Math.Sin({q}))";
                }
        }
    }

    /// <summary>
    /// A vector argument that may be a part of the vector: <c>v[k..]</c>, <c>v.Slice(k)</c>, <c>v.AsSpan(k)</c>
    /// (arrays), <c>v[..^k]</c>; the whole vector when it has no known length.
    /// </summary>
    private string Part(Vec vector)
    {
        if (!_features.SpanHelpers || vector.Length < 2 || _random.Next(2) == 0)
        {
            return vector.Name;
        }

        int k = _random.Next(1, vector.Length);
        return _random.Next(3) switch
        {
            0 => $"{vector.Name}[{N(k)}..]",
            1 => $"{vector.Name}[..^{N(k)}]",
            _ => vector.IsArray ? $"{vector.Name}.AsSpan({N(k)})" : $"{vector.Name}.Slice({N(k)})",
        };
    }

    /// <summary>
    /// A choice whose branch not taken has an infinite slope (or a NaN value): the square root at 0 after a
    /// Max or Clamp that took the constant, a Pow with exponent 0.5 at 0, a ?: whose other branch is the
    /// square root of a negative number. Each is 0 or <paramref name="a"/> with a finite derivative.
    /// </summary>
    private string InfiniteSlopeChoice(string a, string b) => _random.Next(5) switch
    {
        0 => $"(Math.Sqrt(Math.Max(Math.Tanh({b}) - 1.5, 0.0)) + {a})",
        1 => $"(Math.Cbrt(Math.Clamp(Math.Tanh({b}), 1.5, 2.0) - 1.5) + {a})",
        2 => $"(Math.Pow(Math.Max(Math.Tanh({b}) - 1.5, 0.0), 0.5) + {a})",
        3 => $"(Math.Sqrt(1.0 - Math.Min(Math.Tanh({b}) + 2.5, 1.0)) * {a})",
        _ => $"(Math.Tanh({b}) < 1.5 ? {a} : Math.Sqrt(Math.Tanh({b}) - 1.5))", // not < 1.0: tanh rounds to 1.0 past 19, and √0 then meets tanh's zero slope (∞ · 0, see RuleTable)
    };

    // ---------------------------------------------------------------- statements

    /// <summary>An update of a writable scalar, bounded however often a loop repeats it.</summary>
    private string Assignment(string indent)
    {
        // Without CarriedThroughNestedLoops, an inner loop assigns only what the outer loop's body declares.
        int outermostLoop = _scopes.FindIndex(s => s.IsLoop);
        IEnumerable<Scope> assignable = !_features.CarriedThroughNestedLoops && _loopDepth >= 2 ? _scopes.Skip(outermostLoop) : _scopes;
        List<Sca> targets = assignable.SelectMany(s => s.Scalars).Where(s => s.Writable).ToList();
        if (targets.Count == 0)
        {
            string local = Fresh("t");
            string line = $"{indent}double {local} = {Expr(2)};\n";
            Declare(new Sca(local, true));
            return line;
        }

        // Prefer variables declared outside the innermost loop: those are loop-carried.
        int innermostLoop = _scopes.FindLastIndex(s => s.IsLoop);
        List<Sca> carried = innermostLoop < 0 ? targets : _scopes.Take(innermostLoop).SelectMany(s => s.Scalars).Where(targets.Contains).ToList();
        Sca target = carried.Count > 0 && _random.Next(4) != 0 ? Pick(carried) : Pick(targets);
        return $"{indent}{Update(target.Name)};\n";
    }

    private string Update(string target)
    {
        switch (_random.Next(_features.MultiplyAssign ? 6 : 4))
        {
            case 0:
            case 1:
                return $"{target} += {Squash(_features.InactiveIncrements ? Expr(2) : ActiveExpr(2))}";
            case 2:
                return $"{target} = {Squash(Expr(2))}";
            case 3:
                return $"{target} = 0.5 * {target} + {Squash(Expr(2))}";
            default:
                return $"{target} *= {Factor(Expr(2))}";
        }
    }

    private string ArrayWrite(string indent)
    {
        Vec array = Pick(_vectors.Where(v => v.Writable).ToList());
        string index = WriteIndex(array);
        string element = $"{array.Name}[{index}]";
        string value = _random.Next(4) switch
        {
            0 => Squash(Expr(2)),
            1 => $"{Squash($"{element} + {Expr(1)}")}",
            2 => $"{element} * {Factor(Expr(1))} + {Squash(Expr(1))}",
            _ => $"{Squash($"{element} * {Expr(1)} + {array.Name}[{ReadIndex(array)}]")}",
        };
        string op = _random.Next(5) == 0 ? "+=" : "=";
        if (op == "+=")
        {
            value = Squash(Expr(2));
        }

        return $"{indent}{element} {op} {value};\n";
    }

    private void Declare(Sca scalar) => _scopes[^1].Scalars.Add(scalar);

    /// <summary>Writes a block's statements in their own scope, so locals declared there are not used after it.</summary>
    private string InBlock(Func<string> statements)
    {
        _scopes.Add(new Scope());
        string text = statements();
        _scopes.RemoveAt(_scopes.Count - 1);
        return text;
    }

    /// <summary>An expression that reads a differentiable parameter, so it is active wherever it stands.</summary>
    private string ActiveExpr(int depth)
    {
        string e = Expr(depth);
        if (System.Text.RegularExpressions.Regex.IsMatch(e, @"\b(w\d+|v)\["))
        {
            return e;
        }

        if (!_vectors.Any(v => v.Differentiable && !v.Writable))
        {
            return $"{e} + a0"; // a scalar helper, whose parameters are then never assigned
        }

        Vec vector = Pick(_vectors.Where(v => v.Differentiable && !v.Writable).ToList());
        return $"{e} + {vector.Name}[{ReadIndex(vector)}]";
    }

    /// <summary>An expression that reads at least one variable, so no condition is a constant.</summary>
    private string VariableExpr(int depth)
    {
        for (int attempt = 0; ; attempt++)
        {
            string e = Expr(depth);
            if (System.Text.RegularExpressions.Regex.IsMatch(e, @"\b(w|d|x|a|s|acc|t|e|i|k|v|c)\d*\b") || attempt > 20)
            {
                return attempt > 20 ? (_vectors.Count > 0 ? $"{_vectors[0].Name}[0]" : _scopes[0].Scalars[0].Name) : e;
            }
        }
    }

    // ---------------------------------------------------------------- expressions

    private string Squash(string e) => _random.Next(7) switch
    {
        0 => $"Math.Tanh({e})",
        1 => $"Math.Sin({e})",
        2 => $"({e}) / (1 + ({e}) * ({e}))",
        3 => $"Math.Cos({e})",
        4 => $"Math.Exp(Math.Tanh({e}))",
        5 => $"0.5 * Math.Log(1 + ({e}) * ({e}))",
        _ => $"Math.Atan({e})",
    };

    /// <summary>A factor at most 1 in magnitude, for <c>*=</c>.</summary>
    private string Factor(string e) => _random.Next(4) switch
    {
        0 => $"Math.Tanh({e})",
        1 => $"Math.Cos({e})",
        2 => $"(0.5 + 0.5 * Math.Sin({e}))",
        _ => $"1 / (1 + ({e}) * ({e}))",
    };

    /// <summary>A variable that may have grown in a loop, read through a squashing function half the time.</summary>
    private string Bounded(string name) => _random.Next(2) == 0 ? name : $"Math.Tanh({name})";

    private string Expr(int depth)
    {
        if (depth == 0 || _random.Next(4) == 0)
        {
            return Leaf();
        }

        string a = Expr(depth - 1);
        string b = Expr(depth - 1);
        switch (_random.Next(18))
        {
            case 16:
                if (_features.InfiniteSlopeChoices)
                {
                    return InfiniteSlopeChoice(a, b);
                }

                return $"({a} + {b})";
            case 17:
                if (_features.Linq && !_inHelper && Linq() is { } linq)
                {
                    return linq;
                }

                return $"({a} * {b})";
            case 0:
            case 1: return $"({a} + {b})";
            case 2: return $"({a} - {b})";
            case 3:
            case 4: return $"({a} * {b})";
            case 5: return $"({a} / (1 + {b} * {b}))";
            case 6: return $"Math.Sin({a})";
            case 7: return $"Math.Cos({a})";
            case 8: return $"Math.Tanh({a})";
            case 9: return $"Math.Exp(Math.Tanh({a}))";
            case 10: return $"Math.Log(1 + {a} * {a})";
            case 11: return $"Math.Sqrt(1 + {a} * {a})";
            case 12:
                if (_features.Conditional && !_noConditional)
                {
                    return $"({Condition()} ? {a} : {b})";
                }

                return $"({a} * 0.5)";
            case 13:
                if (_scalarHelpers.Count > 0 && !_inHelper)
                {
                    (string name, int arity) = Pick(_scalarHelpers);
                    string arguments = arity == 1 ? a : $"{a}, {b}";
                    return _random.Next(2) == 0 ? $"Math.Tanh({name}({arguments}))" : $"{name}({arguments})";
                }

                return $"-({a})";
            case 14:
                if (_vectorHelpers.Count > 0 && !_inHelper && CallableVectors().Count > 0)
                {
                    return $"Math.Tanh({Pick(_vectorHelpers)}({Part(Pick(CallableVectors()))}, {a}))";
                }

                return $"({a} * {b})";
            default: return $"-({a})";
        }
    }

    private string Leaf()
    {
        while (true)
        {
            switch (_random.Next(10))
            {
                case 0:
                    return Literal();
                case 1:
                case 2:
                case 3:
                    {
                        List<Sca> scalars = _scopes.SelectMany(s => s.Scalars).ToList();
                        if (scalars.Count > 0)
                        {
                            Sca scalar = Pick(scalars);
                            return scalar.Writable ? Bounded(scalar.Name) : scalar.Name;
                        }

                        break;
                    }

                case 4:
                case 5:
                case 6:
                case 7:
                    if (_vectors.Count > 0)
                    {
                        Vec vector = Pick(_vectors);
                        return $"{vector.Name}[{ReadIndex(vector)}]";
                    }

                    break;
                case 8:
                    {
                        List<Idx> indices = _scopes.SelectMany(s => s.Indices).ToList();
                        if (indices.Count > 0)
                        {
                            return $"({Pick(indices).Name} * {Literal()})";
                        }

                        break;
                    }

                default:
                    if (_features.SpanMath && CallableVectors().Count > 0)
                    {
                        Vec vector = Pick(CallableVectors());
                        switch (_random.Next(4))
                        {
                            case 0: return $"SpanMath.Sum({Part(vector)})";
                            case 1: return $"Math.Tanh(SpanMath.SumOfSquares({Part(vector)}))";
                            case 2: return $"SpanMath.LogSumExp({Part(vector)})";
                            default:
                                {
                                    List<Vec> same = CallableVectors().Where(v => v.Length == vector.Length && (v.Length > 0 || v == vector)).ToList();
                                    return $"SpanMath.Dot({vector.Name}, {Pick(same).Name})";
                                }
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>An index of <paramref name="vector"/> that is in range: a loop index, a constant, <c>^k</c> or a modulo.</summary>
    private string ReadIndex(Vec vector)
    {
        List<Idx> indices = _scopes.SelectMany(s => s.Indices).ToList();
        List<Idx> inRange = indices.Where(i => InRange(i, vector)).ToList();
        switch (_random.Next(6))
        {
            case 0:
            case 1:
                if (inRange.Count > 0)
                {
                    return Pick(inRange).Name;
                }

                goto case 2;
            case 2:
                if (indices.Count > 0)
                {
                    return $"({Pick(indices).Name} + {N(_random.Next(0, 4))}) % {vector.Name}.Length";
                }

                goto case 4;
            case 3:
                if (_features.FromEnd)
                {
                    return vector.Length > 0 ? $"^{N(_random.Next(1, vector.Length + 1))}" : "^1";
                }

                goto case 4;
            case 4:
                return vector.Length > 0 ? N(_random.Next(vector.Length)) : "0";
            default:
                if (indices.Count >= 2)
                {
                    return $"({indices[^1].Name} + {indices[^2].Name}) % {vector.Name}.Length";
                }

                goto case 2;
        }
    }

    private string WriteIndex(Vec array)
    {
        List<Idx> indices = _scopes.SelectMany(s => s.Indices).ToList();
        List<Idx> inRange = indices.Where(i => InRange(i, array)).ToList();
        if (inRange.Count > 0 && _random.Next(3) != 0)
        {
            return Pick(inRange).Name;
        }

        if (indices.Count > 0 && _random.Next(3) != 0)
        {
            return $"({Pick(indices).Name} + {N(_random.Next(0, 3))}) % {array.Name}.Length";
        }

        return _features.FromEnd && _random.Next(2) == 0 ? "^1" : N(_random.Next(array.Length));
    }

    private static bool InRange(Idx index, Vec vector) =>
        index.Bound == vector.Name || (vector.Length > 0 && index.Max > 0 && index.Max <= vector.Length);

    private string Condition()
    {
        _inCondition++;
        string condition = AnyCondition();
        _inCondition--;
        return condition;
    }

    /// <summary>Whether a call taking vectors may be written here, and over which vectors.</summary>
    private List<Vec> CallableVectors() =>
        _features.InactiveVectorCalls ? _vectors : _inCondition > 0 ? new List<Vec>() : _vectors.Where(v => v.Differentiable).ToList();

    private string AnyCondition()
    {
        List<Idx> indices = _scopes.SelectMany(s => s.Indices).ToList();
        switch (_random.Next(5))
        {
            case 0:
                if (indices.Count > 0)
                {
                    Idx index = Pick(indices);
                    return _random.Next(2) == 0 ? $"{index.Name} % 2 == {N(_random.Next(2))}" : $"{index.Name} == {N(_random.Next(0, 3))}";
                }

                goto default;
            case 1:
                if (_vectors.Count > 0)
                {
                    Vec vector = Pick(_vectors);
                    return $"{vector.Name}[{ReadIndex(vector)}] {Pick(new[] { "<", ">" })} {Literal()}";
                }

                goto default;
            case 2:
                return $"{VariableExpr(1)} {Pick(new[] { "<", ">" })} {Literal()} && {VariableExpr(1)} {Pick(new[] { "<", ">" })} {Literal()}";
            default:
                return $"{VariableExpr(2)} {Pick(new[] { "<", ">", "<=", ">=" })} {Literal()}";
        }
    }

    private string Literal() => (_random.NextDouble() * 3 - 1.5).ToString("0.0#", CultureInfo.InvariantCulture);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
