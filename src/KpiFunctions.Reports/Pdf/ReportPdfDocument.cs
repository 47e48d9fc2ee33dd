using KpiFunctions.Reports.Layout;
using KpiFunctions.Reports.Localization;
using KpiFunctions.Reports.Pdf.Components;
using KpiFunctions.Reports.Text;
using SkiaSharp;

namespace KpiFunctions.Reports.Pdf;

/// <summary>
/// The client report as pages: one <c>Compose*</c> method per region, in print order, built from the reusable
/// components. Produces the pages' drawing operations; <see cref="PdfWriter"/> turns them into a PDF.
/// </summary>
internal sealed class ReportPdfDocument
{
    private const float CoverBand = 318f;

    private readonly ReportView _view;
    private readonly Labels _l;
    private readonly Palette _palette;
    private readonly PageFlow _flow;
    private readonly Dictionary<SectionKind, int> _sectionPages = [];
    private float _contentsTop;

    public ReportPdfDocument(ReportView view)
    {
        _view = view;
        _l = view.Labels;
        _palette = new Palette(view.Document.Branding);
        _flow = new PageFlow(new TextShaper());
    }

    public IReadOnlyList<Page> Compose()
    {
        ComposeCover();
        foreach (var section in _view.Sections)
        {
            switch (section.Kind)
            {
                case SectionKind.Summary:
                    ComposeSummary(section.Heading);
                    break;
                case SectionKind.Goals:
                    ComposeGoals(section.Heading);
                    break;
                case SectionKind.KpiTable:
                    ComposeKpiTable(section.Heading);
                    break;
                case SectionKind.Trends:
                    ComposeTrends(section.Heading);
                    break;
                case SectionKind.Platforms:
                    ComposePlatforms(section.Heading);
                    break;
                case SectionKind.TopPosts:
                    ComposeTopPosts(section.Heading);
                    break;
                case SectionKind.DataNote:
                    ComposeDataNote(section.Heading);
                    break;
                case SectionKind.Glossary:
                    ComposeGlossary(section.Heading);
                    break;
            }
        }

        ComposeContents();
        ComposePageChrome();
        return _flow.Pages;
    }

    private void ComposeCover()
    {
        var f = _flow;
        var branding = _view.Document.Branding;
        var onPrimary = _palette.OnPrimary;
        f.Fill(new SKRect(0, 0, PageFlow.PageWidth, CoverBand), _palette.Primary);
        f.Fill(new SKRect(0, CoverBand, PageFlow.PageWidth, CoverBand + 6), _palette.Accent);

        var logoBottom = 48f;
        var logoRight = PageFlow.Left;
        if (branding.LogoPng is { Length: > 0 } png && SKBitmap.DecodeBounds(png) is { Width: > 0, Height: > 0 } info)
        {
            var scale = Math.Min(170f / info.Width, 60f / info.Height);
            var w = info.Width * scale;
            var h = info.Height * scale;
            var card = new SKRect(PageFlow.Left - 8, 40, PageFlow.Left + w + 8, 40 + h + 16);
            f.Fill(card, Palette.White, 6);
            f.Add(new ImageOp(png, new SKRect(PageFlow.Left, 48, PageFlow.Left + w, 48 + h)));
            logoBottom = card.Bottom;
            logoRight = card.Right;
        }

        var agencyLeft = logoRight + 24;
        f.Text(branding.AgencyName, Typography.CoverAgency, agencyLeft, 48, onPrimary, Align.Right, PageFlow.Right - agencyLeft);

        var y = Math.Max(logoBottom + 40, 140);
        f.Text(_l.ReportTitle, Typography.CoverKicker, PageFlow.Left, y, Palette.Mix(onPrimary, _palette.Primary, 0.2f), width: PageFlow.Width);
        y += PageFlow.LineHeight(Typography.CoverKicker) + 4;
        y += f.Paragraph(_view.Document.ClientName, Typography.CoverTitle, PageFlow.Left, y, PageFlow.Width, onPrimary, maxLines: 2);
        y += 6;
        f.Paragraph(_view.PeriodName, Typography.CoverPeriod, PageFlow.Left, y, PageFlow.Width, onPrimary, maxLines: 2);

        // Key facts under the band.
        y = CoverBand + 40;
        (string Label, string Value)[] facts =
        [
            (_l.ReportingPeriod, _view.PeriodText),
            (_l.ComparedWith, _view.ComparisonText ?? _l.NoComparison),
            (_l.Generated, _view.GeneratedText),
        ];
        var labelWidth = 150f;
        foreach (var (label, value) in facts)
        {
            f.Text(label, Typography.SmallBold, PageFlow.Left, y + 1.5f, Palette.Muted, width: labelWidth - 8);
            y += f.Paragraph(value, Typography.Body, PageFlow.Left + labelWidth, y, PageFlow.Width - labelWidth, Palette.Text) + 6;
        }

        f.Text(_view.PreparedBy, Typography.Body, PageFlow.Left, y + 4, Palette.Muted, width: PageFlow.Width);
        _contentsTop = y + 44;
    }

