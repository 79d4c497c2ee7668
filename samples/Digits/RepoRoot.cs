namespace Digits;

/// <summary>Locates the repository root: the nearest directory upwards that contains AutoDiff.sln.</summary>
internal static class RepoRoot
{
    public static string Find()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "AutoDiff.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new DirectoryNotFoundException("Could not find AutoDiff.sln above the current or the program directory; pass an output path instead.");
    }
}
