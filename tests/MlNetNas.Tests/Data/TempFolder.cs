namespace MlNetNas.Tests.Data;

/// <summary>A fresh temporary folder for small test files, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Root = Directory.CreateTempSubdirectory("mlnetnas-data-").FullName;
    }

    public string Root { get; }

    /// <summary>Writes a file with the given content and returns its path.</summary>
    public string Write(string name, string content)
    {
        string path = Path.Combine(Root, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Copies the first lines of a file and returns the copy's path.</summary>
    public string Head(string source, int lines, string name)
    {
        string path = Path.Combine(Root, name);
        File.WriteAllLines(path, File.ReadLines(source).Take(lines));
        return path;
    }

    /// <summary>Copies the first line and every <paramref name="every"/>-th line after it, for a small sample spread over a large file.</summary>
    public string Spread(string source, int every, string name)
    {
        string path = Path.Combine(Root, name);
        File.WriteAllLines(path, File.ReadLines(source).Where((_, i) => i % every == 0));
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
