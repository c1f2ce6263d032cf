using MlNetNas.Architectures.Operators;

namespace MlNetNas.Architectures.Families;

/// <summary>Builds the architecture graph of an MLP from <see cref="MlpOptions"/>.</summary>
public static class MlpFamily
{
    /// <summary>The graph of an MLP from <paramref name="inputWidth"/> features to <paramref name="outputWidth"/> outputs (logits or regression values).</summary>
    public static ArchitectureGraph Build(int inputWidth, int outputWidth, MlpOptions options)
    {
        if (options.HiddenWidths.Any(w => w <= 0))
        {
            throw new ArgumentException($"Hidden widths must be positive; got [{string.Join(", ", options.HiddenWidths)}].", nameof(options));
        }

        var nodes = new List<ArchitectureNode>();
        string current = ArchitectureGraph.InputId;
        int width = inputWidth;
        for (int layer = 0; layer < options.HiddenWidths.Count; layer++)
        {
            int units = options.HiddenWidths[layer];
            string blockInput = current;
            string id = $"h{layer}";
            current = Add(nodes, $"{id}_linear", "linear", current, ("units", units));
            if (options.Normalization != NormalizationKind.None)
            {
                current = Add(nodes, $"{id}_norm", options.Normalization == NormalizationKind.Batch ? "batch_norm" : "layer_norm", current);
            }

            current = Add(nodes, $"{id}_act", ActivationNames.Of(options.Activation), current);
            if (options.Dropout > 0)
            {
                current = Add(nodes, $"{id}_dropout", "dropout", current, ("p", options.Dropout));
            }

            if (options.Residual)
            {
                string skip = width == units
                    ? blockInput
                    : Add(nodes, $"{id}_project", "linear", blockInput, ("units", units), ("bias", 0));
                nodes.Add(new ArchitectureNode($"{id}_residual", "add", current, skip));
                current = $"{id}_residual";
            }

            width = units;
        }

        Add(nodes, "head", "linear", current, ("units", outputWidth));
        return new ArchitectureGraph(new TensorShape(inputWidth), nodes, "head");
    }

    private static string Add(List<ArchitectureNode> nodes, string id, string op, string input, params (string Name, double Value)[] attributes)
    {
        nodes.Add(new ArchitectureNode(id, op, [input], attributes.ToDictionary(a => a.Name, a => a.Value)));
        return id;
    }
}
