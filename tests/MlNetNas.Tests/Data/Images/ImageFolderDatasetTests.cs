using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Architectures;
using MlNetNas.Data;
using MlNetNas.Data.Images;

namespace MlNetNas.Tests.Data.Images;

/// <summary>Scanning an image folder: classes, detected shape, and what is skipped or refused.</summary>
public sealed class ImageFolderDatasetTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Flowers => TestData.Path("images", "flowers-tiny");

    [Fact]
    public void Scan_FindsClassesAndPictures_ColourAtMost32()
    {
        var dataset = ImageFolderDataset.Scan(Flowers);

        Assert.Equal(["daisy", "roses"], dataset.Classes);
        Assert.Equal(12, dataset.Rows.Count);
        Assert.Equal(InputSpec.Image(3, 32, 32), dataset.Input);
        Assert.Empty(dataset.Warnings);
    }

    [Fact]
    public void Featurizer_GivesPlanarPixelsInZeroToOne()
    {
        var ml = new MLContext(1);
        var dataset = ImageFolderDataset.Scan(Flowers, imageSize: 8);
        var data = dataset.Load(ml);
        var features = dataset.CreateFeaturizer(ml).Fit(data).Transform(data).GetColumn<float[]>("Features").ToArray();

        Assert.Equal(12, features.Length);
        Assert.All(features, f => Assert.Equal(3 * 8 * 8, f.Length));
        Assert.All(features.SelectMany(f => f), v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void Scan_SkipsUnreadableAndNonPictureFiles_AndEmptyClasses_NamingThem()
    {
        string root = CopyFlowers();
        File.WriteAllText(Path.Combine(root, "daisy", "broken.jpg"), "not a jpeg");
        File.WriteAllText(Path.Combine(root, "roses", "notes.txt"), "hello");
        Directory.CreateDirectory(Path.Combine(root, "tulips"));

        var dataset = ImageFolderDataset.Scan(root);

        Assert.Equal(12, dataset.Rows.Count);
        Assert.Equal(["daisy", "roses"], dataset.Classes);
        Assert.Contains(dataset.Warnings, w => w.Contains("broken.jpg", StringComparison.Ordinal) && w.Contains("not a readable image", StringComparison.Ordinal));
        Assert.Contains(dataset.Warnings, w => w.Contains("notes.txt", StringComparison.Ordinal));
        Assert.Contains(dataset.Warnings, w => w.Contains("'tulips'", StringComparison.Ordinal));
    }

    [Fact]
    public void Scan_OneClass_Refused()
    {
        string root = CopyFlowers();
        Directory.Delete(Path.Combine(root, "roses"), recursive: true);

        var error = Assert.Throws<DataValidationException>(() => ImageFolderDataset.Scan(root));
        Assert.Contains("one class only ('daisy')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_NoSubFolders_SaysHowToLayOutTheFolder()
    {
        string root = Path.Combine(_temp.Root, "flat");
        Directory.CreateDirectory(root);
        File.Copy(Directory.GetFiles(Path.Combine(Flowers, "daisy"))[0], Path.Combine(root, "a.jpg"));

        var error = Assert.Throws<DataValidationException>(() => ImageFolderDataset.Scan(root));
        Assert.Contains("no class sub-folders", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ListPictures_LabelsByTopFolder_SkipsOthers()
    {
        var rows = ImageFolderDataset.ListPictures(Flowers, out var warnings);

        Assert.Equal(12, rows.Count);
        Assert.Equal(6, rows.Count(r => r.Label == "roses"));
        Assert.Contains(warnings, w => w.Contains("LICENSE.txt", StringComparison.Ordinal));
    }

    private string CopyFlowers()
    {
        string root = Path.Combine(_temp.Root, "flowers");
        foreach (string file in Directory.GetFiles(Flowers, "*.jpg", SearchOption.AllDirectories))
        {
            string target = Path.Combine(root, Path.GetRelativePath(Flowers, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return root;
    }
}
