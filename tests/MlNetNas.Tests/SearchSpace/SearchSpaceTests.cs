namespace MlNetNas.Tests.SearchSpace;

// Inside the namespace so that `SearchSpace` binds to the type, not to a namespace of the same name.
using MlNetNas.SearchSpace;
using Xunit;

public sealed class SearchSpaceTests
{
    /// <summary>Every option kind, nested two deep, with a conditional option whose branches differ in shape.</summary>
    internal static SearchSpace RichSpace() => new SearchSpace()
        .Add("lr", new FloatRangeOption(1e-4, 1e-1, logScale: true, defaultValue: 1e-3))
        .Add("epochs", new IntRangeOption(1, 50))
        .Add("optimizer", new ChoiceOption("adam", "sgd", "adamw"))
        .Add("seed", new ConstantOption(42))
        .Add("model", new ConditionalOption("type", new Dictionary<string, SearchSpace>
        {
            ["mlp"] = new SearchSpace()
                .Add("layers", new IntRangeOption(1, 6))
                .Add("units", new IntRangeOption(8, 1024, logScale: true))
                .Add("dropout", new FloatRangeOption(0, 0.5)),
            ["linear"] = new SearchSpace(),
            ["cnn"] = new SearchSpace()
                .Add("kernel", new ChoiceOption(3, 5, 7))
                .Add("block", new SearchSpace().Add("batchNorm", new ChoiceOption(true, false)).Add("scale", new FloatRangeOption(0.5, 2.0))),
        }))
        .Add("training", new SearchSpace().Add("batch", new ChoiceOption(32, 64, 128)).Add("momentum", new FloatRangeOption(0.8, 0.99)));

    [Fact]
    public void FeatureSpaceDimension_IsTheSumOfChildrenAndConditionalBranchesPlusOne()
    {
        // lr, epochs, optimizer, seed(0), model(1 + 3 + 0 + 3), training(2)
        Assert.Equal(1 + 1 + 1 + 0 + 7 + 2, RichSpace().FeatureSpaceDimension);
    }

    [Fact]
    public void DecodeOfEncode_IsIdentity_ForManySeededSamplesOfANestedConditionalSpace()
    {
        var space = RichSpace();
        var random = new Random(123);
        for (var i = 0; i < 1000; i++)
        {
            var p = space.Sample(random);

            Assert.Equal(p, space.SampleFromFeatureSpace(space.MappingToFeatureSpace(p)));
        }

        Assert.Equal(space.Default, space.SampleFromFeatureSpace(space.MappingToFeatureSpace(space.Default)));
    }

    [Fact]
    public void Sample_ConditionalOption_ContainsOnlyTheChosenBranchKeys()
    {
        var space = RichSpace();
        var expected = new Dictionary<string, string[]>
        {
            ["mlp"] = ["type", "layers", "units", "dropout"],
            ["linear"] = ["type"],
            ["cnn"] = ["type", "kernel", "block"],
        };
        var random = new Random(5);
        var seen = new HashSet<string>();
        for (var i = 0; i < 300; i++)
        {
            var model = space.Sample(random)["model"];
            var branch = model["type"].AsString();
            seen.Add(branch);

            Assert.Equal(expected[branch], model.Keys);
        }

        Assert.Equal(expected.Keys.Order(), seen.Order());
    }

    [Fact]
    public void Encode_ConditionalOption_SetsInactiveBranchesToTheirDefaultsEncoding()
    {
        var space = RichSpace();
        var option = (ConditionalOption)space["model"];
        var linear = Parameter.FromObject([new("type", Parameter.FromString("linear"))]);

        var point = option.MappingToFeatureSpace(linear);

        var mlpDefault = option.Branches[0].Value.MappingToFeatureSpace(option.Branches[0].Value.Default);
        Assert.Equal(mlpDefault, point[1..4]);
        Assert.Equal(linear, option.SampleFromFeatureSpace(point));
    }

