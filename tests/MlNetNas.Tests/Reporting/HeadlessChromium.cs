using Microsoft.Playwright;

namespace MlNetNas.Tests.Reporting;

/// <summary>
/// Debian's chromium, driven by Playwright (its own browser download cannot work here): opens a page and keeps every
/// script error and console error it reports.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        this.browser = browser;
    }

    /// <summary>The browser: $MLNETNAS_CHROMIUM, else /usr/bin/chromium.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("MLNETNAS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        Assert.True(File.Exists(ExecutablePath), $"No browser at {ExecutablePath}: install Debian's chromium (apt-get install chromium; .ci/run does) or set MLNETNAS_CHROMIUM.");
        var playwright = await Playwright.CreateAsync();
        // The flags keep chromium off the network, which this machine closes: without them it retries connections at every start.
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new HeadlessChromium(playwright, browser);
    }

    /// <summary>Opens a file; <paramref name="errors"/> collects what the page reports from then on.</summary>
    public async Task<IPage> OpenAsync(string path, List<string> errors)
    {
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1300, Height = 1000 } });
        page.PageError += (_, e) => errors.Add("page error: " + e);
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                errors.Add("console error: " + m.Text);
            }
        };
        await page.GotoAsync(new Uri(Path.GetFullPath(path)).AbsoluteUri, new() { WaitUntil = WaitUntilState.Load });
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
