using MlNetNas.Architectures.Families;
using MlNetNas.Architectures.OneShot;
using static TorchSharp.torch;

namespace MlNetNas.Search.OneShot;

/// <summary>
/// Perturbation-based selection of a DARTS cell (Wang et al. 2021, "Rethinking architecture selection in differentiable
/// NAS"): the largest architecture weight does not mark the operation the supernet relies on most (parameter-free
/// operations gain weight while the convolutions still learn), so each edge takes the operation whose removal from the
/// trained mixture costs the most accuracy on 1024 held-out rows. At most <c>maxSkipConnections</c> edges keep a skip, and
/// at most <c>maxParameterFree</c> a parameter-free operation.
/// </summary>
internal static class PerturbationSelection
{
    private const int EvaluationRows = 1024;

    public static CellArchitecture Select(CellSupernet supernet, Tensor probabilities, SupernetData data, int maxSkipConnections, int maxParameterFree)
    {
        using var noGrad = no_grad();
        int edges = CellArchitecture.Edges.Count;
        int operations = CellArchitecture.Operations.Count;
        using var weights = probabilities.detach().clone();
        supernet.Mixing.UseWeights(weights);
        double full = SupernetData.Accuracy(supernet, data.ArchitectureX, data.ArchitectureY, EvaluationRows);
        var cost = new float[edges * operations];
        for (int e = 0; e < edges; e++)
        {
            for (int k = 0; k < operations; k++)
            {
                if (CellArchitecture.Operations[k] == "none")
                {
                    continue;
                }

                using var scope = NewDisposeScope();
                var perturbed = weights.clone();
                var row = perturbed[e];
                row[k] = tensor(0f);
                row.div_(row.sum().clamp_min(1e-12f));
                supernet.Mixing.UseWeights(perturbed);
                // The accuracy lost without the operation; ties go to the heavier weight.
                cost[(e * operations) + k] = (float)(full - SupernetData.Accuracy(supernet, data.ArchitectureX, data.ArchitectureY, EvaluationRows))
                    + (1e-4f * weights[e, k].item<float>());
            }
        }

        return ArchitectureWeights.Strongest(cost, excludeNone: true, maxSkipConnections, maxParameterFree);
    }
}