    [Fact]
    public void Encode_UnknownBranchOrMissingKey_NamesTheOption()
    {
        var space = RichSpace();
        var p = space.Default;
        var badBranch = Replace(p, "model", Parameter.FromObject([new("type", Parameter.FromString("rnn"))]));
        var missingUnits = Replace(p, "model", Parameter.FromObject(p["model"].Children.Where(c => c.Key != "units")));

        var e1 = Assert.Throws<ArgumentException>(() => space.MappingToFeatureSpace(badBranch));
        var e2 = Assert.Throws<ArgumentException>(() => space.MappingToFeatureSpace(missingUnits));

        Assert.Contains("'model'", e1.Message);
        Assert.Contains("'rnn'", e1.Message);
        Assert.Contains("mlp, linear, cnn", e1.Message);
        Assert.Contains("'units'", e2.Message);
    }

    [Fact]
    public void Encode_OutOfRangeNestedValue_NamesTheDottedPath()
    {
        var space = RichSpace();
        var p = Replace(space.Default, "training", Parameter.FromObject([new("batch", Parameter.FromInt(32)), new("momentum", Parameter.FromDouble(2.0))]));

        var e = Assert.Throws<ArgumentException>(() => space.MappingToFeatureSpace(p));

        Assert.Contains("'training.momentum'", e.Message);
    }

    [Fact]
    public void ToJson_FromJson_RoundTripsEveryOptionKind()
    {
        var space = RichSpace();

        var json = space.ToJson();
        var back = SearchSpace.FromJson(json);

        Assert.Equal(json, back.ToJson());
        Assert.Equal(space.FeatureSpaceDimension, back.FeatureSpaceDimension);
        Assert.Equal(space.Default, back.Default);
        var random = new Random(9);
        for (var i = 0; i < 50; i++)
        {
            var point = Enumerable.Range(0, space.FeatureSpaceDimension).Select(_ => random.NextDouble()).ToArray();
            Assert.Equal(space.SampleFromFeatureSpace(point), back.SampleFromFeatureSpace(point));
        }
    }

    [Fact]
    public void FromJson_UnknownType_ThrowsNamingThePath()
    {
        var json = """{"type":"space","options":{"a":{"type":"space","options":{"b":{"type":"gaussian"}}}}}""";

        var e = Assert.Throws<ArgumentException>(() => SearchSpace.FromJson(json));

        Assert.Contains("$.a.b", e.Message);
        Assert.Contains("'gaussian'", e.Message);
    }

    [Fact]
    public void FromJson_InvalidOption_ThrowsNamingThePathAndTheProblem()
    {
        var json = """{"type":"space","options":{"units":{"type":"int","min":0,"max":8,"logScale":true}}}""";

        var e = Assert.Throws<ArgumentException>(() => SearchSpace.FromJson(json));

        Assert.Contains("$.units", e.Message);
        Assert.Contains("min > 0", e.Message);
    }

    [Fact]
    public void Add_DuplicateName_ThrowsNamingIt()
    {
        var space = new SearchSpace().Add("lr", new FloatRangeOption(0, 1));

        var e = Assert.Throws<ArgumentException>(() => space.Add("lr", new IntRangeOption(1, 2)));

        Assert.Contains("'lr'", e.Message);
    }

    [Fact]
    public void Add_SpaceIntoItself_Throws()
    {
        var space = new SearchSpace();
        var inner = new SearchSpace();
        space.Add("inner", inner);

        Assert.Throws<ArgumentException>(() => inner.Add("outer", space));
    }

    [Fact]
    public void Indexer_UnknownName_ListsTheNames()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => RichSpace()["momentum"]);

        Assert.Contains("lr, epochs, optimizer, seed, model, training", e.Message);
    }

    [Fact]
    public void ConditionalOption_BranchUsingTheDiscriminatorName_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new ConditionalOption(
            "type",
            new Dictionary<string, SearchSpace> { ["a"] = new SearchSpace().Add("type", new ChoiceOption(1)) }));

        Assert.Contains("Branch 'a'", e.Message);
    }

    [Fact]
    public void Sample_SameSeed_SameValues()
    {
        var space = RichSpace();

        Assert.Equal(space.Sample(new Random(3)), space.Sample(new Random(3)));
    }

    private static Parameter Replace(Parameter p, string key, Parameter child) =>
        Parameter.FromObject(p.Children.Select(c => c.Key == key ? new KeyValuePair<string, Parameter>(key, child) : c));
}
