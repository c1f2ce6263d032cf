using Google.Protobuf;
using MlNetNas.Onnx.Proto;

namespace MlNetNas.Onnx;

/// <summary>
/// Merges exported networks that read the same input into one ONNX model whose output is the weighted mean of
/// theirs (class probabilities, logits or regression values). Each member's values and weights are renamed
/// with a member prefix; the shared input keeps its name, so the ensemble drops into the same ML.NET pipeline.
/// </summary>
public static class OnnxEnsembleBuilder
{
    /// <summary>The ensemble of <paramref name="members"/> with the given non-negative <paramref name="weights"/> (normalized to sum 1).</summary>
    public static NetworkOnnxExport Average(IReadOnlyList<NetworkOnnxExport> members, IReadOnlyList<double> weights)
    {
        if (members.Count == 0 || members.Count != weights.Count || weights.Any(w => w < 0) || !(weights.Sum() > 0))
        {
            throw new ArgumentException("An ensemble needs at least one member and one non-negative weight per member, not all zero.");
        }

        var first = members[0];
        if (members.Any(m => m.InputName != first.InputName || m.OutputName != first.OutputName || m.InputWidth != first.InputWidth || m.OutputWidth != first.OutputWidth))
        {
            throw new ArgumentException("Ensemble members must share input and output names and widths.");
        }

        var models = members.Select(m => ModelProto.Parser.ParseFrom(m.Bytes)).ToArray();
        var graph = new GraphProto { Name = "mlnetnas_ensemble" };
        graph.Input.Add(models[0].Graph.Input.Single(i => i.Name == first.InputName).Clone());
        var weighted = new List<string>();
        double total = weights.Sum();
        for (int m = 0; m < models.Length; m++)
        {
            if (weights[m] == 0)
            {
                continue;
            }

            string prefix = $"m{m}_";
            string Rename(string name) => name.Length == 0 || name == first.InputName ? name : prefix + name;
            foreach (var initializer in models[m].Graph.Initializer)
            {
                var copy = initializer.Clone();
                copy.Name = Rename(copy.Name);
                graph.Initializer.Add(copy);
            }

            foreach (var node in models[m].Graph.Node)
            {
                var copy = node.Clone();
                copy.Name = Rename(copy.Name);
                for (int i = 0; i < copy.Input.Count; i++)
                {
                    copy.Input[i] = Rename(copy.Input[i]);
                }

                for (int i = 0; i < copy.Output.Count; i++)
                {
                    copy.Output[i] = Rename(copy.Output[i]);
                }

                graph.Node.Add(copy);
            }

            string weight = prefix + "ensemble_weight";
            graph.Initializer.Add(new TensorProto { Name = weight, DataType = (int)OnnxElementType.Float, FloatData = { (float)(weights[m] / total) } });
            string scaled = prefix + "ensemble_scaled";
            graph.Node.Add(new NodeProto { OpType = "Mul", Name = scaled, Input = { Rename(first.OutputName), weight }, Output = { scaled } });
            weighted.Add(scaled);
        }

        graph.Node.Add(new NodeProto { OpType = "Sum", Name = "ensemble_sum", Input = { weighted }, Output = { first.OutputName } });
        graph.Output.Add(models[0].Graph.Output.Single(o => o.Name == first.OutputName).Clone());
        var model = new ModelProto
        {
            IrVersion = models[0].IrVersion,
            ProducerName = "MlNetNas",
            ProducerVersion = models[0].ProducerVersion,
            DocString = $"Weighted mean of {weighted.Count} networks.",
            Graph = graph,
        };
        model.OpsetImport.Add(models[0].OpsetImport.Select(o => o.Clone()));
        return first with { Bytes = model.ToByteArray() };
    }
}
