namespace MlNetNas.Tests.Benchmarks;

using System.Globalization;
using MlNetNas.Benchmarks.NasBench201;
using MlNetNas.Search;

public sealed class NasBench201Tests
{
    private const string Best = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|";

    /// <summary>A synthetic 12-epoch table over all 15,625 cells: validation accuracy counts 3x3 convolutions.</summary>
    private static NasBench201ValidationTable SyntheticValidation(out List<string> architectures)
    {
        var lines = new List<string> { "arch,cellstr,cifar10-test,cifar10-val" };
        architectures = AllArchitectures().ToList();
        for (var i = 0; i < architectures.Count; i++)
        {
            var a = architectures[i];
            var val = (a.Split("nor_conv_3x3").Length - 1) + (a == Best ? 0.5 : 0);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{i},{a},-1,{val}"));
        }

        return NasBench201ValidationTable.Read(new StringReader(string.Join("\n", lines)), "synthetic", NasBench201Dataset.Cifar10);
    }

    private static IEnumerable<string> AllArchitectures()
    {
        var ops = NasBench201Space.Operations;
        for (var code = 0; code < 15625; code++)
        {
            var c = code;
            var p = MlNetNas.SearchSpace.Parameter.FromObject(NasBench201Space.EdgeNames.Select(e =>
            {
                var op = ops[c % 5];
                c /= 5;
                return new KeyValuePair<string, MlNetNas.SearchSpace.Parameter>(e, MlNetNas.SearchSpace.Parameter.FromString(op));
            }).ToList());
            yield return NasBench201Space.ToArchitectureString(p);
        }
    }

    [Fact]
    public void ArchitectureString_RoundTripsAndHasTheBenchmarkLayout()
    {
        var p = NasBench201Space.FromArchitectureString(Best);

        Assert.Equal("skip_connect", p.GetValue<string>("edge_3_0"));
        Assert.Equal(Best, NasBench201Space.ToArchitectureString(p));
        Assert.Equal(15625, AllArchitectures().Distinct().Count());
        Assert.Throws<ArgumentException>(() => NasBench201Space.FromArchitectureString("|nor_conv_3x3~1|+|none~0|none~1|+|none~0|none~1|none~2|"));
    }

    [Fact]
    public void Search_SeesOnlyTheValidationTable_AndSelectsItsBestTrial()
    {
        var oracle = new RecordingOracle(SyntheticValidation(out _));

        var selection = new NasBench201Search(oracle).Run("regularized-evolution", seed: 3, trials: 200);

        Assert.Equal(200, oracle.Asked.Count);
        Assert.Equal(200, oracle.Asked.Distinct().Count());
        Assert.Equal(oracle.Asked.Max(a => oracle.Inner.ValidationAccuracy(a)), selection.ValidationAccuracy);
        Assert.Equal(selection.ValidationAccuracy, oracle.Inner.ValidationAccuracy(selection.Architecture));
        Assert.True(selection.ValidationAccuracy >= 5, $"evolution should find cells with five or six 3x3 convolutions; got {selection.ValidationAccuracy}");
    }

    [Fact]
    public void SearchSide_HasNoPathToTheTestTable()
    {
        // Structural separation: nothing the search is built from exposes a test accuracy.
        Assert.DoesNotContain(typeof(NasBench201Search).GetConstructors().SelectMany(c => c.GetParameters()), p => p.ParameterType == typeof(NasBench201FinalEvaluator));
        Assert.DoesNotContain(typeof(IArchitectureOracle).GetMethods(), m => m.Name.Contains("Test", StringComparison.Ordinal));
        Assert.Throws<InvalidDataException>(() => NasBench201ValidationTable.Read(new StringReader("cellstr,cifar10-test\nx,1"), "t", NasBench201Dataset.Cifar10));
    }

    [Fact]
    public void SelectedCsv_AndFinalEvaluation_UseTheSelectedArchitecturesOnly()
    {
        var search = new NasBench201Search(SyntheticValidation(out var all));
        var selections = search.RunAll(["random", "local-search"], firstSeed: 1, seeds: 3, trials: 30);
        var test = NasBench201FinalEvaluator.Read(
            new StringReader("CIFAR10TestAccuracy200Epochs,ArchitectureString\n" + string.Join("\n", all.Select((a, i) => $"{90 + (i % 5)},{a}"))),
            "synthetic-test",
            NasBench201Dataset.Cifar10);

        var writer = new StringWriter();
        NasBench201Selection.WriteCsv(writer, selections);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var summary = test.Summarize(selections);

        Assert.Equal("tuner,seed,arch,val12", lines[0]);
        Assert.Equal(7, lines.Length);
        Assert.Equal(["random", "random", "random", "local-search", "local-search", "local-search"], lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.All(lines.Skip(1), l => Assert.StartsWith("|", l.Split(',')[2], StringComparison.Ordinal));
        Assert.Equal(["random", "local-search"], summary.Select(s => s.Tuner));
        Assert.Equal(selections.Take(3).Average(s => test.TestAccuracy(s.Architecture)), summary[0].TestMean, 9);
        Assert.Equal(3, summary[1].Runs);
    }

    [Fact]
    public void Runs_AreDeterministicPerSeed_WhateverTheParallelism()
    {
        var search = new NasBench201Search(SyntheticValidation(out _));

        var together = search.RunAll(["tpe"], firstSeed: 5, seeds: 4, trials: 25);
        var alone = search.Run("tpe", seed: 7, trials: 25);

        Assert.Equal(alone, together[2]);
    }

    private sealed class RecordingOracle(IArchitectureOracle inner) : IArchitectureOracle
    {
        public IArchitectureOracle Inner => inner;

        public List<string> Asked { get; } = [];

        public double ValidationAccuracy(string architecture)
        {
            Asked.Add(architecture);
            return inner.ValidationAccuracy(architecture);
        }
    }
}
