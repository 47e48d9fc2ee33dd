using KpiFunctions.Kpis;
using KpiFunctions.Kpis.Goals;
using KpiFunctions.Kpis.Samples;
using SkiaSharp;

namespace KpiFunctions.Reports;

/// <summary>Realistic, deterministic reports for tests, previews and benchmarks.</summary>
public static class SampleReports
{
    private static readonly DateRange Period = new(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31));
    private static readonly DateRange Comparison = Period.PreviousCalendar();
    private static readonly DateOnly Today = new(2026, 4, 1);
    private static readonly string[] Headline = ["impressions", "engagement_rate", "followers", "link_clicks", "conversions", "revenue"];
    private static readonly Lazy<Computed> Data = new(Compute);

    /// <summary>
    /// A month's report (March 2026 against February 2026) for a coffee roaster with eight platforms: every section, six
    /// headline KPIs with sparklines, four goals, four trend charts with February's line beside March's, top posts and a
    /// data note naming the accounts; about six A4 pages. The KPI values
    /// come from the real engine (<see cref="KpiCalculator"/>, <see cref="GoalEvaluator"/>) over generated daily rows.
    /// Client name, currency, time zone and post texts follow <paramref name="locale"/>'s language.
    /// </summary>
    public static ReportDocument Typical(string locale)
    {
        var data = Data.Value;
        var language = ReportLanguages.Find(locale)?.Language ?? "en";
        var local = Locals.TryGetValue(language, out var l) ? l : Locals["en"];
        var posts = local.Posts
            .Select((text, i) => data.Posts[i] with { Text = text })
            .ToList();
        // The connected accounts go by their pages' names; the pushed ones (web shop, care desk) have their ids only.
        string? Name(AccountNote a) => a.Platform switch
        {
            "instagram" => "@nordlys.coffee",
            "x" or "tiktok" => "@nordlyscoffee",
            "meta_ads" => local.Client + " – Ads",
            "other" => null,
            _ => local.Client,
        };
        var note = data.Note with { Accounts = [.. data.Note.Accounts.Select(a => a with { DisplayName = Name(a) })] };
        return new ReportDocument(
            new Branding("Brightside Social", "#1F3A5F", "#F2994A", data.Logo),
            local.Client,
            locale,
            local.TimeZone,
            local.Currency,
            Period,
            Comparison,
            CompareMode.PreviousCalendar,
            Headline,
            data.Report.Kpis,
            data.Goals,
            data.Trends,
            data.Report.Platforms ?? [],
            posts,
            note,
            new DateTimeOffset(2026, 4, 2, 7, 0, 0, TimeSpan.Zero))
        {
            Sparklines = data.Sparklines,
            Commentary = Commentaries.GetValueOrDefault(language),
            TableKpis = [.. data.Report.Kpis.Where(k => k.Value is not null || k.Previous is not null).Select(k => k.Kpi.Id)],
        };
    }

    /// <summary>The agency's commentary on the sample month, in each report language.</summary>
    private static readonly Dictionary<string, Commentary> Commentaries = new(StringComparer.Ordinal)
    {
        ["en"] = new(
            "March was the best month of the quarter: the spring offer and the Yirgacheffe launch lifted engagement on Instagram and TikTok.\nPaid clicks got cheaper while conversions held.",
            "Move budget from Facebook to Instagram Reels\nLaunch the Easter subscription campaign on 1 April"),
        ["sv"] = new(
            "Mars var kvartalets bästa månad: vårerbjudandet och lanseringen av Yirgacheffe lyfte engagemanget på Instagram och TikTok.\nAnnonsklicken blev billigare medan konverteringarna höll i sig.",
            "Flytta budget från Facebook till Instagram Reels\nStarta påskkampanjen för prenumerationer den 1 april"),
        ["nb"] = new(
            "Mars var kvartalets beste måned: vårtilbudet og lanseringen av Yirgacheffe løftet engasjementet på Instagram og TikTok.\nAnnonseklikkene ble billigere mens konverteringene holdt seg.",
            "Flytt budsjett fra Facebook til Instagram Reels\nStart påskekampanjen for abonnementer 1. april"),
        ["zh"] = new(
            "三月是本季度表现最好的月份：春季优惠和耶加雪菲新品上市带动了 Instagram 和 TikTok 上的互动。\n广告点击成本下降，转化保持稳定。",
            "将预算从 Facebook 转移到 Instagram Reels\n4月1日启动复活节订阅活动"),
        ["tr"] = new(
            "Mart, çeyreğin en iyi ayıydı: bahar fırsatı ve Yirgacheffe lansmanı Instagram ile TikTok'ta etkileşimi artırdı.\nReklam tıklamaları ucuzlarken dönüşümler korundu.",
            "Bütçeyi Facebook'tan Instagram Reels'e kaydırmak\n1 Nisan'da Paskalya abonelik kampanyasını başlatmak"),
        ["th"] = new(
            "มีนาคมเป็นเดือนที่ดีที่สุดของไตรมาส: โปรโมชันหน้าร้อนและการเปิดตัวเยอร์กาเชฟช่วยเพิ่มการมีส่วนร่วมบน Instagram และ TikTok\nค่าคลิกโฆษณาถูกลงขณะที่คอนเวอร์ชันยังคงที่",
            "ย้ายงบประมาณจาก Facebook ไปที่ Instagram Reels\nเริ่มแคมเปญสมาชิกช่วงอีสเตอร์วันที่ 1 เมษายน"),
    };

    private sealed record Local(string Client, string Currency, string TimeZone, string[] Posts);

    private sealed record Computed(
        KpiReport Report,
        IReadOnlyList<GoalLine> Goals,
        IReadOnlyList<TrendSeries> Trends,
        IReadOnlyList<TopPost> Posts,
        DataNote Note,
        byte[] Logo,
        IReadOnlyList<TrendSeries> Sparklines);

    private static Computed Compute()
    {
        var rows = SampleMetrics.Rows(Period.To);
        var report = KpiCalculator.Compute(rows, Period, CompareMode.PreviousCalendar, KpiCatalog.All, byPlatform: true);

        KpiDefinition Kpi(string id) => KpiCatalog.TryGet(id, out var k) ? k : throw new InvalidOperationException(id);
        var goalStart = new DateOnly(2026, 1, 1);
        var goalEnd = new DateOnly(2026, 6, 30);
        (string Id, string Kpi, double Target, string? Platform)[] goals =
        [
            ("followers-80k", "followers", 80_000, null),
            ("impressions-half-year", "impressions", 8_500_000, null),
            ("engagement-rate", "engagement_rate", 3.4, null),
            ("cheaper-clicks", "cpc", 1.3, "meta_ads"),
        ];
        var goalLines = goals.Select(g =>
        {
            var goal = new Goal(Kpi(g.Kpi), g.Target, goalStart, goalEnd, g.Platform);
            return new GoalLine(g.Id, goal.Kpi, goal.Target, goal.StartDate, goal.Deadline, goal.Platform, GoalEvaluator.Evaluate(goal, rows, Today));
        }).ToList();

        (string Kpi, Granularity Granularity)[] trends =
        [
            ("impressions", Granularity.Day),
            ("engagement_rate", Granularity.Day),
            ("followers", Granularity.Week),
            ("link_clicks", Granularity.Day),
        ];
        TrendSeries Series(string kpi, Granularity granularity) => new(
            Kpi(kpi),
            granularity,
            KpiCalculator.Series(rows, Kpi(kpi), Period, granularity),
            KpiCalculator.Series(rows, Kpi(kpi), Comparison, granularity));
        var trendSeries = trends.Select(t => Series(t.Kpi, t.Granularity)).ToList();
        var sparklines = Headline.Where(id => !trends.Any(t => t.Kpi == id)).Select(id => Series(id, Granularity.Day)).ToList();

        TopPost[] posts =
        [
            new("instagram", new DateTimeOffset(2026, 3, 18, 16, 30, 0, TimeSpan.Zero), "", 4_812, 3_950, 412, 236),
            new("tiktok", new DateTimeOffset(2026, 3, 21, 18, 5, 0, TimeSpan.Zero), "", 3_967, 3_310, 389, 118),
            new("facebook", new DateTimeOffset(2026, 3, 9, 11, 0, 0, TimeSpan.Zero), "", 2_204, 1_688, 301, 412),
            new("instagram", new DateTimeOffset(2026, 3, 16, 7, 45, 0, TimeSpan.Zero), "", 1_957, 1_540, 176, 389),
            new("linkedin", new DateTimeOffset(2026, 3, 26, 8, 15, 0, TimeSpan.Zero), "", 1_126, 842, 97, 164),
        ];

        var comparison = Comparison;
        var accounts = SampleMetrics.Accounts.Select(a =>
        {
            var days = rows.Where(r => r.AccountId == a.Id && r.Date >= comparison.From && r.Date <= Period.To).Select(r => r.Date).ToList();
            return new AccountNote(a.Id, a.Platform, days.Count > 0 ? days.Min() : null, days.Count > 0 ? days.Max() : null);
        }).ToList();
        var withoutData = report.Kpis.Where(k => k.Value is null).Select(k => k.Kpi.Id).ToList();
        var note = new DataNote(accounts, withoutData, new DateTimeOffset(2026, 4, 2, 5, 12, 0, TimeSpan.Zero));
        return new Computed(report, goalLines, trendSeries, posts, note, Logo(), sparklines);
    }

    /// <summary>The sample agency's logo: a sunrise mark drawn with Skia and encoded as PNG.</summary>
    private static byte[] Logo()
    {
        var info = new SKImageInfo(360, 120, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Transparent);
        using var navy = new SKPaint { Color = new SKColor(0x1F, 0x3A, 0x5F), IsAntialias = true };
        using var orange = new SKPaint { Color = new SKColor(0xF2, 0x99, 0x4A), IsAntialias = true };
        using var light = new SKPaint { Color = new SKColor(0x9C, 0xB3, 0xC9), IsAntialias = true };
        canvas.Save();
        canvas.ClipRect(new SKRect(0, 0, 120, 78));
        canvas.DrawCircle(60, 78, 42, orange);
        canvas.Restore();
        canvas.DrawRoundRect(new SKRect(8, 84, 112, 96), 6, 6, navy);
        canvas.DrawRoundRect(new SKRect(24, 102, 96, 112), 5, 5, light);
        for (var i = 0; i < 3; i++)
        {
            var x = 140 + (i * 74);
            canvas.DrawRoundRect(new SKRect(x, 44 - (i * 12), x + 58, 96), 8, 8, i == 2 ? orange : navy);
        }

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static readonly Dictionary<string, Local> Locals = new(StringComparer.Ordinal)
    {
        ["en"] = new("Nordlys Coffee Roasters", "USD", "America/New_York",
        [
            "Our new Ethiopia Yirgacheffe single origin is here! Bright, floral and a little citrusy. In the web shop from today.",
            "Behind the scenes: how we roast 40 kg of beans every morning before 7 am.",
            "Latte art championship in Stockholm – our barista Emma took second place!",
            "Spring offer: 20 % off all subscription boxes until 15 April.",
            "Which brewing method do you use at home? Tell us in the comments.",
        ]),
        ["sv"] = new("Nordlys Kafferosteri AB", "SEK", "Europe/Stockholm",
        [
            "Vårt nya single origin-kaffe från Etiopien, Yirgacheffe, är här! Fruktigt, blommigt och med en touch av citrus. Finns i webbshoppen från i dag.",
            "Bakom kulisserna: så rostar vi 40 kg bönor varje morgon före klockan 7.",
            "SM i latte art i Stockholm – vår barista Emma kom tvåa!",
            "Vårerbjudande: 20 % rabatt på alla prenumerationslådor till och med 15 april.",
            "Vilken bryggmetod använder du hemma? Berätta i kommentarerna.",
        ]),
        ["nb"] = new("Nordlys Kaffebrenneri AS", "NOK", "Europe/Oslo",
        [
            "Vår nye single origin-kaffe fra Etiopia, Yirgacheffe, er her! Fruktig, blomstrete og med et hint av sitrus. I nettbutikken fra i dag.",
            "Bak kulissene: slik brenner vi 40 kg bønner hver morgen før klokka sju.",
            "NM i latte art i Oslo – baristaen vår Emma kom på andreplass!",
            "Vårtilbud: 20 % rabatt på alle abonnementsesker til og med 15. april.",
            "Hvilken bryggemetode bruker du hjemme? Fortell oss i kommentarfeltet.",
        ]),
        ["zh"] = new("北极光咖啡烘焙坊", "CNY", "Asia/Shanghai",
        [
            "全新埃塞俄比亚耶加雪菲单品咖啡上市啦！花香明亮，带有一丝柑橘风味。即日起在网店有售。",
            "幕后探秘：我们每天早上七点前烘焙40公斤咖啡豆。",
            "斯德哥尔摩拿铁拉花大赛——我们的咖啡师Emma获得第二名！",
            "春季优惠：4月15日前所有订阅礼盒享八折。",
            "你在家用哪种方式冲咖啡？欢迎在评论区告诉我们。",
        ]),
        ["tr"] = new("Kuzey Işığı Kahve Kavurma A.Ş.", "TRY", "Europe/Istanbul",
        [
            "Yeni Etiyopya Yirgacheffe tek köken kahvemiz geldi! Canlı, çiçeksi ve hafif narenciye notalı. Bugünden itibaren online mağazamızda.",
            "Perde arkası: Her sabah saat 7'den önce 40 kg çekirdeği nasıl kavuruyoruz?",
            "İstanbul latte art şampiyonasında baristamız Emma ikinci oldu!",
            "Bahar fırsatı: 15 Nisan'a kadar tüm abonelik kutularında %20 indirim.",
            "Evde hangi demleme yöntemini kullanıyorsunuz? Yorumlarda bize yazın.",
        ]),
        ["th"] = new("บ้านกาแฟนอร์ดลิส", "THB", "Asia/Bangkok",
        [
            "กาแฟซิงเกิลออริจินเอธิโอเปีย เยอร์กาเชฟ ตัวใหม่มาแล้ว! หอมกลิ่นดอกไม้ สดชื่น และมีโน้ตส้มอ่อนๆ สั่งซื้อได้ที่ร้านออนไลน์ตั้งแต่วันนี้",
            "เบื้องหลังการทำงาน: เราคั่วเมล็ดกาแฟ 40 กิโลกรัมทุกเช้าก่อน 7 โมง",
            "การแข่งขันลาเต้อาร์ตที่กรุงเทพฯ บาริสต้าของเรา เอ็มม่า ได้รองชนะเลิศอันดับหนึ่ง!",
            "โปรโมชันหน้าร้อน: ลด 20% ทุกกล่องสมาชิก ถึงวันที่ 15 เมษายน",
            "คุณชงกาแฟที่บ้านด้วยวิธีไหน? บอกเราในคอมเมนต์ได้เลย",
        ]),
    };
}
