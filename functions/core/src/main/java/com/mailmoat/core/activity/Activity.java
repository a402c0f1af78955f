package com.mailmoat.core.activity;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Records what administrators (and Mailmoat or Microsoft 365 on their own) changed in an account,
 * and reads the log back. Recording never fails the action it records: a log that cannot be
 * written is reported to the JDK logger (the kind only) and the action goes on.
 */
public final class Activity {
    public static final int DEFAULT_PAGE = 25;
    public static final int MAX_PAGE = 100;

    /** Records nothing: for services built without a log (tests of other things, tools). */
    public static final Activity NONE = new Activity(null, null, Clock.systemUTC());

    private static final System.Logger LOG = System.getLogger(Activity.class.getName());

    private final ActivityLog log;
    private final AccountRepository accounts;
    private final Clock clock;

    /** @param accounts where the signed-in administrator's address is read (the account's owner) */
    public Activity(ActivityLog log, AccountRepository accounts, Clock clock) {
        this.log = log;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** An action of the account's administrator (the console's signed-in user). */
    public void byAdministrator(String accountId, ActivityKind kind, String summary) {
        byAdministrator(accountId, kind, () -> summary);
    }

    /** As above, the summary worked out only when written (and a failure to word it fails nothing). */
    public void byAdministrator(String accountId, ActivityKind kind, Supplier<String> summary) {
        if (log == null) {
            return;
        }
        try {
            String who = accounts.findById(accountId).map(Account::email).orElse("An administrator");
            append(accountId, UUID.randomUUID().toString(), who, kind, summary.get());
        } catch (RuntimeException e) {
            failed(kind, e);
        }
    }

    /** As {@link #byAdministrator} when the caller has the account at hand. */
    public void byAdministrator(Account account, ActivityKind kind, Supplier<String> summary) {
        record(account.accountId(), null, account.email(), kind, summary);
    }

    /**
     * An entry whose id the caller fixes ({@code onceId}): work that a queue or workflow may run again
     * records itself once. {@code actor} is an address, {@link ActivityEntry#MAILMOAT} or
     * {@link ActivityEntry#MICROSOFT_365}.
     */
    public void record(String accountId, String onceId, String actor, ActivityKind kind, String summary) {
        record(accountId, onceId, actor, kind, () -> summary);
    }

    public void record(String accountId, String onceId, String actor, ActivityKind kind, Supplier<String> summary) {
        if (log == null) {
            return;
        }
        try {
            append(accountId, onceId == null ? UUID.randomUUID().toString() : onceId, actor, kind, summary.get());
        } catch (RuntimeException e) {
            failed(kind, e);
        }
    }

    private void append(String accountId, String id, String actor, ActivityKind kind, String summary) {
        // A team member acting in the console is named, not the owner whose address services pass by default.
        String who = ActivityEntry.MAILMOAT.equals(actor) || ActivityEntry.MICROSOFT_365.equals(actor) ? actor
                : Acting.member().orElse(actor);
        log.append(accountId, new ActivityEntry(id, clock.instant(), who, kind, summary));
    }

    private static void failed(ActivityKind kind, RuntimeException e) {
        // The exception's type only: its message could quote what was being written.
        LOG.log(System.Logger.Level.WARNING, "Activity log entry " + kind + " not written: " + e.getClass().getName());
    }

    /**
     * A page of the account's log, newest first.
     *
     * @throws InvalidInputException for a cursor we did not issue or a limit outside 1..{@value #MAX_PAGE}
     */
    public ActivityLog.Page page(String accountId, Optional<String> cursor, Optional<String> limit) {
        return page(accountId, ActivityFilter.ALL, cursor, limit);
    }

    /** As above, only the entries {@code filter} (see {@link #filter}) matches. */
    public ActivityLog.Page page(String accountId, ActivityFilter filter, Optional<String> cursor, Optional<String> limit) {
        List<FieldError> errors = new ArrayList<>();
        Optional<ActivityCursor> after = Optional.empty();
        if (cursor.isPresent() && !cursor.get().isEmpty()) {
            after = ActivityCursor.decode(cursor.get());
            if (after.isEmpty()) {
                errors.add(new FieldError("cursor", "is not a cursor this log gave"));
            }
        }
        int size = DEFAULT_PAGE;
        if (limit.isPresent() && !limit.get().isEmpty()) {
            try {
                size = Integer.parseInt(limit.get());
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > MAX_PAGE) {
                errors.add(new FieldError("limit", "must be a whole number from 1 to " + MAX_PAGE));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return log == null ? new ActivityLog.Page(List.of(), Optional.empty()) : log.page(accountId, filter, after, size);
    }

    /** The entries {@code filter} matches, newest first, as a CSV file ({@link ActivityCsv}). */
    public ActivityCsv.Export export(String accountId, ActivityFilter filter) {
        return log == null ? new ActivityCsv.Export(ActivityCsv.HEADER + "\n", 0, false)
                : ActivityCsv.export(log, accountId, filter);
    }

    /**
     * The filter a request names: {@code category} (a {@link ActivityCategory#slug}), {@code from} and
     * {@code to} (a date, 2026-11-01, taken in UTC, or a time, 2026-11-01T09:30:00Z; a date as {@code to}
     * includes that whole day). Every bad one is reported at once.
     *
     * @throws InvalidInputException naming each bad field
     */
    public static ActivityFilter filter(Optional<String> category, Optional<String> from, Optional<String> to) {
        List<FieldError> errors = new ArrayList<>();
        Optional<ActivityCategory> kind = Optional.empty();
        if (present(category)) {
            kind = ActivityCategory.fromSlug(category.get());
            if (kind.isEmpty()) {
                errors.add(new FieldError("category", "must be one of " + String.join(", ",
                        Arrays.stream(ActivityCategory.values()).map(ActivityCategory::slug).toList())));
            }
        }
        Optional<Instant> start = present(from) ? time(from.get(), false, "from", errors) : Optional.empty();
        Optional<Instant> end = present(to) ? time(to.get(), true, "to", errors) : Optional.empty();
        if (start.isPresent() && end.isPresent() && end.get().isBefore(start.get())) {
            errors.add(new FieldError("to", "must be on or after from"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new ActivityFilter(kind, start, end);
    }

    private static boolean present(Optional<String> value) {
        return value.isPresent() && !value.get().isBlank();
    }

    private static Optional<Instant> time(String text, boolean endOfDay, String field, List<FieldError> errors) {
        String value = text.strip();
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException notATime) {
            try {
                LocalDate day = LocalDate.parse(value);
                return Optional.of(endOfDay ? day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1)
                        : day.atStartOfDay(ZoneOffset.UTC).toInstant());
            } catch (DateTimeParseException notADate) {
                errors.add(new FieldError(field, "must be a date (2026-11-01) or a time (2026-11-01T09:30:00Z)"));
                return Optional.empty();
            }
        }
    }

    /** "3 entries" / "1 entry": counts in summaries read as English. */
    public static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }
}