    private void ComposeContents()
    {
        var f = _flow;
        var page = f.Pages[0];
        var y = _contentsTop;

        // The contents go on the cover, which is already laid out: add to its operations directly.
        var ops = new List<DrawOp>();
        var shaper = f.Shaper;
        void Line(string text, TextStyle style, float x, float top, SKColor color, Align align = Align.Left, float width = 0)
        {
            var line = shaper.Shape(width > 0 ? shaper.Fit(text, style, width) : text, style);
            var dx = align == Align.Right ? width - line.Width : 0;
            ops.Add(new TextOp(line, x + dx, PageFlow.Baseline(style, top), color));
        }

        Line(_l.Contents, Typography.Subheading, PageFlow.Left, y, _palette.Primary);
        y += PageFlow.LineHeight(Typography.Subheading) + 6;
        ops.Add(new LineOp(new SKPoint(PageFlow.Left, y - 2), new SKPoint(PageFlow.Left + 260, y - 2), Palette.RuleColor, 0.6f));
        foreach (var section in _view.Sections)
        {
            if (!_sectionPages.TryGetValue(section.Kind, out var number))
            {
                continue;
            }

            var numberText = _view.Format.Number(number, 0);
            Line(section.Heading, Typography.Body, PageFlow.Left, y, Palette.Text, width: 220);
            Line(numberText, Typography.Body, PageFlow.Left + 220, y, Palette.Muted, Align.Right, 40);
            y += PageFlow.LineHeight(Typography.Body) + 3;
        }

        page.Ops.AddRange(ops);
    }

    private void ComposeSummary(string heading)
    {
        var f = _flow;
        f.NewPage();
        StartSection(SectionKind.Summary, heading, 0);
        // What the changes compare with is said here once, not on every card.
        var sub = _view.PeriodName +
            (_view.HasComparison ? "  ·  " + _view.VsText : _view.ComparisonMissing ? "  ·  " + _view.NoComparisonDataText : "");
        f.Paragraph(sub, Typography.Body, PageFlow.Left, f.Y - 6, PageFlow.Width, Palette.Muted, maxLines: 2);
        f.Y += f.MeasureParagraph(sub, Typography.Body, PageFlow.Width, 2) + 2;
        ComposeCards(_view.Headline);
        ComposeHighlights();
        ComposeCommentary();
    }

    /// <summary>
    /// The headline cards in rows that are always full: up to three a row, four as two by two, and a row with fewer
    /// cards (5 = 3 + 2) makes them wider rather than leaving a hole.
    /// </summary>
    private void ComposeCards(IReadOnlyList<KpiLine> cards)
    {
        var f = _flow;
        const float gutter = 12f;
        foreach (var row in CardRows(cards.Count))
        {
            var width = (PageFlow.Width - ((row.Count - 1) * gutter)) / row.Count;
            var names = row.Select(i => KpiCard.FitName(f.Shaper, cards[i].Name, KpiCard.NameWidth(width))).ToList();
            var lines = names.Max(n => n.Lines);
            var height = row.Select((_, c) => KpiCard.Height(names[c].Style, lines)).Max();
            f.EnsureSpace(height);
            for (var c = 0; c < row.Count; c++)
            {
                var line = cards[row[c]];
                var x = PageFlow.Left + (c * (width + gutter));
                KpiCard.Compose(
                    f, _palette, line, _view.Sparkline(line.Kpi.Id), _view.HasComparison, names[c].Style, lines, new SKRect(x, f.Y, x + width, f.Y + height));
            }

            f.Y += height + gutter;
        }
    }

