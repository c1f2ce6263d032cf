using static TorchSharp.torch;

namespace MlNetNas.Training;

/// <summary>
/// TorchSharp's global random generator is the process's, and weight initialisation draws from it: a network is
/// created under this lock, right after seeding it, so that trials training at once get the weights they would get one
/// by one.
/// </summary>
internal static class TorchRandom
{
    private static readonly object Gate = new();

    /// <summary>Seeds the global generator with <paramref name="seed"/> and runs <paramref name="create"/>, no other thread drawing meanwhile.</summary>
    public static T Seeded<T>(int seed, Func<T> create)
    {
        lock (Gate)
        {
            random.manual_seed(seed);
            return create();
        }
    }
}
