using AutoDiff.Generator.Differentiation;
using AutoDiff.Generator.Emitting;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Tests.Lowering;

/// <summary>
/// <see cref="CopyPropagation"/> on hand-made method bodies: a local that only copies another is dropped when
/// neither is written again, and kept in every case where it could hold something else.
/// </summary>
public class CopyPropagationTests
{
    private static readonly TypeRef Double = TypeRef.Of(ScalarType.Double);

    [Fact]
    public void A_chain_of_copies_reads_its_first_name_and_an_emptied_step_comment_goes()
    {
        string code = Propagate(
            new CodeParameter[] { new(Double, "x") },
            Code.Declare(Double, "value_bar", Code.Real(1, ScalarType.Double)),
            Code.Comment(ReverseBuilder.AdjointOfPrefix + "return t4 + t6;"),
            Code.Declare(Double, "t4_bar", Code.Name("value_bar")),
            Code.Comment(ReverseBuilder.AdjointOfPrefix + "t4 = t1;"),
            Code.Declare(Double, "t1_bar", Code.Name("t4_bar")),
            Code.Declare(Double, "x_bar", Code.Multiply(Code.Name("t1_bar"), Code.Name("x"))),
            Code.Declare(Double, "dx_copy", Code.Name("x")),
            Code.Return(Code.Add(Code.Name("x_bar"), Code.Name("dx_copy"))));

        Assert.Equal(
            """
            double value_bar = 1.0;
            // adjoint of: t4 = t1;
            double x_bar = value_bar * x;
            return x_bar + x;

            """,
            code);
    }

    [Fact]
    public void A_copy_inside_a_loop_or_branch_of_a_value_never_written_again_goes()
    {
        string code = Propagate(
            Array.Empty<CodeParameter>(),
            Code.Declare(Double, "seed", Code.Real(1, ScalarType.Double)),
            Code.Declare(Double, "sum", Code.Real(0, ScalarType.Double)),
            Code.ForUp("i", Code.Int(0), Code.Int(3), new List<CodeNode>
            {
                Code.Declare(Double, "t_bar", Code.Name("seed")),
                Code.If(Code.Bool(true), new List<CodeNode> { Code.Declare(Double, "u_bar", Code.Name("t_bar")), Code.AddTo(Code.Name("sum"), Code.Name("u_bar")) }),
            }),
            Code.Return(Code.Name("sum")));

        Assert.DoesNotContain("t_bar", code, StringComparison.Ordinal);
        Assert.DoesNotContain("u_bar", code, StringComparison.Ordinal);
        Assert.Contains("sum += seed;", code, StringComparison.Ordinal);
    }

