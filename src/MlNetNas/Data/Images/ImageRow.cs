namespace MlNetNas.Data.Images;

/// <summary>One picture of an image-folder dataset: its class (the sub-folder's name) and its absolute path.</summary>
public sealed record ImageRow(string Label, string Path);
