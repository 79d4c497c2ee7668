using AutoDiff.CompilerServices;

namespace AutoDiff.Runtime.Tests;

/// <summary>The helper every generated <c>FHessian</c> ends with.</summary>
public class HessiansTests
{
    [Fact]
    public void Symmetrize_averages_each_mirrored_pair_and_keeps_the_diagonal()
    {
        double[] matrix = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        double[] before = (double[])matrix.Clone();
        Hessians.Symmetrize(matrix, 3);
        for (int row = 0; row < 3; row++)
        {
            for (int column = 0; column < 3; column++)
            {
                double expected = 0.5 * (before[(row * 3) + column] + before[(column * 3) + row]);
                Assert.Equal(expected, matrix[(row * 3) + column]);
                Assert.Equal(matrix[(column * 3) + row], matrix[(row * 3) + column]);
            }
        }
    }

    [Fact]
    public void Symmetrize_on_floats_is_exactly_symmetric()
    {
        float[] matrix = [1f, 0.1f, 0.3f, 0.2f];
        Hessians.Symmetrize(matrix, 2);
        Assert.Equal(matrix[1], matrix[2]);
        Assert.Equal(0.5f * (0.1f + 0.3f), matrix[1]);
    }

    [Fact]
    public void Symmetrize_rejects_a_span_that_is_not_n_by_n_naming_the_argument()
    {
        var error = Assert.Throws<ArgumentException>(() => Hessians.Symmetrize(new double[8], 3));
        Assert.Equal("hessian", error.ParamName);
        Assert.Contains("9 elements", error.Message, StringComparison.Ordinal);
    }
}
