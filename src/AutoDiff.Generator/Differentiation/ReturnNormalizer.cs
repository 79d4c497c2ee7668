using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// Rewrites early returns into structured form: after it, a return is always the last statement of
/// its block, and an if that contains a return ends its block with a return in both branches. The
/// statements after such an if move into the branch that falls through.
/// </summary>
internal static class ReturnNormalizer
{
    public static List<Stmt> Normalize(IReadOnlyList<Stmt> statements)
    {
        var result = new List<Stmt>();
        for (int i = 0; i < statements.Count; i++)
        {
            Stmt statement = statements[i];
            if (statement is ReturnStmt or ThrowStmt)
            {
                result.Add(statement);
                return result; // anything after it is unreachable
            }

            if (statement is IfStmt branch && (ContainsReturn(branch.Then) || ContainsReturn(branch.Else)))
            {
                var rest = statements.Skip(i + 1).ToList();
                List<Stmt> then = Normalize(AlwaysReturns(branch.Then) ? branch.Then.ToList() : branch.Then.Concat(rest).ToList());
                List<Stmt> otherwise = Normalize(AlwaysReturns(branch.Else) ? branch.Else.ToList() : branch.Else.Concat(rest).ToList());
                result.Add(branch with { Then = then.ToEquatableArray(), Else = otherwise.ToEquatableArray() });
                return result;
            }

            result.Add(statement);
        }

        return result;
    }

    public static bool EndsWithReturn(IReadOnlyList<Stmt> statements) => statements.Count > 0 && AlwaysReturns(statements);

    private static bool ContainsReturn(IEnumerable<Stmt> statements) =>
        statements.Any(s => s is ReturnStmt || (s is IfStmt branch && (ContainsReturn(branch.Then) || ContainsReturn(branch.Else))));

    /// <summary>Every path ends in a return or a throw (a guard's throw leaves the method as a return does).</summary>
    private static bool AlwaysReturns(IEnumerable<Stmt> statements) =>
        statements.Any(s => s is ReturnStmt or ThrowStmt || (s is IfStmt branch && AlwaysReturns(branch.Then) && AlwaysReturns(branch.Else)));
}
