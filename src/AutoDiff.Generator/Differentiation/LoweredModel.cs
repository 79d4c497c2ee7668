using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Rules;

namespace AutoDiff.Generator.Differentiation;

// The lowered form: one operation per statement, every variable assigned once per path (SSA), so
// each forward statement has exactly one tangent statement and one group of adjoint statements.
// These are working objects inside one generation step, never pipeline models.

/// <summary>A block of lowered statements; the method body or one branch of an <see cref="LIf"/>.</summary>
internal sealed class LBlock
{
    public LBlock(LBlock? parent) => Parent = parent;

    public LBlock? Parent { get; }

    public bool IsRoot => Parent is null;

    public List<LStmt> Statements { get; } = new();
}

/// <summary>One SSA value. Locals get a new version at every assignment (<c>y</c>, <c>y_1</c>, ...).</summary>
internal sealed class LVar
{
    public LVar(string name, ScalarType type, LBlock block, bool isJoin)
    {
        Name = name;
        Type = type;
        Block = block;
        IsJoin = isJoin;
    }

    public string Name { get; }

    public ScalarType Type { get; }

    /// <summary>Depends on a differentiable input, so it has a tangent and an adjoint.</summary>
    public bool Active { get; set; }

    /// <summary>The block whose scope the value belongs to.</summary>
    public LBlock Block { get; }

    /// <summary>Declared before an if and assigned in its branches (a join of branch values, or the method's result).</summary>
    public bool IsJoin { get; set; }

    /// <summary>A vector: a vector parameter or a local array; its elements are read through <see cref="ElementRef"/> atoms.</summary>
    public bool IsArray { get; init; }

    /// <summary>Assigned inside a loop, so each iteration overwrites it.</summary>
    public bool InLoop { get; init; }

    /// <summary>Carried by a loop: copied in before it and assigned in it, so it has more than one assignment.</summary>
    public bool Mutable { get; init; }
}

/// <summary>A reference to an SSA value inside a lowered expression tree; printed as the value's name.</summary>
internal sealed record VarRef(LVar Variable) : Expr(Variable.Type, string.Empty);

/// <summary>An element of a vector, <c>Array[Index]</c>; the index is an inactive integer expression.</summary>
internal sealed record ElementRef(LVar Array, Expr Index)
{
    /// <summary>The values the index reads.</summary>
    public IReadOnlyList<LVar> IndexUses => LoweredQueries.Uses(Index).ToList();

    /// <summary>The element as an expression of the array's element type.</summary>
    public Expr ToExpr() => new IndexExpr(Array.Type, new VarRef(Array), Index);
}

/// <summary>An operand: a variable, a literal, a constant external value or a vector element.</summary>
internal sealed record Atom(Expr Expr)
{
    public ScalarType Type => Expr.Type;

    public LVar? Variable => (Expr as VarRef)?.Variable;

    public ElementRef? Element => Expr is IndexExpr { Target: VarRef array } element ? new ElementRef(array.Variable, element.Index) : null;

    public bool Active => Variable?.Active == true || Element?.Array.Active == true;

    public static Atom Of(LVar variable) => new(new VarRef(variable));
}

internal abstract class LStmt
{
}

/// <summary>Marks the start of the statements lowered from one source statement.</summary>
internal sealed class LComment : LStmt
{
    public LComment(string source) => Source = source;

    public string Source { get; }
}

internal sealed class LAssign : LStmt
{
    public LAssign(LVar target, LOp operation)
    {
        Target = target;
        Operation = operation;
    }

    public LVar Target { get; }

    public LOp Operation { get; }
}

/// <summary>An if whose branches each end by assigning <see cref="Joins"/>, declared just before it.</summary>
internal sealed class LIf : LStmt
{
    public LIf(Expr condition, LBlock then, LBlock otherwise, List<LVar> joins, string flag)
    {
        Condition = condition;
        ConditionUses = LoweredQueries.Uses(condition).ToList();
        Then = then;
        Else = otherwise;
        Joins = joins;
        Flag = flag;
    }

    public Expr Condition { get; }

    /// <summary>The values the condition reads.</summary>
    public IReadOnlyList<LVar> ConditionUses { get; }

    public LBlock Then { get; }

    public LBlock Else { get; }

    public List<LVar> Joins { get; }

    /// <summary>Name of the bool that remembers the branch for the backward pass.</summary>
    public string Flag { get; }
}

/// <summary>
/// A loop <c>while (Condition) Body</c> (or do-while). Its backward pass runs the body's adjoints once per
/// forward iteration, counted in <see cref="Counter"/>.
/// </summary>
internal sealed class LLoop : LStmt
{
    public LLoop(Expr condition, LBlock body, bool testFirst, string counter, List<LVar> carried)
    {
        Condition = condition;
        ConditionUses = LoweredQueries.Uses(condition).ToList();
        Body = body;
        TestFirst = testFirst;
        Counter = counter;
        Carried = carried;
    }

    public Expr Condition { get; }

