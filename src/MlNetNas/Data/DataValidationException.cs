namespace MlNetNas.Data;

/// <summary>A problem in a data file that the user can fix; the message names the file, column and row (1-based, counting the header, as in a text editor) where known, and what was expected.</summary>
public sealed class DataValidationException : Exception
{
    /// <summary>Creates the exception with a message that says what is wrong and what was expected.</summary>
    public DataValidationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception wrapping the error that revealed the problem.</summary>
    public DataValidationException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>The data file, where known.</summary>
    public string? FilePath { get; init; }

    /// <summary>The column name, where the problem is in one column.</summary>
    public string? Column { get; init; }

    /// <summary>The 1-based line number of the row (the header is line 1), where the problem is in one row.</summary>
    public long? Row { get; init; }
}
