using MlNetNas.Onnx;
using MlNetNas.Onnx.Proto;
using Xunit;

namespace MlNetNas.Tests.Onnx;

public sealed class OnnxGraphBuilderTests
{
    private static ModelProto Parse(OnnxGraphBuilder builder, IReadOnlyDictionary<string, string>? metadata = null)
        => ModelProto.Parser.ParseFrom(builder.ToBytes("tests", "doc", metadata));

    [Fact]
    public void AttributeWithValueZero_IsWrittenAndParsedBack()
    {
        var builder = new OnnxGraphBuilder();
        var x = builder.AddInput("x", OnnxElementType.Float, -1, 3);
        var arg = builder.AddNode("ArgMax", [x], new Dictionary<string, object> { ["axis"] = 1, ["keepdims"] = 0 });
        builder.AddOutput(arg, OnnxElementType.Int64, -1);

        var node = Parse(builder).Graph.Node.Single();
        var keepdims = node.Attribute.Single(a => a.Name == "keepdims");
        Assert.Equal(AttributeProto.Types.AttributeType.Int, keepdims.Type);
        Assert.True(keepdims.HasI);
        Assert.Equal(0, keepdims.I);
        Assert.Equal(1, node.Attribute.Single(a => a.Name == "axis").I);
    }

    [Fact]
    public void AttributeValues_MapByClrType()
    {
        var builder = new OnnxGraphBuilder();
        var x = builder.AddInput("x", OnnxElementType.Float, 2);
        var attributes = new Dictionary<string, object>
        {
            ["a_int"] = 3,
            ["b_long"] = 4L,
            ["c_float"] = 0f,
            ["d_double"] = 0.5,
            ["e_string"] = "abc",
            ["f_ints"] = new[] { 1, 0 },
            ["g_longs"] = new[] { 5L },
            ["h_floats"] = new[] { 1.5f },
            ["i_doubles"] = new[] { 2.5 },
            ["j_strings"] = new[] { "p", "q" },
        };
        var y = builder.AddNode("Identity", [x], attributes);
        builder.AddOutput(y, OnnxElementType.Float, 2);

        var byName = Parse(builder).Graph.Node.Single().Attribute.ToDictionary(a => a.Name);
        Assert.Equal(3, byName["a_int"].I);
        Assert.Equal(4, byName["b_long"].I);
        Assert.True(byName["c_float"].HasF);
        Assert.Equal(AttributeProto.Types.AttributeType.Float, byName["c_float"].Type);
        Assert.Equal(0.5f, byName["d_double"].F);
        Assert.Equal("abc", byName["e_string"].S.ToStringUtf8());
        Assert.Equal(new[] { 1L, 0L }, byName["f_ints"].Ints);
        Assert.Equal(AttributeProto.Types.AttributeType.Ints, byName["g_longs"].Type);
        Assert.Equal(new[] { 1.5f }, byName["h_floats"].Floats);
        Assert.Equal(new[] { 2.5f }, byName["i_doubles"].Floats);
        Assert.Equal(new[] { "p", "q" }, byName["j_strings"].Strings.Select(s => s.ToStringUtf8()));
    }

    [Fact]
    public void UnsupportedAttributeType_ThrowsNamingTheAttribute()
    {
        var builder = new OnnxGraphBuilder();
        var x = builder.AddInput("x", OnnxElementType.Float, 2);

        var ex = Assert.Throws<ArgumentException>(() =>
            builder.AddNode("Identity", [x], new Dictionary<string, object> { ["flag"] = true }));
        Assert.Contains("'flag'", ex.Message);
        Assert.Contains("System.Boolean", ex.Message);
        Assert.Equal(0, builder.NodeCount);
    }

    [Fact]
    public void UnknownInputName_ThrowsNamingNodeAndMissingValue()
    {
        var builder = new OnnxGraphBuilder();
        var x = builder.AddInput("x", OnnxElementType.Float, 2);

        var ex = Assert.Throws<InvalidOperationException>(() => builder.AddNode("Add", [x, "bias"]));
        Assert.Contains("'Add_0'", ex.Message);
        Assert.Contains("'bias'", ex.Message);
    }

    [Fact]
    public void EmptyInputName_IsAcceptedAsOmittedOptionalInput()
    {
        var builder = new OnnxGraphBuilder();
        var x = builder.AddInput("x", OnnxElementType.Float, 2, 3);
        var w = builder.AddInitializer("w", new float[6], 3, 2);
        var y = builder.AddNode("Gemm", [x, w, ""]);
        builder.AddOutput(y, OnnxElementType.Float, 2, 2);

        Assert.Equal(new[] { "x", "w", "" }, Parse(builder).Graph.Node.Single().Input);
    }

    [Fact]
    public void DuplicateInputName_Throws()
    {
        var builder = new OnnxGraphBuilder();
        builder.AddInput("x", OnnxElementType.Float, 2);

        var ex = Assert.Throws<InvalidOperationException>(() => builder.AddInput("x", OnnxElementType.Float, 2));
        Assert.Contains("'x'", ex.Message);
    }

