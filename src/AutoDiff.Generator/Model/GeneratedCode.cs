using System.Collections.Generic;

namespace AutoDiff.Generator.Model;

// Generated code as a tree: what the builders in Differentiation/ produce and the printer in Emitting/
// turns into text. Statements hold expression trees (Expr) and types (TypeRef), never C# text; names
// of generated locals are plain identifiers. Working objects of one generation step, never pipeline models.

internal abstract class CodeNode
{
}

/// <summary>A <c>//</c> comment line.</summary>
internal sealed class CodeComment : CodeNode
{
    public CodeComment(string text) => Text = text;

    public string Text { get; }
}

internal sealed class CodeBlank : CodeNode
{
    public static readonly CodeBlank Instance = new();
}

/// <summary><c>Type Name = Value;</c> (or <c>Type Name;</c>).</summary>
internal sealed class CodeDeclare : CodeNode
{
    public CodeDeclare(TypeRef type, string name, Expr? value = null)
    {
        Type = type;
        Name = name;
        Value = value;
    }

    public TypeRef Type { get; }

    public string Name { get; }

    public Expr? Value { get; }

    /// <summary>
    /// The adjoint a backward pass starts from, 1 (<c>double value_bar = 1;</c>): where nothing writes it again, a pass
    /// may write the 1 where it is read (<c>value_bar * y0</c> is <c>y0</c>).
    /// </summary>
    public bool IsSeed { get; init; }
}

internal enum AssignOperator
{
    Assign,
    Add,
    Subtract,
}

/// <summary><c>Target = Value;</c>, <c>+=</c> or <c>-=</c>, with an optional comment at the end of the line.</summary>
internal sealed class CodeAssign : CodeNode
{
    public CodeAssign(Expr target, Expr value, AssignOperator op = AssignOperator.Assign, string? trailingComment = null)
    {
        Target = target;
        Value = value;
        Operator = op;
        TrailingComment = trailingComment;
    }

    public Expr Target { get; }

    public Expr Value { get; }

    public AssignOperator Operator { get; }

    public string? TrailingComment { get; }
}

/// <summary>An expression statement: a call, or an increment.</summary>
internal sealed class CodeExpression : CodeNode
{
    public CodeExpression(Expr expression) => Expression = expression;

    public Expr Expression { get; }
}

internal sealed class CodeReturn : CodeNode
{
    public CodeReturn(Expr? value) => Value = value;

    public Expr? Value { get; }
}

/// <summary>
/// <c>throw new global::System.ArgumentException(Message, nameof(Parameter));</c>. The message is text and
/// expressions, the expressions printed as code (<c>"hessian must have n * n elements, n = a.Length + 1 ..."</c>).
/// </summary>
internal sealed class CodeThrowArgument : CodeNode
{
    public CodeThrowArgument(IReadOnlyList<object> message, string parameter)
    {
        Message = message;
        Parameter = parameter;
    }

    /// <summary>Strings and <see cref="Expr"/>s, in order.</summary>
    public IReadOnlyList<object> Message { get; }

    public string Parameter { get; }
}

/// <summary><c>throw Exception;</c>: a guard of the user's method, kept in the primal part.</summary>
internal sealed class CodeThrow : CodeNode
{
    public CodeThrow(Expr exception) => Exception = exception;

    public Expr Exception { get; }
}

internal sealed class CodeIf : CodeNode
{
    public CodeIf(Expr condition, List<CodeNode> then, List<CodeNode>? otherwise = null)
    {
        Condition = condition;
        Then = then;
        Else = otherwise ?? new List<CodeNode>();
    }

    public Expr Condition { get; }

    public List<CodeNode> Then { get; }

    public List<CodeNode> Else { get; }
}

internal enum LoopKind
{
    /// <summary><c>while (Condition) { Body }</c></summary>
    While,

    /// <summary><c>do { Body } while (Condition);</c></summary>
    DoWhile,

    /// <summary><c>for (Initializer; Condition; Step) { Body }</c></summary>
    For,
}

internal sealed class CodeLoop : CodeNode
{
    public CodeLoop(LoopKind kind, Expr condition, List<CodeNode> body, CodeDeclare? initializer = null, Expr? step = null)
    {
        Kind = kind;
        Condition = condition;
        Body = body;
        Initializer = initializer;
        Step = step;
    }

    public LoopKind Kind { get; }

    public Expr Condition { get; }

    public List<CodeNode> Body { get; }

    public CodeDeclare? Initializer { get; }

    public Expr? Step { get; }
}

/// <summary><c>try { Body } finally { Finally }</c>.</summary>
internal sealed class CodeTry : CodeNode
{
    public CodeTry(List<CodeNode> body, List<CodeNode> @finally)
    {
        Body = body;
        Finally = @finally;
    }

    public List<CodeNode> Body { get; }

    public List<CodeNode> Finally { get; }
}

/// <summary>A parameter of a generated method.</summary>
internal sealed record CodeParameter(TypeRef Type, string Name, ArgumentModifier? Modifier = null);

/// <summary>A generated method: its doc comment, signature and body.</summary>
internal sealed class GeneratedMethod
{
    public GeneratedMethod(string summary, string accessibility, TypeRef? returnType, string name, List<CodeParameter> parameters, List<CodeNode> body)
    {
        Summary = summary;
        Accessibility = accessibility;
        ReturnType = returnType;
        Name = name;
        Parameters = parameters;
        Body = body;
    }

    public string Summary { get; }

    public string Accessibility { get; }

    /// <summary>Null for <c>void</c>.</summary>
    public TypeRef? ReturnType { get; }

    public string Name { get; }

    public List<CodeParameter> Parameters { get; }

    public List<CodeNode> Body { get; }

    /// <summary>Quote the method's body in the doc comment; second-order methods leave that to <c>FGradient</c> (less code to compile).</summary>
    public bool QuotesSource { get; init; } = true;
}

/// <summary>Everything one method's generated file holds, before printing.</summary>
internal sealed class GeneratedFile
{
    public GeneratedFile(MethodModel method, List<GeneratedMethod> methods, string? noHessian)
    {
        Method = method;
        Methods = methods;
        NoHessian = noHessian;
    }

    public MethodModel Method { get; }

    public List<GeneratedMethod> Methods { get; }

    /// <summary>Why the method gets no second derivatives, said in the file's header; null when it gets them or none were asked for.</summary>
    public string? NoHessian { get; }
}
