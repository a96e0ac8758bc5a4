using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Jobs;

namespace PeakShop.Infrastructure.Mail;

/// <summary>
/// Sends an e-mail at most once per business key, through the ledger in <c>sent_emails</c>:
/// reserve (insert, or take over a failed or abandoned reservation), send, mark sent.
/// </summary>
public sealed partial class IdempotentMailer(
    ShopDbContext db,
    IMailTransport transport,
    IOptions<SmtpOptions> smtp,
    IOptions<JobsOptions> jobs,
    TimeProvider time,
    ILogger<IdempotentMailer> logger)
{
    public async Task<SendOutcome> SendOnceAsync(string key, EmailMessage email, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var subject = email.Subject.Length > 300 ? email.Subject[..300] : email.Subject;
        var recipient = email.To.Length > 320 ? email.To[..320] : email.To;
        if (!EmailAddresses.TryParse(email.To, out var to))
        {
            var reason = $"'{email.To}' is not a valid e-mail address; the message for {key} cannot be sent";
            await db.Database.ExecuteSqlAsync($"""
                insert into sent_emails (key, recipient, subject, status, token, attempts, reserved_at, error, expires_at)
                values ({key}, {recipient}, {subject}, {SentEmailStatus.Rejected}, {Guid.NewGuid()}, 1, {now}, {reason}, {now + jobs.Value.LedgerRetention})
                on conflict (key) do update set status = excluded.status, error = excluded.error, recipient = excluded.recipient,
                    attempts = sent_emails.attempts + 1, reserved_at = excluded.reserved_at
                where sent_emails.status <> {SentEmailStatus.Sent}
                """, cancellationToken);
            throw new PermanentJobFailureException(reason);
        }

        var token = Guid.NewGuid();
        var abandonedBefore = now - jobs.Value.SendingLease;
        var reserved = await db.Database.SqlQuery<Guid>($"""
            insert into sent_emails (key, recipient, subject, status, token, attempts, reserved_at, expires_at)
            values ({key}, {recipient}, {subject}, {SentEmailStatus.Sending}, {token}, 1, {now}, {now + jobs.Value.LedgerRetention})
            on conflict (key) do update set status = excluded.status, token = excluded.token, recipient = excluded.recipient,
                subject = excluded.subject, reserved_at = excluded.reserved_at, attempts = sent_emails.attempts + 1, error = null
            where sent_emails.status in ({SentEmailStatus.Failed}, {SentEmailStatus.Rejected})
               or (sent_emails.status = {SentEmailStatus.Sending} and sent_emails.reserved_at < {abandonedBefore})
            returning token as "Value"
            """).ToListAsync(cancellationToken);
        if (reserved.Count == 0)
        {
            var status = await db.SentEmails.AsNoTracking().Where(e => e.Key == key).Select(e => e.Status).SingleAsync(cancellationToken);
            if (status == SentEmailStatus.Sent)
            {
                LogAlreadySent(logger, key);
                return SendOutcome.AlreadySent;
            }
            // Another attempt holds a fresh reservation: try again later rather than risk a second copy.
            throw new InvalidOperationException($"the e-mail {key} is being sent by another attempt");
        }

        var message = SmtpTransport.Build(smtp.Value.Sender(), to!, email, key, now);
        try
        {
            await transport.SendAsync(message, cancellationToken);
        }
        catch (Exception ex)
        {
            var error = ex.GetType().Name + ": " + ex.Message;
            // Not the job's token: the reservation is released even when the job is being cancelled.
            await db.Database.ExecuteSqlAsync(
                $"update sent_emails set status = {SentEmailStatus.Failed}, error = {error} where key = {key} and token = {token}", CancellationToken.None);
            throw;
        }
        // Recorded even when the job is being cancelled: the server has the message.
        await db.Database.ExecuteSqlAsync($"""
            update sent_emails set status = {SentEmailStatus.Sent}, sent_at = {time.GetUtcNow()}, message_id = {message.MessageId}
            where key = {key} and token = {token}
            """, CancellationToken.None);
        LogSent(logger, key);
        return SendOutcome.Sent;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail {Key} sent")]
    private static partial void LogSent(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail {Key} was sent before; not sending it again")]
    private static partial void LogAlreadySent(ILogger logger, string key);
}
