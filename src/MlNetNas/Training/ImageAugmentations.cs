namespace MlNetNas.Training;

/// <summary>The names of <see cref="ImageAugmentation"/> values in search spaces and on the command line.</summary>
public static class ImageAugmentations
{
    /// <summary>"none", "crop" or "crop_flip".</summary>
    public static string NameOf(ImageAugmentation augmentation) => augmentation switch
    {
        ImageAugmentation.Crop => "crop",
        ImageAugmentation.CropFlip => "crop_flip",
        _ => "none",
    };

    /// <summary>The augmentation named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The name is not one of "none", "crop", "crop_flip".</exception>
    public static ImageAugmentation Parse(string name) => name switch
    {
        "none" => ImageAugmentation.None,
        "crop" => ImageAugmentation.Crop,
        "crop_flip" => ImageAugmentation.CropFlip,
        _ => throw new ArgumentException($"Unknown augmentation '{name}'; expected none, crop or crop_flip.", nameof(name)),
    };
}
