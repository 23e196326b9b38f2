using System.IO.Compression;
using System.Security.Cryptography;
using System.Xml.Linq;

namespace Consumer;

/// <summary>
/// Checks the .nupkg's layout and that the package restored here is that very file. run.sh passes
/// the paths; run by hand without them, these checks are skipped (and say so).
/// </summary>
public static class PackageChecks
{
    public static void Run(Checks checks)
    {
        var nupkg = Environment.GetEnvironmentVariable("DECLARATIVE_NUPKG");
        var packages = Environment.GetEnvironmentVariable("DECLARATIVE_PACKAGES");
        if (string.IsNullOrEmpty(nupkg) || string.IsNullOrEmpty(packages))
        {
            Console.WriteLine("  skip  package layout (DECLARATIVE_NUPKG / DECLARATIVE_PACKAGES not set; run.sh sets them)");
            return;
        }

        checks.Run("nupkg: runtime in lib/net10.0, generator in analyzers/dotnet/cs, nothing else compiled", () =>
        {
            using var zip = ZipFile.OpenRead(nupkg);
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            var problems = new List<string>();
            foreach (var required in new[] { "lib/net10.0/Declarative.dll", "lib/net10.0/Declarative.xml", "analyzers/dotnet/cs/Declarative.Generators.dll", "README.md" })
            {
                if (!entries.Contains(required))
                {
                    problems.Add("missing " + required);
                }
            }
            var dlls = entries.Where(e => e.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).ToList();
            if (dlls.Count != 2)
            {
                problems.Add("assemblies: " + string.Join(", ", dlls));
            }
            return problems.Count == 0 ? null : string.Join("\n", problems) + "\nentries: " + string.Join(", ", entries.Order());
        });

        checks.Run("nuspec: depends on Microsoft.Extensions.AI.Abstractions only, not on the generator project", () =>
        {
            using var zip = ZipFile.OpenRead(nupkg);
            using var stream = zip.GetEntry("Declarative.nuspec")!.Open();
            var nuspec = XDocument.Load(stream);
            var dependencies = nuspec.Descendants().Where(e => e.Name.LocalName == "dependency")
                .Select(e => (string?)e.Attribute("id")).ToList();
            return dependencies.SequenceEqual(["Microsoft.Extensions.AI.Abstractions"]) ? null : "dependencies: " + string.Join(", ", dependencies);
        });

        checks.Run("the restored Declarative 0.1.0 is the package just packed", () =>
        {
            var recorded = Path.Combine(packages, "declarative", "0.1.0", "declarative.0.1.0.nupkg.sha512");
            if (!File.Exists(recorded))
            {
                return "not restored into " + packages;
            }
            using var file = File.OpenRead(nupkg);
            var hash = Convert.ToBase64String(SHA512.HashData(file));
            return File.ReadAllText(recorded).Trim() == hash ? null : "hash differs from " + nupkg;
        });

        checks.Run("the analyzers ship too: an undescribed tool and parameter fail the build with DCL0009, DCL0010", () =>
        {
            var seen = Environment.GetEnvironmentVariable("DECLARATIVE_DIAGNOSTICS_SEEN") ?? "";
            return seen == "DCL0009,DCL0010" ? null : $"the diagnostics build reported [{seen}]";
        });

        checks.Run("the generator ran: generated tool sets are IToolSets", () =>
            typeof(Declarative.IToolSet).IsAssignableFrom(typeof(Kinds)) ? null : "Kinds does not implement IToolSet");
    }
}
