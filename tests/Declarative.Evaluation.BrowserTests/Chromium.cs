using System.ComponentModel;
using System.Diagnostics;

namespace Declarative.Evaluation.BrowserTests;

/// <summary>Runs the machine's headless chromium: its DOM after loading a page, and a screenshot.</summary>
/// <remarks>
/// The executable is <c>$DECLARATIVE_CHROMIUM</c> when set, else the first of chromium, chromium-browser,
/// google-chrome on the PATH. A missing browser is an error with the command that installs it: these tests
/// exist to run in a browser, so they fail rather than skip.
/// </remarks>
internal static class Chromium
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>The page's DOM as chromium serializes it once loaded (<c>--dump-dom</c>).</summary>
    public static async Task<string> DumpDomAsync(string htmlPath)
    {
        var (output, _) = await RunAsync(["--dump-dom", new Uri(htmlPath).AbsoluteUri]);
        return output;
    }

    /// <summary>A screenshot of the page at the window size, written to <paramref name="pngPath"/>.</summary>
    public static async Task ScreenshotAsync(string htmlPath, string pngPath, int width, int height)
    {
        var (_, errors) = await RunAsync(["--screenshot=" + pngPath, $"--window-size={width},{height}", "--hide-scrollbars", new Uri(htmlPath).AbsoluteUri]);
        if (!File.Exists(pngPath))
        {
            throw new InvalidOperationException($"chromium wrote no screenshot to {pngPath}. Its output:\n{errors}");
        }
    }

    /// <summary>The path of the chromium executable, or a clear error saying how to install one.</summary>
    public static string Executable()
    {
        var configured = Environment.GetEnvironmentVariable("DECLARATIVE_CHROMIUM");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"DECLARATIVE_CHROMIUM is {configured}, which does not exist.");
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
        {
            foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        throw new InvalidOperationException(
            "The browser tests need a headless chromium and found none on the PATH (chromium, chromium-browser, google-chrome) "
            + "and no DECLARATIVE_CHROMIUM. Install it with `apt-get install chromium` (.ci/run does), or set DECLARATIVE_CHROMIUM to its path.");
    }

    private static async Task<(string Output, string Errors)> RunAsync(IReadOnlyList<string> arguments)
    {
        var profile = Directory.CreateTempSubdirectory("declarative-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // --no-sandbox: CI runs as root, where chromium's sandbox refuses to start. The page is our own file.
            // A profile of its own per run, so parallel runs do not share (and lock) one.
            foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=" + profile.FullName })
            {
                start.ArgumentList.Add(argument);
            }
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            using var process = StartOrExplain(start);
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish within {Timeout.TotalSeconds} s: {string.Join(' ', arguments)}");
            }
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"chromium exited with {process.ExitCode}: {string.Join(' ', arguments)}\n{await errors}");
            }
            return (await output, await errors);
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // chromium's helpers may still hold a file for a moment; a temp folder left behind is harmless.
            }
        }
    }

    private static Process StartOrExplain(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{start.FileName} could not be started: {e.Message}", e);
        }
    }
}
