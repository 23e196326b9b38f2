using System.Text.Json;
using System.Text.RegularExpressions;

namespace Declarative.Planning;

// The plan's shape: the top-level object, each step's members, ids, tool names and dependsOn lists.
public sealed partial class PlanValidator
{
    private static readonly string[] StepMembers = ["id", "tool", "arguments", "dependsOn", "description"];

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex IdPattern();

    /// <summary>One validation: the parsed document, the errors found and what is known about each step.</summary>
    private sealed partial class Run(PlanValidator owner, JsonElement root)
    {
        private readonly PlanValidator _owner = owner;
        private readonly JsonElement _root = root;
        private readonly List<ToolError> _errors = [];
        private readonly List<StepDraft> _steps = [];
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

        public PlanValidationResult Validate()
        {
            if (_root.ValueKind != JsonValueKind.Object)
            {
                return Fail(new ToolError("$", $"a plan is an object {{\"steps\": [...]}}, not {JsonPath.Kind(_root)}"));
            }
            JsonElement steps = default;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in _root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    Error(JsonPath.Property("$", property.Name), $"'{property.Name}' appears more than once");
                }
                else if (property.NameEquals("steps"))
                {
                    steps = property.Value;
                }
                else
                {
                    Error(JsonPath.Property("$", property.Name), $"unknown property '{property.Name}'; a plan has only 'steps'");
                }
            }
            if (steps.ValueKind == JsonValueKind.Undefined)
            {
                Error("$.steps", "required property is missing");
                return Result();
            }
            if (steps.ValueKind != JsonValueKind.Array)
            {
                Error("$.steps", $"expected a list of steps, got {JsonPath.Kind(steps)}");
                return Result();
            }
            var count = steps.GetArrayLength();
            if (count == 0)
            {
                Error("$.steps", "a plan needs at least one step");
                return Result();
            }
            if (count > _owner.Limits.MaxSteps)
            {
                Error("$.steps", $"the plan has {count} steps, over the limit of {_owner.Limits.MaxSteps}");
                return Result();
            }

            var index = 0;
            foreach (var step in steps.EnumerateArray())
            {
                ReadStep(index++, step);
            }
            foreach (var step in _steps)
            {
                CheckDependencies(step);
                CheckArguments(step);
            }
            CheckCycles();
            CheckFanOut();
            return Result();
        }

        private PlanValidationResult Result()
        {
            if (_errors.Count > 0)
            {
                return new PlanValidationResult(null, _errors.ToArray());
            }
            var steps = _steps.Select(s => new PlanStep(s.Index, s.Id!, s.Tool!.Name, s.Arguments, s.DependsOn, s.Description, s.References)).ToArray();
            return new PlanValidationResult(new Plan(steps, _root.GetRawText()), []);
        }

        private void Error(string path, string message) => _errors.Add(new ToolError(path, message));

        private void ReadStep(int index, JsonElement element)
        {
            var path = JsonPath.Index("$.steps", index);
            var draft = new StepDraft(index, path);
            _steps.Add(draft);
            if (element.ValueKind != JsonValueKind.Object)
            {
                Error(path, $"a step is an object with 'id', 'tool' and 'arguments', not {JsonPath.Kind(element)}");
                return;
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            JsonElement id = default, tool = default, arguments = default, dependsOn = default, description = default;
            foreach (var property in element.EnumerateObject())
            {
                var at = JsonPath.Property(path, property.Name);
                if (!seen.Add(property.Name))
                {
                    Error(at, $"'{property.Name}' appears more than once");
                    continue;
                }
                switch (property.Name)
                {
                    case "id": id = property.Value; break;
                    case "tool": tool = property.Value; break;
                    case "arguments": arguments = property.Value; break;
                    case "dependsOn": dependsOn = property.Value; break;
                    case "description": description = property.Value; break;
                    default:
                        var hint = Serialization.NameSuggester.Suggest(property.Name, StepMembers);
                        Error(at, $"unknown property '{property.Name}'" + (hint is null ? "." : $"; did you mean '{hint}'?")
                            + " A step has 'id', 'tool', 'arguments', and optionally 'dependsOn' and 'description'.");
                        break;
                }
            }

            if (id.ValueKind == JsonValueKind.Undefined)
            {
                Error(path + ".id", "required property is missing");
            }
            else if (id.ValueKind != JsonValueKind.String)
            {
                Error(path + ".id", $"expected a string, got {JsonPath.Kind(id)}");
            }
            else
            {
                var text = id.GetString()!;
                if (!IdPattern().IsMatch(text))
                {
                    Error(path + ".id", $"'{text}' is not a valid id: use 1 to 64 letters, digits, '_' or '-'");
                }
                else if (_ids.TryGetValue(text, out var first))
                {
                    Error(path + ".id", $"duplicate id '{text}'; $.steps[{first}] already has it");
                }
                else
                {
                    _ids[text] = index;
                    draft.Id = text;
                }
            }

            if (tool.ValueKind == JsonValueKind.Undefined)
            {
                Error(path + ".tool", "required property is missing");
            }
            else if (tool.ValueKind != JsonValueKind.String)
            {
                Error(path + ".tool", $"expected a tool name, got {JsonPath.Kind(tool)}");
            }
            else if (_owner._descriptors.TryGetValue(tool.GetString()!, out var descriptor))
            {
                draft.Tool = descriptor;
            }
            else
            {
                Error(path + ".tool", ToolResult.UnknownTool(tool.GetString(), _owner._toolNames).Errors[0].Message);
            }

            if (arguments.ValueKind == JsonValueKind.Undefined)
            {
                Error(path + ".arguments", "required property is missing (use {} for a tool without arguments)");
            }
            else if (arguments.ValueKind != JsonValueKind.Object)
            {
                Error(path + ".arguments", $"expected an object, got {JsonPath.Kind(arguments)}");
            }
            else
            {
                draft.Arguments = arguments;
            }

            if (dependsOn.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in dependsOn.EnumerateArray())
                {
                    var at = JsonPath.Index(path + ".dependsOn", i++);
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        draft.DependsOnRaw.Add((item.GetString()!, at));
                    }
                    else
                    {
                        Error(at, $"expected a step id, got {JsonPath.Kind(item)}");
                    }
                }
            }
            else if (dependsOn.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
            {
                Error(path + ".dependsOn", $"expected a list of step ids, got {JsonPath.Kind(dependsOn)}");
            }

            if (description.ValueKind == JsonValueKind.String)
            {
                draft.Description = description.GetString();
            }
            else if (description.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
            {
                Error(path + ".description", $"expected a string, got {JsonPath.Kind(description)}");
            }
        }

        private void CheckDependencies(StepDraft step)
        {
            foreach (var (id, at) in step.DependsOnRaw)
            {
                if (CheckStepId(step, id, at, "dependsOn") && !step.DependsOn.Contains(id, StringComparer.Ordinal))
                {
                    step.DependsOn.Add(id);
                }
            }
        }

        // Whether a step id named by 'step' exists and is not 'step' itself; reports otherwise.
        private bool CheckStepId(StepDraft step, string id, string at, string what)
        {
            if (step.Id is not null && id == step.Id)
            {
                Error(at, $"step '{id}' cannot {(what == "dependsOn" ? "depend on" : "take a value from")} itself");
                return false;
            }
            if (!_ids.ContainsKey(id))
            {
                var hint = Serialization.NameSuggester.Suggest(id, [.. _ids.Keys]);
                Error(at, $"no step has the id '{id}'" + (hint is null ? "" : $"; did you mean '{hint}'?"));
                return false;
            }
            return true;
        }
    }
}
