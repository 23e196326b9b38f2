// This file has an identical twin: tests/Declarative.Benchmarks/GeneratorSyntheticSources.cs and
// tests/Declarative.Generators.Tests/Infrastructure/SyntheticSources.cs. The benchmarks time the
// generator on this source and the tests prove it compiles; a test keeps the two copies equal.
using System.Globalization;
using System.Text;

namespace Declarative.Synthetic;

/// <summary>Large, deterministic inputs for the generator cost benchmark and its sanity test.</summary>
internal static class SyntheticSources
{
    /// <summary>
    /// <paramref name="classes"/> partial classes of <paramref name="toolsPerClass"/> <c>[Tool]</c>
    /// methods each. Parameters cycle through strings, integers, enums, a record, lists and optional
    /// values; returns through values, <c>void</c>, <c>Task&lt;T&gt;</c> and <c>ValueTask&lt;T&gt;</c>.
    /// </summary>
    public static string Tools(int classes = 100, int toolsPerClass = 10)
    {
        var text = new StringBuilder();
        text.Append("""
            using System.Collections.Generic;
            using System.ComponentModel;
            using System.Threading;
            using System.Threading.Tasks;
            using Declarative;

            namespace Synthetic.Tools;

            public enum Priority { Low, Normal, High, Urgent }

            public enum Channel { Email, Sms, Push }

            /// <summary>A postal address.</summary>
            public sealed record Address(string Street, string City, string Country, string? PostalCode = null);

            public sealed record LineItem(string Sku, int Quantity, decimal UnitPrice);

            public sealed record Receipt(string Id, decimal Total, List<LineItem> Items);

            """);
        for (var c = 0; c < classes; c++)
        {
            var isStatic = c % 4 == 3;
            text.Append(CultureInfo.InvariantCulture, $"\npublic {(isStatic ? "static " : "")}partial class Service{c:D3}\n{{\n");
            for (var t = 0; t < toolsPerClass; t++)
            {
                var index = (c * toolsPerClass) + t;
                var n = index.ToString(CultureInfo.InvariantCulture);
                var modifier = isStatic ? "public static" : "public";
                text.Append(CultureInfo.InvariantCulture, $"    /// <summary>Operation {n} of service {c}.</summary>\n");
                text.Append((index % 6) switch
                {
                    0 => $"    /// <param name=\"query\">What to look for.</param>\n    [Tool]\n    {modifier} string Search{n}(string query, int limit = 10) => query;\n",
                    1 => $"    [Tool(ReadOnly = true)]\n    {modifier} int Count{n}(string id, Priority priority, Channel? channel = null) => 0;\n",
                    2 => $"    [Tool]\n    {modifier} Task<Receipt> Order{n}(Address shipTo, List<LineItem> items, CancellationToken cancellationToken) => Task.FromResult(new Receipt(\"r\", 0m, items));\n",
                    3 => $"    [Tool(Description = \"Tags an item.\")]\n    {modifier} void Tag{n}([Description(\"The item.\")] string itemId, List<string> tags) {{ }}\n",
                    4 => $"    [Tool(RequiresApproval = true)]\n    {modifier} ValueTask<bool> Notify{n}(string recipient, Channel channel, Priority priority = Priority.Normal) => new(true);\n",
                    _ => $"    [Tool]\n    {modifier} Address? Find{n}(string name, int[] ids, bool exact = false) => null;\n",
                });
            }
            text.Append("}\n");
        }
        return text.ToString();
    }

    /// <summary>
    /// <paramref name="count"/> record types, each with a string, an integer, an enum and a list, all
    /// named by <c>[JsonSerializable]</c> on one <c>JsonSerializerContext</c>: the System.Text.Json
    /// source generator's equivalent of <see cref="Tools"/>.
    /// </summary>
    public static string JsonContext(int count = 1000)
    {
        var text = new StringBuilder();
        text.Append("""
            using System.Collections.Generic;
            using System.Text.Json.Serialization;

            namespace Synthetic.Json;

            public enum Priority { Low, Normal, High, Urgent }

            """);
        for (var i = 0; i < count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"\npublic sealed record Record{i:D4}(string Name, int Count, Priority Priority, List<string> Tags, decimal? Amount = null);\n");
        }
        text.Append('\n');
        for (var i = 0; i < count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"[JsonSerializable(typeof(Record{i:D4}))]\n");
        }
        text.Append("public partial class SyntheticJsonContext : JsonSerializerContext\n{\n}\n");
        return text.ToString();
    }
}
