using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// Removes locals that are only another local under a new name. The builders write one statement per step of the
/// chain rule, so the backward pass of <c>value = t4 + t6</c> declares <c>double t4_bar = value_bar;</c> and
/// <c>double t6_bar = value_bar;</c>, and the tangent of <c>t7 = 1 + t6</c> is <c>double dt7 = dt6;</c>. Such a
/// copy is dropped and its reads name the original, when neither is ever written again: <c>T a = b;</c> with
/// <c>a</c> declared once and never assigned (no <c>=</c>, <c>+=</c>, <c>out</c>, <c>ref</c> or <c>++</c>), and
/// <c>b</c> a local declared once with a value and never assigned, or a parameter passed by value and never
/// assigned, of the same type. Then <c>a</c> holds what <c>b</c> holds wherever <c>a</c> can be read (C# lets no
/// nested scope declare another <c>b</c> there), in loops, branches and fused loops alike. Only real numbers
/// (<c>double</c>, <c>float</c>, the generic type, <c>Dual</c>) are taken: less code to compile, the same
/// arithmetic. A step comment left with no code under it (<c>// adjoint of: ...</c>) goes too. Two more of the
/// kind: the backward pass's seed of 1 is written where it is read (<see cref="CodeDeclare.IsSeed"/>), and an
/// <c>out</c> parameter copied from a local written once takes its value where the local was declared.
/// </summary>
internal static class CopyPropagation
{
    public static GeneratedMethod Apply(GeneratedMethod method)
    {
        // A seed written where it is read leaves new copies (t5_bar = value_bar * y0 is t5_bar = y0): a second round takes them.
        method = Once(method, out bool seeded);
        if (seeded)
        {
            method = Once(method, out _);
        }

        return WriteOutputsDirectly(method);
    }

    private static GeneratedMethod Once(GeneratedMethod method, out bool seeded)
    {
        var facts = new Facts();
        foreach (CodeParameter parameter in method.Parameters)
        {
            facts.Types[parameter.Name] = parameter.Type;
            if (parameter.Modifier is null or ArgumentModifier.In)
            {
                facts.ByValue.Add(parameter.Name);
            }
        }

        facts.Scan(method.Body);

        // What each dropped local is, in the order they are declared, so a chain (b = a; c = b) ends at its first name.
        var replacements = new Dictionary<string, Expr>(StringComparer.Ordinal);
        bool anySeed = false;
        foreach (CodeDeclare declare in facts.Declarations)
        {
            if (facts.IsSeed(declare))
            {
                replacements[declare.Name] = LiteralExpr.Of(Constant.Real(1, declare.Type.Scalar));
                anySeed = true;
            }
            else if (declare.Value is { } value && NameOf(value) is { } source && facts.IsCopy(declare, source))
            {
                replacements[declare.Name] = replacements.TryGetValue(source, out Expr? first) ? first : value;
            }
        }

        seeded = anySeed;
        if (replacements.Count == 0)
        {
            return method;
        }

        Expr Map(Expr expr)
        {
            Expr replaced = NameOf(expr) is { } name && replacements.TryGetValue(name, out Expr? by)
                ? by is LiteralExpr ? by : new VariableExpr(expr.Type, expr.Source, NameOf(by)!)
                : expr;
            return anySeed ? Fold(replaced, facts.IsReal) : replaced;
        }

        return new GeneratedMethod(method.Summary, method.Accessibility, method.ReturnType, method.Name, method.Parameters, Rewrite(method.Body, replacements, Map, e => Reads(e, replacements)))
        {
            QuotesSource = method.QuotesSource,
        };
    }

