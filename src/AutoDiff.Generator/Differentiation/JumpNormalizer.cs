using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// Removes <c>break</c>, <c>continue</c> and <c>return</c> from loops, so every loop has one entry and
/// one exit and its backward pass only needs the trip count. A jump sets a bool flag: <c>break</c> and
/// <c>return</c> end the loop through its condition, and the statements a jump skips move into the
/// branch that falls through (or under an <c>if</c> on the flags). A value returned inside a loop is
/// kept in a local and returned after the loop.
/// </summary>
internal sealed class JumpNormalizer
{
    [Flags]
    private enum Jumps
    {
        None = 0,
        Break = 1,
        Continue = 2,
        Return = 4,
    }

    private readonly Func<string, string> _fresh;
    private readonly ScalarType _returnType;
    private string? _returned;
    private string? _result;

    private JumpNormalizer(Func<string, string> fresh, ScalarType returnType)
    {
        _fresh = fresh;
        _returnType = returnType;
    }

    /// <param name="fresh">Gives a local name that no source or generated name uses.</param>
    public static List<Stmt> Normalize(IReadOnlyList<Stmt> body, ScalarType returnType, Func<string, string> fresh)
    {
        if (!body.Descendants().OfType<LoopStmt>().Any())
        {
            return body.ToList();
        }

        var normalizer = new JumpNormalizer(fresh, returnType);
        List<Stmt> result = normalizer.Block(body);
        if (normalizer._returned is not null)
        {
            result.InsertRange(0, new Stmt[]
            {
                new DeclareStmt("bool " + normalizer._returned + " = false", normalizer._returned, ScalarType.Bool, Literal(ScalarType.Bool, "false")),
                new DeclareStmt(returnType.Keyword() + " " + normalizer._result + " = 0", normalizer._result!, returnType, Literal(returnType, returnType == ScalarType.Float ? "0f" : "0.0")),
            });
        }

        return result;
    }

    /// <summary>A block outside any loop: loops in it are rewritten; a loop that may return is followed by that return.</summary>
    private List<Stmt> Block(IReadOnlyList<Stmt> statements)
    {
        var output = new List<Stmt>();
        foreach (Stmt statement in statements)
        {
            switch (statement)
            {
                case LoopStmt loop:
                    {
                        output.AddRange(Loop(loop, out Jumps jumps, out bool onlyReturnEnds));
                        var ret = new ReturnStmt("return " + _result, new VariableExpr(_returnType, _result!, _result!));
                        if (onlyReturnEnds)
                        {
                            // while (true) without a break ends only by returning.
                            output.Add(ret);
                            return output;
                        }

                        if ((jumps & Jumps.Return) != 0)
                        {
                            output.Add(new IfStmt("if (" + _returned + ")", Variable(_returned!), One(ret), EquatableArray<Stmt>.Empty));
                        }

                        break;
                    }

                case IfStmt branch:
                    output.Add(branch with { Then = Block(branch.Then).ToEquatableArray(), Else = Block(branch.Else).ToEquatableArray() });
                    break;

                default:
                    output.Add(statement);
                    break;
            }
        }

        return output;
    }

    /// <summary>The loop without jumps, preceded by the declarations of its flags; <paramref name="escapes"/> tells whether it may return.</summary>
    private List<Stmt> Loop(LoopStmt loop, out Jumps escapes) => Loop(loop, out escapes, out _);

    /// <param name="onlyReturnEnds">The loop's condition is always true and it has no break: it ends only by returning.</param>
    private List<Stmt> Loop(LoopStmt loop, out Jumps escapes, out bool onlyReturnEnds)
    {
        var flags = new LoopFlags();
        (List<Stmt> body, Jumps jumps) = Rewrite(loop.Body, flags);
        escapes = jumps & Jumps.Return;
        onlyReturnEnds = loop.Condition is LiteralExpr { Value.IsTrue: true } && (jumps & Jumps.Break) == 0 && escapes != 0;
        var output = new List<Stmt>();
        if (jumps == Jumps.None)
        {
            output.Add(loop with { Body = body.ToEquatableArray() });
            return output;
        }

        Expr condition = loop.Condition;
        var stops = new List<string>();
        if (flags.Break is not null)
        {
            output.Add(new DeclareStmt("bool " + flags.Break + " = false", flags.Break, ScalarType.Bool, Literal(ScalarType.Bool, "false")));
            stops.Add(flags.Break);
        }

        if ((jumps & Jumps.Return) != 0)
        {
            stops.Add(_returned!);
        }

        if (flags.Continue is not null)
        {
            output.Add(new DeclareStmt("bool " + flags.Continue + " = false", flags.Continue, ScalarType.Bool, Literal(ScalarType.Bool, "false")));
            body.Insert(0, Set(flags.Continue, "false"));
        }

        List<Stmt> step = loop.Step.ToList();
        foreach (string stop in Enumerable.Reverse(stops))
        {
            condition = new BinaryExpr(ScalarType.Bool, "!" + stop + " && " + condition.Source, BinaryOperator.ConditionalAnd, Not(stop), condition);
        }

        if (stops.Count > 0 && step.Count > 0)
        {
            // After a break the increment does not run.
            step = new List<Stmt> { new IfStmt("if (" + Negation(stops) + ")", Guard(stops), step.ToEquatableArray(), EquatableArray<Stmt>.Empty) };
        }

        output.Add(loop with { Condition = condition, Body = body.ToEquatableArray(), Step = step.ToEquatableArray() });
        return output;
    }

    private sealed class LoopFlags
    {
        public string? Break;
        public string? Continue;
    }

