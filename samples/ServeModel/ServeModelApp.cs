using MlNetNas.Serving;

namespace ServeModel;

/// <summary>
/// A minimal API that serves a model.zip written by mlnet-nas on iris: <c>POST /predict</c> takes a JSON array of rows
/// and scores them in one batch, <c>POST /predict/one</c> one row, <c>GET /health</c> says what is loaded. One
/// <see cref="NasModel"/> serves every request: it is thread-safe and pools what is not.
/// </summary>
public static class ServeModelApp
{
    /// <summary>The most rows one request may send.</summary>
    public const int MaxRows = 100_000;

    /// <summary>The app; the model is the <c>Model</c> setting (<c>--Model PATH</c>, or the environment), default out/model.zip.</summary>
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        string path = builder.Configuration["Model"] ?? "out/model.zip";
        var model = NasModel.Load(path);
        builder.Services.AddSingleton(model);
        var app = builder.Build();
        app.MapGet("/health", () => Results.Ok(new { model = Path.GetFullPath(path), task = model.Manifest.Task.ToString(), classes = model.ClassNames, network = model.HasNetwork }));
        app.MapPost("/predict", (IrisInput[]? rows, NasModel served) => rows switch
        {
            null or [] => Results.BadRequest(new { error = "Send a JSON array of rows, e.g. [{\"sepal_length\":5.1,\"sepal_width\":3.5,\"petal_length\":1.4,\"petal_width\":0.2}]." }),
            { Length: > MaxRows } => Results.BadRequest(new { error = $"At most {MaxRows} rows per request; got {rows.Length}." }),
            _ => Results.Ok(served.Predict(rows)),
        });
        app.MapPost("/predict/one", (IrisInput row, NasModel served) => Results.Ok(served.PredictRow(row)));
        return app;
    }
}
