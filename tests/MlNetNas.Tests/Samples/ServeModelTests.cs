using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MlNetNas.Tests.Cli;
using MlNetNas.Tests.Data;
using ServeModel;

namespace MlNetNas.Tests.Samples;

/// <summary>The ASP.NET Core sample serving a real model.zip, called over HTTP on localhost.</summary>
[Collection(TorchCollection.Name)]
public sealed class ServeModelTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task TheService_ScoresABatchAndOneRow_AsTheModelZipDoes_AndRefusesAnEmptyRequest()
    {
        string output = Path.Combine(temp.Root, "iris");
        var train = await CliRun.RunAsync("classification", "--dataset", TestData.Path("tabular", "iris.csv"), "--label-col", "species",
            "--trainers", "nas", "--max-trials", "2", "--train-time", "20", "--seed", "1", "--output", output);
        train.AssertSucceeded();
        await using var app = ServeModelApp.Create(["--Model", Path.Combine(output, "model.zip"), "--urls", "http://127.0.0.1:0"]);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var rows = new[]
        {
            new IrisInput { SepalLength = 5.1f, SepalWidth = 3.5f, PetalLength = 1.4f, PetalWidth = 0.2f },
            new IrisInput { SepalLength = 6.4f, SepalWidth = 3.2f, PetalLength = 4.5f, PetalWidth = 1.5f },
            new IrisInput { SepalLength = 7.7f, SepalWidth = 3.0f, PetalLength = 6.1f, PetalWidth = 2.3f },
        };

        var batch = await http.PostAsJsonAsync("/predict", rows);
        var one = await http.PostAsJsonAsync("/predict/one", rows[2]);
        var empty = await http.PostAsJsonAsync("/predict", Array.Empty<IrisInput>());
        var health = await http.GetStringAsync("/health");
        await app.StopAsync();

        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        var labels = JsonDocument.Parse(await batch.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Select(p => p.GetProperty("predictedLabel").GetString()!).ToArray();
        Assert.Equal(["setosa", "versicolor", "virginica"], labels);
        Assert.Equal("virginica", JsonDocument.Parse(await one.Content.ReadAsStringAsync()).RootElement.GetProperty("predictedLabel").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("JSON array of rows", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("\"network\":true", health, StringComparison.Ordinal);
    }
}