    /// <summary>Rewrites the statements of a loop body; returns them and the jumps they may take.</summary>
    private (List<Stmt> Statements, Jumps Jumps) Rewrite(IReadOnlyList<Stmt> statements, LoopFlags flags)
    {
        var output = new List<Stmt>();
        for (int i = 0; i < statements.Count; i++)
        {
            Stmt statement = statements[i];
            List<Stmt> rest() => statements.Skip(i + 1).ToList();
            switch (statement)
            {
                case BreakStmt:
                    flags.Break ??= _fresh("broke");
                    output.Add(Set(flags.Break, "true"));
                    return (output, Jumps.Break);

                case ContinueStmt:
                    flags.Continue ??= _fresh("skip");
                    output.Add(Set(flags.Continue, "true"));
                    return (output, Jumps.Continue);

                case ReturnStmt ret:
                    _returned ??= _fresh("returned");
                    _result ??= _fresh("result");
                    output.Add(new AssignStmt(ret.Source, _result, ret.Value));
                    output.Add(Set(_returned, "true"));
                    return (output, Jumps.Return);

                case LoopStmt loop:
                    {
                        output.AddRange(Loop(loop, out Jumps escapes));
                        if (escapes == Jumps.None)
                        {
                            break;
                        }

                        (List<Stmt> after, Jumps later) = Rewrite(rest(), flags);
                        if (after.Count > 0)
                        {
                            output.Add(new IfStmt("if (!" + _returned + ")", Not(_returned!), after.ToEquatableArray(), EquatableArray<Stmt>.Empty));
                        }

                        return (output, escapes | later);
                    }

                case IfStmt branch:
                    {
                        (List<Stmt> then, Jumps fromThen) = Rewrite(branch.Then, flags);
                        (List<Stmt> otherwise, Jumps fromElse) = Rewrite(branch.Else, flags);
                        Jumps taken = fromThen | fromElse;
                        if (taken == Jumps.None)
                        {
                            output.Add(branch with { Then = then.ToEquatableArray(), Else = otherwise.ToEquatableArray() });
                            break;
                        }

                        List<Stmt> remaining = rest();
                        if (remaining.Count == 0)
                        {
                            output.Add(branch with { Then = then.ToEquatableArray(), Else = otherwise.ToEquatableArray() });
                            return (output, taken);
                        }

                        if (AlwaysJumps(branch.Then) && fromElse == Jumps.None)
                        {
                            // if (c) break; rest  →  if (c) { flag } else { rest }
                            (List<Stmt> after, Jumps later) = Rewrite(remaining, flags);
                            output.Add(branch with { Then = then.ToEquatableArray(), Else = otherwise.Concat(after).ToEquatableArray() });
                            return (output, taken | later);
                        }

                        if (AlwaysJumps(branch.Else) && fromThen == Jumps.None)
                        {
                            (List<Stmt> after, Jumps later) = Rewrite(remaining, flags);
                            output.Add(branch with { Then = then.Concat(after).ToEquatableArray(), Else = otherwise.ToEquatableArray() });
                            return (output, taken | later);
                        }

                        output.Add(branch with { Then = then.ToEquatableArray(), Else = otherwise.ToEquatableArray() });
                        var set = new List<string>();
                        if ((taken & Jumps.Break) != 0)
                        {
                            set.Add(flags.Break!);
                        }

                        if ((taken & Jumps.Continue) != 0)
                        {
                            set.Add(flags.Continue!);
                        }

                        if ((taken & Jumps.Return) != 0)
                        {
                            set.Add(_returned!);
                        }

                        (List<Stmt> guarded, Jumps guardedJumps) = Rewrite(remaining, flags);
                        output.Add(new IfStmt("if (" + Negation(set) + ")", Guard(set), guarded.ToEquatableArray(), EquatableArray<Stmt>.Empty));
                        return (output, taken | guardedJumps);
                    }

                default:
                    output.Add(statement);
                    break;
            }
        }

        return (output, Jumps.None);
    }


    /// <summary>Every path through the statements ends in a jump out of the loop body.</summary>
    private static bool AlwaysJumps(IEnumerable<Stmt> statements) =>
        statements.Any(s => s is BreakStmt or ContinueStmt or ReturnStmt or ThrowStmt || (s is IfStmt branch && AlwaysJumps(branch.Then) && AlwaysJumps(branch.Else)));

    /// <summary><c>!a &amp;&amp; !b</c>: none of the flags is set.</summary>
    private static Expr Guard(IReadOnlyList<string> flags)
    {
        Expr guard = Not(flags[0]);
        foreach (string flag in flags.Skip(1))
        {
            guard = new BinaryExpr(ScalarType.Bool, guard.Source + " && !" + flag, BinaryOperator.ConditionalAnd, guard, Not(flag));
        }

        return guard;
    }

    private static string Negation(IEnumerable<string> flags) => string.Join(" && ", flags.Select(f => "!" + f));

    private static Stmt Set(string flag, string value) => new AssignStmt(flag + " = " + value, flag, Literal(ScalarType.Bool, value));

    private static Expr Variable(string name) => new VariableExpr(ScalarType.Bool, name, name);

    private static Expr Not(string name) => new UnaryExpr(ScalarType.Bool, "!" + name, UnaryOperator.Not, Variable(name));

    private static LiteralExpr Literal(ScalarType type, string code) =>
        new(type, code, type == ScalarType.Bool ? Constant.Boolean(code == "true") : Constant.Real(0, type));

    private static EquatableArray<Stmt> One(Stmt statement) => new(new[] { statement });
}
