using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Experiment;
using MlNetNas.Search;

namespace MlNetNas.Tests.Experiment;

using MlNetNas.SearchSpace;

/// <summary>The fold models a cross-validated trial keeps for bagging are disposed once nothing will bag them.</summary>
public sealed class IncumbentFoldsTests
{
    private static readonly NasTask Task = NasTask.MulticlassClassification("y");

    private static TrialResult Trial(int id, double metric) =>
        new(id, "linear", Parameter.FromObject([]), TrialStatus.Completed, metric, TimeSpan.FromSeconds(1));

    private static (DisposableModel Best, FoldModel[] Folds) Folds(int count)
    {
        var models = Enumerable.Range(0, count).Select(_ => new DisposableModel()).ToArray();
        return (models[0], [.. models.Select(m => new FoldModel(null!, m, null))]);
    }

    [Fact]
    public void DropFolds_DisposesEveryFoldModel_ButTheIncumbentsOwn()
    {
        var incumbent = new Incumbent(Task);
        var (best, folds) = Folds(3);
        Assert.True(incumbent.Offer(Trial(1, 0.9), new TransformerChain<ITransformer>(), best, null, null, null, folds: folds));

        incumbent.DropFolds();

        Assert.Null(incumbent.Folds);
        Assert.False(best.Disposed);
        Assert.All(folds.Skip(1), f => Assert.True(((DisposableModel)f.Model).Disposed));
    }

    [Fact]
    public void ABetterTrial_DisposesTheFoldsItReplaces_AndALoserItsOwn()
    {
        var incumbent = new Incumbent(Task);
        var (firstBest, firstFolds) = Folds(3);
        var (loserBest, loserFolds) = Folds(3);
        var (secondBest, secondFolds) = Folds(3);
        incumbent.Offer(Trial(1, 0.8), new TransformerChain<ITransformer>(), firstBest, null, null, null, folds: firstFolds);

        Assert.False(incumbent.Offer(Trial(2, 0.7), new TransformerChain<ITransformer>(), loserBest, null, null, null, folds: loserFolds));
        Assert.All(loserFolds, f => Assert.True(((DisposableModel)f.Model).Disposed));

        Assert.True(incumbent.Offer(Trial(3, 0.9), new TransformerChain<ITransformer>(), secondBest, null, null, null, folds: secondFolds));
        Assert.All(firstFolds, f => Assert.True(((DisposableModel)f.Model).Disposed));
        Assert.Same(secondFolds, incumbent.Folds);
        Assert.All(secondFolds, f => Assert.False(((DisposableModel)f.Model).Disposed));
    }

    private sealed class DisposableModel : ITransformer, IDisposable
    {
        public bool Disposed { get; private set; }

        public bool IsRowToRowMapper => false;

        public void Dispose() => Disposed = true;

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inputSchema;

        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => throw new NotSupportedException();

        public void Save(ModelSaveContext ctx) => throw new NotSupportedException();

        public IDataView Transform(IDataView input) => input;
    }
}