    /// <summary>
    /// What a seed of 1 leaves: <c>1 * e</c> and <c>e / 1</c> are <c>e</c>, <c>-1 * e</c> is <c>-e</c> (exactly, for every
    /// real e), <c>1 == 0 ? 0 : e</c> and <c>Dual.IsZero(1) ? 0 : e</c> are <c>e</c>. A product with an integer keeps its 1, which makes it real.
    /// </summary>
    private static Expr Fold(Expr expr, Func<Expr, bool> isReal)
    {
        switch (expr)
        {
            case BinaryExpr { Operator: BinaryOperator.Multiply, Left: LiteralExpr left } product when IsUnit(left, out bool negative) && isReal(product.Right):
                return negative ? Algebra.Negated(product.Right) : product.Right;
            case BinaryExpr { Operator: BinaryOperator.Multiply or BinaryOperator.Divide, Right: LiteralExpr right } product when IsUnit(right, out bool negative) && isReal(product.Left)
                && (product.Operator == BinaryOperator.Multiply || !negative):
                return negative ? Algebra.Negated(product.Left) : product.Left;
            case UnaryExpr { Operator: UnaryOperator.Negate, Operand: LiteralExpr literal } when literal.Value.Type.IsReal():
                return Algebra.Negated(literal);
            case BinaryExpr { Operator: BinaryOperator.Equal or BinaryOperator.NotEqual, Left: LiteralExpr left, Right: LiteralExpr right } comparison:
                return Code.Bool((left.Value.Value == right.Value.Value) == (comparison.Operator == BinaryOperator.Equal));
            case InvokeExpr { Target: null, Method: Arithmetic.DualType + ".IsZero", Arguments: { Count: 1 } arguments } when arguments[0] is LiteralExpr literal:
                return Code.Bool(literal.Value.Value == 0);
            case ConditionalExpr { Condition: LiteralExpr { Value.Type: ScalarType.Bool } condition } choice:
                return condition.Value.Value != 0 ? choice.WhenTrue : choice.WhenFalse;
            default:
                return expr;
        }
    }

    private static bool IsUnit(LiteralExpr literal, out bool negative)
    {
        negative = literal.Value.Value == -1;
        return literal.Value.Type != ScalarType.Bool && Math.Abs(literal.Value.Value) == 1;
    }

    /// <summary>
    /// <c>double z_bar = e; ... dz = z_bar;</c> is <c>dz = e;</c> when <c>z_bar</c> is written only there and read only by the copy, and <c>dz</c>
    /// is an <c>out</c> parameter written only by the copy, in the same block: every path to the copy passes the
    /// declaration, so <c>dz</c> holds <c>e</c> wherever <c>z_bar</c> was read. Forward mode's <c>derivative = dvalue;</c> too.
    /// </summary>
    private static GeneratedMethod WriteOutputsDirectly(GeneratedMethod method)
    {
        var facts = new Facts();
        var outputs = new HashSet<string>(StringComparer.Ordinal);
        foreach (CodeParameter parameter in method.Parameters)
        {
            facts.Types[parameter.Name] = parameter.Type;
            if (parameter.Modifier == ArgumentModifier.Out)
            {
                outputs.Add(parameter.Name);
            }
        }

        facts.Scan(method.Body);
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        FindOutputCopies(method.Body, outputs, facts, renames);
        if (renames.Count == 0)
        {
            return method;
        }

        Expr Map(Expr expr) => NameOf(expr) is { } name && renames.TryGetValue(name, out string? to) ? new VariableExpr(expr.Type, expr.Source, to) : expr;

        return new GeneratedMethod(method.Summary, method.Accessibility, method.ReturnType, method.Name, method.Parameters, RewriteOutputs(method.Body, renames, Map, e => Reads(e, renames)))
        {
            QuotesSource = method.QuotesSource,
        };
    }

    private static void FindOutputCopies(List<CodeNode> nodes, HashSet<string> outputs, Facts facts, Dictionary<string, string> renames)
    {
        var declaredHere = new Dictionary<string, CodeDeclare>(StringComparer.Ordinal);
        foreach (CodeNode node in nodes)
        {
            switch (node)
            {
                case CodeDeclare declare:
                    declaredHere[declare.Name] = declare;
                    break;
                case CodeAssign { Operator: AssignOperator.Assign, Target: VariableExpr output, Value: { } value }
                    when outputs.Contains(output.Name) && NameOf(value) is { } local && declaredHere.TryGetValue(local, out CodeDeclare? declare)
                        && facts.IsOutputCopy(declare, output.Name):
                    renames[local] = output.Name;
                    break;
                case CodeIf branch:
                    FindOutputCopies(branch.Then, outputs, facts, renames);
                    FindOutputCopies(branch.Else, outputs, facts, renames);
                    break;
                case CodeLoop loop:
                    FindOutputCopies(loop.Body, outputs, facts, renames);
                    break;
                case CodeTry guarded:
                    FindOutputCopies(guarded.Body, outputs, facts, renames);
                    FindOutputCopies(guarded.Finally, outputs, facts, renames);
                    break;
            }
        }
    }

