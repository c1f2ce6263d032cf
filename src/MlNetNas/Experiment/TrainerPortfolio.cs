using MlNetNas.Search;

namespace MlNetNas.Experiment;

using MlNetNas.SearchSpace;

/// <summary>
/// Chooses which trainer runs next and asks that trainer's own tuner for its parameters, as ML.NET AutoML
/// gives each trainer its own tuner. Every trainer first runs its defaults, then its known-good starting points
/// (<see cref="Candidates.IStartingPoints"/>, one trainer's after another's in turn); then, with a seeded generator,
/// the trainer with the best result so far runs with probability <see cref="ExploitProbability"/>, and
/// otherwise one of the others, uniformly, so the budget flows to what works without starving the rest.
/// </summary>
internal sealed class TrainerPortfolio
{
    /// <summary>The chance that the leading trainer gets the next trial once every trainer has run.</summary>
    public const double ExploitProbability = 0.7;

    private readonly string trainerKey;
    private readonly List<Arm> arms;
    private readonly Random random;
    private readonly Queue<(Arm Arm, Parameter Parameter)> defaults = new();
    private readonly Dictionary<int, (Arm Arm, Parameter Own)> running = new();

    public TrainerPortfolio(
        IReadOnlyList<(string Name, SearchSpace Space)> trainers,
        SearchSpace? preprocessing,
        string preprocessingKey,
        string trainerKey,
        Func<SearchSpace, int, ITuner> tunerFactory,
        int seed,
        IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, Parameter>>>? startingPoints = null)
    {
        this.trainerKey = trainerKey;
        random = new Random(seed);
        arms = trainers.Select((t, i) =>
        {
            var space = new SearchSpace();
            if (preprocessing is not null)
            {
                space.Add(preprocessingKey, preprocessing);
            }

            space.Add(trainerKey, t.Space);
            return new Arm(t.Name, tunerFactory(space, seed + (7919 * (i + 1))), space);
        }).ToList();
        // Cheapest first; the convolutional cells before FastTree, which is slow on the thousands of pixels of a photo.
        var order = new[] { "lightgbm", "linear", "cell", "mobile", "fasttree", "nas" };
        var ordered = arms.OrderBy(a => Array.IndexOf(order, a.Name) is var i && i < 0 ? order.Length : i).ToList();
        foreach (var arm in ordered)
        {
            defaults.Enqueue((arm, arm.Space.Default));
        }

        var starts = ordered.Select(a => (Arm: a, Points: StartsOf(a, startingPoints))).ToList();
        for (int k = 0; starts.Any(s => k < s.Points.Count); k++)
        {
            foreach (var (arm, points) in starts.Where(s => k < s.Points.Count))
            {
                defaults.Enqueue((arm, points[k]));
            }
        }
    }

    /// <summary>The next trial's parameter in the experiment's shape ({preprocessing, trainer: {trainer: name, ...}}), or null when no tuner has more.</summary>
    public Parameter? Propose(int trialId)
    {
        while (true)
        {
            Arm arm;
            Parameter? own;
            if (defaults.Count > 0)
            {
                (arm, own) = defaults.Dequeue();
            }
            else
            {
                var live = arms.Where(a => !a.Exhausted).ToList();
                if (live.Count == 0)
                {
                    return null;
                }

                arm = Choose(live);
                own = arm.Tuner.Propose(trialId);
                if (own is null)
                {
                    arm.Exhausted = true;
                    continue;
                }
            }

            running[trialId] = (arm, own);
            return ToExperimentShape(arm.Name, own);
        }
    }

    /// <summary>
    /// Tells each trainer's tuner about trials of an earlier experiment (experiment-shaped parameters); trials
    /// whose trainer is not in this experiment, or whose parameters do not fit its space, are skipped.
    /// Returns how many were taken.
    /// </summary>
    /// <remarks>With <paramref name="ranElsewhere"/> (results of another process of a shared study), a default these tuners were still to run that is among them is not run again.</remarks>
    public int WarmStart(IEnumerable<TrialObservation> previous, bool ranElsewhere = false)
    {
        int taken = 0;
        foreach (var observation in previous)
        {
            if (!observation.Parameter.ContainsKey(trainerKey) || !observation.Parameter[trainerKey].ContainsKey(trainerKey))
            {
                continue;
            }

            string name = observation.Parameter[trainerKey][trainerKey].AsString();
            var arm = arms.FirstOrDefault(a => a.Name == name);
            if (arm is null)
            {
                continue;
            }

            var own = WithDefaults(arm.Space.Default, ToOwnShape(observation.Parameter));
            try
            {
                arm.Space.MappingToFeatureSpace(own); // throws when the point is not of this space
                arm.Tuner.Update(observation with { Parameter = own });
            }
            catch (Exception e) when (e is ArgumentException or KeyNotFoundException or InvalidOperationException)
            {
                continue;
            }

            arm.Trials++;
            if (observation.Loss is { } loss && loss < arm.BestLoss)
            {
                arm.BestLoss = loss;
            }

            if (ranElsewhere)
            {
                DropDefault(arm, own);
            }

            taken++;
        }

        return taken;
    }

    /// <summary>Tells the trial's trainer tuner how it went.</summary>
    public void Update(TrialObservation observation)
    {
        if (!running.Remove(observation.TrialId, out var entry))
        {
            return;
        }

        entry.Arm.Trials++;
        if (observation.Loss is { } loss && loss < entry.Arm.BestLoss)
        {
            entry.Arm.BestLoss = loss;
        }

        // A trial that ran with other parameters than proposed (a classic trainer scaled down to fit the time left) teaches what ran.
        bool asProposed = observation.Parameter.ToJson() == ToExperimentShape(entry.Arm.Name, entry.Own).ToJson();
        entry.Arm.Tuner.Update(observation with { Parameter = asProposed ? entry.Own : ToOwnShape(observation.Parameter) });
    }

