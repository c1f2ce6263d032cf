using MlNetNas.Onnx.Proto;

namespace MlNetNas.Onnx;

/// <summary>Copies the nodes and initializers of one ONNX graph into another under new value names, to merge graphs.</summary>
internal static class OnnxGraphCopy
{
    /// <summary>A copy of <paramref name="node"/> named <paramref name="prefix"/> + its name, reading and writing the renamed values.</summary>
    public static NodeProto Node(NodeProto node, string prefix, Func<string, string> rename)
    {
        var copy = node.Clone();
        copy.Name = prefix + copy.Name;
        for (int i = 0; i < copy.Input.Count; i++)
        {
            copy.Input[i] = rename(copy.Input[i]);
        }

        for (int i = 0; i < copy.Output.Count; i++)
        {
            copy.Output[i] = rename(copy.Output[i]);
        }

        return copy;
    }

    /// <summary>Adds <paramref name="source"/>'s initializers to <paramref name="target"/> under their new names.</summary>
    public static void Initializers(GraphProto source, GraphProto target, Func<string, string> rename)
    {
        foreach (var initializer in source.Initializer)
        {
            var copy = initializer.Clone();
            copy.Name = rename(copy.Name);
            target.Initializer.Add(copy);
        }
    }
}