    [Fact]
    public void A_copy_stays_where_either_side_is_written_again_or_the_types_differ()
    {
        string code = Propagate(
            new CodeParameter[] { new(Double, "x"), new(Double, "r", ArgumentModifier.Ref), new(Double, "dx", ArgumentModifier.Out) },
            // The source is accumulated into after the copy: the copy keeps the value from before.
            Code.Declare(Double, "s_bar", Code.Name("x")),
            Code.Declare(Double, "a_bar", Code.Name("s_bar")),
            Code.AddTo(Code.Name("s_bar"), Code.Real(1, ScalarType.Double)),
            // The copy is accumulated into.
            Code.Declare(Double, "b_bar", Code.Name("x")),
            Code.AddTo(Code.Name("b_bar"), Code.Name("a_bar")),
            // A ref parameter, a local declared without a value and assigned, an out argument, an increment.
            Code.Declare(Double, "c", Code.Name("r")),
            Code.Declare(Double, "late"),
            Code.Assign(Code.Name("late"), Code.Name("x")),
            Code.Declare(Double, "d", Code.Name("late")),
            Code.Declare(Double, "e", Code.Name("x")),
            Code.Statement(Code.Call("Fill", Code.Out("e"))),
            Code.Declare(Double, "f", Code.Name("x")),
            Code.Statement(Code.Unary(UnaryOperator.PostIncrement, Code.Name("f"))),
            // Another type (an implicit conversion), and a copy a comment names.
            Code.Declare(TypeRef.Of(ScalarType.Int), "n", Code.Int(2)),
            Code.Declare(Double, "g", Code.Name("n", ScalarType.Int)),
            Code.Declare(Double, "k", Code.Name("x")),
            Code.Comment("k is read below"),
            Code.Assign(Code.Name("dx"), Code.Add(Code.Name("b_bar"), Code.Add(Code.Name("c"), Code.Add(Code.Name("d"), Code.Add(Code.Name("e"), Code.Add(Code.Name("f"), Code.Name("k"))))))),
            Code.Return(Code.Name("g")));

        foreach (string kept in new[] { "a_bar", "b_bar", "c", "d", "e", "f", "g", "k" })
        {
            Assert.Contains(" " + kept + " = ", code, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_seed_of_one_is_written_where_it_is_read_and_the_copies_it_leaves_go()
    {
        static CodeNode Seed(string name) => new CodeDeclare(Double, name, Code.Int(1)) { IsSeed = true };

        string code = Propagate(
            new CodeParameter[] { new(Double, "y"), new(TypeRef.Of(ScalarType.Int), "n") },
            Seed("value_bar"),
            Code.Declare(Double, "t5_bar", Code.Multiply(Code.Name("value_bar"), Code.Name("y"))),
            Code.Declare(Double, "x_bar", Code.Multiply(Code.Name("t5_bar"), Code.Real(0.5, ScalarType.Double))),
            Code.Declare(Double, "z_bar", Code.Conditional(Code.Binary(BinaryOperator.Equal, Code.Name("value_bar"), Code.Int(0)), Code.Int(0), Code.Divide(Code.Name("value_bar"), Code.Name("y")))),
            Code.AddTo(Code.Name("z_bar"), Code.Multiply(Code.Negate(Code.Name("value_bar")), Code.Multiply(Code.Int(2), Code.Name("y")))),
            // A product with an integer keeps its 1.0, so it stays real.
            Code.Declare(Double, "k_bar", Code.Multiply(Code.Name("value_bar"), Code.Name("n", ScalarType.Int))),
            // A seed written again is a variable like any other.
            Seed("s_bar"),
            Code.AddTo(Code.Name("s_bar"), Code.Name("x_bar")),
            Code.Return(Code.Add(Code.Name("z_bar"), Code.Add(Code.Name("k_bar"), Code.Name("s_bar")))));

        Assert.Equal(
            """
            double x_bar = y * 0.5;
            double z_bar = 1.0 / y;
            z_bar -= 2 * y;
            double k_bar = 1.0 * n;
            double s_bar = 1;
            s_bar += x_bar;
            return z_bar + (k_bar + s_bar);

            """,
            code);
    }

    [Fact]
    public void An_out_parameter_takes_the_value_of_a_local_written_once_and_read_only_by_the_copy_in_the_same_block()
    {
        string code = Propagate(
            new CodeParameter[] { new(Double, "x"), new(Double, "dx", ArgumentModifier.Out), new(Double, "dy", ArgumentModifier.Out), new(Double, "dz", ArgumentModifier.Out), new(Double, "derivative", ArgumentModifier.Out) },
            Code.Declare(Double, "dvalue", Code.Multiply(Code.Name("x"), Code.Name("x"))),
            Code.Declare(Double, "y_bar", Code.Name("dvalue")),
            // Written again: stays a local.
            Code.Declare(Double, "x_bar", Code.Name("x")),
            Code.AddTo(Code.Name("x_bar"), Code.Name("dvalue")),
            Code.Declare(Double, "only", Code.Multiply(Code.Name("x"), Code.Real(2, ScalarType.Double))),
            // Copied in a nested block: stays.
            Code.Declare(Double, "late", Code.Multiply(Code.Name("x"), Code.Real(3, ScalarType.Double))),
            Code.If(Code.Bool(true), new List<CodeNode> { Code.Assign(Code.Name("dy"), Code.Name("late")) }, new List<CodeNode> { Code.Assign(Code.Name("dy"), Code.Name("x")) }),
            Code.Assign(Code.Name("dx"), Code.Name("x_bar")),
            // Read elsewhere too: the out parameter is not read back, so the copy stays.
            Code.Assign(Code.Name("derivative"), Code.Name("dvalue")),
            Code.Assign(Code.Name("dz"), Code.Name("only")),
            Code.Return(Code.Name("y_bar")));

        Assert.Equal(
            """
            double dvalue = x * x;
            double x_bar = x;
            x_bar += dvalue;
            dz = x * 2.0;
            double late = x * 3.0;
            if (true)
            {
                dy = late;
            }
            else
            {
                dy = x;
            }

            dx = x_bar;
            derivative = dvalue;
            return dvalue;

            """,
            code);
    }

    private static string Propagate(CodeParameter[] parameters, params CodeNode[] body)
    {
        var method = new GeneratedMethod(string.Empty, "public", Double, "F", parameters.ToList(), body.ToList());
        var writer = new SourceWriter();
        writer.Nodes(CopyPropagation.Apply(method).Body);
        return writer.ToString();
    }
}