    /// <summary>
    /// Tells the tuners how trial <paramref name="observation"/> of a stopped run went, in place of running it, right after
    /// <see cref="Propose"/> proposed it again: a seeded run replayed this way continues as if it had never stopped.
    /// Returns false when the stored trial is not what was proposed now (another trainer: then it teaches its own
    /// trainer's tuner, as a warm start does; other parameters, e.g. a classic trial scaled down to fit the time it had),
    /// so that the trials that follow may differ from those of an uninterrupted run.
    /// </summary>
    public bool Replay(TrialObservation observation, string trainer)
    {
        if (running.TryGetValue(observation.TrialId, out var entry) && entry.Arm.Name == trainer)
        {
            bool same = observation.Parameter.ToJson() == ToExperimentShape(entry.Arm.Name, entry.Own).ToJson();
            Update(observation);
            return same;
        }

        running.Remove(observation.TrialId);
        WarmStart([observation]);
        return false;
    }

    /// <summary>Proposes no more trials of <paramref name="trainer"/> (it cannot fit the time left).</summary>
    public void Retire(string trainer)
    {
        foreach (var arm in arms.Where(a => a.Name == trainer))
        {
            arm.Exhausted = true;
        }

        var kept = defaults.Where(d => d.Arm.Name != trainer).ToList();
        defaults.Clear();
        foreach (var d in kept)
        {
            defaults.Enqueue(d);
        }
    }

    private void DropDefault(Arm arm, Parameter own)
    {
        string json = own.ToJson();
        if (!defaults.Any(d => d.Arm == arm && d.Parameter.ToJson() == json))
        {
            return;
        }

        var kept = defaults.Where(d => !(d.Arm == arm && d.Parameter.ToJson() == json)).ToList();
        defaults.Clear();
        foreach (var d in kept)
        {
            defaults.Enqueue(d);
        }
    }

    /// <summary>The arm's starting points as points of its space (default settings where a point says nothing); those that do not fit are skipped.</summary>
    private List<Parameter> StartsOf(Arm arm, IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, Parameter>>>? startingPoints)
    {
        var points = new List<Parameter>();
        if (startingPoints is null || !startingPoints.TryGetValue(arm.Name, out var settings))
        {
            return points;
        }

        var defaultPoint = arm.Space.Default;
        foreach (var overrides in settings)
        {
            var point = Parameter.FromObject(defaultPoint.Children.Select(c => c.Key == trainerKey
                ? KeyValuePair.Create(trainerKey, Parameter.FromObject(c.Value.Children.Select(t => overrides.TryGetValue(t.Key, out var v) ? KeyValuePair.Create(t.Key, v) : t)))
                : c));
            try
            {
                arm.Space.MappingToFeatureSpace(point); // throws when a setting is outside the space
                points.Add(point);
            }
            catch (Exception e) when (e is ArgumentException or KeyNotFoundException or InvalidOperationException)
            {
            }
        }

        return points;
    }

    private Arm Choose(List<Arm> live)
    {
        var leader = live.OrderBy(a => a.BestLoss).ThenBy(a => a.Trials).First();
        if (live.Count == 1 || random.NextDouble() < ExploitProbability)
        {
            return leader;
        }

        var others = live.Where(a => a != leader).ToList();
        return others[random.Next(others.Count)];
    }

    // A trial stored before its space gained a setting (robust_scale, embedding_bins) says nothing of it; it ran as the
    // setting's default does (a new setting's default is the old behaviour), so the point takes the default there.
    private static Parameter WithDefaults(Parameter defaults, Parameter point)
    {
        if (defaults.Kind != ParameterKind.Object || point.Kind != ParameterKind.Object)
        {
            return point;
        }

        var children = point.Children.Select(c => defaults.ContainsKey(c.Key) ? KeyValuePair.Create(c.Key, WithDefaults(defaults[c.Key], c.Value)) : c).ToList();
        children.AddRange(defaults.Children.Where(d => !point.ContainsKey(d.Key)));
        return Parameter.FromObject(children);
    }

    private Parameter ToOwnShape(Parameter experiment) => Parameter.FromObject(experiment.Children.Select(child => child.Key == trainerKey
        ? KeyValuePair.Create(trainerKey, Parameter.FromObject(child.Value.Children.Where(c => c.Key != trainerKey)))
        : child));

    private Parameter ToExperimentShape(string name, Parameter own)
    {
        var children = new List<KeyValuePair<string, Parameter>>();
        foreach (var child in own.Children)
        {
            children.Add(child.Key == trainerKey
                ? KeyValuePair.Create(trainerKey, Parameter.FromObject(new[] { KeyValuePair.Create(trainerKey, Parameter.FromString(name)) }.Concat(child.Value.Children)))
                : child);
        }

        return Parameter.FromObject(children);
    }

    private sealed class Arm(string name, ITuner tuner, SearchSpace space)
    {
        public string Name { get; } = name;

        public ITuner Tuner { get; } = tuner;

        public SearchSpace Space { get; } = space;

        public double BestLoss { get; set; } = double.PositiveInfinity;

        public int Trials { get; set; }

        public bool Exhausted { get; set; }
    }
}