    /// <summary>The cards' indices per row: as few rows of at most three as possible, the fuller rows first.</summary>
    internal static List<List<int>> CardRows(int count)
    {
        var rows = new List<List<int>>();
        if (count == 0)
        {
            return rows;
        }

        var perRow = count == 4 ? 2 : 3;
        var rowCount = (count + perRow - 1) / perRow;
        var next = 0;
        for (var r = 0; r < rowCount; r++)
        {
            var size = (count / rowCount) + (r < count % rowCount ? 1 : 0);
            rows.Add([.. Enumerable.Range(next, size)]);
            next += size;
        }

        return rows;
    }

    /// <summary>The agency's words under the numbers: its summary, then the next steps as a list, one per line written.</summary>
    private void ComposeCommentary()
    {
        if (_view.Commentary is not { } commentary)
        {
            return;
        }

        var f = _flow;
        f.Y += 10;
        if (commentary.Summary.Count > 0)
        {
            Subheading(_l.CommentaryHeading, 3 * PageFlow.LineHeight(Typography.Body));
            foreach (var paragraph in commentary.Summary)
            {
                f.FlowParagraph(paragraph, Typography.Body, Palette.Text, after: 4);
            }

            f.Y += 6;
        }

        if (commentary.NextSteps.Count > 0)
        {
            Subheading(_l.NextStepsHeading, 2 * PageFlow.LineHeight(Typography.Body));
            foreach (var step in commentary.NextSteps)
            {
                f.EnsureSpace(PageFlow.LineHeight(Typography.Body));
                f.Text("•", Typography.Body, PageFlow.Left + 2, f.Y, _palette.Primary, width: 10);
                f.FlowParagraph(step, Typography.Body, Palette.Text, indent: 14, after: 3);
            }
        }
    }

    /// <summary>A subheading kept on the page with <paramref name="keepWith"/> points of what follows it.</summary>
    private void Subheading(string text, float keepWith)
    {
        var f = _flow;
        f.EnsureSpace(PageFlow.LineHeight(Typography.Subheading) + keepWith);
        f.Text(text, Typography.Subheading, PageFlow.Left, f.Y, Palette.Text, width: PageFlow.Width);
        f.Y += PageFlow.LineHeight(Typography.Subheading) + 4;
    }

    private void ComposeHighlights()
    {
        var f = _flow;
        if (!_view.HasComparison)
        {
            return;
        }

        var lists = new[] { (_l.Improvements, _view.Improvements), (_l.NeedsAttention, _view.Declines) };
        var rowHeight = PageFlow.LineHeight(Typography.Body) + 3;
        var height = PageFlow.LineHeight(Typography.Subheading) + 6 + (3 * rowHeight) + 6;
        f.EnsureSpace(height);
        var top = f.Y + 6;
        const float gutter = 24f;
        var width = (PageFlow.Width - gutter) / 2;
        for (var i = 0; i < lists.Length; i++)
        {
            var (title, items) = lists[i];
            var x = PageFlow.Left + (i * (width + gutter));
            var y = top;
            f.Text(title, Typography.Subheading, x, y, Palette.Text, width: width);
            y += PageFlow.LineHeight(Typography.Subheading) + 4;
            if (items.Count == 0)
            {
                f.Text(_l.NoComparableChanges, Typography.Body, x, y, Palette.Muted, width: width);
                continue;
            }

            foreach (var item in items)
            {
                var color = Palette.ForTone(item.Tone);
                var change = f.Shaper.Shape(item.ChangePercent, Typography.BodyBold);
                var arrowWidth = ChangeArrow.Width(Typography.BodyBold.Size) + ChangeArrow.Gap;
                var changeX = x + width - change.Width;
                f.Line(change, changeX, y, color);
                ChangeArrow.Draw(f, changeX - arrowWidth, ChangeArrow.MiddleOf(Typography.BodyBold, y), item.Direction, color, Typography.BodyBold.Size);
                f.Text(item.Name, Typography.Body, x, y, Palette.Text, width: width - change.Width - arrowWidth - 8);
                f.Rule(x, y + rowHeight - 1.5f, x + width, y + rowHeight - 1.5f, Palette.RuleColor, 0.4f);
                y += rowHeight;
            }
        }

        f.Y = top + height;
    }

