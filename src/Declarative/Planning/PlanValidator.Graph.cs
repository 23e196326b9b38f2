namespace Declarative.Planning;

// The dependency graph the steps form: no cycles, and no step with too many dependents.
public sealed partial class PlanValidator
{
    private sealed partial class Run
    {
        private void CheckCycles()
        {
            // Depth-first search over the dependencies; a back edge closes a cycle, reported once.
            var state = new int[_steps.Count];
            var stack = new List<int>();
            var reported = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < _steps.Count; i++)
            {
                Visit(i);
            }

            void Visit(int node)
            {
                if (state[node] == 2)
                {
                    return;
                }
                state[node] = 1;
                stack.Add(node);
                foreach (var next in DependenciesOf(_steps[node]))
                {
                    if (state[next] == 1)
                    {
                        var cycle = stack.Skip(stack.IndexOf(next)).ToList();
                        var start = cycle.IndexOf(cycle.Min());
                        var ordered = cycle.Skip(start).Concat(cycle.Take(start)).ToList();
                        if (reported.Add(string.Join(",", ordered)))
                        {
                            var names = ordered.Select(s => _steps[s].Id!).ToList();
                            names.Add(names[0]);
                            Error(_steps[ordered[0]].Path, "steps form a cycle: " + string.Join(" -> ", names)
                                + " (each waits for the next, so none can start)");
                        }
                    }
                    else if (state[next] == 0)
                    {
                        Visit(next);
                    }
                }
                stack.RemoveAt(stack.Count - 1);
                state[node] = 2;
            }
        }

        private IEnumerable<int> DependenciesOf(StepDraft step)
            => step.References.Select(r => r.StepId).Concat(step.DependsOn).Distinct(StringComparer.Ordinal)
                .Where(_ids.ContainsKey).Select(id => _ids[id]);

        private void CheckFanOut()
        {
            var dependents = new int[_steps.Count];
            foreach (var step in _steps)
            {
                foreach (var dependency in DependenciesOf(step))
                {
                    dependents[dependency]++;
                }
            }
            for (var i = 0; i < dependents.Length; i++)
            {
                if (dependents[i] > _owner.Limits.MaxFanOut)
                {
                    Error(_steps[i].Path, $"{dependents[i]} steps wait on '{_steps[i].Id}', over the fan-out limit of {_owner.Limits.MaxFanOut}");
                }
            }
        }
    }
}
