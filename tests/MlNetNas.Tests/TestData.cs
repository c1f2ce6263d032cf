namespace MlNetNas.Tests;

/// <summary>Paths into the test data sets: tests/data in the repository, a copy of the files the tests need from ../shared/data.</summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(FindDataRoot);

    /// <summary>The path of a file or folder under tests/data, e.g. Path("tabular", "iris.csv").</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string FindDataRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MlNetNas.sln")))
            {
                return System.IO.Path.Combine(dir.FullName, "tests", "data");
            }
        }

        throw new DirectoryNotFoundException($"No folder containing MlNetNas.sln above {AppContext.BaseDirectory}.");
    }
}
