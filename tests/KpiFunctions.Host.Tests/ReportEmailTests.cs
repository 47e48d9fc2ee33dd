using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using KpiFunctions.App.Reports;
using KpiFunctions.App.Storage;
using KpiFunctions.Host.Tests.Support;
using KpiFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SkiaSharp;
using static KpiFunctions.Host.Tests.DeliveryFixture;
using static KpiFunctions.Host.Tests.Support.Api;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// The report e-mail as a recipient gets it, read back from a real SMTP server (MailDev) and parsed with MimeKit: its
/// MIME structure, the plain-text and HTML parts, the headline numbers of the rendered report (expected values worked
/// out by hand from the pushed rows), greetings per language, Reply-To, the attachment's name; and, once, the HTML as
/// headless Chromium shows it.
/// </summary>
public sealed partial class ReportEmailTests(BrandedDeliveryFixture fixture) : IClassFixture<BrandedDeliveryFixture>
{
    private const string November = "2026-11-01_2026-11-30";

    private MailDev Mail => fixture.Mail;

    [Fact]
    public async Task Deliver_RenderedSwedishReport_TextAndHtmlCarryTheReportsHeadlineNumbersAndTheNamedPdf()
    {
        var anna = Address("anna");
        var id = await CreateClientAsync("Nordlys Coffee Roasters", "sv-SE", (anna, "Anna Lindqvist"));
        await PushOctoberAndNovemberAsync(id);
        var pdf = await RenderNovemberAsync(id);

        await fixture.DeliverAsync(id, November);

        var (mail, mime) = await SingleMailAsync(anna);
        Assert.Equal($"{Agency}: rapport för Nordlys Coffee Roasters, november 2026", mime.Subject);

        // multipart/mixed [ multipart/alternative [ text/plain, multipart/related [ text/html, the logo ] ], the PDF ]
        var mixed = Assert.IsType<Multipart>(mime.Body);
        Assert.Equal("multipart/mixed", mixed.ContentType.MimeType);
        Assert.Equal(2, mixed.Count);
        var alternative = Assert.IsType<MultipartAlternative>(mixed[0]);
        Assert.Equal(2, alternative.Count);
        var plain = Assert.IsType<TextPart>(alternative[0]);
        Assert.True(plain.IsPlain);
        var related = Assert.IsType<MultipartRelated>(alternative[1]);
        var html = Assert.IsType<TextPart>(related.Root);
        Assert.True(html.IsHtml);
        var logo = Assert.IsType<MimePart>(Assert.Single(related, p => p != related.Root));
        Assert.Equal("image/png", logo.ContentType.MimeType);
        Assert.Equal(await File.ReadAllBytesAsync(BrandedDeliveryFixture.LogoPath), Decoded(logo));
        Assert.Contains($"src=\"cid:{logo.ContentId}\"", html.Text, StringComparison.Ordinal);

        // The attachment: named for people, the name RFC 2231-encoded (it has an en dash), the PDF as rendered.
        var attachment = Assert.IsType<MimePart>(mixed[1]);
        Assert.Equal("Nordlys Coffee Roasters – november 2026.pdf", attachment.ContentDisposition!.FileName);
        Assert.Equal("Nordlys Coffee Roasters – november 2026.pdf", Assert.Single(mail.Attachments, a => a.ContentType == "application/pdf").FileName);
        Assert.Contains("filename*", System.Text.Encoding.ASCII.GetString(await Mail.GetRawAsync(mail)), StringComparison.Ordinal);
        Assert.Equal(pdf, Decoded(attachment));

        // October: 31 days of 9,000 impressions, 5,000 reach, 250 likes and 20 comments; November: 30 days of 10,000,
        // 4,000, 300 and 30. Impressions 300,000 vs 279,000: +21,000, +7.53 %. Reach 120,000 vs 155,000: -35,000,
        // -22.58 %. Engagements (likes + comments) 9,900 vs 8,370: +1,530, +18.28 %. Engagement rate 9,900 / 300,000 =
        // 3.30 % vs 8,370 / 279,000 = 3.00 %: +0.30 percentage points, +10.0 %. Swedish forms: "300 000", "7,5 %", the minus sign U+2212.
        string[] expected =
        [
            "- Visningar: 300 000  ▲ +7,5 % (+21 000)",
            "- Räckvidd: 120 000  ▼ \u221222,6 % (\u221235 000)",
            "- Interaktioner: 9 900  ▲ +18,3 % (+1 530)",
            "- Engagemangsgrad: 3,30 %  ▲ +10,0 % (+0,30 p.e.)",
        ];
        var text = Spaces(plain.Text);
        var start = "Hej Anna,\n\nHär bifogas rapporten för Nordlys Coffee Roasters för november 2026, sammanställd av Northwind Digital.\n\nNyckeltal i korthet\n" + string.Join('\n', expected) + "\nFörändringar jämfört med oktober 2026.\n";
        Assert.True(text.StartsWith(start, StringComparison.Ordinal), $"Expected the text to start with\n{start}\nbut it is\n{text}");
        Assert.Contains("Bifogad fil: Nordlys Coffee Roasters – november 2026.pdf", text, StringComparison.Ordinal);
        Assert.Contains($"Frågor? Svara på det här mejlet eller skriv till {BrandedDeliveryFixture.AgencyContact}.", text, StringComparison.Ordinal);
        Assert.EndsWith($"Northwind Digital · {BrandedDeliveryFixture.Phone}\n", text, StringComparison.Ordinal);

        // The HTML shows the same, and colours each change as the PDF does: green up, red down for these KPIs.
        var shown = VisibleText(html.Text);
        foreach (var word in (string[])["Hej Anna,", "Nyckeltal i korthet", "Visningar", "300 000", "Räckvidd", "120 000", "Interaktioner", "9 900", "Engagemangsgrad", "3,30 %", "Förändringar jämfört med oktober 2026.", "Nordlys Coffee Roasters – november 2026.pdf", BrandedDeliveryFixture.AgencyContact, BrandedDeliveryFixture.Phone])
        {
            Assert.Contains(word, shown, StringComparison.Ordinal);
        }

        var changes = ChangeSpans().Matches(html.Text).ToDictionary(m => Spaces(WebUtility.HtmlDecode(m.Groups["text"].Value)), m => m.Groups["color"].Value);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["▲ +7,5 %"] = "#1E8E3E", ["▼ \u221222,6 %"] = "#D93025", ["▲ +18,3 %"] = "#1E8E3E", ["▲ +10,0 %"] = "#1E8E3E",
            },
            changes);
        Assert.Contains("background:" + BrandedDeliveryFixture.Primary, html.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("background:" + BrandedDeliveryFixture.Accent, html.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<html lang=\"sv\">", html.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en-GB", "Anna Berg", "Hi Anna,")]
    [InlineData("sv-SE", "Anna Berg", "Hej Anna,")]
    [InlineData("nb-NO", "Anna Berg", "Hei Anna,")]
    [InlineData("tr-TR", "Ayşe Yılmaz", "Merhaba Ayşe,")]
    [InlineData("zh-CN", "王芳", "王芳，您好：")]
    [InlineData("th-TH", "สมชาย ใจดี", "เรียน คุณสมชาย")]
    [InlineData("en-GB", null, "Hello,")]
    [InlineData("sv-SE", null, "Hej,")]
    [InlineData("nb-NO", null, "Hei,")]
    [InlineData("tr-TR", null, "Merhaba,")]
    [InlineData("zh-CN", null, "您好：")]
    [InlineData("th-TH", null, "เรียน ทุกท่าน")]
    public async Task Deliver_EachLanguage_GreetsByFirstNameOrNeutrallyWithNoEnglishInOtherLanguages(string locale, string? name, string greeting)
    {
        var person = Address("greet");
        // Team mailboxes saved with a name are still greeted neutrally: a role address, and a name that says "team".
        var role = $"marketing@t{Guid.NewGuid().ToString("N")[..10]}.example.com";
        var team = Address("lumen");
        var id = await CreateClientAsync("Lumen Tea", locale, (person, name), (role, "Lumen Marketing"), (team, "Lumen social media team"));
        var (reportId, _) = await fixture.SaveReportAsync(id);

        await fixture.DeliverAsync(id, reportId);

        foreach (var (address, expected) in new[] { (person, greeting), (role, NeutralGreeting(locale)), (team, NeutralGreeting(locale)) })
        {
            var (_, mime) = await SingleMailAsync(address);
            Assert.StartsWith(expected + "\n\n", mime.TextBody!, StringComparison.Ordinal);
            Assert.Equal(expected, WebUtility.HtmlDecode(HtmlGreeting().Match(mime.HtmlBody!).Groups["greeting"].Value));
            if (!locale.StartsWith("en", StringComparison.Ordinal))
            {
                // Names, addresses and the file name aside, not one English word: every text of the e-mail is translated.
                var words = EnglishWords().Matches(Addresses().Replace(mime.Subject + "\n" + mime.TextBody! + "\n" + VisibleText(mime.HtmlBody!), " ").Replace("Northwind Digital", "", StringComparison.Ordinal));
                Assert.True(words.Count == 0, $"English in the {locale} e-mail: {string.Join(", ", words.Select(w => w.Value))}\n{mime.TextBody!}");
            }
        }
    }

    [Fact]
    public async Task ReplyTo_SetOnTheClient_IsTheReplyToAndTheFootersContactElseTheAgencys()
    {
        var own = Address("own");
        var other = Address("other");
        var withReplyTo = await CreateClientAsync("Fjord Outdoor", "nb-NO", (own, "Kari Nordmann"));
        var patched = await fixture.PatchOkAsync(withReplyTo, """{"replyTo":" kari.manager@Northwind.TEST "}""");
        Assert.Equal("kari.manager@northwind.test", (string?)patched["replyTo"]);
        Assert.Equal("kari.manager@northwind.test", (string?)(await fixture.Admin.GetOkAsync($"/api/v1/clients/{withReplyTo}"))["replyTo"]);
        var without = await CreateClientAsync("Fjord Indoor", "nb-NO", (other, "Ola Nordmann"));
        Assert.Null((await fixture.Admin.GetOkAsync($"/api/v1/clients/{without}"))["replyTo"]);

        foreach (var (id, to, replyTo) in new[] { (withReplyTo, own, "kari.manager@northwind.test"), (without, other, BrandedDeliveryFixture.AgencyContact) })
        {
            var (reportId, _) = await fixture.SaveReportAsync(id);
            await fixture.DeliverAsync(id, reportId);
            var (_, mime) = await SingleMailAsync(to);
            var mailbox = Assert.IsType<MailboxAddress>(Assert.Single(mime.ReplyTo));
            Assert.Equal(replyTo, mailbox.Address);
            Assert.Equal(Agency, mailbox.Name);
            Assert.Equal(FromAddress, Assert.IsType<MailboxAddress>(Assert.Single(mime.From)).Address);
            Assert.Contains($"Spørsmål? Svar på denne e-posten eller skriv til {replyTo}.", mime.TextBody!, StringComparison.Ordinal);
            Assert.Contains($"href=\"mailto:{replyTo}\"", mime.HtmlBody!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ReplyTo_OnCreateAndPatch_IsValidatedAndNullClearsIt()
    {
        var id = TestIds.New("reply");
        using (var created = await fixture.Admin.PostAsJsonAsync(
            "/api/v1/clients", new { id, name = "Reply AB", timeZone = "Europe/Stockholm", currency = "SEK", locale = "sv-SE", replyTo = "anna@northwind.test" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal("anna@northwind.test", (string?)(await ReadObjectAsync(created))["replyTo"]);
        }

        using (var refused = await fixture.Admin.PostAsJsonAsync(
            "/api/v1/clients", new { id = id + "x", name = "Reply AB", timeZone = "Europe/Stockholm", currency = "SEK", locale = "sv-SE", replyTo = "not an address" }))
        {
            Assert.Contains("replyTo", (await AssertValidationProblemAsync(refused)).Keys);
        }

        foreach (var bad in (string[])["""{"replyTo":"anna@"}""", """{"replyTo":42}""", """{"replyTo":"a\nb@northwind.test"}"""])
        {
            using var response = await fixture.Admin.PatchClientAsync(id, bad);
            Assert.Contains("replyTo", (await AssertValidationProblemAsync(response)).Keys);
        }

        Assert.Equal("anna@northwind.test", (string?)(await fixture.Admin.GetOkAsync($"/api/v1/clients/{id}"))["replyTo"]);
        Assert.Null((await fixture.PatchOkAsync(id, """{"replyTo":null}"""))["replyTo"]);
        Assert.Null((await fixture.Admin.GetOkAsync($"/api/v1/clients/{id}"))["replyTo"]);
    }

    [Fact]
    public async Task Deliver_WithCommentary_ShowsTheSummarysFirstLinesEscapedAndSaysTheRestIsInTheReport()
    {
        var to = Address("comment");
        var id = await CreateClientAsync("Tom & Jerry's <Bakery>", "en-GB", (to, "Tom"));
        await PushOctoberAndNovemberAsync(id);
        await SetCommentaryAsync(id, "Reach grew on <b>Instagram</b> & TikTok.\r\n\r\nWe will test two new formats.\nBudget moves to video.\nA fourth line that is left out.", "Next: reels.");
        await RenderNovemberAsync(id);

        await fixture.DeliverAsync(id, November);

        var (_, mime) = await SingleMailAsync(to);
        Assert.Contains("A note from Northwind Digital\nReach grew on <b>Instagram</b> & TikTok.\nWe will test two new formats.\nBudget moves to video.\nContinued in the report.\n", mime.TextBody!, StringComparison.Ordinal);
        Assert.DoesNotContain("fourth line", mime.TextBody!, StringComparison.Ordinal);
        Assert.Contains("Reach grew on &lt;b&gt;Instagram&lt;/b&gt; &amp; TikTok.<br>We will test two new formats.<br>Budget moves to video.</div>", mime.HtmlBody!, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", mime.HtmlBody!, StringComparison.Ordinal);
        Assert.DoesNotContain("<Bakery>", mime.HtmlBody!, StringComparison.Ordinal);
        Assert.Contains("Tom &amp; Jerry", mime.HtmlBody!, StringComparison.Ordinal);
        // The file name keeps what file systems take: no < > in it.
        Assert.DoesNotContain("Next: reels.", mime.TextBody!, StringComparison.Ordinal);
        Assert.Equal("Tom & Jerry's Bakery – November 2026.pdf", Assert.Single(mime.Attachments.OfType<MimePart>()).FileName);
    }

    [Fact]
    public async Task Deliver_PdfTooLargeToAttach_HtmlHasADownloadButtonAndNoAttachmentLine()
    {
        var to = Address("button");
        var id = await CreateClientAsync("Big Files", "sv-SE", (to, null));
        var (reportId, _) = await fixture.SaveReportAsync(id, minBytes: BrandedDeliveryFixture.AttachUpTo + 1);

        await fixture.DeliverAsync(id, reportId);

        var (_, mime) = await SingleMailAsync(to);
        var link = Assert.Single(mime.TextBody!.Split('\n'), l => l.Contains("/download?", StringComparison.Ordinal));
        var button = DownloadButton().Match(mime.HtmlBody!);
        Assert.True(button.Success, mime.HtmlBody!);
        Assert.Equal(link, WebUtility.HtmlDecode(button.Groups["href"].Value));
        Assert.DoesNotContain("Bifogad fil", mime.TextBody!, StringComparison.Ordinal);
        Assert.DoesNotContain("Bifogad fil", mime.HtmlBody!, StringComparison.Ordinal);
        Assert.Empty(mime.Attachments);
    }

    /// <summary>
    /// The HTML e-mail in a real browser, Swedish, English and Chinese: Chromium loads it with the inline logo given as
    /// a data: URI (as a mail program resolves cid:), reports the logo's natural size and the text it shows, and takes a
    /// screenshot whose pixels must show the logo, the brand colour and the green and red changes. The screenshots stay
    /// in <see cref="PreviewFolder"/> to look at.
    /// </summary>
    [Fact]
    public async Task Html_InChromium_ShowsTheLogoTheTextAndTheColours()
    {
        Directory.CreateDirectory(PreviewFolder);
        (string Locale, string Client, string Recipient, string[] Words)[] cases =
        [
            ("sv-SE", "Nordlys Coffee Roasters", "Anna Lindqvist",
                ["Hej Anna,", "Nordlys Coffee Roasters", "november 2026", "Nyckeltal i korthet", "Visningar", "300 000", "▲ +7,5 %", "Räckvidd", "▼ \u221222,6 %", "Engagemangsgrad", "3,30 %", "Kommentar från Northwind Digital", "Räckvidden föll", "Bifogad fil: Nordlys Coffee Roasters – november 2026.pdf", "Vänliga hälsningar,"]),
            ("en-GB", "Harbour Lane Bakery", "Tom Baker",
                ["Hi Tom,", "Harbour Lane Bakery", "November 2026", "Key figures", "Impressions", "300,000", "▲ +7.5%", "Reach", "▼ -22.6%", "Engagement rate", "3.30%", "A note from Northwind Digital", "Reach fell", "Attached: Harbour Lane Bakery – November 2026.pdf", "Kind regards,"]),
            ("zh-CN", "北辰咖啡", "王芳",
                ["王芳，您好：", "北辰咖啡", "2026年11月", "核心数据", "展示次数", "300,000", "▲ +7.5%", "覆盖人数", "▼ -22.6%", "互动率", "3.30%", "Northwind Digital 点评", "覆盖人数下降", "附件：北辰咖啡 – 2026年11月.pdf", "顺祝商祺！"]),
        ];
        var commentary = new Dictionary<string, string>
        {
            ["sv-SE"] = "Räckvidden föll med en femtedel när vi pausade annonserna i mitten av månaden.\nInteraktionerna ökade ändå tack vare de nya videorna.",
            ["en-GB"] = "Reach fell by a fifth when we paused the ads mid-month.\nEngagement still rose thanks to the new videos.",
            ["zh-CN"] = "覆盖人数下降了五分之一，因为月中暂停了广告投放。\n得益于新视频，互动次数仍有增长。",
        };

        foreach (var (locale, client, recipient, words) in cases)
        {
            var to = Address("browser");
            var id = await CreateClientAsync(client, locale, (to, recipient));
            await PushOctoberAndNovemberAsync(id);
            await SetCommentaryAsync(id, commentary[locale]);
            await RenderNovemberAsync(id);
            await fixture.DeliverAsync(id, November);
            var (_, mime) = await SingleMailAsync(to);

            // As a mail program does: the cid: reference resolved to the related part, here as a data: URI. A probe
            // script records what the browser made of the logo.
            var related = Assert.IsType<MultipartRelated>(Assert.IsType<MultipartAlternative>(Assert.IsType<Multipart>(mime.Body)[0])[1]);
            var logo = Assert.IsType<MimePart>(Assert.Single(related, p => p != related.Root));
            var html = mime.HtmlBody!
                .Replace($"cid:{logo.ContentId}", "data:image/png;base64," + Convert.ToBase64String(Decoded(logo)), StringComparison.Ordinal)
                .Replace("</body>", Probe + "</body>", StringComparison.Ordinal);
            var file = Path.Combine(PreviewFolder, $"email-{locale}.html");
            await File.WriteAllTextAsync(file, html);

            var dom = await Chromium.DumpDomAsync(file);
            var probe = ProbeResult().Match(dom);
            Assert.True(probe.Success, $"The probe did not run in Chromium: {dom[..Math.Min(dom.Length, 400)]}");
            Assert.Equal((BrandedDeliveryFixture.LogoWidth, BrandedDeliveryFixture.LogoHeight, "true"), (int.Parse(probe.Groups["w"].Value, CultureInfo.InvariantCulture), int.Parse(probe.Groups["h"].Value, CultureInfo.InvariantCulture), probe.Groups["complete"].Value));
            var shown = string.Join(' ', Spaces(WebUtility.HtmlDecode(probe.Groups["text"].Value)).Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));
            foreach (var word in words)
            {
                Assert.Contains(word, shown, StringComparison.Ordinal);
            }

            var height = int.Parse(probe.Groups["height"].Value, CultureInfo.InvariantCulture);
            var png = Path.Combine(PreviewFolder, $"email-{locale}.png");
            await Chromium.ScreenshotAsync(file, png, 680, height);
            using var bitmap = SKBitmap.Decode(png);
            Assert.NotNull(bitmap);
            // The logo (a magenta block: no other part of the e-mail is magenta) on the brand-coloured band at the top.
            Assert.True(Count(bitmap, 0, 200, c => c.Red > 230 && c.Green < 30 && c.Blue > 230) > 2000, $"No logo at the top of {png}.");
            Assert.True(Count(bitmap, 0, 200, c => Near(c, BrandedDeliveryFixture.Primary)) > 10_000, $"No brand colour band at the top of {png}.");
            Assert.True(Count(bitmap, 200, bitmap.Height, c => Near(c, "#1E8E3E", 40)) > 30, $"No green change in {png}.");
            Assert.True(Count(bitmap, 200, bitmap.Height, c => Near(c, "#D93025", 40)) > 30, $"No red change in {png}.");
        }
    }

    private static string PreviewFolder => Path.Combine(Path.GetTempPath(), "kpifunctions-email");

    // Sets what Chromium made of the logo and how tall the page is on <body>, for --dump-dom to carry out.
    private const string Probe =
        "<script>addEventListener('load',()=>{const i=document.images[0];const b=document.body;b.dataset.text=b.innerText;b.dataset.probe=" +
        "i.naturalWidth+'x'+i.naturalHeight+' '+i.complete+' '+document.documentElement.scrollHeight;});</script>";

    private async Task<string> CreateClientAsync(string name, string locale, params (string Email, string? Name)[] recipients)
    {
        var id = TestIds.New("mail");
        using (var created = await fixture.Admin.PostAsJsonAsync(
            "/api/v1/clients", new { id, name, timeZone = "Europe/Stockholm", currency = "SEK", locale }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await fixture.PatchOkAsync(id, Json(new { recipients = recipients.Select(r => new { email = r.Email, name = r.Name }) }));
        return id;
    }

    private async Task PushOctoberAndNovemberAsync(string clientId)
    {
        var october = Enumerable.Range(1, 31).Select(d => Row($"2026-10-{d:00}", "fb-main", "facebook", ("impressions", 9000), ("reach", 5000), ("likes", 250), ("comments", 20)));
        var november = Enumerable.Range(1, 30).Select(d => Row($"2026-11-{d:00}", "fb-main", "facebook", ("impressions", 10000), ("reach", 4000), ("likes", 300), ("comments", 30)));
        await fixture.Admin.PushOkAsync(clientId, [.. october, .. november]);
    }

    /// <summary>Renders November 2026 as the scheduler would (compared with October); returns the PDF.</summary>
    private async Task<byte[]> RenderNovemberAsync(string clientId)
    {
        var services = fixture.Server.Services;
        await services.GetRequiredService<RenderReportJob>().RunAsync(
            new RenderReportMessage(clientId, November, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), "previouscalendar"), CancellationToken.None);
        var report = await services.GetRequiredService<ReportStore>().FindAsync(clientId, November, CancellationToken.None);
        Assert.Equal(ReportStatus.Rendered, report!.Status);
        return (await services.GetRequiredService<ReportFiles>().ReadPdfAsync(clientId, November, CancellationToken.None))!;
    }

    /// <summary>Writes November's commentary over the API, as the agency does before the report is rendered.</summary>
    private async Task SetCommentaryAsync(string clientId, string summary, string? nextSteps = null)
    {
        using var response = await fixture.Admin.PutAsJsonAsync($"/api/v1/clients/{clientId}/reports/{November}/commentary", new { summary, nextSteps });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<(ReceivedMail Mail, MimeMessage Mime)> SingleMailAsync(string address)
    {
        var mail = Assert.Single(await Mail.ListToAsync(address));
        using var stream = new MemoryStream(await Mail.GetRawAsync(mail));
        return (mail, await MimeMessage.LoadAsync(stream));
    }

    private static string NeutralGreeting(string locale) => locale[..2] switch
    {
        "sv" => "Hej,",
        "nb" => "Hei,",
        "tr" => "Merhaba,",
        "zh" => "您好：",
        "th" => "เรียน ทุกท่าน",
        _ => "Hello,",
    };

    private static byte[] Decoded(MimePart part)
    {
        using var bytes = new MemoryStream();
        part.Content!.DecodeTo(bytes);
        return bytes.ToArray();
    }

    /// <summary>What a reader sees of some HTML: the body's text without tags, entities decoded, spaces collapsed.</summary>
    private static string VisibleText(string html)
    {
        var body = html.Contains("<body", StringComparison.Ordinal) ? html[html.IndexOf("<body", StringComparison.Ordinal)..] : html;
        body = Scripts().Replace(body, " ");
        body = Hidden().Replace(body, " ");
        return string.Join(' ', Spaces(WebUtility.HtmlDecode(Tags().Replace(body, " "))).Split([' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries));
    }

    // The no-break spaces that cultures put in numbers ("300 000", "7,5 %") read as spaces.
    private static string Spaces(string text) => text.Replace('\u00A0', ' ').Replace('\u202F', ' ');

    private static int Count(SKBitmap bitmap, int fromY, int toY, Func<SKColor, bool> match)
    {
        var count = 0;
        for (var y = fromY; y < Math.Min(toY, bitmap.Height); y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                if (match(bitmap.GetPixel(x, y)))
                {
                    count++;
                }
            }
        }

        return count;
    }

    private static bool Near(SKColor c, string hex, int tolerance = 6)
    {
        var rgb = Convert.ToUInt32(hex.TrimStart('#'), 16);
        return Math.Abs(c.Red - (int)((rgb >> 16) & 0xFF)) <= tolerance
            && Math.Abs(c.Green - (int)((rgb >> 8) & 0xFF)) <= tolerance
            && Math.Abs(c.Blue - (int)(rgb & 0xFF)) <= tolerance;
    }

    [GeneratedRegex("<span style=\"font-weight:bold;white-space:nowrap;color:(?<color>#[0-9A-F]{6});\">(?<text>[^<]*)</span>")]
    private static partial Regex ChangeSpans();

    [GeneratedRegex("<a href=\"(?<href>[^\"]+)\"[^>]*>Ladda ner rapporten</a>")]
    private static partial Regex DownloadButton();

    [GeneratedRegex("<p style=\"margin:16px 0 0;\">(?<greeting>[^<]*)</p>")]
    private static partial Regex HtmlGreeting();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex("<script[^>]*>.*?</script>", RegexOptions.Singleline)]
    private static partial Regex Scripts();

    // The preview line mail programs show in their lists, hidden in the message.
    [GeneratedRegex("<div style=\"display:none[^\"]*\">.*?</div>", RegexOptions.Singleline)]
    private static partial Regex Hidden();

    [GeneratedRegex(@"data-text=""(?<text>[^""]*)"" data-probe=""(?<w>\d+)x(?<h>\d+) (?<complete>\w+) (?<height>\d+)""")]
    private static partial Regex ProbeResult();

    [GeneratedRegex(@"\S+@\S+|https?://\S+")]
    private static partial Regex Addresses();

    [GeneratedRegex(@"\b(report|reports|hello|hi|dear|please|attached|attachment|questions?|reply|regards|kind|download|key|figures|week|weeks|changes?|compared|note|continued|prepared|link|large)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishWords();
}

/// <summary>
/// <see cref="DeliveryFixture"/> with the agency's brand colours, a logo (a magenta block, easy to find in a
/// screenshot), a contact address for Reply-To and a phone number.
/// </summary>
public sealed class BrandedDeliveryFixture : DeliveryFixture
{
    public const string Primary = "#0B5D5B";
    public const string Accent = "#F2994A";
    public const string AgencyContact = "hello@northwind.test";
    public const string Phone = "+46 8 123 45 67";
    public const int LogoWidth = 240;
    public const int LogoHeight = 96;

    /// <summary>Rendered PDFs (about 60 KB) are attached; a padded one above this is linked.</summary>
    public const int AttachUpTo = 500_000;

    private static readonly Lazy<string> Logo = new(WriteLogo);

    public static string LogoPath => Logo.Value;

    protected override Dictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Reports:PrimaryColor"] = Primary;
            settings["Reports:AccentColor"] = Accent;
            settings["Reports:LogoPath"] = LogoPath;
            settings["Delivery:MaxAttachmentBytes"] = AttachUpTo.ToString(CultureInfo.InvariantCulture);
            settings["Delivery:ReplyTo"] = AgencyContact;
            settings["Delivery:ContactPhone"] = Phone;
            return settings;
        }
    }

    private static string WriteLogo()
    {
        using var bitmap = new SKBitmap(LogoWidth, LogoHeight);
        bitmap.Erase(new SKColor(0xFF, 0x00, 0xFF));
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        var path = Path.Combine(Path.GetTempPath(), $"kpifunctions-logo-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(path, png.ToArray());
        return path;
    }
}
