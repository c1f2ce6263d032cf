namespace MlNetNas.Data;

/// <summary>One column of a data file as column inference saw it.</summary>
/// <param name="Name">The header name, or <c>col{index}</c> when the file has no header.</param>
/// <param name="Index">0-based position of the column in each row.</param>
/// <param name="Purpose">What the column is used for.</param>
/// <param name="DistinctCount">Distinct non-missing values among the sampled rows.</param>
/// <param name="MissingCount">Missing cells among the sampled rows (empty, <c>?</c>, NaN; for numeric columns also unparsable or infinite cells).</param>
public sealed record InferredColumn(string Name, int Index, ColumnPurpose Purpose, int DistinctCount, int MissingCount);
