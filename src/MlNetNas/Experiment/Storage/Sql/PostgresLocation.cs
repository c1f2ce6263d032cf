namespace MlNetNas.Experiment.Storage.Sql;

/// <summary>Where a PostgreSQL store is, read from <c>postgres://user:password@host:port/database</c> (port 5432 by default).</summary>
internal sealed record PostgresLocation(string Host, int Port, string Database, string? User, string? Password)
{
    /// <summary>The location for messages, without the password.</summary>
    public string Shown => $"postgres://{(User is null ? string.Empty : Uri.EscapeDataString(User) + "@")}{Host}:{Port}/{Database}";

    /// <summary>Reads a <c>postgres://</c> or <c>postgresql://</c> URL.</summary>
    /// <exception cref="ArgumentException">It is not such a URL, or names no host or database; the message shows the expected form.</exception>
    public static PostgresLocation Parse(string url)
    {
        const string Form = "postgres://user:password@host:port/database";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql") || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException($"The storage '{Hide(url)}' is not a PostgreSQL URL; expected {Form}.", nameof(url));
        }

        string database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length == 0)
        {
            throw new ArgumentException($"The storage '{Hide(url)}' names no database; expected {Form}.", nameof(url));
        }

        string[] credentials = uri.UserInfo.Split(':', 2);
        string? user = credentials[0].Length > 0 ? Uri.UnescapeDataString(credentials[0]) : null;
        string? password = credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : null;
        return new PostgresLocation(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port, database, user, password);
    }

    // The password never reaches a message or a log.
    private static string Hide(string url)
    {
        int at = url.IndexOf('@', StringComparison.Ordinal);
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        int colon = scheme < 0 || at < 0 ? -1 : url.IndexOf(':', scheme + 3);
        return colon > 0 && colon < at ? url[..(colon + 1)] + "***" + url[at..] : url;
    }
}
