using Declarative.Generators.Tests.Infrastructure;
using Xunit;

namespace Declarative.Generators.Tests;

/// <summary>How parameter and result types become schemas, readers and writers: one kind of type per test.</summary>
public sealed class TypeShapeSnapshotTests
{
    [Fact]
    public void Enum_with_JsonStringEnumMemberName() => GeneratorAssert.MatchesSnapshots("""
        using System.Text.Json.Serialization;
        using Declarative;

        namespace Demo;

        public enum Status
        {
            Open,
            [JsonStringEnumMemberName("in-progress")] InProgress,
            Done,
        }

        public partial class Tickets
        {
            [Tool]
            public Status Move(string id, Status to) => to;
        }
        """);

    [Fact]
    public void Record_with_defaults() => GeneratorAssert.MatchesSnapshots("""
        using Declarative;

        namespace Demo;

        public sealed record SearchOptions(string Query, int Limit = 10, bool IncludeArchived = false, string Sort = "relevance");

        public partial class Search
        {
            [Tool]
            public int Run(SearchOptions options) => options.Limit;
        }
        """);

    [Fact]
    public void Nested_object_list_and_dictionary() => GeneratorAssert.MatchesSnapshots("""
        using System.Collections.Generic;
        using Declarative;

        namespace Demo;

        public sealed class Address
        {
            public required string City { get; init; }

            public string? Street { get; set; }
        }

        public sealed class Customer
        {
            public required string Name { get; init; }

            public required Address Address { get; init; }

            public List<string> Tags { get; set; } = [];

            public Dictionary<string, int> Scores { get; set; } = new();
        }

        public partial class Crm
        {
            [Tool]
            public void Save(Customer customer) { }
        }
        """);

    [Fact]
    public void Recursive_type() => GeneratorAssert.MatchesSnapshots("""
        using System.Collections.Generic;
        using Declarative;

        namespace Demo;

        public sealed class Category
        {
            public required string Name { get; init; }

            public Category? Parent { get; init; }

            public List<Category> Children { get; init; } = [];
        }

        public partial class Taxonomy
        {
            [Tool]
            public Category Add(Category category) => category;
        }
        """);

    [Fact]
    public void DataAnnotations_constraints() => GeneratorAssert.MatchesSnapshots("""
        using System.ComponentModel.DataAnnotations;
        using Declarative;

        namespace Demo;

        public partial class Accounts
        {
            [Tool]
            public void Register(
                [EmailAddress] string email,
                [Url] string homepage,
                [StringLength(20, MinimumLength = 3), RegularExpression("^[a-z0-9_]+$")] string userName,
                [Range(13, 130)] int age,
                [Range(0.5, 2.5)] double scale,
                [MinLength(1), MaxLength(5)] string[] roles)
            {
            }
        }
        """);

    [Fact]
    public void Nullable_value_types() => GeneratorAssert.MatchesSnapshots("""
        using System;
        using Declarative;

        namespace Demo;

        public enum Unit { Celsius, Fahrenheit }

        public partial class Sensors
        {
            [Tool]
            public double? Read(int? channel, Unit? unit, DateTimeOffset? since = null) => null;
        }
        """);

    [Fact]
    public void Nullable_reference_types() => GeneratorAssert.MatchesSnapshots("""
        using System.Collections.Generic;
        using Declarative;

        namespace Demo;

        public sealed record Note(string Title, string? Body);

        public partial class Notes
        {
            [Tool]
            public Note? Find(string? title, List<string?> tags, Note? template = null) => null;
        }
        """);
}
