namespace MlNetNas.Tests;

/// <summary>Paths into the shared datasets (../shared/data next to the repository root).</summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(FindDataRoot);

    /// <summary>The path of a file or folder under shared/data, e.g. Path("tabular", "iris.csv").</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string FindDataRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MlNetNas.sln")))
            {
                return System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "data"));
            }
        }

        throw new DirectoryNotFoundException($"No folder containing MlNetNas.sln above {AppContext.BaseDirectory}.");
    }
}
