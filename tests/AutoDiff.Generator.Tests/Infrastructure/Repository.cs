namespace AutoDiff.Generator.Tests.Infrastructure;

/// <summary>The repository the tests run in.</summary>
internal static class Repository
{
    /// <summary>The folder holding AutoDiff.sln, found upwards from the test assembly.</summary>
    public static string Root()
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "AutoDiff.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory ?? throw new InvalidOperationException("AutoDiff.sln not found above " + AppContext.BaseDirectory);
    }
}
