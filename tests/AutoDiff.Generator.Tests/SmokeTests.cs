namespace AutoDiff.Generator.Tests;

public class SmokeTests
{
    [Fact]
    public void Attributes_are_in_the_AutoDiff_namespace()
    {
        Assert.Equal("AutoDiff", typeof(DifferentiableAttribute).Namespace);
        Assert.Equal("AutoDiff", typeof(NoDerivativeAttribute).Namespace);
    }
}