    private static List<CodeNode> RewriteOutputs(List<CodeNode> nodes, Dictionary<string, string> renames, Func<Expr, Expr> map, Func<Expr, bool> reads)
    {
        Expr Map(Expr expr) => reads(expr) ? ExprTrees.Rewrite(expr, map) : expr;

        var none = new Dictionary<string, Expr>();
        var result = new List<CodeNode>(nodes.Count);
        foreach (CodeNode node in nodes)
        {
            switch (node)
            {
                case CodeDeclare { Value: { } value } declare when renames.TryGetValue(declare.Name, out string? output):
                    result.Add(new CodeAssign(new VariableExpr(declare.Type.Scalar, string.Empty, output), Map(value)));
                    break;
                case CodeIf branch:
                    result.Add(new CodeIf(Map(branch.Condition), RewriteOutputs(branch.Then, renames, map, reads), RewriteOutputs(branch.Else, renames, map, reads)));
                    break;
                case CodeLoop loop:
                    result.Add(new CodeLoop(
                        loop.Kind,
                        Map(loop.Condition),
                        RewriteOutputs(loop.Body, renames, map, reads),
                        loop.Initializer is null ? null : (CodeDeclare)Rewrite(loop.Initializer, none, map, reads),
                        loop.Step is null ? null : Map(loop.Step)));
                    break;
                case CodeTry guarded:
                    result.Add(new CodeTry(RewriteOutputs(guarded.Body, renames, map, reads), RewriteOutputs(guarded.Finally, renames, map, reads)));
                    break;
                default:
                    CodeNode rebuilt = Rewrite(node, none, map, reads);
                    if (rebuilt is CodeAssign { Operator: AssignOperator.Assign, Target: VariableExpr target, Value: VariableExpr source } && target.Name == source.Name)
                    {
                        // The copy itself, now out = out. A blank line left with only the return under it goes too.
                        if (result.Count > 0 && result[result.Count - 1] is CodeBlank && nodes[nodes.Count - 1] is CodeReturn && nodes[nodes.Count - 2] == node)
                        {
                            result.RemoveAt(result.Count - 1);
                        }

                        break;
                    }

                    result.Add(rebuilt);
                    break;
            }
        }

        return result;
    }

    /// <summary>Whether <paramref name="expr"/> reads one of <paramref name="names"/>: only such expressions are rebuilt.</summary>
    private static bool Reads<T>(Expr expr, Dictionary<string, T> names) => expr switch
    {
        VariableExpr variable => names.ContainsKey(variable.Name),
        VarRef reference => names.ContainsKey(reference.Variable.Name),
        LiteralExpr => false,
        BinaryExpr binary => Reads(binary.Left, names) || Reads(binary.Right, names),
        _ => ExprTrees.Children(expr).Any(child => Reads(child, names)),
    };

    /// <summary>The name a variable expression reads, or null for any other expression.</summary>
    private static string? NameOf(Expr expr) => expr switch
    {
        VariableExpr variable => variable.Name,
        VarRef reference => reference.Variable.Name,
        _ => null,
    };

    private static bool IsRealType(TypeRef type) =>
        type.Kind == TypeRefKind.Scalar ? type.Scalar.IsReal() : type.Kind == TypeRefKind.Named && type.Name == Arithmetic.DualType;

    /// <summary>What the whole method does with each name: how often it is written, how it is declared, where comments mention it.</summary>
    private sealed class Facts
    {
        public Dictionary<string, TypeRef> Types { get; } = new(StringComparer.Ordinal);

        public HashSet<string> ByValue { get; } = new(StringComparer.Ordinal);

        public List<CodeDeclare> Declarations { get; } = new();

        private readonly Dictionary<string, int> _writes = new(StringComparer.Ordinal);

        private readonly Dictionary<string, int> _mentions = new(StringComparer.Ordinal);

        private readonly HashSet<string> _declaredWithValue = new(StringComparer.Ordinal);

        /// <summary>Every identifier-like word of the method's comments.</summary>
        private readonly HashSet<string> _commentWords = new(StringComparer.Ordinal);

        public bool IsCopy(CodeDeclare copy, string source) =>
            IsRealType(copy.Type)
            && Writes(copy.Name) == 1
            && Types.TryGetValue(source, out TypeRef? type) && type == copy.Type
            && (ByValue.Contains(source) ? Writes(source) == 0 : Writes(source) == 1 && _declaredWithValue.Contains(source))
            && !_commentWords.Contains(copy.Name);

        /// <summary>
        /// A seed of 1 nothing writes again, in double, float or <c>Dual</c> code (1 is the dual number (1, 0): 1 · e is e
        /// there too); not for a generic number type, whose literals print as <c>T.One</c>.
        /// </summary>
        public bool IsSeed(CodeDeclare declare) =>
            declare.IsSeed && Writes(declare.Name) == 1
            && (declare.Type is { Kind: TypeRefKind.Scalar, Scalar: ScalarType.Double or ScalarType.Float } || declare.Type is { Kind: TypeRefKind.Named, Name: Arithmetic.DualType });