    private void ComposeGoals(string heading)
    {
        var f = _flow;
        StartSection(SectionKind.Goals, heading, _view.Goals.Count > 0 ? GoalCard.Height : 30);
        if (_view.Goals.Count == 0)
        {
            f.FlowParagraph(_l.NoGoals, Typography.Body, Palette.Muted, after: 8);
            return;
        }

        f.Y += 4;
        foreach (var goal in _view.Goals)
        {
            f.EnsureSpace(GoalCard.HeightOf(goal));
            GoalCard.Compose(f, _palette, goal, _l.GoalProgress, _l.GoalExpected);
        }
    }

    private void ComposeKpiTable(string heading)
    {
        var f = _flow;
        // Without a single comparison value the comparison's columns would be dashes only: the summary and the data
        // note say once that there is no data for it.
        var compare = !_view.ComparisonMissing;
        Column[] columns = compare
            ?
            [
                new(_l.ColumnKpi, 181),
                new(_l.ColumnValue, 86, Align.Right),
                new(_l.ColumnPrevious, 86, Align.Right),
                new(_l.ColumnChange, 84, Align.Right),
                new(_l.ColumnChangePercent, PageFlow.Width - 181 - 86 - 86 - 84, Align.Right),
            ]
            : [new(_l.ColumnKpi, PageFlow.Width - 120), new(_l.ColumnValue, 120, Align.Right)];
        var rows = new List<Row>();
        foreach (var (category, lines) in _view.Categories)
        {
            rows.Add(new GroupRow(category));
            foreach (var line in lines)
            {
                var tone = Palette.ForTone(line.Tone);
                rows.Add(new DataRow(compare
                    ?
                    [
                        new Cell(line.Name, MaxLines: 2),
                        new Cell(line.Value),
                        new Cell(line.Previous, Palette.Muted),
                        new Cell(line.Change, tone, line.Direction),
                        new Cell(line.ChangePercent, tone),
                    ]
                    : [new Cell(line.Name, MaxLines: 2), new Cell(line.Value)]));
            }
        }

        StartSection(SectionKind.KpiTable, heading, 80);
        new DataTable(columns, _palette).Compose(f, rows, () => SectionHeading.Draw(f, _palette, Continued(heading)));
    }

    /// <summary>
    /// The charts two by two. A pair never splits; the rows that fit below the heading are made as tall as the room
    /// allows (at least <see cref="TrendChart.MinHeight"/>), so the section neither jumps to a new page leaving a
    /// third of one blank nor runs off the page; the rest follow on the next page under the heading marked continued.
    /// Four charts and the heading fit one page.
    /// </summary>
    private void ComposeTrends(string heading)
    {
        var f = _flow;
        const float gutter = 20f, gap = 18f;
        var width = (PageFlow.Width - gutter) / 2;
        StartSection(SectionKind.Trends, heading, TrendChart.MinHeight);
        var rows = (_view.Charts.Count + 1) / 2;
        var fit = Math.Min(rows, (int)((f.Remaining + gap) / (TrendChart.MinHeight + gap)));
        var height = fit == 0 ? TrendChart.Height : Math.Clamp(((f.Remaining + gap) / fit) - gap, TrendChart.MinHeight, TrendChart.Height);
        for (var row = 0; row < rows; row++)
        {
            if (row == fit)
            {
                height = TrendChart.Height;
            }

            f.EnsureSpace(height);
            for (var c = 0; c < 2 && (row * 2) + c < _view.Charts.Count; c++)
            {
                var x = PageFlow.Left + (c * (width + gutter));
                TrendChart.Compose(f, _palette, _view.Charts[(row * 2) + c], new SKRect(x, f.Y, x + width, f.Y + height));
            }

            f.Y += height + gap;
        }
    }

    private void ComposePlatforms(string heading)
    {
        var f = _flow;
        var table = _view.Platforms;
        const float first = 92f;
        var width = (PageFlow.Width - first) / Math.Max(1, table.Columns.Count);
        List<Column> columns = [new(_l.ColumnPlatform, first), .. table.ColumnNames.Select(n => new Column(n, width, Align.Right))];
        Cell CellOf(KpiLine line) => new(
            line.Value,
            Sub: _view.HasComparison ? line.ChangePercent : null,
            SubColor: Palette.ForTone(line.Tone),
            SubArrow: line.Direction);
        var rows = new List<Row>();
        foreach (var (platform, cells) in table.Rows)
        {
            rows.Add(new DataRow([new Cell(platform), .. cells.Select(CellOf)]));
        }

        rows.Add(new DataRow([new Cell(table.Total.Label), .. table.Total.Cells.Select(CellOf)], Emphasis: true));
        StartSection(SectionKind.Platforms, heading, 90);
        new DataTable(columns, _palette).Compose(f, rows, () => SectionHeading.Draw(f, _palette, Continued(heading)));
    }