    public IReadOnlyList<LVar> ConditionUses { get; }

    public LBlock Body { get; }

    /// <summary>False for a do-while loop.</summary>
    public bool TestFirst { get; }

    /// <summary>Name of the int that counts iterations for the backward pass.</summary>
    public string Counter { get; }

    /// <summary>The loop's <see cref="LVar.Mutable"/> variables: their adjoints flow from one iteration to the one before.</summary>
    public List<LVar> Carried { get; }
}

/// <summary>A zeroed local array of <c>Length</c> elements, declared at the top level of the method.</summary>
internal sealed class LArrayDecl : LStmt
{
    public LArrayDecl(LVar array, Expr length)
    {
        Array = array;
        Length = length;
        LengthUses = LoweredQueries.Uses(length).ToList();
    }

    public LVar Array { get; }

    public Expr Length { get; }

    public IReadOnlyList<LVar> LengthUses { get; }
}

/// <summary><c>Element = Value</c>: a store into a local array; or <c>Element += Value</c> (or <c>-=</c>).</summary>
internal sealed class LStore : LStmt
{
    public LStore(ElementRef element, Atom value, AssignOperator op = AssignOperator.Assign)
    {
        Element = element;
        Value = value;
        Operator = op;
    }

    public ElementRef Element { get; }

    public Atom Value { get; }

    /// <summary>
    /// <see cref="AssignOperator.Add"/> or <see cref="AssignOperator.Subtract"/> for <c>a[i] += v</c>: the element's
    /// adjoint passes through to its old value unchanged, as a variable's does in <c>s += v</c>.
    /// </summary>
    public AssignOperator Operator { get; }

    /// <summary>The store reads the element it writes (<c>+=</c>, <c>-=</c>).</summary>
    public bool Accumulates => Operator != AssignOperator.Assign;
}

internal abstract class LOp
{
}

/// <summary>A rule-table operation: an operator or a math function.</summary>
internal sealed class LApply : LOp
{
    public LApply(DerivativeRule rule, string? receiver, List<Atom> arguments)
    {
        Rule = rule;
        Receiver = receiver;
        Arguments = arguments;
    }

    public DerivativeRule Rule { get; }

    /// <summary>The type a function is called on (<c>Math</c>, <c>double</c>, ...); null for operators.</summary>
    public string? Receiver { get; }

    public List<Atom> Arguments { get; }
}

/// <summary>A copy or a numeric conversion of one operand (derivative 1).</summary>
internal sealed class LConvert : LOp
{
    public LConvert(Atom operand) => Operand = operand;

    public Atom Operand { get; }
}

/// <summary>
/// A call with scalar arguments whose partial derivatives come from the callee: another [Differentiable]
/// method (its generated <c>Gradient</c>) or a <c>[DerivativeOf]</c> partials method.
/// </summary>
internal sealed class LCall : LOp
{
    public LCall(DifferentiableCallExpr call, List<Atom> arguments)
    {
        Callee = call.ContainingType + "." + call.MethodName;
        Type = call.Type;
        Arguments = arguments;
        ArgumentIsDifferentiable = call.ArgumentIsDifferentiable.ToArray();
        PartialNames = call.ParameterNames.Select(name => "d" + name).ToArray();
        CalleeKey = call.CalleeKey;
        CalleeInSource = call.CalleeInSource;
        ExternalDual = call.ExternalDual;
    }

    /// <summary>A [Differentiable] callee's <see cref="MethodModel.Key"/>.</summary>
    public string CalleeKey { get; } = string.Empty;

    /// <summary>The [Differentiable] callee is in this compilation.</summary>
    public bool CalleeInSource { get; }

    /// <summary>A [Differentiable] callee from another assembly has a <c>GradientDual</c>.</summary>
    public bool ExternalDual { get; }

    public LCall(CustomCallExpr call, List<Atom> arguments)
    {
        Callee = call.Function;
        Type = call.Type;
        Arguments = arguments;
        ArgumentIsDifferentiable = call.Differentiable.ToArray();
        PartialNames = Enumerable.Range(0, arguments.Count).Select(i => "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Partials = call.Partials;
    }

    /// <summary>The called method, qualified (<c>global::Demo.C.Cell</c>).</summary>
    public string Callee { get; }

    public ScalarType Type { get; }

    public List<Atom> Arguments { get; }

    public IReadOnlyList<bool> ArgumentIsDifferentiable { get; }

    /// <summary>Suffixes of the locals that keep the partials (<c>t3_dx</c>).</summary>
    public IReadOnlyList<string> PartialNames { get; }

    /// <summary>The <c>[DerivativeOf]</c> partials method; null for a [Differentiable] callee.</summary>
    public string? Partials { get; }

    public bool Differentiates(int argument) => ArgumentIsDifferentiable[argument] && Arguments[argument].Active;
}

/// <summary>One argument of an <see cref="LVectorCall"/>: a scalar operand, a whole vector, or a slice of one.</summary>
internal sealed record CallArgument(Atom? Value, LVar? Vector)
{
    public bool Active => Value?.Active ?? Vector!.Active;

