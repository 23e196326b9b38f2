namespace Declarative.Evaluation;

// The page's only style sheet, inline: system fonts, no images, readable printed and on screen.
public static partial class HtmlReport
{
    private const string Styles = """

        :root { --pass: #1a7f37; --warn: #9a6700; --fail: #cf222e; --muted: #6e7781; --line: #d0d7de; --soft: #f6f8fa; --bar: #0969da; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1f2328; background: #fff; }
        header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
        header { padding-top: 20px; border-bottom: 1px solid var(--line); }
        h1 { font-size: 24px; margin: 0 0 8px; }
        h2 { font-size: 18px; margin: 28px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
        h3 { font-size: 15px; margin: 20px 0 8px; }
        h4 { font-size: 13px; margin: 12px 0 4px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
        dl.meta { display: flex; flex-wrap: wrap; gap: 4px 28px; margin: 0 0 16px; }
        dl.meta div { display: flex; gap: 6px; }
        dl.meta dt { color: var(--muted); }
        dl.meta dd { margin: 0; font-weight: 600; }
        code, pre, .case-id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
        pre { background: var(--soft); border: 1px solid var(--line); border-radius: 4px; padding: 6px 8px; margin: 2px 0 6px;
              white-space: pre-wrap; word-break: break-word; max-height: 24em; overflow: auto; }
        pre.error, .error > pre { border-color: var(--fail); background: #fff5f5; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; }
        .card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; border-top: 4px solid var(--line); }
        .card.good { border-top-color: var(--pass); } .card.warn { border-top-color: var(--warn); } .card.bad { border-top-color: var(--fail); }
        .card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
        .card .big { font-size: 26px; font-weight: 650; }
        .card .sub { color: var(--muted); }
        table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
        th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
        thead th { background: var(--soft); font-weight: 600; }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.good { color: var(--pass); } td.warn { color: var(--warn); } td.bad { color: var(--fail); }
        .note, .dim, .none, .muted { color: var(--muted); }
        .component, .path { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
        tbody.tag-group { border-top: 2px solid var(--line); }
        tbody.tag-group th { font-weight: 600; }
        .charts { display: flex; flex-wrap: wrap; gap: 8px 32px; }
        figure.chart { margin: 0 0 12px; }
        figcaption { font-weight: 600; margin-bottom: 4px; }
        svg text { font-size: 12px; fill: #1f2328; }
        svg text.label { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
        svg rect.track { fill: var(--soft); stroke: var(--line); }
        svg .bar rect.fill { fill: var(--bar); }
        svg .bar.good rect.fill { fill: var(--pass); } svg .bar.warn rect.fill { fill: var(--warn); } svg .bar.bad rect.fill { fill: var(--fail); }
        svg .bar.latency rect.fill { fill: #8250df; }
        details { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; }
        details > summary { cursor: pointer; padding: 6px 10px; list-style-position: inside; }
        details[open] > summary { border-bottom: 1px solid var(--line); background: var(--soft); }
        details.case.fail { border-left: 4px solid var(--fail); } details.case.flaky { border-left: 4px solid var(--warn); }
        details.case.pass { border-left: 4px solid var(--pass); }
        details .body { padding: 6px 12px 10px; }
        .badge { display: inline-block; min-width: 3.2em; text-align: center; border-radius: 10px; padding: 0 7px; font-size: 12px;
                 font-weight: 600; color: #fff; background: var(--muted); }
        .badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); } .badge.flaky { background: var(--warn); }
        .tag { display: inline-block; border: 1px solid var(--line); border-radius: 10px; padding: 0 7px; font-size: 12px; color: var(--muted); }
        .reason { color: #1f2328; }
        ul.findings, ul.criteria { margin: 2px 0; padding-left: 18px; }
        ul.findings.error { color: var(--fail); }
        .mark.pass { color: var(--pass); font-weight: 700; } .mark.fail { color: var(--fail); font-weight: 700; }
        ol.trace { list-style: none; margin: 4px 0; padding-left: 0; }
        ol.trace li.step { border-left: 3px solid var(--line); padding: 3px 0 3px 10px; margin: 4px 0; }
        ol.trace li.step.error { border-left-color: var(--fail); }
        ol.trace li.step.graded-fail { background: #fff5f5; }
        li.step .head strong { font-weight: 600; }
        .nested { margin-left: 22px; }
        .block .label { display: block; font-size: 11px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
        section#comparison .regression { color: var(--fail); } section#comparison .fix { color: var(--pass); }
        footer { color: var(--muted); font-size: 12px; padding: 24px; }
        @media print { details { break-inside: avoid; } pre { max-height: none; } }

        """;
}