    private void ComposeTopPosts(string heading)
    {
        var f = _flow;
        const float date = 58f, platform = 62f, number = 56f;
        Column[] columns =
        [
            new(_l.ColumnDate, date),
            new(_l.ColumnPlatform, platform),
            new(_l.ColumnPost, PageFlow.Width - date - platform - (4 * number)),
            new(_l.KpiName(Kpis.KpiCatalog.All.First(k => k.Id == "engagements")), number, Align.Right),
            new(_l.KpiName(Kpis.KpiCatalog.All.First(k => k.Id == "likes")), number, Align.Right),
            new(_l.KpiName(Kpis.KpiCatalog.All.First(k => k.Id == "shares")), number, Align.Right),
            new(_l.KpiName(Kpis.KpiCatalog.All.First(k => k.Id == "link_clicks")), number, Align.Right),
        ];
        var rows = _view.Posts.Select(p => (Row)new DataRow(
        [
            new Cell(p.Date),
            new Cell(p.Platform),
            new Cell(p.Text, MaxLines: 3),
            new Cell(p.Engagements),
            new Cell(p.Likes),
            new Cell(p.Shares),
            new Cell(p.LinkClicks),
        ])).ToList();
        StartSection(SectionKind.TopPosts, heading, 90);
        new DataTable(columns, _palette).Compose(f, rows, () => SectionHeading.Draw(f, _palette, Continued(heading)));
    }

    /// <summary>
    /// The data note as a footnote: small type, one line per fact and per account, the KPIs without data in a sentence;
    /// kept on one page when it fits one.
    /// </summary>
    private void ComposeDataNote(string heading)
    {
        var f = _flow;
        var note = _view.Note;
        var style = Typography.Small;
        const float labelWidth = 120f;
        var valueWidth = PageFlow.Width - labelWidth;
        List<(string Label, IReadOnlyList<string> Lines)> blocks =
        [
            .. note.Facts.Select(fact => (fact.Label, (IReadOnlyList<string>)[fact.Value])),
            (_l.NoteAccounts, note.Accounts),
            (_l.NoteKpisWithoutData, [note.KpisWithoutData]),
        ];
        float Height(IReadOnlyList<string> lines) => lines.Sum(l => f.MeasureParagraph(l, style, valueWidth)) + 3;
        var total = blocks.Sum(b => Height(b.Lines)) + 8 +
            f.MeasureParagraph(note.Method, style, PageFlow.Width) + (note.Calendar is { } c ? f.MeasureParagraph(c, style, PageFlow.Width) : 0);
        StartSection(SectionKind.DataNote, heading, Math.Min(total, PageFlow.Bottom - PageFlow.Top - SectionHeading.Height - 20));
        foreach (var (label, lines) in blocks)
        {
            if (lines.Count == 0)
            {
                continue;
            }

            f.EnsureSpace(f.MeasureParagraph(lines[0], style, valueWidth));
            f.Text(label, Typography.SmallBold, PageFlow.Left, f.Y, Palette.Muted, width: labelWidth - 8);
            foreach (var line in lines)
            {
                var height = f.MeasureParagraph(line, style, valueWidth);
                f.EnsureSpace(height);
                f.Paragraph(line, style, PageFlow.Left + labelWidth, f.Y, valueWidth, Palette.Text);
                f.Y += height;
            }

            f.Y += 3;
        }

        f.Y += 5;
        f.FlowParagraph(note.Method, style, Palette.Muted, after: 2);
        if (note.Calendar is { } calendar)
        {
            f.FlowParagraph(calendar, style, Palette.Muted);
        }
    }

