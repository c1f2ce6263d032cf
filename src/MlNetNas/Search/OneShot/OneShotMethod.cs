namespace MlNetNas.Search.OneShot;

/// <summary>The weight-sharing searches of the cell space: each trains one supernet and derives one cell from it.</summary>
public enum OneShotMethod
{
    /// <summary>ENAS (Pham et al. 2018): an LSTM controller samples a cell per batch; REINFORCE with a moving-average baseline on validation accuracy.</summary>
    Enas,

    /// <summary>DARTS, first order (Liu et al. 2019): a softmax mixture on every edge, architecture logits learned by gradient on held-out rows.</summary>
    Darts,

    /// <summary>GDAS (Dong and Yang 2019): one operation per edge sampled by a hard Gumbel-softmax, so memory does not grow with the candidates.</summary>
    Gdas,
}
