namespace MlNetNas.Tests.Experiment.Storage;

/// <summary>
/// A test that needs a PostgreSQL server: it runs when <c>MLNET_NAS_POSTGRES</c> names one
/// (<c>postgres://user:password@host:port/database</c>; <c>.ci/run</c> starts one and sets it) and is skipped, saying
/// why, when it does not.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>The variable that names the test server.</summary>
    public const string Variable = "MLNET_NAS_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Url))
        {
            Skip = $"needs a PostgreSQL server: set {Variable}=postgres://user:password@localhost:5432/database (.ci/run starts one and sets it)";
        }
    }

    /// <summary>The test server's URL, or null.</summary>
    public static string? Url => Environment.GetEnvironmentVariable(Variable);
}
