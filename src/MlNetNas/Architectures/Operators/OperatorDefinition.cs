namespace MlNetNas.Architectures.Operators;

/// <summary>
/// The one place an operator is defined: how it shapes its output, how many parameters it has, and the
/// TorchSharp layer that trains it (which also writes its ONNX nodes from the trained weights).
/// </summary>
internal abstract class OperatorDefinition
{
    /// <summary>The operator's name in architecture graphs.</summary>
    public abstract string Name { get; }

    /// <summary>The output shape for the given input shapes; throws <see cref="ArgumentException"/> on a mismatch.</summary>
    public abstract TensorShape InferShape(ArchitectureNode node, IReadOnlyList<TensorShape> inputs);

    /// <summary>The number of trainable scalars.</summary>
    public virtual long CountParameters(ArchitectureNode node, IReadOnlyList<TensorShape> inputs) => 0;

    /// <summary>
    /// How many rows of the batch this node's output carries per example: 1, but for a batch ensemble's fork, whose
    /// members each get a copy of the row (memory estimates multiply by the largest such factor of a graph).
    /// </summary>
    public virtual int RowsPerExample(ArchitectureNode node) => 1;

    /// <summary>A fresh, randomly initialised TorchSharp layer for this node.</summary>
    public abstract GraphLayer CreateLayer(ArchitectureNode node, IReadOnlyList<TensorShape> inputs);

    /// <summary>A short human-readable form of the node, e.g. "linear(128)".</summary>
    public virtual string Describe(ArchitectureNode node) => Name;

    /// <summary>Throws unless the node has exactly <paramref name="count"/> inputs.</summary>
    protected static void ExpectInputs(ArchitectureNode node, IReadOnlyList<TensorShape> inputs, int count)
    {
        if (inputs.Count != count)
        {
            throw new ArgumentException($"Node '{node.Id}' ({node.Operator}) takes {count} input(s) but was given {inputs.Count}.");
        }
    }

    /// <summary>
    /// Throws unless the node has one input and it is a vector [d], saying what the operator does with it
    /// (<paramref name="needs"/>, e.g. "scales the slots of a vector"); returns that input's shape.
    /// </summary>
    protected static TensorShape ExpectOneVector(ArchitectureNode node, IReadOnlyList<TensorShape> inputs, string needs)
    {
        ExpectInputs(node, inputs, 1);
        if (inputs[0].Dimensions.Count != 1)
        {
            throw new ArgumentException($"Node '{node.Id}' ({node.Operator}) {needs}; got {inputs[0]}.");
        }

        return inputs[0];
    }
}