    [Fact]
    public void DuplicateOutput_Throws()
    {
        var builder = new OnnxGraphBuilder();
        var x = builder.AddInput("x", OnnxElementType.Float, 2);
        var y = builder.AddNode("Relu", [x]);
        builder.AddOutput(y, OnnxElementType.Float, 2);

        Assert.Throws<InvalidOperationException>(() => builder.AddOutput(y, OnnxElementType.Float, 2));
    }

    [Fact]
    public void OutputOfUnknownValue_Throws()
    {
        var builder = new OnnxGraphBuilder();
        builder.AddInput("x", OnnxElementType.Float, 2);

        var ex = Assert.Throws<InvalidOperationException>(() => builder.AddOutput("y", OnnxElementType.Float, 2));
        Assert.Contains("'y'", ex.Message);
    }

    [Fact]
    public void OutputTypeDifferentFromInitializer_Throws()
    {
        var builder = new OnnxGraphBuilder();
        var c = builder.AddInitializer("c", new long[] { 1, 2 }, 2);

        Assert.Throws<InvalidOperationException>(() => builder.AddOutput(c, OnnxElementType.Float, 2));
    }

    [Fact]
    public void InitializerWithWrongDims_Throws()
    {
        var builder = new OnnxGraphBuilder();

        var ex = Assert.Throws<ArgumentException>(() => builder.AddInitializer("w", new float[5], 2, 3));
        Assert.Contains("6 elements but 5 values", ex.Message);
    }

    [Fact]
    public void ToBytes_WithoutOutputs_Throws()
    {
        var builder = new OnnxGraphBuilder();
        builder.AddInput("x", OnnxElementType.Float, 2);

        Assert.Throws<InvalidOperationException>(() => builder.ToBytes());
    }

    [Fact]
    public void Names_AreMadeUniqueFromHints()
    {
        var builder = new OnnxGraphBuilder();
        var x = builder.AddInput("x", OnnxElementType.Float, 2);
        var w1 = builder.AddInitializer("w", new float[] { 1, 2 }, 2);
        var w2 = builder.AddInitializer("w", new float[] { 3, 4 }, 2);
        var a = builder.AddNode("Add", [x, w1], outputNameHint: "x");
        var b = builder.AddNode("Add", [a, w2]);
        var c = builder.AddNode("Add", [b, w2]);
        var split = builder.AddNode("Split", [c], 2, new Dictionary<string, object> { ["axis"] = 0 }, "part");

        Assert.Equal(("w", "w_1"), (w1, w2));
        Assert.Equal(("x_1", "add", "add_1"), (a, b, c));
        Assert.Equal(new[] { "part_0", "part_1" }, split);
        builder.AddOutput(split[0], OnnxElementType.Float, 1);
        var nodeNames = Parse(builder).Graph.Node.Select(n => n.Name).ToArray();
        Assert.Equal(nodeNames.Length, nodeNames.Distinct().Count());
    }

    [Fact]
    public void Rename_AddsIdentityWithExactName()
    {
        var builder = new OnnxGraphBuilder();
        var x = builder.AddInput("x", OnnxElementType.Float, 2);
        var y = builder.AddNode("Relu", [x]);

        Assert.Equal("Score", builder.Rename(y, "Score"));
        builder.AddOutput("Score", OnnxElementType.Float, 2);
        Assert.Throws<InvalidOperationException>(() => builder.Rename(y, "Score"));

        var identity = Parse(builder).Graph.Node.Last();
        Assert.Equal("Identity", identity.OpType);
        Assert.Equal(new[] { y }, identity.Input);
        Assert.Equal(new[] { "Score" }, identity.Output);
    }

    [Fact]
    public void Model_HasIrVersionOpsetMetadataAndDynamicDimension()
    {
        var builder = new OnnxGraphBuilder("g", opset: 17);
        var x = builder.AddInput("x", OnnxElementType.Float, -1, 0, -1);
        builder.AddOutput(builder.AddNode("Relu", [x]), OnnxElementType.Float, -1, 0, -1);

        var model = Parse(builder, new Dictionary<string, string> { ["k"] = "v" });
        Assert.Equal(8, model.IrVersion);
        Assert.Equal("tests", model.ProducerName);
        Assert.Equal("doc", model.DocString);
        var opset = model.OpsetImport.Single();
        Assert.Equal(("", 17L), (opset.Domain, opset.Version));
        Assert.Equal(("k", "v"), (model.MetadataProps.Single().Key, model.MetadataProps.Single().Value));
        var dims = model.Graph.Input.Single().Type.TensorType.Shape.Dim;
        Assert.Equal("N", dims[0].DimParam);
        Assert.Equal(TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue, dims[1].ValueCase);
        Assert.Equal(0, dims[1].DimValue);
        Assert.Equal("x_dim2", dims[2].DimParam);
        Assert.Equal((int)TensorProto.Types.DataType.Float, model.Graph.Output.Single().Type.TensorType.ElemType);
    }

    [Theory]
    [InlineData(13, 8)]
    [InlineData(17, 8)]
    [InlineData(18, 8)]
    [InlineData(19, 9)]
    [InlineData(20, 9)]
    [InlineData(21, 10)]
    [InlineData(23, 11)]
    public void IrVersion_FollowsOpset(int opset, int expectedIr)
        => Assert.Equal(expectedIr, new OnnxGraphBuilder(opset: opset).IrVersion);

    [Fact]
    public void UnsupportedOpset_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxGraphBuilder(opset: 12));
}
