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
/// arithmetic. A step comment left with no code under it (<c>// adjoint of: ...</c>) goes too.
/// </summary>
internal static class CopyPropagation
{
    public static GeneratedMethod Apply(GeneratedMethod method)
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

        // Copies in the order they are declared, so a chain (b = a; c = b) ends at its first name.
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (CodeDeclare copy in facts.Declarations)
        {
            if (copy.Value is { } value && NameOf(value) is { } source && facts.IsCopy(copy, source))
            {
                renames[copy.Name] = renames.TryGetValue(source, out string? first) ? first : source;
            }
        }

        if (renames.Count == 0)
        {
            return method;
        }

        return new GeneratedMethod(method.Summary, method.Accessibility, method.ReturnType, method.Name, method.Parameters, Rewrite(method.Body, renames))
        {
            QuotesSource = method.QuotesSource,
        };
    }

    /// <summary>The name a variable expression reads, or null for any other expression.</summary>
    private static string? NameOf(Expr expr) => expr switch
    {
        VariableExpr variable => variable.Name,
        VarRef reference => reference.Variable.Name,
        _ => null,
    };

    private static bool IsReal(TypeRef type) =>
        type.Kind == TypeRefKind.Scalar ? type.Scalar.IsReal() : type.Kind == TypeRefKind.Named && type.Name == Arithmetic.DualType;

    /// <summary>What the whole method does with each name: how often it is written, how it is declared, where comments mention it.</summary>
    private sealed class Facts
    {
        public Dictionary<string, TypeRef> Types { get; } = new(StringComparer.Ordinal);

        public HashSet<string> ByValue { get; } = new(StringComparer.Ordinal);

        public List<CodeDeclare> Declarations { get; } = new();

        private readonly Dictionary<string, int> _writes = new(StringComparer.Ordinal);

        private readonly HashSet<string> _declaredWithValue = new(StringComparer.Ordinal);

        private readonly List<string> _comments = new();

        public bool IsCopy(CodeDeclare copy, string source) =>
            IsReal(copy.Type)
            && Writes(copy.Name) == 1
            && Types.TryGetValue(source, out TypeRef? type) && type == copy.Type
            && (ByValue.Contains(source) ? Writes(source) == 0 : Writes(source) == 1 && _declaredWithValue.Contains(source))
            && !_comments.Any(comment => Mentions(comment, copy.Name));

        public void Scan(List<CodeNode> nodes)
        {
            foreach (CodeNode node in nodes)
            {
                switch (node)
                {
                    case CodeComment comment:
                        _comments.Add(comment.Text);
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
                            _comments.Add(trailing);
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
            foreach (Expr inner in ExprTrees.DescendantsAndSelf(expr))
            {
                switch (inner)
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

        private int Writes(string name) => _writes.TryGetValue(name, out int count) ? count : 0;

        private static bool Mentions(string text, string name)
        {
            for (int at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + 1, StringComparison.Ordinal))
            {
                bool before = at > 0 && IsNamePart(text[at - 1]);
                bool after = at + name.Length < text.Length && IsNamePart(text[at + name.Length]);
                if (!before && !after)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsNamePart(char c) => char.IsLetterOrDigit(c) || c == '_';
    }

    private static List<CodeNode> Rewrite(List<CodeNode> nodes, Dictionary<string, string> renames)
    {
        var result = new List<CodeNode>(nodes.Count);
        bool removed = false;
        foreach (CodeNode node in nodes)
        {
            if (node is CodeDeclare copy && renames.ContainsKey(copy.Name))
            {
                removed = true;
                continue;
            }

            result.Add(Rewrite(node, renames));
        }

        if (removed)
        {
            RemoveEmptyStepComments(result);
        }

        return result;
    }

    private static CodeNode Rewrite(CodeNode node, Dictionary<string, string> renames)
    {
        Expr Map(Expr expr) => ExprTrees.Rewrite(expr, e => NameOf(e) is { } name && renames.TryGetValue(name, out string? to) ? new VariableExpr(e.Type, e.Source, to) : e);

        CodeDeclare Declare(CodeDeclare declare) => declare.Value is null ? declare : new CodeDeclare(declare.Type, declare.Name, Map(declare.Value));

        return node switch
        {
            CodeDeclare declare => Declare(declare),
            CodeAssign assign => new CodeAssign(Map(assign.Target), Map(assign.Value), assign.Operator, assign.TrailingComment),
            CodeExpression statement => new CodeExpression(Map(statement.Expression)),
            CodeReturn { Value: { } value } => new CodeReturn(Map(value)),
            CodeThrow thrown => new CodeThrow(Map(thrown.Exception)),
            CodeThrowArgument thrown => new CodeThrowArgument(thrown.Message.Select(part => part is Expr expr ? Map(expr) : part).ToList(), thrown.Parameter),
            CodeIf branch => new CodeIf(Map(branch.Condition), Rewrite(branch.Then, renames), Rewrite(branch.Else, renames)),
            CodeLoop loop => new CodeLoop(
                loop.Kind,
                Map(loop.Condition),
                Rewrite(loop.Body, renames),
                loop.Initializer is null ? null : Declare(loop.Initializer),
                loop.Step is null ? null : Map(loop.Step)),
            CodeTry guarded => new CodeTry(Rewrite(guarded.Body, renames), Rewrite(guarded.Finally, renames)),
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
