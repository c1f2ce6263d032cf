namespace MlNetNas.Training;

/// <summary>Random changes to training images, drawn per example and per step (validation data is never changed).</summary>
public enum ImageAugmentation
{
    /// <summary>The images as they are.</summary>
    None,

    /// <summary>Shift by up to <see cref="TrainingOptions.CropPadding"/> pixels each way, filling with zeros (a random crop of the zero-padded image).</summary>
    Crop,

    /// <summary>A random crop, and a horizontal flip with probability ½ (not for digits or text).</summary>
    CropFlip,
}
