using AutoDiff.Generator.Differentiation;
using AutoDiff.Generator.Emitting;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Tests.Infrastructure;

namespace AutoDiff.Generator.Tests;

/// <summary>Differentiation and emission run from a hand-made model, without Roslyn: they are pure functions of it.</summary>
public class EmitterTests
{
    [Fact]
    public void Hand_made_model_emits_both_modes()
    {
        // F(double x, double y, int n) { return x * Math.Exp(y); }: n is an int, so it is never differentiated.
        var x = new VariableExpr(ScalarType.Double, "x", "x");
        var y = new VariableExpr(ScalarType.Double, "y", "y");
        var exp = new MathCallExpr(ScalarType.Double, "Math.Exp(y)", "Math", "Exp", new EquatableArray<Expr>(new Expr[] { y }));
        var product = new BinaryExpr(ScalarType.Double, "x * Math.Exp(y)", BinaryOperator.Multiply, x, exp);
        var model = new MethodModel(
            "Handmade",
            new EquatableArray<ContainingTypeModel>(new[] { new ContainingTypeModel("class", "static", "Functions") }),
            "internal",
            "F",
            ScalarType.Double,
            new EquatableArray<ParameterModel>(new[]
            {
                new ParameterModel("x", ScalarType.Double, true),
                new ParameterModel("y", ScalarType.Double, true),
                new ParameterModel("n", ScalarType.Int, false),
            }),
            new EquatableArray<Stmt>(new Stmt[] { new ReturnStmt("return x * Math.Exp(y);", product) }),
            "{\n    return x * Math.Exp(y);\n}",
            ShortMathNames: false);

        string source = DerivativeFileEmitter.Emit(Differentiator.Differentiate(model));

        Snapshot.Match(source, nameof(Hand_made_model_emits_both_modes));
        Assert.Equal("Handmade.Functions.F_double_double_int.g.cs", model.HintName);
        Assert.Equal(source, DerivativeFileEmitter.Emit(Differentiator.Differentiate(model)));
    }

    [Fact]
    public void Failure_while_emitting_becomes_AD0007_instead_of_an_exception()
    {
        // A model no parser would produce: it reads a variable that was never declared.
        var model = new MethodModel(
            null,
            new EquatableArray<ContainingTypeModel>(new[] { new ContainingTypeModel("class", string.Empty, "C") }),
            "public",
            "Broken",
            ScalarType.Double,
            new EquatableArray<ParameterModel>(new[] { new ParameterModel("x", ScalarType.Double, true) }),
            new EquatableArray<Stmt>(new Stmt[] { new ReturnStmt("return ghost;", new VariableExpr(ScalarType.Double, "ghost", "ghost")) }),
            "=> ghost",
            ShortMathNames: true);

        (string? source, Microsoft.CodeAnalysis.Diagnostic? error) = DifferentiableGenerator.TryEmit(model);

        Assert.Null(source);
        Assert.NotNull(error);
        Assert.Equal("AD0007", error.Id);
        Assert.Contains("Broken", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