        /// <summary>
        /// A local written once, by its declaration, and read only by the copy, of the out parameter's type, which only
        /// the copy writes: generated code never reads an out parameter back (it is a reference the JIT cannot keep in a
        /// register, and <c>dy2 = -dy1;</c> reads like a tangent).
        /// </summary>
        public bool IsOutputCopy(CodeDeclare declare, string output) =>
            declare.Value is not null && Writes(declare.Name) == 1 && Mentions(declare.Name) == 1 && Writes(output) == 1
            && Types.TryGetValue(output, out TypeRef? type) && type == declare.Type
            && !_commentWords.Contains(declare.Name);

        /// <summary>Whether C# types <paramref name="expr"/> as a real number (so dropping a factor 1.0 cannot make it an integer).</summary>
        public bool IsReal(Expr expr) => expr switch
        {
            LiteralExpr literal => literal.Value.Type.IsReal(),
            VariableExpr variable => Types.TryGetValue(variable.Name, out TypeRef? type) && IsRealType(type),
            VarRef reference => reference.Variable.Type.IsReal(),
            MathCallExpr call => call.Type.IsReal(),
            BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply or BinaryOperator.Divide } binary => IsReal(binary.Left) || IsReal(binary.Right),
            UnaryExpr { Operator: UnaryOperator.Negate } negation => IsReal(negation.Operand),
            ConditionalExpr choice => IsReal(choice.WhenTrue) || IsReal(choice.WhenFalse),
            CastExpr cast => cast.Type.IsReal(),
            ElementExpr or IndexExpr => expr.Type.IsReal(),
            _ => false,
        };

        public void Scan(List<CodeNode> nodes)
        {
            foreach (CodeNode node in nodes)
            {
                switch (node)
                {
                    case CodeComment comment:
                        AddWords(comment.Text);
                        break;

                    case CodeDeclare declare:
                        Declare(declare);
                        break;

                    case CodeAssign assign:
                        Written(assign.Target);
                        Scan(assign.Target);
                        Scan(assign.Value);
                        if (assign.TrailingComment is { } trailing)
                        {
                            AddWords(trailing);
                        }

                        break;

                    case CodeExpression statement:
                        Scan(statement.Expression);
                        break;

                    case CodeReturn { Value: { } value }:
                        Scan(value);
                        break;

                    case CodeThrow thrown:
                        Scan(thrown.Exception);
                        break;

                    case CodeThrowArgument thrown:
                        foreach (Expr part in thrown.Message.OfType<Expr>())
                        {
                            Scan(part);
                        }

                        break;

                    case CodeIf branch:
                        Scan(branch.Condition);
                        Scan(branch.Then);
                        Scan(branch.Else);
                        break;

                    case CodeLoop loop:
                        if (loop.Initializer is { } initializer)
                        {
                            Declare(initializer);
                        }

                        Scan(loop.Condition);
                        if (loop.Step is { } step)
                        {
                            Scan(step);
                        }

                        Scan(loop.Body);
                        break;

                    case CodeTry guarded:
                        Scan(guarded.Body);
                        Scan(guarded.Finally);
                        break;
                }
            }
        }

        private void Declare(CodeDeclare declare)
        {
            Declarations.Add(declare);
            Types[declare.Name] = declare.Type;
            Count(declare.Name);
            if (declare.Value is { } value)
            {
                _declaredWithValue.Add(declare.Name);
                Scan(value);
            }
        }

        /// <summary>Writes inside an expression: <c>out</c> and <c>ref</c> arguments (and their declarations), increments.</summary>
        private void Scan(Expr expr)
        {
            switch (expr)
            {
                case VariableExpr or VarRef:
                    string name = NameOf(expr)!;
                    _mentions[name] = Mentions(name) + 1;
                    return;
                case LiteralExpr:
                    return;
                case BinaryExpr binary:
                    Scan(binary.Left);
                    Scan(binary.Right);
                    return;
            }

            foreach (Expr inner in ExprTrees.Children(expr))
            {
                Scan(inner);
            }

            switch (expr)
            {
                case ArgumentExpr { Modifier: ArgumentModifier.Out or ArgumentModifier.Ref } argument:
                    Written(argument.Value);
                    if (argument.Declared is { } declared && NameOf(argument.Value) is { } name)
                    {
                        Types[name] = declared;
                        _declaredWithValue.Add(name);
                    }

                    break;

                case UnaryExpr { Operator: UnaryOperator.PreIncrement or UnaryOperator.PostIncrement or UnaryOperator.PostDecrement } step:
                    Written(step.Operand);
                    break;

                case DeclarationExpr declaration:
                    Types[declaration.Name] = declaration.Declared;
                    _declaredWithValue.Add(declaration.Name);
                    Count(declaration.Name);
                    break;
            }
        }

