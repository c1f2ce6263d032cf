namespace MlNetNas.Search;

// Inside the namespace so that `SearchSpace` binds to the type, not to the sibling namespace MlNetNas.SearchSpace.
using MlNetNas.SearchSpace;

/// <summary>
/// Several tuners taking turns over one space, with the turns going to the ones whose proposals do well. Every member
/// is told every result, whoever proposed it, so a model-based member learns from the others' samples, evolution's
/// population fills with them and local search climbs from the best point anyone found. Each member's recent
/// proposals are scored by the share of earlier results they beat (1: better than everything so far, 0: worse than
/// everything, or failed); a proposal goes to the member with the best mean score over its last
/// <see cref="ScoreWindow"/> proposals, except with probability <see cref="ExplorationProbability"/> (and while a
/// member has not proposed yet), when a member is drawn uniformly (seeded). Where the space is finite, a point
/// already evaluated is never proposed again.
/// </summary>
public sealed class PortfolioTuner : ITuner
{
    /// <summary>How many of a member's latest proposals its score averages.</summary>
    public const int ScoreWindow = 8;

    /// <summary>The chance that a proposal goes to a member drawn uniformly instead of the best-scoring one.</summary>
    public const double ExplorationProbability = 0.25;

    private const int RepeatAttempts = 16;
    private readonly Member[] _members;
    private readonly Random _random;
    private readonly HashSet<Parameter> _seen = [];
    private readonly List<double> _losses = [];
    private readonly Dictionary<int, Member> _proposedBy = [];
    private readonly bool _finite;

    /// <summary>Creates a portfolio of <paramref name="members"/> (name and tuner, all over <paramref name="space"/>).</summary>
    /// <exception cref="ArgumentException">No member, or two with the same name.</exception>
    public PortfolioTuner(SearchSpace space, int seed, IReadOnlyList<(string Name, ITuner Tuner)> members)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException("A portfolio needs at least one member tuner.", nameof(members));
        }

        if (members.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"The portfolio names the member '{twice.Key}' twice.", nameof(members));
        }

        _members = members.Select(m => new Member(m.Name, m.Tuner ?? throw new ArgumentException($"Member '{m.Name}' has no tuner.", nameof(members)))).ToArray();
        _random = new Random(seed);
        _finite = new FeatureLayout(space).IsFinite;
    }

    /// <summary>The members' names, in order.</summary>
    public IReadOnlyList<string> MemberNames => _members.Select(m => m.Name).ToArray();

    /// <summary>How many proposals each member has made, by name.</summary>
    public IReadOnlyDictionary<string, int> ProposalCounts => _members.ToDictionary(m => m.Name, m => m.Proposals);

    /// <summary>The member that proposed trial <paramref name="trialId"/>; null for trials the portfolio did not propose.</summary>
    public string? ProposerOf(int trialId) => _proposedBy.TryGetValue(trialId, out var member) ? member.Name : null;

    /// <inheritdoc />
    public Parameter? Propose(int trialId)
    {
        while (_members.Any(m => !m.Exhausted))
        {
            var member = Choose();
            for (var attempt = 0; attempt < RepeatAttempts; attempt++)
            {
                var parameter = member.Tuner.Propose(trialId);
                if (parameter is null)
                {
                    member.Exhausted = true;
                    break;
                }

                // A member that learns nothing (random) may draw a point someone else already ran.
                if (_finite && !_seen.Add(parameter))
                {
                    continue;
                }

                member.Proposals++;
                _proposedBy[trialId] = member;
                return parameter;
            }

            // Only repeats: in a finite space this member has nothing new to say.
            member.Exhausted |= _finite;
        }

        return null;
    }

    /// <inheritdoc />
    public void Update(TrialObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        _seen.Add(observation.Parameter);
        foreach (var member in _members)
        {
            member.Tuner.Update(observation);
        }

        var loss = observation.Loss is { } l && double.IsFinite(l) ? l : (double?)null;
        if (_proposedBy.TryGetValue(observation.TrialId, out var proposer))
        {
            var score = loss is { } value && _losses.Count > 0 ? _losses.Count(earlier => value < earlier) / (double)_losses.Count : loss is null ? 0 : 1;
            proposer.Scores.Enqueue(score);
            if (proposer.Scores.Count > ScoreWindow)
            {
                proposer.Scores.Dequeue();
            }
        }

        if (loss is { } finite)
        {
            _losses.Add(finite);
        }
    }

    private Member Choose()
    {
        var live = _members.Where(m => !m.Exhausted).ToArray();
        var untried = live.Where(m => m.Scores.Count == 0 && m.Proposals == 0).ToArray();
        if (untried.Length > 0)
        {
            return untried[0];
        }

        if (_random.NextDouble() < ExplorationProbability)
        {
            return live[_random.Next(live.Length)];
        }

        // Members still waiting for their first result count as average until they have one.
        return live.MaxBy(m => m.Scores.Count == 0 ? 0.5 : m.Scores.Average())!;
    }

    private sealed class Member(string name, ITuner tuner)
    {
        public string Name { get; } = name;

        public ITuner Tuner { get; } = tuner;

        public Queue<double> Scores { get; } = new();

        public int Proposals { get; set; }

        public bool Exhausted { get; set; }
    }
}
