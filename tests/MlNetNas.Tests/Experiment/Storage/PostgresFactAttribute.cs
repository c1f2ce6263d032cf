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

    /// <summary>Npgsql's connection string for <see cref="Url"/>, for tests that read or forge rows behind the store's back.</summary>
    public static string ConnectionString()
    {
        var uri = new Uri(Url!);
        string[] user = uri.UserInfo.Split(':');
        return $"Host={uri.Host};Port={(uri.Port > 0 ? uri.Port : 5432)};Username={Uri.UnescapeDataString(user[0])};"
            + $"Password={(user.Length > 1 ? Uri.UnescapeDataString(user[1]) : string.Empty)};Database={uri.AbsolutePath.Trim('/')}";
    }
}
