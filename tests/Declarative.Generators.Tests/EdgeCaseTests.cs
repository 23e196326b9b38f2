using System.Text.RegularExpressions;
using Declarative.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Declarative.Generators.Tests;

/// <summary>Inputs at the edges of what the emitter must handle; each must generate code that compiles cleanly.</summary>
public sealed class EdgeCaseTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "parameters named like generated locals", """
            using Declarative;
            public partial class C
            {
                [Tool] public int F(int context, int reader, int ok, int result, int target, int options, int arguments, int json, int value, int exception, int writer, int t1, int h_x, int a_x) => 0;
            }
            """ },
        { "hyphenated tool name", """
            using Declarative;
            public partial class C
            {
                [Tool("get-weather")] public string F(string city) => city;
            }
            """ },
        { "same class name in two namespaces", """
            using Declarative;
            namespace One { public partial class Tools { [Tool] public int F() => 0; } }
            namespace Two { public partial class Tools { [Tool] public int F() => 0; } }
            """ },
        { "generic class", """
            using Declarative;
            public partial class Repo<T>
            {
                [Tool] public int Count(string filter) => 0;
            }
            """ },
        { "partial struct and partial record", """
            using Declarative;
            public partial struct S { [Tool] public int F(int x) => x; }
            public partial record R { [Tool] public int G(int x) => x; }
            """ },
        { "class declared in two partial parts", """
            using Declarative;
            public partial class C { [Tool] public int F(int x) => x; }
            public partial class C { [Tool] public int G(int x) => x; }
            """ },
        { "descriptions with quotes, newlines, unicode and comment terminators", """"
            using Declarative;
            using System.ComponentModel;
            public partial class C
            {
                /// <summary>Says "hi" */ and """triple""" — 日本語 \n done.</summary>
                /// <param name="x">Line one
                /// line two with <c>code</c> &lt;tag&gt; and a backslash \ here.</param>
                [Tool] public int F([Description("quote \" and \\ and \"\"\"")] int x) => x;
            }
            """" },
        { "record struct and nullable struct", """
            using Declarative;
            public readonly record struct Point(int X, int Y);
            public partial class C
            {
                [Tool] public Point? F(Point a, Point? b = null) => a;
            }
            """ },
        { "settable, init-only and required members", """
            using Declarative;
            public sealed class Options
            {
                public required string Name { get; init; }
                public int Count { get; set; } = 5;
                public string? Note { get; init; }
                public int ReadOnlyComputed => Count * 2;
                public string Field = "f";
            }
            public partial class C
            {
                [Tool] public Options F(Options options) => options;
            }
            """ },
        { "mutually recursive types", """
            using System.Collections.Generic;
            using Declarative;
            public sealed class Person { public required string Name { get; init; } public Company? Employer { get; init; } }
            public sealed class Company { public required string Name { get; init; } public List<Person> Staff { get; init; } = []; }
            public partial class C
            {
                [Tool] public Company F(Person person) => new() { Name = "x" };
            }
            """ },
        { "all scalar kinds", """
            using System;
            using Declarative;
            public partial class C
            {
                [Tool] public void F(string s, char c, bool b, sbyte i8, byte u8, short i16, ushort u16, int i32, uint u32, long i64, ulong u64, float f32, double f64, decimal m,
                    Guid g, DateTime dt, DateTimeOffset dto, DateOnly d, TimeOnly t, TimeSpan ts, Uri u, System.Text.Json.JsonElement je, System.Text.Json.Nodes.JsonNode? jn) { }
            }
            """ },
        { "JSON naming attributes", """
            using System.Text.Json.Serialization;
            using Declarative;
            public sealed class Payload
            {
                [JsonPropertyName("$id")] public string Id { get; set; } = "";
                [JsonIgnore] public int Secret { get; set; }
                [JsonRequired] public string? MustBeSent { get; set; }
                public string URLValue { get; set; } = "";
            }
            public partial class C
            {
                [Tool] public void F(Payload payload) { }
            }
            """ },
        { "object and serializer-only types", """
            using System.Collections.Generic;
            using Declarative;
            public interface IShape { }
            public partial class C
            {
                [Tool] public object F(object anything, IShape shape, byte[] blob, IDictionary<string, object?> bag) => anything;
            }
            """ },
        { "internal nested in static class", """
            using Declarative;
            public static partial class Outer
            {
                internal static partial class Inner
                {
                    [Tool] internal static int F(int x) => x;
                }
            }
            """ },
        { "private and protected tool methods", """
            using Declarative;
            public partial class C
            {
                [Tool] private int F(int x) => x;
                [Tool] protected internal int G(int x) => x;
            }
            """ },
        { "obsolete types and members", """
            using System;
            using Declarative;
            [Obsolete("old")] public sealed record Old(string Name);
            public partial class C
            {
                [Tool] public void F(Old old) { }
            }
            """ },
        { "collections of collections and of enums", """
            using System.Collections.Generic;
            using Declarative;
            public enum E { A, B }
            public partial class C
            {
                [Tool] public Dictionary<string, List<int>> F(HashSet<E> set, List<E?> maybe, Dictionary<string, Dictionary<string, E?>> deep, IReadOnlyList<string> names, IEnumerable<int> numbers) => new();
            }
            """ },
        { "undefined enum values as defaults", """
            using Declarative;
            public enum E { A, B }
            public sealed record R(E E = (E)(-1));
            public partial class C
            {
                [Tool] public void F(R r, E e = (E)7, E f = (E)(-1)) { }
            }
            """ },
        { "defaults of every finite kind", """
            using System;
            using Declarative;
            public enum E { A, B }
            [Flags] public enum F { None = 0, X = 1, Y = 2 }
            public partial class C
            {
                [Tool] public void G(string s = "a\"b\\c\n", char c = '\'', bool b = true, long l = -9223372036854775808, ulong ul = 18446744073709551615, float f = 1.5e-7f, double d = -0.0,
                    decimal m = -79228162514264337593543950335m, E e = E.B, F flags = F.X | F.Y, E? ne = null, int? ni = 3, string? ns = null) { }
            }
            """ },
        { "agent whose used tool set is also kept in a field", """
            using Declarative;
            public partial class Weather { [Tool] public string Forecast(string city) => city; }
            [Agent("You help.")]
            public partial class Helper([UseTools] Weather weather)
            {
                private readonly Weather _weather = weather;
                public Weather Weather => _weather;
            }
            """ },
        { "agent using a used tool set by property and a static class", """
            using Declarative;
            public partial class Weather { [Tool] public string Forecast(string city) => city; }
            public static partial class Clock { [Tool] public static string Now() => ""; }
            namespace Inner
            {
                [Agent("You help.", Name = "helper", Description = "Helps.")]
                [UseTools(typeof(global::Clock))]
                public partial class Helper
                {
                    [UseTools] public Weather Weather { get; } = new();
                }
            }
            """ },
        { "keyword names", """
            using Declarative;
            public sealed record R(string @class, int @event);
            public partial class C
            {
                [Tool] public R F(string @class, R @object, int @int = 1) => @object;
            }
            """ },
        { "tool names differing only by hyphen or underscore", """
            using Declarative;
            public partial class C
            {
                [Tool("a-b")] public int F() => 0;
                [Tool("a_b")] public int G() => 0;
            }
            """ },
        { "classes whose names flatten alike (A.B_C and A_B.C)", """
            using Declarative;
            namespace A { public partial class B_C { [Tool] public int F() => 0; } }
            namespace A_B { public partial class C { [Tool] public int F() => 0; } }
            """ },
        { "an array of a type next to the type itself, and jagged arrays", """
            using System.Collections.Generic;
            using Declarative;
            public enum E { A, B }
            public partial class C
            {
                [Tool] public void F(E[] flags, int[] a, int[][] b, List<int> c, List<int[]> d) { }
            }
            """ },
        { "types whose names flatten alike (A.B and A_B)", """
            using Declarative;
            namespace A { public sealed record B(int X); }
            public sealed record A_B(string Y);
            public partial class C
            {
                [Tool] public void F(A.B b, A_B ab) { }
            }
            """ },
        { "non-finite floating-point defaults", """
            using Declarative;
            public sealed record R(double D = double.NegativeInfinity);
            public partial class C
            {
                [Tool] public void F(R r, double d = double.NaN, double inf = double.PositiveInfinity) { }
            }
            """ },
        { "agent with an obsolete output type", """
            using System;
            using Declarative;
            [Obsolete("old")] public sealed record Old(string Name);
            [Agent("You help.", OutputType = typeof(Old))]
            public partial class Helper
            {
                [Tool] public string Echo(string text) => text;
            }
            """ },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generates_code_that_compiles(string name, string source)
    {
        var input = TestCompilation.Create(source);
        var run = GeneratorAssert.Checked(input);

        // Compiling is not enough: every [Tool] method of the input must be dispatched by the output.
        var declared = input.SyntaxTrees
            .SelectMany(t => t.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
                .Select(m => input.GetSemanticModel(t).GetDeclaredSymbol(m)))
            .Count(m => m!.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "Declarative.ToolAttribute"));
        var dispatched = run.Files
            .Where(f => f.HintName.EndsWith(".Tools.g.cs", StringComparison.Ordinal))
            .SelectMany(f => Regex.Matches(f.Text, @"string\[\] ToolNames = \[(?<names>[^\]]*)\];").Select(m => m.Groups["names"].Value))
            .Sum(names => Regex.Matches(names, "\"(?:[^\"\\\\]|\\\\.)*\"").Count);
        Assert.True(declared > 0, name + ": the case declares no [Tool] method");
        Assert.Equal(declared, dispatched);
    }
}