        /// <summary>A write to <paramref name="target"/> counts for the variable at its root (an element or member writes its variable).</summary>
        private void Written(Expr target)
        {
            Expr root = target;
            while (true)
            {
                switch (root)
                {
                    case IndexExpr index:
                        root = index.Target;
                        continue;
                    case MemberExpr member:
                        root = member.Target;
                        continue;
                    case ElementExpr element:
                        Count(element.Array);
                        return;
                    case VectorExpr vector:
                        Count(vector.Name);
                        return;
                }

                break;
            }

            if (NameOf(root) is { } name)
            {
                Count(name);
            }
        }

        private void Count(string name) => _writes[name] = Writes(name) + 1;

        /// <summary>How often expressions of the method name <paramref name="name"/> (reads, and assignment targets).</summary>
        private int Mentions(string name) => _mentions.TryGetValue(name, out int count) ? count : 0;

        private int Writes(string name) => _writes.TryGetValue(name, out int count) ? count : 0;

        private void AddWords(string text)
        {
            int start = -1;
            for (int i = 0; i <= text.Length; i++)
            {
                bool part = i < text.Length && IsNamePart(text[i]);
                if (part && start < 0)
                {
                    start = i;
                }
                else if (!part && start >= 0)
                {
                    _commentWords.Add(text.Substring(start, i - start));
                    start = -1;
                }
            }
        }

        private static bool IsNamePart(char c) => char.IsLetterOrDigit(c) || c == '_';
    }

    private static List<CodeNode> Rewrite(List<CodeNode> nodes, Dictionary<string, Expr> dropped, Func<Expr, Expr> map, Func<Expr, bool> reads)
    {
        var result = new List<CodeNode>(nodes.Count);
        bool removed = false;
        foreach (CodeNode node in nodes)
        {
            if (node is CodeDeclare declare && dropped.ContainsKey(declare.Name))
            {
                removed = true;
                continue;
            }

            result.Add(Rewrite(node, dropped, map, reads));
        }

        if (removed)
        {
            RemoveEmptyStepComments(result);
        }

        return result;
    }

    private static CodeNode Rewrite(CodeNode node, Dictionary<string, Expr> dropped, Func<Expr, Expr> map, Func<Expr, bool> reads)
    {
        Expr Map(Expr expr) => reads(expr) ? ExprTrees.Rewrite(expr, map) : expr;

        CodeDeclare Declare(CodeDeclare declare) => declare.Value is null ? declare : new CodeDeclare(declare.Type, declare.Name, Map(declare.Value)) { IsSeed = declare.IsSeed };

        return node switch
        {
            CodeDeclare declare => Declare(declare),
            CodeAssign assign => new CodeAssign(Map(assign.Target), Map(assign.Value), assign.Operator, assign.TrailingComment),
            CodeExpression statement => new CodeExpression(Map(statement.Expression)),
            CodeReturn { Value: { } value } => new CodeReturn(Map(value)),
            CodeThrow thrown => new CodeThrow(Map(thrown.Exception)),
            CodeThrowArgument thrown => new CodeThrowArgument(thrown.Message.Select(part => part is Expr expr ? Map(expr) : part).ToList(), thrown.Parameter),
            CodeIf branch => new CodeIf(Map(branch.Condition), Rewrite(branch.Then, dropped, map, reads), Rewrite(branch.Else, dropped, map, reads)),
            CodeLoop loop => new CodeLoop(
                loop.Kind,
                Map(loop.Condition),
                Rewrite(loop.Body, dropped, map, reads),
                loop.Initializer is null ? null : Declare(loop.Initializer),
                loop.Step is null ? null : Map(loop.Step)),
            CodeTry guarded => new CodeTry(Rewrite(guarded.Body, dropped, map, reads), Rewrite(guarded.Finally, dropped, map, reads)),
            _ => node,
        };
    }

    /// <summary>Drops an <c>// adjoint of: ...</c> comment whose code was all copies: the next line is another comment, a blank line or the end of the block.</summary>
    private static void RemoveEmptyStepComments(List<CodeNode> nodes)
    {
        for (int i = nodes.Count - 1; i >= 0; i--)
        {
            if (nodes[i] is CodeComment comment
                && comment.Text.StartsWith(ReverseBuilder.AdjointOfPrefix, StringComparison.Ordinal)
                && (i + 1 == nodes.Count || nodes[i + 1] is CodeComment or CodeBlank))
            {
                nodes.RemoveAt(i);
            }
        }
    }
}
