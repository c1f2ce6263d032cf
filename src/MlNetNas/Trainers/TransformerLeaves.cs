using Microsoft.ML;

namespace MlNetNas.Trainers;

/// <summary>The transformers of a (nested) transformer chain in the order they run, chains opened.</summary>
internal static class TransformerLeaves
{
    /// <summary>Every transformer that is not itself a chain, first to last.</summary>
    public static IReadOnlyList<ITransformer> Of(ITransformer model)
    {
        var leaves = new List<ITransformer>();
        void Add(ITransformer t)
        {
            if (t is IEnumerable<ITransformer> chain)
            {
                foreach (var inner in chain)
                {
                    Add(inner);
                }
            }
            else
            {
                leaves.Add(t);
            }
        }

        Add(model);
        return leaves;
    }
}