    /// <summary>The glossary in two columns of small type, entries side by side in reading order; a pair never splits.</summary>
    private void ComposeGlossary(string heading)
    {
        var f = _flow;
        StartSection(SectionKind.Glossary, heading, 80);
        f.FlowParagraph(_l.GlossaryIntro, Typography.Body, Palette.Muted, after: 8);
        const float gutter = 20f;
        var width = (PageFlow.Width - gutter) / 2;
        var outer = f.OnPageBreak;
        f.OnPageBreak = () => SectionHeading.Draw(f, _palette, Continued(heading));
        var entries = _view.Glossary;
        for (var i = 0; i < entries.Count; i += 2)
        {
            var pair = entries.Skip(i).Take(2).ToList();
            var height = pair.Max(e => PageFlow.LineHeight(Typography.SmallBold) + f.MeasureParagraph(e.Definition, Typography.Small, width)) + 8;
            f.EnsureSpace(height);
            for (var c = 0; c < pair.Count; c++)
            {
                var x = PageFlow.Left + (c * (width + gutter));
                f.Text(pair[c].Name, Typography.SmallBold, x, f.Y, Palette.Text, width: width);
                f.Paragraph(pair[c].Definition, Typography.Small, x, f.Y + PageFlow.LineHeight(Typography.SmallBold), width, Palette.Muted);
            }

            f.Y += height;
        }

        f.OnPageBreak = outer;
    }

    /// <summary>A heading marked as continued: "KPIs by category (continued)", "分类关键指标（续）".</summary>
    private string Continued(string heading) =>
        heading + (_l.Continued.StartsWith('（') ? "" : " ") + _l.Continued;

    /// <summary>
    /// Draws a section's heading, and until the next section starts repeats it, marked continued, at the top of every
    /// page the section runs onto (tables add their header row to it).
    /// </summary>
    private void StartSection(SectionKind kind, string heading, float keepWith)
    {
        _flow.OnPageBreak = null;
        SectionHeading.Compose(_flow, _palette, heading, keepWith);
        _sectionPages[kind] = _flow.Current.Number;
        var continued = Continued(heading);
        _flow.OnPageBreak = () => SectionHeading.Draw(_flow, _palette, continued);
    }

    /// <summary>Every page gets the agency's name and "n / N" in its footer; pages after the cover a running header.</summary>
    private void ComposePageChrome()
    {
        var f = _flow;
        var total = f.Pages.Count;
        var format = _view.Format;
        var header = _view.Document.ClientName + "  ·  " + _l.ReportTitle;
        var style = Typography.PageChrome;
        foreach (var page in f.Pages)
        {
            var ops = new List<DrawOp>();
            void Line(string text, float x, float top, SKColor color, Align align, float width)
            {
                var line = f.Shaper.Shape(f.Shaper.Fit(text, style, width), style);
                var dx = align == Align.Right ? width - line.Width : 0;
                ops.Add(new TextOp(line, x + dx, PageFlow.Baseline(style, top), color));
            }

            var footerY = PageFlow.PageHeight - 42;
            ops.Add(new LineOp(new SKPoint(PageFlow.Left, footerY), new SKPoint(PageFlow.Right, footerY), Palette.RuleColor, 0.6f));
            Line(_view.Document.Branding.AgencyName, PageFlow.Left, footerY + 5, Palette.Muted, Align.Left, PageFlow.Width * 0.6f);
            // "n / N" as three pieces with clear gaps: a plain space this small is lost when the text is extracted.
            var x = PageFlow.Right;
            foreach (var piece in new[] { format.Number(total, 0), "/", format.Number(page.Number, 0) })
            {
                var line = f.Shaper.Shape(piece, style);
                x -= line.Width;
                ops.Add(new TextOp(line, x, PageFlow.Baseline(style, footerY + 5), Palette.Muted));
                x -= 3.5f;
            }

            if (page.Number > 1)
            {
                const float headerY = 28f;
                Line(header, PageFlow.Left, headerY, Palette.Muted, Align.Left, PageFlow.Width * 0.55f);
                Line(_view.PeriodText, PageFlow.Left + (PageFlow.Width * 0.55f), headerY, Palette.Muted, Align.Right, PageFlow.Width * 0.45f);
                ops.Add(new LineOp(new SKPoint(PageFlow.Left, headerY + 16), new SKPoint(PageFlow.Right, headerY + 16), _palette.Primary, 0.8f));
            }

            page.Ops.AddRange(ops);
        }
    }
}
