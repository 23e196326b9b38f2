namespace Declarative.Orchestration;

/// <summary>
/// The checked hand-off graph of a composition: participants by name, who may transfer to whom, who can
/// finish. Built once by <see cref="Composition.HandOff{TInput, TOutput}"/>; every rule it applies is a
/// build-time diagnostic of the generator, reported here with the same id and message.
/// </summary>
internal sealed class HandOffGraph
{
    private readonly Dictionary<string, int> _indexByName;

    private HandOffGraph(IReadOnlyList<Participant> participants, bool[] canFinish, Dictionary<string, int> indexByName, int[][] targets)
    {
        Participants = participants;
        CanFinish = canFinish;
        _indexByName = indexByName;
        Targets = targets;
    }

    /// <summary>The participants, the entry first.</summary>
    public IReadOnlyList<Participant> Participants { get; }

    /// <summary>Per participant: whether its answer may end the run (it answers with the composition's result type).</summary>
    public bool[] CanFinish { get; }

    /// <summary>Per participant: the indexes of the participants it may transfer to, in its declared order.</summary>
    public int[][] Targets { get; }

    /// <summary>The index of the participant named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name) => _indexByName.TryGetValue(name, out var index) ? index : -1;

    /// <summary>Checks a hand-off composition and builds its graph.</summary>
    /// <param name="composition">The composition's name, for messages.</param>
    /// <param name="participants">The participants; the first is the entry.</param>
    /// <param name="canFinish">Whether a participant answers with the composition's result type.</param>
    /// <param name="outputTypeName">The result type's name, for messages.</param>
    /// <param name="maxHandOffs">The limit on transfers (0: none).</param>
    /// <exception cref="CompositionException">DCL0027 to DCL0031, as the generator reports them.</exception>
    public static HandOffGraph Build(string composition, IReadOnlyList<Participant> participants, Func<Participant, bool> canFinish,
                                     string outputTypeName, int maxHandOffs)
    {
        var byName = ConversationChecks.IndexByName(composition, "hand-off", participants);
        var count = participants.Count;
        var targets = new int[count][];
        for (var i = 0; i < count; i++)
        {
            var declared = participants[i].HandOffTo;
            var indexes = new int[declared.Count];
            for (var t = 0; t < declared.Count; t++)
            {
                if (string.IsNullOrEmpty(declared[t]) || !byName.TryGetValue(declared[t], out indexes[t]))
                {
                    throw new CompositionException("DCL0027",
                        $"'{participants[i].Name}' hands off to '{declared[t]}', which is not a participant of {composition}");
                }
            }
            targets[i] = indexes;
        }

        var finishes = new bool[count];
        for (var i = 0; i < count; i++)
        {
            finishes[i] = canFinish(participants[i]);
        }

        var reachable = Reachable(targets);
        var leadsToFinish = LeadsToFinish(targets, finishes);
        for (var i = 0; i < count; i++)
        {
            if (reachable[i] && !leadsToFinish[i])
            {
                throw new CompositionException("DCL0028",
                    $"'{participants[i].Name}' can neither finish {composition} (it does not answer with {outputTypeName}) nor hand off to a participant that can");
            }
        }

        if (maxHandOffs == 0 && FindCycle(targets, reachable) is { } cycle)
        {
            var path = string.Join(" -> ", cycle.Select(i => participants[i].Name));
            throw new CompositionException("DCL0029", $"the hand-offs of {composition} form a cycle ({path}) and MaxHandOffs is not set");
        }
        return new HandOffGraph(participants, finishes, byName, targets);
    }

    // Which participants the entry (index 0) can reach, itself included.
    private static bool[] Reachable(int[][] targets)
    {
        var seen = new bool[targets.Length];
        var queue = new Queue<int>();
        seen[0] = true;
        queue.Enqueue(0);
        while (queue.TryDequeue(out var at))
        {
            foreach (var next in targets[at])
            {
                if (!seen[next])
                {
                    seen[next] = true;
                    queue.Enqueue(next);
                }
            }
        }
        return seen;
    }

    // Which participants can finish or reach one that can: a fixed point over the edges.
    private static bool[] LeadsToFinish(int[][] targets, bool[] finishes)
    {
        var leads = (bool[])finishes.Clone();
        bool changed;
        do
        {
            changed = false;
            for (var i = 0; i < targets.Length; i++)
            {
                if (!leads[i] && Array.Exists(targets[i], t => leads[t]))
                {
                    leads[i] = changed = true;
                }
            }
        }
        while (changed);
        return leads;
    }

    // The first cycle a depth-first walk from the entry meets (targets in declared order), as the path
    // from its first participant back to it; null when the reachable graph has none.
    private static List<int>? FindCycle(int[][] targets, bool[] reachable)
    {
        var state = new byte[targets.Length]; // 0 unvisited, 1 on the current path, 2 done
        var path = new List<int>();
        return Visit(0);

        List<int>? Visit(int at)
        {
            state[at] = 1;
            path.Add(at);
            foreach (var next in targets[at])
            {
                if (state[next] == 1)
                {
                    var cycle = path.GetRange(path.IndexOf(next), path.Count - path.IndexOf(next));
                    cycle.Add(next);
                    return cycle;
                }
                if (state[next] == 0 && reachable[next] && Visit(next) is { } found)
                {
                    return found;
                }
            }
            path.RemoveAt(path.Count - 1);
            state[at] = 2;
            return null;
        }
    }
}
