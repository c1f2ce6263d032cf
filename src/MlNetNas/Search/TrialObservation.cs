using MlNetNas.SearchSpace;

namespace MlNetNas.Search;

/// <summary>
/// What a tuner learns from one finished trial. <paramref name="Loss"/>: lower is better (the experiment turns
/// "maximize accuracy" into loss = -accuracy); null when the trial failed.
/// </summary>
/// <param name="TrialId">The id passed to <see cref="ITuner.Propose"/>.</param>
/// <param name="Parameter">The parameter that was proposed and run.</param>
/// <param name="Loss">The loss to minimise; null when the trial failed.</param>
/// <param name="Status">How the trial ended.</param>
/// <param name="Duration">How long the trial ran.</param>
public sealed record TrialObservation(int TrialId, Parameter Parameter, double? Loss, TrialStatus Status, TimeSpan Duration);
