package com.mailmoat.simulator.generate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.simulator.internal.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Writes a realistic tenant directory in the simulator's seed format: an organization's users,
 * groups and DNS records, and for each mailbox about a month of self-written business mail with
 * planted threats, all received inside the last {@code days} days relative to
 * {@link GeneratorOptions#now()}. The same seed and {@code now} give the same bytes.
 *
 * <p>Its {@code tenant.json} describes a tenant before Mailmoat: Microsoft's SPF record plus a second
 * one left by an on-premises relay (a common mistake: two SPF records are a permanent error, so the
 * DNS checks have something real to fix), MX at Exchange Online Protection ({@code <domain-with-dashes>.mail.protection.outlook.com}),
 * no DMARC record, one Global Administrator (the first user) and {@code isTrial} as asked.
 *
 * <pre>
 * java -cp … com.mailmoat.simulator.generate.TenantGenerator --out DIR [--seed N] [--mailboxes N]
 *      [--days N] [--domain D] [--name "Display Name"] [--tenant-id GUID] [--trial]
 * </pre>
 */
public final class TenantGenerator {

    private record Planned(Instant received, byte[] mime, String folder, boolean threat, boolean read) {
    }

    private TenantGenerator() {
    }

    /** Writes the tenant into {@code dir} (created if missing; existing seed files are overwritten). */
    public static GeneratedTenant generate(Path dir, GeneratorOptions options) {
        try {
            Random random = new Random(options.seed());
            List<Person> staff = People.staff(options.mailboxes(), options.domain());
            Org org = new Org(options.domain(), options.displayName(), staff);
            String tenantId = options.tenantId() != null ? options.tenantId() : UUID.nameUUIDFromBytes(
                    ("mailmoat-generated/" + options.seed() + "/" + options.domain()).getBytes(StandardCharsets.UTF_8))
                    .toString();
            Files.createDirectories(dir);
            writeTenantJson(dir, options, tenantId, org);
            writeUsersJson(dir, tenantId, org);
            writeGroupsJson(dir, org);

            HamMail ham = new HamMail(random, org);
            ThreatMail threats = new ThreatMail(random, org);
            int messageCount = 0;
            int threatCount = 0;
            for (Person person : staff) {
                List<Planned> planned = planMailbox(random, options, person, ham, threats);
                planned = withBursts(planned, options, person, org);
                planned = awayFromTheScanBoundary(planned, options);
                writeMailbox(dir.resolve("mailboxes").resolve(person.upn()), planned);
                messageCount += planned.size();
                threatCount += (int) planned.stream().filter(Planned::threat).count();
            }
            return new GeneratedTenant(dir, tenantId, org.admin().upn(), staff.size(), messageCount, threatCount);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the tenant to " + dir, e);
        }
    }

    private static List<Planned> planMailbox(Random random, GeneratorOptions options, Person person, HamMail ham,
                                             ThreatMail threats) {
        List<Planned> planned = new ArrayList<>();
        Instant now = options.now().truncatedTo(ChronoUnit.SECONDS);
        for (int day = 0; day < options.days(); day++) {
            ZonedDateTime date = now.minus(Duration.ofDays(day)).atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
            boolean weekend = date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
            int count = poisson(random, options.messagesPerMailboxPerDay() * (weekend ? 0.25 : 1.0));
            for (int i = 0; i < count; i++) {
                Instant received = businessTime(random, date, now);
                Instant sent = received.minusSeconds(45 + random.nextInt(255));
                if (random.nextInt(100) < 10) {
                    planned.add(new Planned(received, ham.sent(person, sent).build(), "sentitems", false, true));
                    continue;
                }
                int place = random.nextInt(100);
                String folder = place < 3 ? "deleteditems" : place < 5 ? "junkemail" : "inbox";
                planned.add(new Planned(received, ham.received(person, sent).build(), folder, false,
                        isRead(random, received, now)));
            }
        }
        int threatCount = poisson(random, options.threatsPerMailbox());
        for (int i = 0; i < threatCount; i++) {
            long offsetSeconds = 60 + (long) (random.nextDouble() * (options.days() * 86_400L - 120));
            Instant received = now.minusSeconds(offsetSeconds);
            Instant sent = received.minusSeconds(20 + random.nextInt(200));
            String folder = random.nextInt(100) < 25 ? "junkemail" : "inbox";
            planned.add(new Planned(received, threats.received(person, sent).build(), folder, true,
                    random.nextInt(100) < 30));
        }
        planned.sort(Comparator.comparing(Planned::received));
        return planned;
    }

    /**
     * Adds one or two same-second bursts (3–5 messages with exactly the same received time, as a
     * mailing-list blast or a SaaS digest produces) so keyset paging meets ties. Uses its own random
     * source (seed and mailbox), so the rest of the mail is the same as without bursts.
     */
    private static List<Planned> withBursts(List<Planned> planned, GeneratorOptions options, Person person, Org org) {
        Random random = new Random(options.seed() * 1_000_003L + person.upn().hashCode());
        HamMail ham = new HamMail(random, org);
        Instant now = options.now().truncatedTo(ChronoUnit.SECONDS);
        List<Planned> result = new ArrayList<>(planned);
        int bursts = 1 + random.nextInt(2);
        for (int b = 0; b < bursts; b++) {
            int day = random.nextInt(Math.min(options.days(), 30));
            ZonedDateTime date = now.minus(Duration.ofDays(day)).atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
            Instant received = businessTime(random, date, now);
            int size = 3 + random.nextInt(3);
            for (int i = 0; i < size; i++) {
                Instant sent = received.minusSeconds(5 + random.nextInt(30));
                result.add(new Planned(received, ham.received(person, sent).build(), "inbox", false,
                        isRead(random, received, now)));
            }
        }
        result.sort(Comparator.comparing(Planned::received));
        return result;
    }

    /**
     * Keeps every received time at least an hour away from {@code now − 30 days} (messages that would
     * fall within an hour of it move to between one and two hours after it), so the number of messages
     * in a Threat Scan's 30-day window cannot change between two counts taken minutes apart.
     */
    private static List<Planned> awayFromTheScanBoundary(List<Planned> planned, GeneratorOptions options) {
        Instant boundary = options.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(30));
        Instant earliest = boundary.minus(Duration.ofHours(1));
        Instant latest = boundary.plus(Duration.ofHours(1));
        List<Planned> result = new ArrayList<>();
        for (Planned message : planned) {
            Instant received = message.received();
            if (received.isAfter(earliest) && received.isBefore(latest)) {
                long intoTheBand = Duration.between(earliest, received).getSeconds() % 3_600;
                received = latest.plusSeconds(intoTheBand);
            }
            result.add(received.equals(message.received()) ? message
                    : new Planned(received, message.mime(), message.folder(), message.threat(), message.read()));
        }
        result.sort(Comparator.comparing(Planned::received));
        return result;
    }

    /** A moment on {@code date}, mostly in office hours, never after {@code now}. */
    private static Instant businessTime(Random random, ZonedDateTime date, Instant now) {
        int hour = random.nextInt(100) < 85 ? 7 + random.nextInt(12) : random.nextInt(24);
        Instant time = date.plusHours(hour).plusMinutes(random.nextInt(60)).plusSeconds(random.nextInt(60)).toInstant();
        return time.isAfter(now.minusSeconds(60)) ? now.minusSeconds(60 + random.nextInt(3_600)) : time;
    }

    private static boolean isRead(Random random, Instant received, Instant now) {
        boolean recent = received.isAfter(now.minus(Duration.ofDays(2)));
        return random.nextInt(100) < (recent ? 40 : 85);
    }

    private static int poisson(Random random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }

    private static void writeTenantJson(Path dir, GeneratorOptions options, String tenantId, Org org)
            throws IOException {
        ObjectNode tenant = Json.object()
                .put("tenantId", tenantId)
                .put("displayName", options.displayName());
        tenant.putArray("domains").add(options.domain());
        tenant.put("isTrial", options.trial());
        tenant.putArray("globalAdmins").add(org.admin().upn());
        ObjectNode dns = tenant.putObject("dns");
        ObjectNode apex = dns.putObject(options.domain());
        // The relay's address (documentation range) is outside Mailmoat's default outbound ranges.
        apex.putArray("TXT").add("v=spf1 include:spf.protection.outlook.com -all")
                .add("v=spf1 ip4:203.0.113.200 ~all")
                .add("MS=ms" + (10_000_000 + Math.abs(tenantId.hashCode() % 89_999_999)));
        apex.putArray("MX").add("0 " + options.domain().replace('.', '-') + ".mail.protection.outlook.com");
        dns.putObject("autodiscover." + options.domain()).putArray("CNAME").add("autodiscover.outlook.com");
        // Exchange as a tenant has it before Mailmoat: a legal disclaimer first, an external-mail tag after it,
        // and the app's service principal holding an Exchange role (as Mailmoat's setup asks).
        tenant.put("exchangeRoleAssigned", true);
        ArrayNode rules = tenant.putArray("transportRules");
        rules.addObject()
                .put("Name", "Disclaimer")
                .put("Priority", 0)
                .put("FromScope", "InOrganization")
                .put("SentToScope", "NotInOrganization")
                .put("ApplyHtmlDisclaimerLocation", "Append")
                .put("ApplyHtmlDisclaimerText", "<p>This message is confidential and intended only for the"
                        + " addressee. " + options.displayName() + "</p>")
                .put("ApplyHtmlDisclaimerFallbackAction", "Wrap")
                .put("Comments", "Legal disclaimer on mail leaving the organization")
                .put("Mode", "Enforce")
                .put("Enabled", true);
        rules.addObject()
                .put("Name", "Tag external mail")
                .put("Priority", 1)
                .put("FromScope", "NotInOrganization")
                .put("SentToScope", "InOrganization")
                .put("PrependSubject", "[EXTERNAL] ")
                .put("Comments", "Marks mail from outside the organization")
                .put("Mode", "Enforce")
                .put("Enabled", true);
        write(dir.resolve("tenant.json"), tenant);
    }

    private static void writeUsersJson(Path dir, String tenantId, Org org) throws IOException {
        ArrayNode users = Json.array();
        for (Person person : org.staff()) {
            users.addObject()
                    .put("id", userId(tenantId, person.upn()))
                    .put("userPrincipalName", person.upn())
                    .put("mail", person.upn())
                    .put("displayName", person.name())
                    .put("givenName", person.first())
                    .put("surname", person.last())
                    .put("jobTitle", person.title());
        }
        // An unlicensed service account: in the directory, without a mailbox, as real tenants have.
        String service = "svc-backup@" + org.domain();
        users.addObject()
                .put("id", userId(tenantId, service))
                .put("userPrincipalName", service)
                .putNull("mail")
                .put("displayName", "Backup service account");
        write(dir.resolve("users.json"), users);
    }

    private static void writeGroupsJson(Path dir, Org org) throws IOException {
        ArrayNode groups = Json.array();
        ObjectNode everyone = groups.addObject().put("displayName", "All Staff")
                .put("description", "Everyone at " + org.displayName())
                .put("mail", "allstaff@" + org.domain());
        ArrayNode everyoneMembers = everyone.putArray("members");
        org.staff().forEach(p -> everyoneMembers.add(p.upn()));
        Map<String, List<Person>> departments = new LinkedHashMap<>();
        org.staff().forEach(p -> departments.computeIfAbsent(p.department(), d -> new ArrayList<>()).add(p));
        departments.forEach((department, people) -> {
            ObjectNode group = groups.addObject().put("displayName", department)
                    .put("description", department + " team")
                    .put("mail", department.toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + "@" + org.domain());
            ArrayNode members = group.putArray("members");
            people.forEach(p -> members.add(p.upn()));
        });
        write(dir.resolve("groups.json"), groups);
    }

    private static void writeMailbox(Path mailboxDir, List<Planned> planned) throws IOException {
        Files.createDirectories(mailboxDir);
        ArrayNode index = Json.array();
        for (int i = 0; i < planned.size(); i++) {
            Planned message = planned.get(i);
            String file = String.format("%04d.eml", i + 1);
            Files.write(mailboxDir.resolve(file), message.mime());
            index.addObject()
                    .put("file", file)
                    .put("receivedDateTime", message.received().toString())
                    .put("folder", message.folder())
                    .put("threat", message.threat())
                    .put("isRead", message.read());
        }
        write(mailboxDir.resolve("messages.json"), index);
    }

    private static String userId(String tenantId, String upn) {
        return UUID.nameUUIDFromBytes((tenantId + "/" + upn).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static void write(Path file, Object json) throws IOException {
        Files.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
    }

    /** Command line: see the class comment. */
    public static void main(String[] args) {
        GeneratorOptions options = GeneratorOptions.defaults();
        Path out = null;
        String name = options.displayName();
        String domain = options.domain();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--trial")) {
                options = options.withTrial(true);
                continue;
            }
            if (i + 1 >= args.length) {
                usage("missing value for " + arg);
            }
            String value = args[++i];
            switch (arg) {
                case "--out" -> out = Path.of(value);
                case "--seed" -> options = options.withSeed(Long.parseLong(value));
                case "--mailboxes" -> options = options.withMailboxes(Integer.parseInt(value));
                case "--days" -> options = options.withDays(Integer.parseInt(value));
                case "--domain" -> domain = value;
                case "--name" -> name = value;
                case "--tenant-id" -> options = options.withTenantId(value);
                default -> usage("unknown option " + arg);
            }
        }
        if (out == null) {
            usage("--out DIR is required");
        }
        GeneratedTenant tenant = generate(out, options.withDomain(domain, name));
        System.out.println("Wrote tenant " + tenant.tenantId() + " to " + tenant.dir() + ": " + tenant.mailboxes()
                + " mailboxes, " + tenant.messages() + " messages, " + tenant.plantedThreats() + " planted threats;"
                + " Global Administrator " + tenant.globalAdmin());
    }

    private static void usage(String problem) {
        System.err.println(problem + "\nusage: TenantGenerator --out DIR [--seed N] [--mailboxes N] [--days N]"
                + " [--domain D] [--name NAME] [--tenant-id GUID] [--trial]");
        System.exit(2);
    }
}
