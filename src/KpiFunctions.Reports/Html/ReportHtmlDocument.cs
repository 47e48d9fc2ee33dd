using System.Globalization;
using System.Net;
using System.Text;
using KpiFunctions.Kpis;
using KpiFunctions.Reports.Localization;
using KpiFunctions.Reports.Pdf;
using KpiFunctions.Reports.Pdf.Components;
using SkiaSharp;

namespace KpiFunctions.Reports.Html;

/// <summary>
/// The report as one HTML page with inline CSS and SVG charts, laid out for A4 printing by a browser: the same
/// <see cref="ReportView"/>, so the same words and numbers as the PDF. Used to compare against Chromium's
/// <c>--print-to-pdf</c>; fonts come from the machine (Noto Sans, Noto Sans Thai, Droid Sans Fallback).
/// </summary>
internal sealed class ReportHtmlDocument(ReportView view)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly StringBuilder _html = new(64 * 1024);
    private readonly Labels _l = view.Labels;
    private readonly Palette _palette = new(view.Document.Branding);

    public string Compose()
    {
        var d = view.Document;
        var primary = Hex(_palette.Primary);
        var accent = Hex(_palette.Accent);
        Append("<!DOCTYPE html>\n<html lang=\"").Text(_l.Language).Append("\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Text(_l.ReportTitle + " – " + d.ClientName + " – " + view.PeriodText).Append("</title>\n<style>\n");
        Append(Css.Replace("{primary}", primary, StringComparison.Ordinal)
            .Replace("{accent}", accent, StringComparison.Ordinal)
            .Replace("{onPrimary}", Hex(_palette.OnPrimary), StringComparison.Ordinal)
            .Replace("{tint}", Hex(_palette.PrimaryTint), StringComparison.Ordinal)
            .Replace("{agency}", CssString(d.Branding.AgencyName), StringComparison.Ordinal)
            .Replace("{header}", CssString(d.ClientName + "  ·  " + _l.ReportTitle + "  ·  " + view.PeriodText), StringComparison.Ordinal));
        Append("</style>\n</head>\n<body>\n");
        ComposeCover();
        foreach (var section in view.Sections)
        {
            Append("<section class=\"").Append(section.Kind.ToString().ToLowerInvariant()).Append("\">\n<h2>").Text(section.Heading).Append("</h2>\n");
            switch (section.Kind)
            {
                case SectionKind.Summary:
                    ComposeSummary();
                    break;
                case SectionKind.Goals:
                    ComposeGoals();
                    break;
                case SectionKind.KpiTable:
                    ComposeKpiTable();
                    break;
                case SectionKind.Trends:
                    ComposeTrends();
                    break;
                case SectionKind.Platforms:
                    ComposePlatforms();
                    break;
                case SectionKind.TopPosts:
                    ComposeTopPosts();
                    break;
                case SectionKind.DataNote:
                    ComposeDataNote();
                    break;
                case SectionKind.Glossary:
                    ComposeGlossary();
                    break;
            }

            Append("</section>\n");
        }

        Append("</body>\n</html>\n");
        return _html.ToString();
    }

    private void ComposeCover()
    {
        var d = view.Document;
        Append("<header class=\"cover\">\n<div class=\"band\">\n<div class=\"brand\">");
        if (d.Branding.LogoPng is { Length: > 0 } png)
        {
            Append("<img class=\"logo\" alt=\"\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png)).Append("\">");
        }

        Append("<span class=\"agency\">").Text(d.Branding.AgencyName).Append("</span></div>\n");
        Append("<p class=\"kicker\">").Text(_l.ReportTitle).Append("</p>\n<h1>").Text(d.ClientName).Append("</h1>\n<p class=\"period\">")
            .Text(view.PeriodName).Append("</p>\n</div>\n<dl class=\"facts\">\n");
        Fact(_l.ReportingPeriod, view.PeriodText);
        Fact(_l.ComparedWith, view.ComparisonText ?? _l.NoComparison);
        Fact(_l.Generated, view.GeneratedText);
        Append("</dl>\n<p class=\"muted\">").Text(view.PreparedBy).Append("</p>\n<h3>").Text(_l.Contents).Append("</h3>\n<ol class=\"contents\">\n");
        foreach (var section in view.Sections)
        {
            Append("<li>").Text(section.Heading).Append("</li>\n");
        }

        Append("</ol>\n</header>\n");
    }

    private void ComposeSummary()
    {
        Append("<p class=\"muted\">").Text(view.PeriodName +
            (view.HasComparison ? "  ·  " + view.VsText : view.ComparisonMissing ? "  ·  " + view.NoComparisonDataText : "")).Append("</p>\n");
        Append("<div class=\"cards cols").Append(view.Headline.Count <= 4 ? "2" : "3").Append("\">\n");
        foreach (var line in view.Headline)
        {
            var main = line.ChangePercent != ReportFormatter.Missing ? line.ChangePercent : line.Change;
            Append("<div class=\"card\"><div class=\"name\">").Text(line.Name).Append("</div><div class=\"value\">").Text(line.Value)
                .Append("</div><div class=\"change ").Append(ToneClass(line.Tone)).Append("\">").Append(Arrow(line.Direction)).Text(main);
            if (line.ChangePercent != ReportFormatter.Missing && line.Change != ReportFormatter.Missing)
            {
                Append(" <span class=\"muted\">(").Text(line.Change).Append(")</span>");
            }

            Append("</div></div>\n");
        }

        Append("</div>\n");
        if (view.Document.Comparison is not null)
        {
            ComposeHighlights();
        }

        ComposeCommentary();
    }

    private void ComposeHighlights()
    {
        Append("<div class=\"highlights\">\n");
        foreach (var (title, items) in new[] { (_l.Improvements, view.Improvements), (_l.NeedsAttention, view.Declines) })
        {
            Append("<div><h3>").Text(title).Append("</h3>\n<ul>\n");
            if (items.Count == 0)
            {
                Append("<li class=\"muted\">").Text(_l.NoComparableChanges).Append("</li>\n");
            }

            foreach (var item in items)
            {
                Append("<li><span>").Text(item.Name).Append("</span><b class=\"").Append(ToneClass(item.Tone)).Append("\">")
                    .Append(Arrow(item.Direction)).Text(item.ChangePercent).Append("</b></li>\n");
            }

            Append("</ul></div>\n");
        }

        Append("</div>\n");
    }

    private void ComposeCommentary()
    {
        if (view.Commentary is not { } commentary)
        {
            return;
        }

        if (commentary.Summary.Count > 0)
        {
            Append("<h3>").Text(_l.CommentaryHeading).Append("</h3>\n");
            foreach (var paragraph in commentary.Summary)
            {
                Append("<p>").Text(paragraph).Append("</p>\n");
            }
        }

        if (commentary.NextSteps.Count > 0)
        {
            Append("<h3>").Text(_l.NextStepsHeading).Append("</h3>\n<ul>\n");
            foreach (var step in commentary.NextSteps)
            {
                Append("<li>").Text(step).Append("</li>\n");
            }

            Append("</ul>\n");
        }
    }

    private void ComposeGoals()
    {
        if (view.Goals.Count == 0)
        {
            Append("<p class=\"muted\">").Text(_l.NoGoals).Append("</p>\n");
            return;
        }

        foreach (var goal in view.Goals)
        {
            var progress = Math.Clamp(goal.ProgressPercent ?? 0, 0, 100);
            Append("<div class=\"goal\">\n<div class=\"goal-head\"><b>").Text(goal.Name).Append("</b> <span class=\"muted\">· ").Text(goal.Scope)
                .Append("</span><span class=\"pill\" style=\"background:").Append(Hex(Palette.ForStatus(goal.Status))).Append("\">")
                .Text(goal.StatusText).Append("</span></div>\n");
            Append("<div class=\"bar\"><div class=\"fill\" style=\"width:").Append(progress.ToString("0.#", Invariant))
                .Append("%\"></div><div class=\"expected\" style=\"left:").Append(Math.Clamp(goal.ExpectedPercent, 0, 100).ToString("0.#", Invariant))
                .Append("%\"></div></div>\n<div class=\"caption\"><span>").Text(_l.GoalProgress + ": " + goal.ProgressText + "   ·   " + _l.GoalExpected + ": " + goal.ExpectedText)
                .Append("</span><span>").Text(goal.AsOf).Append("</span></div>\n<div class=\"goal-facts\">");
            foreach (var (label, value) in goal.Facts)
            {
                Append("<div><small>").Text(label).Append("</small><b>").Text(value).Append("</b></div>");
            }

            Append("</div>\n</div>\n");
        }
    }

    private void ComposeKpiTable()
    {
        Append("<table class=\"kpis\">\n<thead><tr><th>").Text(_l.ColumnKpi).Append("</th><th>").Text(_l.ColumnValue).Append("</th><th>")
            .Text(_l.ColumnPrevious).Append("</th><th>").Text(_l.ColumnChange).Append("</th><th>").Text(_l.ColumnChangePercent)
            .Append("</th></tr></thead>\n");
        foreach (var (category, lines) in view.Categories)
        {
            Append("<tbody>\n<tr class=\"group\"><th colspan=\"5\">").Text(category).Append("</th></tr>\n");
            foreach (var line in lines)
            {
                var tone = ToneClass(line.Tone);
                Append("<tr><td>").Text(line.Name).Append("</td><td>").Text(line.Value).Append("</td><td class=\"muted\">").Text(line.Previous)
                    .Append("</td><td class=\"").Append(tone).Append("\">").Append(Arrow(line.Direction)).Text(line.Change)
                    .Append("</td><td class=\"").Append(tone).Append("\">").Text(line.ChangePercent).Append("</td></tr>\n");
            }

            Append("</tbody>\n");
        }

        Append("</table>\n");
    }

    private void ComposeTrends()
    {
        Append("<div class=\"charts\">\n");
        foreach (var chart in view.Charts)
        {
            Append("<figure><figcaption><b>").Text(chart.Title).Append("</b><small>").Text(chart.Subtitle).Append("</small></figcaption>\n");
            Svg(chart);
            Append("</figure>\n");
        }

        Append("</div>\n");
    }

    private void Svg(ChartView chart)
    {
        const float width = 330, height = 170, left = 48, right = 8, top = 6, bottom = 20;
        var values = chart.Points.Where(p => p.Value is not null).Select(p => p.Value!.Value).ToList();
        Append("<svg viewBox=\"0 0 330 170\" width=\"100%\" role=\"img\" aria-label=\"").Text(chart.Title).Append("\">");
        if (values.Count == 0)
        {
            Append("<text x=\"165\" y=\"85\" text-anchor=\"middle\" class=\"axis\">").Text(chart.NoData).Append("</text></svg>\n");
            return;
        }

        var (yMin, yMax, step) = TrendChart.NiceScale(values.Min(), values.Max());
        var (xMin, xMax) = chart.XRange;

        double Px(double x) => left + ((x - xMin) / (xMax - xMin) * (width - left - right));
        double Py(double y) => height - bottom - ((y - yMin) / (yMax - yMin) * (height - top - bottom));
        for (var v = yMin; v <= yMax + (step / 1000); v += step)
        {
            var y = Py(v).ToString("0.##", Invariant);
            Append("<line x1=\"").Append(left.ToString(Invariant)).Append("\" x2=\"").Append((width - right).ToString(Invariant)).Append("\" y1=\"")
                .Append(y).Append("\" y2=\"").Append(y).Append("\" class=\"grid\"/><text x=\"").Append((left - 4).ToString(Invariant))
                .Append("\" y=\"").Append(y).Append("\" dy=\"3\" text-anchor=\"end\" class=\"axis\">").Text(chart.YLabel(Math.Round(v, 10), step)).Append("</text>");
        }

        foreach (var day in chart.Ticks)
        {
            Append("<text x=\"").Append(Px(day.DayNumber).ToString("0.##", Invariant)).Append("\" y=\"")
                .Append((height - 6).ToString(Invariant)).Append("\" text-anchor=\"middle\" class=\"axis\">").Text(chart.XLabel(day)).Append("</text>");
        }

        var path = new StringBuilder();
        var pen = false;
        foreach (var (bucket, value) in chart.Points)
        {
            if (value is { } v)
            {
                path.Append(pen ? " L" : " M").Append(Px(chart.X(bucket)).ToString("0.##", Invariant)).Append(' ').Append(Py(v).ToString("0.##", Invariant));
                pen = true;
            }
            else
            {
                pen = false;
            }
        }

        Append("<path d=\"").Append(path.ToString().Trim()).Append("\" class=\"series\"/></svg>\n");
    }

    private void ComposePlatforms()
    {
        var table = view.Platforms;
        Append("<table class=\"platforms\">\n<thead><tr><th>").Text(_l.ColumnPlatform).Append("</th>");
        foreach (var name in table.ColumnNames)
        {
            Append("<th>").Text(name).Append("</th>");
        }

        Append("</tr></thead>\n<tbody>\n");
        foreach (var (platform, cells) in table.Rows.Append(table.Total))
        {
            Append(platform == table.Total.Label ? "<tr class=\"total\"><td>" : "<tr><td>").Text(platform).Append("</td>");
            foreach (var cell in cells)
            {
                Append("<td>").Text(cell.Value);
                if (view.Document.Comparison is not null)
                {
                    Append("<small class=\"").Append(ToneClass(cell.Tone)).Append("\">").Append(Arrow(cell.Direction)).Text(cell.ChangePercent).Append("</small>");
                }

                Append("</td>");
            }

            Append("</tr>\n");
        }

        Append("</tbody>\n</table>\n");
    }

    private void ComposeGlossary()
    {
        Append("<p class=\"muted\">").Text(_l.GlossaryIntro).Append("</p>\n<dl class=\"glossary\">\n");
        foreach (var (name, definition) in view.Glossary)
        {
            Append("<dt>").Text(name).Append("</dt><dd>").Text(definition).Append("</dd>\n");
        }

        Append("</dl>\n");
    }

    private void ComposeTopPosts()
    {
        string Name(string id) => _l.KpiName(KpiCatalog.All.First(k => k.Id == id));
        Append("<table class=\"posts\">\n<thead><tr><th>").Text(_l.ColumnDate).Append("</th><th>").Text(_l.ColumnPlatform).Append("</th><th>")
            .Text(_l.ColumnPost).Append("</th><th>").Text(Name("engagements")).Append("</th><th>").Text(Name("likes")).Append("</th><th>")
            .Text(Name("shares")).Append("</th><th>").Text(Name("link_clicks")).Append("</th></tr></thead>\n<tbody>\n");
        foreach (var post in view.Posts)
        {
            Append("<tr><td>").Text(post.Date).Append("</td><td>").Text(post.Platform).Append("</td><td class=\"post\">").Text(post.Text)
                .Append("</td><td>").Text(post.Engagements).Append("</td><td>").Text(post.Likes).Append("</td><td>").Text(post.Shares)
                .Append("</td><td>").Text(post.LinkClicks).Append("</td></tr>\n");
        }

        Append("</tbody>\n</table>\n");
    }

    private void ComposeDataNote()
    {
        var note = view.Note;
        Append("<dl class=\"facts\">\n");
        foreach (var (label, value) in note.Facts)
        {
            Fact(label, value);
        }

        Append("</dl>\n<h3>").Text(_l.NoteAccounts).Append("</h3>\n<ul class=\"accounts\">\n");
        foreach (var account in note.Accounts)
        {
            Append("<li>").Text(account).Append("</li>\n");
        }

        Append("</ul>\n<h3>").Text(_l.NoteKpisWithoutData).Append("</h3>\n<p>").Text(note.KpisWithoutData).Append("</p>\n<p class=\"note\">")
            .Text(note.Method).Append("</p>\n");
        if (note.Calendar is { } calendar)
        {
            Append("<p class=\"note\">").Text(calendar).Append("</p>\n");
        }
    }

    private void Fact(string label, string value) => Append("<dt>").Text(label).Append("</dt><dd>").Text(value).Append("</dd>\n");

    private ReportHtmlDocument Append(string raw)
    {
        _html.Append(raw);
        return this;
    }

    private ReportHtmlDocument Text(string text)
    {
        _html.Append(WebUtility.HtmlEncode(text));
        return this;
    }

    private static string Arrow(int direction) => direction switch
    {
        > 0 => "<i class=\"up\"></i>",
        < 0 => "<i class=\"down\"></i>",
        _ => "",
    };

    private static string ToneClass(Tone tone) => tone switch
    {
        Tone.Good => "good",
        Tone.Bad => "bad",
        _ => "neutral",
    };

    private static string Hex(SKColor c) => $"#{c.Red:X2}{c.Green:X2}{c.Blue:X2}";

    private static string CssString(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", " ", StringComparison.Ordinal).Replace("<", "\\3C ", StringComparison.Ordinal) + "\"";

    private const string Css = """
        @page { size: A4; margin: 20mm 17mm 18mm;
          @top-left { content: {header}; font: 7.5pt "Noto Sans", "Noto Sans Thai", "Droid Sans Fallback", sans-serif; color: #5f6368; }
          @bottom-left { content: {agency}; font: 7.5pt "Noto Sans", "Noto Sans Thai", "Droid Sans Fallback", sans-serif; color: #5f6368; }
          @bottom-right { content: counter(page) " / " counter(pages); font: 7.5pt "Noto Sans", sans-serif; color: #5f6368; } }
        @page :first { @top-left { content: none; } }
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { margin: 0; font: 9.5pt/1.42 "Noto Sans", "Noto Sans Thai", "Droid Sans Fallback", sans-serif; color: #202124; }
        h1 { font-size: 30pt; margin: 4pt 0; line-height: 1.2; }
        h2 { color: {primary}; font-size: 17pt; margin: 14pt 0 8pt; padding-top: 6pt; border-top: 3pt solid {accent}; display: inline-block; }
        h3 { font-size: 11pt; margin: 12pt 0 4pt; }
        section { break-before: auto; }
        section.summary { break-before: page; }
        .muted { color: #5f6368; } small { display: block; font-size: 8pt; }
        .good { color: #1e8e3e; } .bad { color: #d93025; } .neutral { color: #80868b; }
        i.up, i.down { display: inline-block; width: 0; height: 0; margin-right: 3pt; border-left: 3pt solid transparent; border-right: 3pt solid transparent; vertical-align: 1pt; }
        i.up { border-bottom: 5pt solid currentColor; } i.down { border-top: 5pt solid currentColor; }
        .cover { break-after: page; }
        .band { background: {primary}; color: {onPrimary}; margin: -20mm -17mm 0; padding: 14mm 17mm 18mm; border-bottom: 6pt solid {accent}; }
        .brand { display: flex; justify-content: space-between; align-items: flex-start; }
        .logo { max-width: 170pt; max-height: 60pt; background: #fff; padding: 8pt; border-radius: 6pt; }
        .agency { font-weight: bold; font-size: 12pt; } .kicker { font-size: 12pt; margin: 28pt 0 0; opacity: .8; } .period { font-size: 13pt; margin: 0; }
        dl.facts { display: grid; grid-template-columns: 150pt 1fr; gap: 4pt 0; margin: 24pt 0 8pt; }
        dl.facts dt { font-size: 8pt; font-weight: bold; color: #5f6368; } dl.facts dd { margin: 0; }
        ol.contents { padding-left: 14pt; }
        .cards { display: grid; gap: 12pt; margin: 8pt 0; } .cols2 { grid-template-columns: 1fr 1fr; } .cols3 { grid-template-columns: 1fr 1fr 1fr; }
        .card { background: #f4f6f8; border-radius: 5pt; padding: 9pt 12pt; border-left: 3pt solid {primary}; break-inside: avoid; }
        .card .name { font-size: 8.5pt; color: #5f6368; } .card .value { font-size: 19pt; font-weight: bold; }
        .card .change { font-weight: bold; } .card .vs { font-size: 8pt; color: #9aa0a6; }
        .highlights { display: grid; grid-template-columns: 1fr 1fr; gap: 24pt; }
        .highlights ul { list-style: none; padding: 0; margin: 0; } .highlights li { display: flex; justify-content: space-between; border-bottom: .4pt solid #dadce0; padding: 1.5pt 0; }
        .goal { break-inside: avoid; border-bottom: .6pt solid #dadce0; padding: 6pt 0 8pt; }
        .goal-head { display: flex; gap: 6pt; align-items: baseline; } .goal-head b { font-size: 11pt; }
        .pill { margin-left: auto; color: #fff; font-size: 7.5pt; font-weight: bold; border-radius: 8pt; padding: 1pt 7pt; }
        .bar { position: relative; height: 9pt; background: #e8eaed; border-radius: 4.5pt; margin: 8pt 0 4pt; }
        .bar .fill { height: 100%; background: {accent}; border-radius: 4.5pt; }
        .bar .expected { position: absolute; top: -3pt; bottom: -3pt; width: 1.4pt; background: #202124; }
        .caption { display: flex; justify-content: space-between; font-size: 8pt; color: #5f6368; }
        .goal-facts { display: grid; grid-template-columns: repeat(5, 1fr); margin-top: 4pt; } .goal-facts small { color: #5f6368; }
        table { width: 100%; border-collapse: collapse; font-size: 8.5pt; margin: 4pt 0 8pt; }
        thead { display: table-header-group; } tr { break-inside: avoid; }
        th { background: {tint}; color: {primary}; font-size: 7.5pt; text-align: right; padding: 3.6pt 5pt; border-bottom: .8pt solid {primary}; }
        th:first-child { text-align: left; }
        td { padding: 3.6pt 5pt; text-align: right; vertical-align: top; } td:first-child { text-align: left; }
        tbody tr:nth-child(even) td { background: #f6f7f9; }
        tr.group th { background: none; text-align: left; font-size: 9pt; border-bottom: .6pt solid #dadce0; padding-top: 8pt; }
        tr.total td { font-weight: bold; border-top: .8pt solid {primary}; }
        table.posts td.post { text-align: left; } table.posts td:nth-child(2) { text-align: left; } table.posts th:nth-child(2), table.posts th:nth-child(3) { text-align: left; }
        table.accounts td:nth-child(2), table.accounts th:nth-child(2) { text-align: left; }
        .charts { display: grid; grid-template-columns: 1fr 1fr; gap: 18pt 20pt; }
        figure { margin: 0; break-inside: avoid; } figcaption small { color: #5f6368; }
        svg .grid { stroke: #dadce0; stroke-width: .4; } svg .axis { font-size: 6.5px; fill: #5f6368; }
        svg .series { fill: none; stroke: {primary}; stroke-width: 1.6; }
        p.note { font-size: 8pt; color: #5f6368; }
        """;
}