    /// <summary>For a slice of <see cref="Vector"/>: the slice (its derivative is the same slice of the vector's derivative).</summary>
    public SliceExpr? Slice { get; init; }

    public Expr Expr => Value?.Expr ?? Slice ?? (Expr)new VarRef(Vector!);

    /// <summary>The values the argument reads: its operand's, or the vector and its slice's offset and length.</summary>
    public IEnumerable<LVar> Uses => Value is { } value ? LoweredQueries.ReadBy(value)
        : Slice is null ? new[] { Vector! }
        : new[] { Vector! }.Concat(LoweredQueries.Uses(Slice.Offset)).Concat(LoweredQueries.Uses(Slice.Length));

    /// <summary>The same part of another span of the vector's length (its tangent or adjoint).</summary>
    public Expr Part(Expr span) => Slice is null ? span : Slice with { Target = span, OnArray = false };

    /// <summary>How many elements the argument passes.</summary>
    public Expr Length => Slice?.Length ?? Code.Length(new VarRef(Vector!));
}

/// <summary>
/// A call through a pullback and a pushforward (<c>[DerivativeOf]</c>), or to a [Differentiable] callee
/// that takes vectors (through its generated derivatives). In an <see cref="LAssign"/> when it returns a
/// value, in an <see cref="LCallStatement"/> when it only writes outputs.
/// </summary>
internal sealed class LVectorCall : LOp
{
    public LVectorCall(CustomCallExpr call, List<CallArgument> arguments)
    {
        Call = call;
        Arguments = arguments;
    }

    public CustomCallExpr Call { get; }

    public List<CallArgument> Arguments { get; }

    /// <summary>Some input it differentiates with respect to is active.</summary>
    public bool HasActiveInput =>
        Arguments.Where((a, i) => Call.Differentiable[i] && Call.Role(i) != ArgumentRole.Output).Any(a => a.Active);

    public IEnumerable<LVar> Outputs => OutputArguments.Select(a => a.Vector!);

    /// <summary>The arguments the call writes (whole vectors or slices).</summary>
    public IEnumerable<CallArgument> OutputArguments => Arguments.Where((a, i) => Call.Role(i) == ArgumentRole.Output);

    /// <summary>The call itself, as the user wrote it.</summary>
    public Expr Primal => new InvokeExpr(Call.Type, null, Call.Function, Arguments.Select(a => a.Expr).ToEquatableArray());
}

/// <summary>A void <see cref="LVectorCall"/>: it writes its output vectors.</summary>
internal sealed class LCallStatement : LStmt
{
    public LCallStatement(LVectorCall call) => Call = call;

    public LVectorCall Call { get; }
}

/// <summary>A value that does not depend on differentiable inputs, computed as written.</summary>
internal sealed class LConstant : LOp
{
    public LConstant(Expr value)
    {
        Value = value;
        Uses = LoweredQueries.Uses(value).ToList();
    }

    public Expr Value { get; }

    /// <summary>The values the expression reads.</summary>
    public IReadOnlyList<LVar> Uses { get; }

    /// <summary>For <c>i = i + 1</c>: the expression that computes the old value from the new one (<c>i - 1</c>), so it need not be saved.</summary>
    public Expr? Inverse { get; init; }
}

internal sealed class LoweredMethod
{
    public LoweredMethod(MethodModel method, LBlock root, List<LVar> parameters, LVar? result, NameAllocator names)
    {
        Method = method;
        Root = root;
        Parameters = parameters;
        Result = result;
        Names = names;
    }

    public MethodModel Method { get; }

    public LBlock Root { get; }

    /// <summary>Parameter values, in order; a parameter is active when it is differentiable.</summary>
    public List<LVar> Parameters { get; }

    /// <summary>True when returns sit in branches, so the result is declared before the first statement.</summary>
    public bool ResultDeclaredUpFront { get; set; }

    /// <summary>The returned value; null for a vector-valued method, whose results are its <see cref="Outputs"/>.</summary>
    public LVar? Result { get; }

    /// <summary>For a method returning a tuple or struct of reals: its leaves, in order, declared before the first statement and assigned at each return.</summary>
    public List<LVar>? Results { get; init; }

    /// <summary>The differentiable inputs, in parameter order: the columns of the Jacobian.</summary>
    public IEnumerable<LVar> Inputs => Parameters.Where(p => DerivativeNames.ContainsKey(p));

    /// <summary>The output vectors of a vector-valued method, in parameter order: the rows of the Jacobian.</summary>
    public IEnumerable<LVar> Outputs => Parameters.Where((p, i) => Method.Parameters[i].IsOutput);

    /// <summary>Names used so far; each builder allocates from its own clone.</summary>
    public NameAllocator Names { get; }

    /// <summary>Public name of a parameter's derivative: gradient output and tangent input (<c>dx</c>).</summary>
    public Dictionary<LVar, string> DerivativeNames { get; } = new();
}
