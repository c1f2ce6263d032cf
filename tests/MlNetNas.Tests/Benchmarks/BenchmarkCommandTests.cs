namespace MlNetNas.Tests.Benchmarks;

using MlNetNas.Cli;

public sealed class BenchmarkCommandTests
{
    [Fact]
    public async Task UnknownTuner_IsAUsageError()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await CliApp.RunAsync(["benchmark", "nasbench201", "--tuner", "random,bogus", "--output", Path.Combine(Path.GetTempPath(), "nb201-unused")], output, error);

        Assert.Equal(2, code);
        Assert.Contains("--tuner: Unknown tuner 'bogus'", error.ToString());
    }

    [Fact]
    public async Task WritesSelectedCsv_WithTheTunerSeedArchitectureAndValidationColumns()
    {
        var output = Directory.CreateTempSubdirectory("nb201-out").FullName;
        var stdout = new StringWriter();
        var error = new StringWriter();

        var code = await CliApp.RunAsync(
            ["benchmark", "nasbench201", "--dataset", "cifar100", "--tuner", "random,local-search", "--trials", "5", "--seeds", "2", "--seed", "4",
             "--data-dir", TestData.Path("nasbench201"), "--output", output],
            stdout,
            error);

        Assert.True(code == 0, error.ToString());
        var lines = await File.ReadAllLinesAsync(Path.Combine(output, "selected.csv"));
        Assert.Equal("tuner,seed,arch,val12", lines[0]);
        Assert.Equal(["random,4", "random,5", "local-search,4", "local-search,5"], lines.Skip(1).Select(l => string.Join(",", l.Split(',')[..2])));
        Assert.All(lines.Skip(1), l => Assert.Matches(@"^\|[a-z_0-9]+~0\|\+\|", l.Split(',')[2]));
        Assert.Contains("test200 mean", stdout.ToString());
    }
}
