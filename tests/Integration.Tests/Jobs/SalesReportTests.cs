using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using PeakShop.Infrastructure.Customers;
using PeakShop.Web.Endpoints;

namespace PeakShop.Integration.Tests.Jobs;

public sealed class SalesReportTests : IClassFixture<ShopFactory>, IClassFixture<JobsWorker>
{
    private static readonly DateOnly Day1 = new(2021, 3, 1);
    private static readonly DateOnly Day2 = new(2021, 3, 2);
    private readonly ShopFactory _factory;
    private readonly JobsWorker _worker;

    public SalesReportTests(ShopFactory factory, JobsWorker worker)
    {
        _factory = factory;
        _worker = worker;
    }

    [Fact]
    public async Task Report_CsvTotalsMatchTheOrdersInTheDatabase()
    {
        // Three orders moved into a past range that no other test writes to.
        var numbers = new List<string>();
        foreach (var (price, quantity) in new[] { (20m, 2), (35.5m, 1), (9.99m, 3) })
        {
            numbers.Add((await TestOrders.PlaceAsync(_worker.Services, TestOrders.NewRecipient("report"), price, quantity)).OrderNumber!);
        }
        await using var primary = NpgsqlDataSource.Create(Platform.PrimaryConnectionString("peakshop"));
        await using (var move = primary.CreateCommand("update orders set created_at = case when number = $1 then $2 else $3 end where number = any($4)"))
        {
            move.Parameters.AddWithValue(numbers[0]);
            move.Parameters.AddWithValue(new DateTimeOffset(2021, 3, 1, 10, 0, 0, TimeSpan.Zero));
            move.Parameters.AddWithValue(new DateTimeOffset(2021, 3, 2, 23, 59, 0, TimeSpan.Zero));
            move.Parameters.AddWithValue(numbers.ToArray());
            await move.ExecuteNonQueryAsync();
        }
        await WaitForStandbyReplayAsync(primary);

        using var staff = await StaffAccounts.SignInAsync(_factory, ShopRoles.Staff);
        using var requested = await staff.Client.PostAsJsonAsync("/admin/reports", new { from = "2021-03-01", to = "2021-03-02" });
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        var report = (await requested.Content.ReadFromJsonAsync<ReportEndpoints.ReportView>())!;
        report = await WaitDoneAsync(staff.Client, report.Id);
        using var download = await staff.Client.GetAsync(new Uri(report.CsvUrl!, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/csv", download.Content.Headers.ContentType?.MediaType);
        var csv = Encoding.UTF8.GetString(await download.Content.ReadAsByteArrayAsync());

        var expected = await ExpectedAsync(primary);
        Assert.Equal(3, report.OrderCount);
        Assert.Equal(expected.Total, report.Total);
        var sections = Sections(csv);
        Assert.Equal(4, sections["# Orders and lines"].Count);
        Assert.Equal(numbers.Order(), sections["# Orders and lines"].Skip(1).Select(r => r[0]).Order());
        var days = sections["# Totals by day"].Skip(1).ToDictionary(r => r[0]);
        Assert.Equal(["2021-03-01", "2021-03-02"], days.Keys.Order());
        Assert.Equal("1", days["2021-03-01"][1]);
        Assert.Equal("2", days["2021-03-02"][1]);
        Assert.Equal(expected.ByDay["2021-03-01"], decimal.Parse(days["2021-03-01"][5], CultureInfo.InvariantCulture));
        Assert.Equal(expected.ByDay["2021-03-02"], decimal.Parse(days["2021-03-02"][5], CultureInfo.InvariantCulture));
        var categories = sections["# Totals by category"].Skip(1).ToDictionary(r => r[0], r => decimal.Parse(r[2], CultureInfo.InvariantCulture));
        Assert.Equal(expected.ByCategory, categories);
        var grand = sections["# Grand total"][1];
        Assert.Equal(expected.Total, decimal.Parse(grand[4], CultureInfo.InvariantCulture));
        Assert.Equal(expected.Merchandise, decimal.Parse(grand[2], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Report_InvertedRange_IsRefusedWithAValidationProblem()
    {
        using var staff = await StaffAccounts.SignInAsync(_factory, ShopRoles.Admin);
        using var response = await staff.Client.PostAsJsonAsync("/admin/reports", new { from = "2021-03-05", to = "2021-03-01" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.Contains("on or after", Assert.Single(problem!.Errors["to"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_ShopperWithoutStaffRole_CannotRequestOne()
    {
        using var shopper = await StaffAccounts.SignInAsync(_factory);
        using var response = await shopper.Client.PostAsJsonAsync("/admin/reports", new { from = "2021-03-01", to = "2021-03-02" });
        Assert.NotEqual(HttpStatusCode.Accepted, response.StatusCode);
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, response.StatusCode.ToString());
    }

    private static async Task<ReportEndpoints.ReportView> WaitDoneAsync(HttpClient client, long id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var view = (await client.GetFromJsonAsync<ReportEndpoints.ReportView>($"/admin/reports/{id}"))!;
            if (view.Status is "done" or "failed")
            {
                Assert.Equal("done", view.Status);
                return view;
            }
            Assert.True(DateTime.UtcNow < deadline, $"report {id} still {view.Status}");
            await Task.Delay(100);
        }
    }

    private sealed record Expected(decimal Total, decimal Merchandise, Dictionary<string, decimal> ByDay, Dictionary<string, decimal> ByCategory);

    private static async Task<Expected> ExpectedAsync(NpgsqlDataSource primary)
    {
        const string Range = "o.created_at >= '2021-03-01T00:00:00Z' and o.created_at < '2021-03-03T00:00:00Z'";
        var byDay = new Dictionary<string, decimal>();
        await using (var reader = await primary.CreateCommand($"select to_char(o.created_at at time zone 'UTC', 'YYYY-MM-DD'), sum(o.total) from orders o where {Range} group by 1").ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                byDay[reader.GetString(0)] = reader.GetDecimal(1);
            }
        }
        var byCategory = new Dictionary<string, decimal>();
        await using (var reader = await primary.CreateCommand($"""
            select coalesce(c.name, '(no category)'), sum(l.line_total) from orders o join order_lines l on l.order_id = o.id
            left join products p on p.id = l.product_id left join categories c on c.id = p.category_id where {Range} group by 1
            """).ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                byCategory[reader.GetString(0)] = reader.GetDecimal(1);
            }
        }
        var merchandise = (decimal)(await primary.CreateCommand($"select sum(l.line_total) from orders o join order_lines l on l.order_id = o.id where {Range}").ExecuteScalarAsync())!;
        return new Expected(byDay.Values.Sum(), merchandise, byDay, byCategory);
    }

    private static async Task WaitForStandbyReplayAsync(NpgsqlDataSource primary)
    {
        var lsn = (string)(await primary.CreateCommand("select pg_current_wal_lsn()::text").ExecuteScalarAsync())!;
        await using var standby = Platform.Admin("standby", "peakshop");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(bool)(await standby.CreateCommand($"select pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn").ExecuteScalarAsync())!)
        {
            Assert.True(DateTime.UtcNow < deadline, "the standby did not replay the moved orders");
            await Task.Delay(50);
        }
    }

    /// <summary>The CSV's sections by their "# title" line: header row first, then the rows (simple split: the test data has no quoted commas).</summary>
    private static Dictionary<string, List<string[]>> Sections(string csv)
    {
        var sections = new Dictionary<string, List<string[]>>();
        List<string[]>? current = null;
        foreach (var line in csv.Split('\n'))
        {
            if (line.StartsWith('#'))
            {
                sections[line] = current = [];
            }
            else if (line.Length > 0)
            {
                current!.Add(line.Split(','));
            }
        }
        return sections;
    }
}
