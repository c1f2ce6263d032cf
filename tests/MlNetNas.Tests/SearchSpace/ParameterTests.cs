namespace MlNetNas.Tests.SearchSpace;

using MlNetNas.SearchSpace;
using Xunit;

public sealed class ParameterTests
{
    private static Parameter Obj(params (string Key, Parameter Value)[] children) =>
        Parameter.FromObject(children.Select(c => new KeyValuePair<string, Parameter>(c.Key, c.Value)));

    [Fact]
    public void ToJson_FromJson_RoundTripsEveryLeafKindExactly()
    {
        var p = Obj(
            ("i", Parameter.FromInt(-42)),
            ("big", Parameter.FromInt(long.MaxValue)),
            ("d", Parameter.FromDouble(0.1 + 0.2)),
            ("whole", Parameter.FromDouble(3.0)),
            ("tiny", Parameter.FromDouble(1e-300)),
            ("s", Parameter.FromString("héllo \"q\"")),
            ("b", Parameter.FromBool(true)),
            ("nested", Obj(("x", Parameter.FromDouble(-0.5)))));

        var back = Parameter.FromJson(p.ToJson());

        Assert.Equal(p, back);
        Assert.Equal(ParameterKind.Double, back["whole"].Kind);
        Assert.Equal(ParameterKind.Integer, back["i"].Kind);
        Assert.Equal(0.1 + 0.2, back["d"].AsDouble());
        Assert.Equal(["i", "big", "d", "whole", "tiny", "s", "b", "nested"], back.Keys);
    }

    [Fact]
    public void Equals_IgnoresChildOrder_ButNotKind()
    {
        var a = Obj(("x", Parameter.FromInt(1)), ("y", Parameter.FromString("a")));
        var b = Obj(("y", Parameter.FromString("a")), ("x", Parameter.FromInt(1)));

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(Parameter.FromInt(1), Parameter.FromDouble(1.0));
        Assert.NotEqual(a, Obj(("x", Parameter.FromInt(2)), ("y", Parameter.FromString("a"))));
    }

    [Fact]
    public void Indexer_UnknownKey_NamesTheKeyAndTheExistingKeys()
    {
        var p = Obj(("lr", Parameter.FromDouble(0.1)), ("layers", Parameter.FromInt(3)));

        var e = Assert.Throws<KeyNotFoundException>(() => p["units"]);

        Assert.Contains("'units'", e.Message);
        Assert.Contains("lr, layers", e.Message);
    }

    [Fact]
    public void Conversions_AcceptCompatibleLeavesAndRejectOthers()
    {
        Assert.Equal(3.0, Parameter.FromInt(3).AsDouble());
        Assert.Equal("0.25", Parameter.FromDouble(0.25).AsString());
        Assert.Equal("7", Parameter.FromInt(7).AsString());
        Assert.Equal(0.5f, Parameter.FromDouble(0.5).AsFloat());
        Assert.Throws<InvalidOperationException>(() => Parameter.FromString("x").AsDouble());
        Assert.Throws<InvalidOperationException>(() => Parameter.FromInt(long.MaxValue).AsInt());
        Assert.Throws<InvalidOperationException>(() => Parameter.FromDouble(1.5).AsInt());
        Assert.Throws<InvalidOperationException>(() => Parameter.FromInt(1).AsBool());
    }

    [Fact]
    public void GetValue_ConvertsLeavesByType()
    {
        var p = Obj(("n", Parameter.FromInt(5)), ("f", Parameter.FromDouble(0.5)), ("on", Parameter.FromBool(true)), ("s", Parameter.FromString("relu")));

        Assert.Equal(5, p.GetValue<int>("n"));
        Assert.Equal(5L, p.GetValue<long>("n"));
        Assert.Equal(0.5, p.GetValue<double>("f"));
        Assert.Equal(0.5f, p.GetValue<float>("f"));
        Assert.True(p.GetValue<bool>("on"));
        Assert.Equal("relu", p.GetValue<string>("s"));
    }

    [Fact]
    public void FromValue_NormalisesFloatsToTheirShortestDouble()
    {
        Assert.Equal(Parameter.FromDouble(0.1), Parameter.FromValue(0.1f));
        Assert.Equal(Parameter.FromInt(3), Parameter.FromValue(3));
    }

    [Fact]
    public void FromDouble_NonFinite_Throws()
    {
        Assert.Throws<ArgumentException>(() => Parameter.FromDouble(double.NaN));
        Assert.Throws<ArgumentException>(() => Parameter.FromDouble(double.PositiveInfinity));
    }

    [Fact]
    public void FromObject_DuplicateKey_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => Obj(("a", Parameter.FromInt(1)), ("a", Parameter.FromInt(2))));
        Assert.Contains("'a'", e.Message);
    }

    [Fact]
    public void FromJson_Array_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => Parameter.FromJson("{\"a\":[1,2]}"));
        Assert.Throws<ArgumentException>(() => Parameter.FromJson("{not json"));
    }
}
