using System.Net;
using System.Text.Json.Nodes;
using KpiFunctions.Host.Tests.Support;
using static KpiFunctions.Host.Tests.Support.Api;
using static KpiFunctions.Host.Tests.Support.ClientSetup;

namespace KpiFunctions.Host.Tests;

/// <summary>
/// <c>PATCH /api/v1/clients/{clientId}</c> (JSON merge patch): each field, cadence merging and its <c>since</c>,
/// validation that changes nothing, keys, and <c>kpiReviewDue</c>.
/// </summary>
public sealed class ClientPatchTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    // Asia/Shanghai has had no daylight saving time since 1991: its local date is always UTC + 8 h.
    private const string Shanghai = "Asia/Shanghai";
    private const double ShanghaiHours = 8;

    private const string FullCadence =
        """{"cadence":{"frequency":"monthly","sendTime":"07:45","delayDays":3,"compare":"year"}}""";

    private HttpClient Admin => fixture.Admin;

    [Fact]
    public async Task Patch_Name_ChangesTheNameOnly()
    {
        var id = await fixture.CreateClientInZoneAsync("p-name", Shanghai);
        var before = await Admin.GetOkAsync($"/api/v1/clients/{id}");

        var patched = await fixture.PatchOkAsync(id, """{"name":"  Renamed AB  "}""");

        Assert.Equal("Renamed AB", (string)patched["name"]!); // trimmed as on create
        var after = await Admin.GetOkAsync($"/api/v1/clients/{id}");
        Assert.True(JsonNode.DeepEquals(patched, after), $"{patched} vs {after}");
        before["name"] = "Renamed AB";
        Assert.True(JsonNode.DeepEquals(before, after), $"Only the name should change: {before} vs {after}");
    }

    [Theory]
    [InlineData("timeZone", "America/Sao_Paulo")]
    [InlineData("currency", "BRL")]
    [InlineData("locale", "pt-BR")]
    public async Task Patch_OneField_ChangesThatFieldOnly(string field, string value)
    {
        var id = await fixture.CreateClientInZoneAsync("p-field", Shanghai);
        var before = await Admin.GetOkAsync($"/api/v1/clients/{id}");

        var patched = await fixture.PatchOkAsync(id, Json(new Dictionary<string, string> { [field] = value }));

        Assert.Equal(value, (string)patched[field]!);
        var after = await Admin.GetOkAsync($"/api/v1/clients/{id}");
        before[field] = value;
        if (field == "timeZone")
        {
            // The creation date is read on the client's current clock, so a new zone can move it (and the review) by
            // a day: from 16:00 UTC on it is already the next day in Shanghai (UTC+8), not yet in Sao Paulo (UTC-3).
            var created = DateTimeOffset.Parse((string)after["createdAt"]!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(AddMonthsByHand(DateOnly.FromDateTime(created.UtcDateTime.AddHours(-3)), 12), ParseDate(after["kpiReviewDue"]));
            before["kpiReviewDue"] = after["kpiReviewDue"]!.DeepClone();
        }

        Assert.True(JsonNode.DeepEquals(before, after), $"{before} vs {after}");
    }

    [Fact]
    public async Task Patch_EmptyObject_Returns200AndChangesNothing()
    {
        var id = await fixture.CreateClientInZoneAsync("p-empty", Shanghai);
        var before = await Admin.GetOkAsync($"/api/v1/clients/{id}");

        var patched = await fixture.PatchOkAsync(id, "{}");

        Assert.True(JsonNode.DeepEquals(before, patched), $"{before} vs {patched}");
    }

    [Fact]
    public async Task Patch_SameId_IsAllowed()
    {
        var id = await fixture.CreateClientInZoneAsync("p-sameid", Shanghai);

        var patched = await fixture.PatchOkAsync(id, Json(new { id, name = "Same id" }));

        Assert.Equal(id, (string)patched["id"]!);
        Assert.Equal("Same id", (string)patched["name"]!);
    }

    [Fact]
    public async Task Patch_FullCadence_StoresItWithSinceTheClientLocalToday()
    {
        var id = await fixture.CreateClientInZoneAsync("p-cadence", Shanghai);
        var todayBefore = TodayAtOffset(ShanghaiHours);

        var patched = await fixture.PatchOkAsync(id, FullCadence);

        var todayAfter = TodayAtOffset(ShanghaiHours);
        var cadence = patched["cadence"]!.AsObject();
        Assert.Equal("monthly", (string)cadence["frequency"]!);
        Assert.Equal("07:45", (string)cadence["sendTime"]!);
        Assert.Equal(3, (int)cadence["delayDays"]!);
        Assert.Equal("year", (string)cadence["compare"]!);
        AssertBetween(todayBefore, ParseDate(cadence["since"]), todayAfter); // Shanghai's date, UTC + 8 h
        var stored = await Admin.GetOkAsync($"/api/v1/clients/{id}");
        Assert.True(JsonNode.DeepEquals(cadence, stored["cadence"]), $"{cadence} vs {stored["cadence"]}");
    }

    [Fact]
    public async Task Patch_CadenceWithFrequencyOnly_FillsTheDefaults()
    {
        var id = await fixture.CreateClientInZoneAsync("p-cad-default", Shanghai);

        var patched = await fixture.PatchOkAsync(id, """{"cadence":{"frequency":"weekly"}}""");

        // ClientPatch's defaults: 09:00, 2 days for late platform data, compared with the calendar units before.
        var cadence = patched["cadence"]!;
        Assert.Equal("weekly", (string)cadence["frequency"]!);
        Assert.Equal("09:00", (string)cadence["sendTime"]!);
        Assert.Equal(2, (int)cadence["delayDays"]!);
        Assert.Equal("previous_calendar", (string)cadence["compare"]!);
    }

    [Theory]
    [InlineData("""{"frequency":"quarterly"}""", "quarterly", "07:45", 3, "year")]
    [InlineData("""{"sendTime":"23:59"}""", "monthly", "23:59", 3, "year")]
    [InlineData("""{"delayDays":0}""", "monthly", "07:45", 0, "year")]
    [InlineData("""{"delayDays":31}""", "monthly", "07:45", 31, "year")]
    [InlineData("""{"compare":"previous"}""", "monthly", "07:45", 3, "previous")]
    [InlineData("""{"sendTime":"00:00","compare":"previous"}""", "monthly", "00:00", 3, "previous")]
    public async Task Patch_PartialCadence_KeepsTheOtherCadenceFields(
        string cadencePatch, string frequency, string sendTime, int delayDays, string compare)
    {
        var id = await fixture.CreateClientInZoneAsync("p-cad-merge", Shanghai);
        await fixture.PatchOkAsync(id, FullCadence);

        var patched = await fixture.PatchOkAsync(id, $$"""{"cadence":{{cadencePatch}}}""");

        var cadence = (await Admin.GetOkAsync($"/api/v1/clients/{id}"))["cadence"]!;
        Assert.True(JsonNode.DeepEquals(patched["cadence"], cadence), $"{patched["cadence"]} vs {cadence}");
        Assert.Equal(frequency, (string)cadence["frequency"]!);
        Assert.Equal(sendTime, (string)cadence["sendTime"]!);
        Assert.Equal(delayDays, (int)cadence["delayDays"]!);
        Assert.Equal(compare, (string)cadence["compare"]!);
    }

    [Fact]
    public async Task Patch_CadenceNull_RemovesTheCadenceAndKeepsTheRest()
    {
        var id = await fixture.CreateClientInZoneAsync("p-cad-null", Shanghai);
        var created = await Admin.GetOkAsync($"/api/v1/clients/{id}");
        await fixture.PatchOkAsync(id, FullCadence);

        var patched = await fixture.PatchOkAsync(id, """{"cadence":null}""");

        Assert.Null(patched["cadence"]);
        var after = await Admin.GetOkAsync($"/api/v1/clients/{id}");
        Assert.Null(after["cadence"]);
        Assert.True(JsonNode.DeepEquals(created, after), $"{created} vs {after}");
    }

    [Fact]
    public async Task Patch_SendTimeAfterBackdating_KeepsSince()
    {
        var id = await fixture.CreateClientInZoneAsync("p-since-keep", Shanghai);
        await fixture.PatchOkAsync(id, FullCadence);
        await fixture.BackdateCadenceAsync(id, new DateOnly(2025, 3, 17));

        var patched = await fixture.PatchOkAsync(id, """{"cadence":{"sendTime":"10:15","delayDays":5,"compare":"previous"}}""");

        Assert.Equal("2025-03-17", (string)patched["cadence"]!["since"]!);
        Assert.Equal("10:15", (string)patched["cadence"]!["sendTime"]!);
        Assert.Equal("2025-03-17", (string)(await Admin.GetOkAsync($"/api/v1/clients/{id}"))["cadence"]!["since"]!);
    }

    [Fact]
    public async Task Patch_SameFrequencyAgain_KeepsSince()
    {
        var id = await fixture.CreateClientInZoneAsync("p-since-same", Shanghai);
        await fixture.PatchOkAsync(id, FullCadence);
        await fixture.BackdateCadenceAsync(id, new DateOnly(2025, 3, 17));

        var patched = await fixture.PatchOkAsync(id, """{"cadence":{"frequency":"monthly"}}""");

        Assert.Equal("2025-03-17", (string)patched["cadence"]!["since"]!);
    }

    [Fact]
    public async Task Patch_FrequencyChange_ResetsSinceToTheClientLocalToday()
    {
        var id = await fixture.CreateClientInZoneAsync("p-since-reset", Shanghai);
        await fixture.PatchOkAsync(id, FullCadence);
        await fixture.BackdateCadenceAsync(id, new DateOnly(2025, 3, 17));
        var todayBefore = TodayAtOffset(ShanghaiHours);

        var patched = await fixture.PatchOkAsync(id, """{"cadence":{"frequency":"biweekly"}}""");

        var todayAfter = TodayAtOffset(ShanghaiHours);
        var cadence = patched["cadence"]!;
        Assert.Equal("biweekly", (string)cadence["frequency"]!);
        AssertBetween(todayBefore, ParseDate(cadence["since"]), todayAfter);
        Assert.Equal("07:45", (string)cadence["sendTime"]!); // the rest is kept
        Assert.Equal(3, (int)cadence["delayDays"]!);
        Assert.Equal("year", (string)cadence["compare"]!);
    }

    [Fact]
    public async Task Patch_CadenceRemovedAndSetAgain_StartsFromToday()
    {
        var id = await fixture.CreateClientInZoneAsync("p-since-again", Shanghai);
        await fixture.PatchOkAsync(id, FullCadence);
        await fixture.BackdateCadenceAsync(id, new DateOnly(2025, 3, 17));
        await fixture.PatchOkAsync(id, """{"cadence":null}""");
        var todayBefore = TodayAtOffset(ShanghaiHours);

        var patched = await fixture.PatchOkAsync(id, """{"cadence":{"frequency":"monthly"}}""");

        AssertBetween(todayBefore, ParseDate(patched["cadence"]!["since"]), TodayAtOffset(ShanghaiHours));
        Assert.Equal("09:00", (string)patched["cadence"]!["sendTime"]!); // the removed cadence's 07:45 is gone
    }

    [Fact]
    public async Task GetClient_New_HasKpiReviewDueTwelveMonthsAfterItsLocalCreationDate()
    {
        var id = await fixture.CreateClientInZoneAsync("p-due-new", Shanghai);

        var client = await Admin.GetOkAsync($"/api/v1/clients/{id}");

        Assert.Equal(12, (int)client["kpiReviewMonths"]!);
        Assert.Null(client["kpiReviewedAt"]);
        // createdAt is an instant; its date in Shanghai is that instant + 8 h. Due: same day a year later, the
        // day clamped to the month's length (29 Feb -> 28 Feb).
        var created = DateTimeOffset.Parse((string)client["createdAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        var local = DateOnly.FromDateTime(created.UtcDateTime.AddHours(ShanghaiHours));
        Assert.Equal(AddMonthsByHand(local, 12), ParseDate(client["kpiReviewDue"]));
    }

    [Theory]
    [InlineData("2025-01-31", 1, "2025-02-28")] // no 31 February: the month's last day
    [InlineData("2024-01-31", 1, "2024-02-29")] // leap year
    [InlineData("2024-02-29", 12, "2025-02-28")]
    [InlineData("2024-02-29", 48, "2028-02-29")]
    [InlineData("2025-03-15", 60, "2030-03-15")]
    [InlineData("2025-11-30", 3, "2026-02-28")] // across the year end
    public async Task Patch_KpiReviewedAtAndMonths_GivesKpiReviewDue(string reviewedAt, int months, string due)
    {
        var id = await fixture.CreateClientInZoneAsync("p-due", Shanghai);

        var patched = await fixture.PatchOkAsync(id, Json(new { kpiReviewedAt = reviewedAt, kpiReviewMonths = months }));

        Assert.Equal(reviewedAt, (string)patched["kpiReviewedAt"]!);
        Assert.Equal(months, (int)patched["kpiReviewMonths"]!);
        Assert.Equal(due, (string)patched["kpiReviewDue"]!);
        var stored = await Admin.GetOkAsync($"/api/v1/clients/{id}");
        Assert.Equal(due, (string)stored["kpiReviewDue"]!);
        var schedule = await Admin.GetOkAsync($"/api/v1/clients/{id}/schedule");
        Assert.Equal(due, (string)schedule["kpiReviewDue"]!); // the schedule says it too
    }

    [Fact]
    public async Task Patch_KpiReviewMonthsOnly_CountsFromTheCreationDate()
    {
        var id = await fixture.CreateClientInZoneAsync("p-due-months", Shanghai);
        var created = await Admin.GetOkAsync($"/api/v1/clients/{id}");
        var local = DateOnly.FromDateTime(
            DateTimeOffset.Parse((string)created["createdAt"]!, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime.AddHours(ShanghaiHours));

        var patched = await fixture.PatchOkAsync(id, """{"kpiReviewMonths":24}""");

        Assert.Equal(AddMonthsByHand(local, 24), ParseDate(patched["kpiReviewDue"]));
    }

    [Fact]
    public async Task Patch_KpiReviewedAtNull_CountsFromTheCreationDateAgain()
    {
        var id = await fixture.CreateClientInZoneAsync("p-due-null", Shanghai);
        var created = await Admin.GetOkAsync($"/api/v1/clients/{id}");
        await fixture.PatchOkAsync(id, """{"kpiReviewedAt":"2025-01-10"}""");

        var patched = await fixture.PatchOkAsync(id, """{"kpiReviewedAt":null}""");

        Assert.Null(patched["kpiReviewedAt"]);
        Assert.Equal((string)created["kpiReviewDue"]!, (string)patched["kpiReviewDue"]!);
    }

    [Fact]
    public async Task Patch_KpiReviewedAtTwoDaysAgo_IsAccepted()
    {
        var id = await fixture.CreateClientInZoneAsync("p-due-recent", Shanghai);
        // Two days before today in UTC is before today in every zone (local dates are within a day of UTC's).
        var reviewed = TodayAtOffset(0).AddDays(-2);

        var patched = await fixture.PatchOkAsync(id, Json(new { kpiReviewedAt = Iso(reviewed) }));

        Assert.Equal(AddMonthsByHand(reviewed, 12), ParseDate(patched["kpiReviewDue"]));
    }

    public static TheoryData<string, string> BadPatches()
    {
        // Two days after today in UTC is after today in every zone.
        var future = Iso(TodayAtOffset(0).AddDays(2));
        return new TheoryData<string, string>
        {
            { """{"cadence":{"frequency":"daily"}}""", "cadence.frequency" },
            { """{"cadence":{"frequency":"Monthly"}}""", "cadence.frequency" },
            { """{"cadence":{"frequency":null}}""", "cadence.frequency" },
            { """{"cadence":{"sendTime":"25:00"}}""", "cadence.sendTime" },
            { """{"cadence":{"sendTime":"9am"}}""", "cadence.sendTime" },
            { """{"cadence":{"sendTime":"9:00"}}""", "cadence.sendTime" },
            { """{"cadence":{"sendTime":"12:60"}}""", "cadence.sendTime" },
            { """{"cadence":{"sendTime":"09:00:00"}}""", "cadence.sendTime" },
            { """{"cadence":{"delayDays":-1}}""", "cadence.delayDays" },
            { """{"cadence":{"delayDays":32}}""", "cadence.delayDays" },
            { """{"cadence":{"delayDays":1.5}}""", "cadence.delayDays" },
            { """{"cadence":{"delayDays":"3"}}""", "cadence.delayDays" },
            { """{"cadence":{"compare":"none"}}""", "cadence.compare" },
            { """{"cadence":{"compare":"Year"}}""", "cadence.compare" },
            { """{"cadence":{"since":"2025-01-01"}}""", "cadence.since" },
            { """{"cadence":{"interval":2}}""", "cadence.interval" },
            { """{"cadence":"monthly"}""", "cadence" },
            { """{"nickname":"Acme"}""", "nickname" },
            { """{"id":"another-id"}""", "id" },
            { """{"createdAt":"2020-01-01T00:00:00Z"}""", "createdAt" },
            { """{"kpiReviewDue":"2030-01-01"}""", "kpiReviewDue" },
            { """{"kpiReviewMonths":0}""", "kpiReviewMonths" },
            { """{"kpiReviewMonths":61}""", "kpiReviewMonths" },
            { """{"kpiReviewMonths":"12"}""", "kpiReviewMonths" },
            { """{"kpiReviewMonths":null}""", "kpiReviewMonths" },
            { $$"""{"kpiReviewedAt":"{{future}}"}""", "kpiReviewedAt" },
            { """{"kpiReviewedAt":"2025-13-01"}""", "kpiReviewedAt" },
            { """{"kpiReviewedAt":"01/02/2025"}""", "kpiReviewedAt" },
            { """{"timeZone":"Mars/Base"}""", "timeZone" },
            { """{"timeZone":"CET-ish"}""", "timeZone" },
            { """{"timeZone":null}""", "timeZone" },
            { """{"currency":"XYZ"}""", "currency" },
            { """{"locale":"xx-YY"}""", "locale" },
            { """{"name":""}""", "name" },
            { """{"name":null}""", "name" },
            { """{"name":42}""", "name" },
            { "[]", "body" },
            { "\"name\"", "body" },
            { "42", "body" },
            { "null", "body" },
            { "{\"name\":", "body" }, // not JSON
        };
    }

    [Theory]
    [MemberData(nameof(BadPatches))]
    public async Task Patch_BadField_Returns400NamingItAndChangesNothing(string json, string field)
    {
        var id = await fixture.CreateClientInZoneAsync("p-bad", Shanghai);
        await fixture.PatchOkAsync(id, FullCadence);
        var before = await Admin.GetOkAsync($"/api/v1/clients/{id}");

        using var response = await Admin.PatchClientAsync(id, json);

        var errors = await AssertValidationProblemAsync(response);
        Assert.Equal([field], errors.Keys);
        var after = await Admin.GetOkAsync($"/api/v1/clients/{id}");
        Assert.True(JsonNode.DeepEquals(before, after), $"A 400 changed the client: {before} vs {after}");
    }

    [Fact]
    public async Task Patch_GoodAndBadFields_Returns400NamingEveryBadFieldAndChangesNothing()
    {
        var id = await fixture.CreateClientInZoneAsync("p-bad-many", Shanghai);
        await fixture.PatchOkAsync(id, FullCadence);
        var before = await Admin.GetOkAsync($"/api/v1/clients/{id}");

        using var response = await Admin.PatchClientAsync(id, """
            {"name":"Would be fine","timeZone":"Mars/Base","kpiReviewMonths":0,
             "cadence":{"frequency":"daily","sendTime":"25:00","delayDays":32,"compare":"none"}}
            """);

        var errors = await AssertValidationProblemAsync(response);
        Assert.Equal(
            ["cadence.compare", "cadence.delayDays", "cadence.frequency", "cadence.sendTime", "kpiReviewMonths", "timeZone"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.True(JsonNode.DeepEquals(before, await Admin.GetOkAsync($"/api/v1/clients/{id}")));
    }

    [Fact]
    public async Task Patch_PartialCadenceWithoutOne_Returns400AskingForTheFrequency()
    {
        var id = await fixture.CreateClientInZoneAsync("p-cad-nofreq", Shanghai);

        using var response = await Admin.PatchClientAsync(id, """{"cadence":{"sendTime":"08:00"}}""");

        var errors = await AssertValidationProblemAsync(response);
        Assert.Equal(["cadence.frequency"], errors.Keys);
        Assert.Null((await Admin.GetOkAsync($"/api/v1/clients/{id}"))["cadence"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Patch_ClientKey_Returns403AndChangesNothing(bool canWrite)
    {
        var id = await fixture.CreateClientInZoneAsync("p-key", Shanghai);
        var before = await Admin.GetOkAsync($"/api/v1/clients/{id}");
        using var client = fixture.CreateClient(await fixture.CreateKeyAsync(id, canWrite));

        using var response = await client.PatchClientAsync(id, """{"name":"By the client","cadence":{"frequency":"weekly"}}""");

        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.True(JsonNode.DeepEquals(before, await Admin.GetOkAsync($"/api/v1/clients/{id}")));
    }

    [Fact]
    public async Task Patch_OtherClientsKey_IsRefusedAndChangesNothing()
    {
        var id = await fixture.CreateClientInZoneAsync("p-other", Shanghai);
        var other = await fixture.CreateClientInZoneAsync("p-other-key", Shanghai);
        var before = await Admin.GetOkAsync($"/api/v1/clients/{id}");
        using var client = fixture.CreateClient(await fixture.CreateKeyAsync(other, canWrite: true));

        using var patch = await client.PatchClientAsync(id, """{"name":"Hijacked"}""");
        using var get = await client.GetAsync($"/api/v1/clients/{id}");

        // Admin-only comes first (403, whatever the id); reading someone else's client answers as a missing one.
        await AssertProblemAsync(patch, HttpStatusCode.Forbidden);
        await AssertProblemAsync(get, HttpStatusCode.NotFound);
        Assert.True(JsonNode.DeepEquals(before, await Admin.GetOkAsync($"/api/v1/clients/{id}")));
    }

    [Fact]
    public async Task Patch_UnknownClient_Returns404()
    {
        using var response = await Admin.PatchClientAsync(TestIds.New("p-missing"), """{"name":"Nobody"}""");

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Patch_NoKey_Returns401()
    {
        var id = await fixture.CreateClientInZoneAsync("p-nokey", Shanghai);
        using var anonymous = fixture.CreateClient(null);

        using var response = await anonymous.PatchClientAsync(id, """{"name":"Anonymous"}""");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetClient_OwnClientKey_ShowsCadenceAndKpiReviewDue()
    {
        var id = await fixture.CreateClientInZoneAsync("p-key-read", Shanghai);
        var patched = await fixture.PatchOkAsync(id, """{"kpiReviewedAt":"2025-06-30","kpiReviewMonths":18,"cadence":{"frequency":"quarterly"}}""");
        using var client = fixture.CreateClient(await fixture.CreateKeyAsync(id, canWrite: false));

        var seen = await client.GetOkAsync($"/api/v1/clients/{id}");

        Assert.Equal("2026-12-30", (string)seen["kpiReviewDue"]!); // 2025-06-30 + 18 months
        Assert.True(JsonNode.DeepEquals(patched, seen), $"{patched} vs {seen}");
    }

    // Calendar months by hand: same day of the month, clamped to the target month's length.
    private static DateOnly AddMonthsByHand(DateOnly date, int months)
    {
        var index = (date.Year * 12) + (date.Month - 1) + months;
        var (year, month) = (index / 12, (index % 12) + 1);
        int[] lengths = [31, DateTime.IsLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        return new DateOnly(year, month, Math.Min(date.Day, lengths[month - 1]));
    }

    private static void AssertBetween(DateOnly low, DateOnly actual, DateOnly high) =>
        Assert.True(low <= actual && actual <= high, $"{actual} is not within {low}..{high}");
}
