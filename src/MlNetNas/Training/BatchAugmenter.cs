using static TorchSharp.torch;

namespace MlNetNas.Training;

/// <summary>
/// Applies an <see cref="ImageAugmentation"/> to a training batch [N, C, H, W] on its device: each example is shifted
/// by its own seeded offset within the zero padding, and (with flips) mirrored with probability ½.
/// </summary>
internal sealed class BatchAugmenter(ImageAugmentation augmentation, int padding, int seed)
{
    private readonly Random random = new(seed);

    /// <summary>Whether the augmentation changes anything for inputs of this rank (images only).</summary>
    public static bool Applies(ImageAugmentation augmentation, int exampleRank, int padding) =>
        augmentation != ImageAugmentation.None && exampleRank == 3 && padding > 0;

    /// <summary>The augmented batch (a new tensor in the caller's dispose scope).</summary>
    public Tensor Apply(Tensor batch)
    {
        long n = batch.shape[0], h = batch.shape[2], w = batch.shape[3];
        int span = (2 * padding) + 1;
        var padded = nn.functional.pad(batch, [padding, padding, padding, padding]);
        var result = empty_like(batch);
        // Group the examples by offset: one narrow + index_copy per distinct shift instead of one per example.
        var groups = new List<long>[span * span];
        for (long i = 0; i < n; i++)
        {
            int k = random.Next(span * span);
            (groups[k] ??= []).Add(i);
        }

        for (int k = 0; k < groups.Length; k++)
        {
            if (groups[k] is not { } rows)
            {
                continue;
            }

            var index = tensor(rows.ToArray(), device: batch.device);
            var window = padded.narrow(2, k / span, h).narrow(3, k % span, w).index_select(0, index);
            result.index_copy_(0, index, window);
        }

        if (augmentation == ImageAugmentation.CropFlip)
        {
            long[] flipped = Enumerable.Range(0, (int)n).Where(_ => random.Next(2) == 1).Select(i => (long)i).ToArray();
            if (flipped.Length > 0)
            {
                var index = tensor(flipped, device: batch.device);
                result.index_copy_(0, index, result.index_select(0, index).flip(3));
            }
        }

        return result;
    }
}
