package com.mailmoat.simulator.generate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Legitimate business mail, written for this project: internal updates and threads, meeting
 * invitations, announcements, partner and customer mail, invoices, newsletters and receipts.
 */
final class HamMail {

    private static final List<String> PROJECTS = List.of("Atlas migration", "Harbor onboarding portal",
            "Q3 pricing refresh", "website relaunch", "warehouse scanner rollout", "partner API", "annual audit prep",
            "CRM cleanup", "customer health dashboard", "office move");
    private static final List<String> WEEKDAYS = List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday");
    private static final DateTimeFormatter ICS = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Random random;
    private final Org org;

    HamMail(Random random, Org org) {
        this.random = random;
        this.org = org;
    }

    /** One received message for {@code to}, sent at {@code sent}. */
    MailBuilder received(Person to, Instant sent) {
        int kind = random.nextInt(100);
        if (kind < 14) {
            return projectUpdate(to, sent);
        } else if (kind < 24) {
            return quickQuestion(to, sent);
        } else if (kind < 32) {
            return meetingInvite(to, sent);
        } else if (kind < 37) {
            return announcement(to, sent);
        } else if (kind < 41) {
            return itNotice(to, sent);
        } else if (kind < 47) {
            return documentShare(to, sent);
        } else if (kind < 55) {
            return partnerMail(to, sent);
        } else if (kind < 62) {
            return customerInquiry(to, sent);
        } else if (kind < 67) {
            return vendorInvoice(to, sent);
        } else if (kind < 80) {
            return newsletter(to, sent);
        } else if (kind < 87) {
            return saasNotification(to, sent);
        } else if (kind < 95) {
            return receipt(to, sent);
        }
        return travelItinerary(to, sent);
    }

    /** A message the mailbox owner sent to a colleague (for Sent Items). */
    MailBuilder sent(Person from, Instant sent) {
        Person colleague = org.randomColleague(random, from);
        String project = Org.pick(random, PROJECTS);
        return internal(from, colleague, sent)
                .subject(Org.pick(random, "Re: ", "", "Fwd: ") + project + Org.pick(random, " next steps", " - notes",
                        " timeline", " question"))
                .text("Hi " + colleague.first() + ",\n\n" + Org.pick(random,
                        "Thanks for the quick turnaround. I'll fold your comments into the next draft.",
                        "Can we move our check-in to " + Org.pick(random, WEEKDAYS) + " afternoon?",
                        "I've updated the tracker with the latest numbers; let me know if anything looks off.",
                        "Looping you in on this so you have the context before the review.")
                        + "\n\nBest,\n" + from.first());
    }

    private MailBuilder projectUpdate(Person to, Instant sent) {
        Person from = org.randomColleague(random, to);
        String project = Org.pick(random, PROJECTS);
        int percent = 20 + random.nextInt(75);
        return internal(from, to, sent)
                .subject(project.substring(0, 1).toUpperCase(Locale.ROOT) + project.substring(1) + ": status update")
                .text("Hi " + to.first() + ",\n\nQuick update on the " + project + ":\n\n"
                        + "- Overall progress is at about " + percent + "%.\n"
                        + "- " + Org.pick(random, "Testing starts next week.", "We are waiting on sign-off from Legal.",
                        "The vendor confirmed the delivery date.", "Two open issues remain, both minor.") + "\n"
                        + "- " + Org.pick(random, "Budget is on track.", "We are slightly over on contractor hours.",
                        "No change to the go-live date.", "I moved the demo to " + Org.pick(random, WEEKDAYS) + ".")
                        + "\n\nFull notes are in the team channel. Shout if you have questions.\n\nThanks,\n"
                        + from.first() + "\n" + from.title() + ", " + org.displayName());
    }

    private MailBuilder quickQuestion(Person to, Instant sent) {
        Person from = org.randomColleague(random, to);
        String topic = Org.pick(random, "the expense report template", "the client workshop agenda",
                "last month's sales figures", "the new onboarding checklist", "the parking allocation",
                "the Q4 hiring plan", "the " + Org.pick(random, PROJECTS) + " budget");
        boolean reply = random.nextBoolean();
        String body = "Hi " + to.first() + ",\n\n" + Org.pick(random, "Do you have a minute today to look at ",
                "Could you send me the latest version of ", "Who owns ", "Any update on ") + topic + "?\n\n"
                + Org.pick(random, "No rush, end of week is fine.", "I need it for tomorrow's meeting if possible.",
                "Thanks!", "Happy to grab a coffee and go through it.") + "\n\n" + from.first();
        if (reply) {
            body += "\n\n-----Original Message-----\nFrom: " + to.name() + " <" + to.address() + ">\nSent: "
                    + Org.pick(random, WEEKDAYS) + "\nSubject: " + topic + "\n\nI'll check and get back to you.";
        }
        return internal(from, to, sent).subject((reply ? "RE: " : "") + "Question about " + topic).text(body);
    }

    private MailBuilder meetingInvite(Person to, Instant sent) {
        Person from = org.randomColleague(random, to);
        String title = Org.pick(random, "Weekly sync", "Quarterly planning", "1:1", "Design review",
                "Budget review", "Customer escalation debrief", "Team lunch") + ": " + Org.pick(random, PROJECTS);
        Instant start = sent.plus(1 + random.nextInt(6), ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        Instant end = start.plus(30 + 30L * random.nextInt(3), ChronoUnit.MINUTES);
        String room = Org.pick(random, "Room 4.12", "Microsoft Teams meeting", "Boardroom", "Cafe corner");
        String ics = "BEGIN:VCALENDAR\nMETHOD:REQUEST\nPRODID:Microsoft Exchange Server 2010\nVERSION:2.0\n"
                + "BEGIN:VEVENT\nORGANIZER;CN=" + from.name() + ":mailto:" + from.address() + "\n"
                + "ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=TRUE;CN=" + to.name() + ":mailto:" + to.address() + "\n"
                + "SUMMARY:" + title + "\nDTSTART:" + ICS.format(start) + "\nDTEND:" + ICS.format(end) + "\n"
                + "UID:" + Long.toHexString(random.nextLong()) + "@" + org.domain() + "\nLOCATION:" + room + "\n"
                + "END:VEVENT\nEND:VCALENDAR\n";
        return internal(from, to, sent).subject(title)
                .text("When: " + DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC).format(start)
                        + "\nWhere: " + room + "\n\n" + Org.pick(random, "Agenda to follow.",
                        "Please review the deck beforehand.", "Let's keep this one short.",
                        "Bring your numbers for the quarter.") + "\n\n" + from.first())
                .calendar(ics);
    }

    private MailBuilder announcement(Person to, Instant sent) {
        Person from = org.staff().stream().filter(p -> p.department().equals("HR")).findFirst().orElse(org.admin());
        String[][] items = {
            {"Open enrollment for benefits closes Friday", "Open enrollment for next year's benefits closes this"
                    + " Friday. Log in to the HR portal to review your choices. If you make no changes, your current"
                    + " elections roll over."},
            {"Office closed for the public holiday", "A reminder that the office will be closed on Monday for the"
                    + " public holiday. Customer support will run the usual on-call rota."},
            {"Welcome our new colleagues", "Please join me in welcoming three new colleagues who start this week"
                    + " in Engineering, Sales and Operations. Say hello at Thursday's all-hands."},
            {"All-hands on Thursday", "Our quarterly all-hands is on Thursday at 4 pm in the atrium and online."
                    + " Dana will share the results for the quarter and the plan for the next one."},
            {"Updated travel policy", "We have updated the travel policy: economy fares for flights under six"
                    + " hours and pre-approval for all international trips. The full policy is on the intranet."},
        };
        String[] item = items[random.nextInt(items.length)];
        return internal(from, to, sent).subject(item[0])
                .text("Hi all,\n\n" + item[1] + "\n\nThanks,\n" + from.name() + "\n" + from.title());
    }

    private MailBuilder itNotice(Person to, Instant sent) {
        Person from = org.admin();
        String[][] items = {
            {"Planned maintenance Saturday 22:00-23:00", "The file server and VPN will be unavailable on Saturday"
                    + " between 22:00 and 23:00 for patching. No action is needed."},
            {"New laptops: collection schedule", "Replacement laptops are ready. Please book a 20 minute slot with"
                    + " the service desk to collect yours and move your files."},
            {"Reminder: report suspicious email", "If an email looks suspicious, use the Report button in Outlook"
                    + " rather than forwarding it. IT will never ask for your password by email."},
            {"Printer on the 3rd floor is fixed", "The printer near the kitchen on the 3rd floor is working again."
                    + " Thanks for your patience."},
        };
        String[] item = items[random.nextInt(items.length)];
        return internal(from, to, sent).subject(item[0])
                .text("Hello,\n\n" + item[1] + "\n\n" + from.name() + "\nIT, " + org.displayName());
    }

    private MailBuilder documentShare(Person to, Instant sent) {
        Person from = org.randomColleague(random, to);
        String name = Org.pick(random, "Q" + (1 + random.nextInt(4)) + "_forecast", "Board_update_draft",
                "Proposal_" + Org.pick(random, Org.PARTNERS).company().split(" ")[0], "Meeting_notes",
                "Onboarding_plan") + ".pdf";
        return internal(from, to, sent).subject("Draft: " + name.replace('_', ' ').replace(".pdf", ""))
                .text("Hi " + to.first() + ",\n\nAttached is the draft we discussed. Comments welcome by "
                        + Org.pick(random, WEEKDAYS) + ".\n\nThanks,\n" + from.first())
                .attach(name, "application/pdf", fakePdf(name));
    }

    private MailBuilder partnerMail(Person to, Instant sent) {
        Org.Partner partner = Org.randomPartner(random);
        String contact = partner.contacts()[random.nextInt(partner.contacts().length)];
        String address = contact.toLowerCase(Locale.ROOT).replace("'", "").replace(' ', '.') + "@" + partner.domain();
        String topic = Org.pick(random, "revised proposal", "contract renewal", "delivery schedule",
                "statement of work", "quarterly business review");
        return external(contact, address, to, sent)
                .subject(org.displayName() + " / " + partner.company() + ": " + topic)
                .text("Dear " + to.first() + ",\n\nFollowing our call, please find below a summary of the "
                        + topic + ".\n\n1. Scope remains as agreed in the last version.\n2. Pricing is unchanged"
                        + " for the next twelve months.\n3. We propose a review meeting in " + (2 + random.nextInt(4))
                        + " weeks.\n\nKind regards,\n" + contact + "\n" + partner.company());
    }

    private MailBuilder customerInquiry(Person to, Instant sent) {
        Org.Partner customer = Org.randomPartner(random);
        String contact = customer.contacts()[random.nextInt(customer.contacts().length)];
        String address = contact.toLowerCase(Locale.ROOT).replace("'", "").replace(' ', '.') + "@" + customer.domain();
        int order = 40_000 + random.nextInt(9_000);
        return external(contact, address, to, sent)
                .subject("Question about order #" + order)
                .text("Hello,\n\nWe received order #" + order + " yesterday but " + Org.pick(random,
                        "two items are missing.", "the invoice shows the wrong PO number.",
                        "we need to change the delivery address.", "we would like to add five more units.")
                        + " Could you help?\n\nThank you,\n" + contact + "\n" + customer.company());
    }

    private MailBuilder vendorInvoice(Person to, Instant sent) {
        Org.Partner vendor = Org.PARTNERS.get(random.nextInt(4));
        int number = 1000 + random.nextInt(8000);
        String amount = String.format(Locale.ROOT, "%,d.%02d", 400 + random.nextInt(12000), random.nextInt(100));
        String file = "INV-" + number + ".pdf";
        return external(vendor.company() + " Accounts", "accounts@" + vendor.domain(), to, sent)
                .subject("Invoice INV-" + number + " from " + vendor.company())
                .text("Dear customer,\n\nPlease find attached invoice INV-" + number + " for " + amount
                        + " USD, due in 30 days. Payment details are unchanged and listed on the invoice.\n\n"
                        + "Regards,\nAccounts Receivable\n" + vendor.company())
                .attach(file, "application/pdf", fakePdf(file));
    }

    private MailBuilder newsletter(Person to, Instant sent) {
        String[][] senders = {
            {"Industry Insider", "news@industry-insider.example"},
            {"Cloud Weekly", "digest@cloudweekly.example"},
            {"Supply Chain Today", "newsletter@supplychaintoday.example"},
            {"The Finance Brief", "brief@financebrief.example"},
        };
        String[] sender = senders[random.nextInt(senders.length)];
        int issue = 100 + random.nextInt(200);
        String headline = Org.pick(random, "Five trends shaping the next quarter", "What the new rules mean for you",
                "Interview: running lean operations", "Benchmarks from 400 mid-size companies",
                "Event season: what to attend");
        String base = "https://" + MailBuilder.domainOf(sender[1]);
        MailBuilder mail = external(sender[0], sender[1], to, sent)
                .subject(sender[0] + " #" + issue + ": " + headline)
                .header("List-Unsubscribe", "<" + base + "/unsubscribe?u=" + Long.toHexString(random.nextLong()) + ">")
                .header("List-Id", sender[0] + " <" + MailBuilder.domainOf(sender[1]) + ">")
                .text(headline + "\n\nRead the full issue: " + base + "/issues/" + issue + "\n\nYou receive this because"
                        + " you subscribed with " + to.address() + ". Unsubscribe: " + base + "/unsubscribe")
                .html("<html><body><h1>" + headline + "</h1>\n<p>This week's top stories, hand-picked for you.</p>\n"
                        + "<p><a href=\"" + base + "/issues/" + issue + "\">Read the full issue</a></p>\n"
                        + "<p style=\"font-size:small\">You receive this because you subscribed with " + to.address()
                        + ". <a href=\"" + base + "/unsubscribe\">Unsubscribe</a></p></body></html>");
        return mail;
    }

    private MailBuilder saasNotification(Person to, Instant sent) {
        String[][] services = {
            {"ProjectHub", "no-reply@projecthub.example", "Your weekly project digest",
                "12 tasks were completed this week and 3 are overdue."},
            {"ExpenseFlow", "notifications@expenseflow.example", "Your expense report was approved",
                "Your expense report for " + (40 + random.nextInt(400)) + ".00 USD was approved and will be paid"
                        + " with the next payroll."},
            {"SignDesk", "notify@signdesk.example", "Document completed: NDA",
                "All parties have signed the NDA. A copy is stored in your SignDesk account."},
        };
        String[] service = services[random.nextInt(services.length)];
        return external(service[0], service[1], to, sent).subject(service[2])
                .text("Hi " + to.first() + ",\n\n" + service[3] + "\n\nOpen " + service[0] + ": https://app."
                        + MailBuilder.domainOf(service[1]) + "/\n\nThe " + service[0] + " team");
    }

    private MailBuilder receipt(Person to, Instant sent) {
        String[][] stores = {
            {"Office Supply Store", "orders@officesupply-store.example", "Your order has shipped"},
            {"CloudHost Billing", "billing@cloudhost.example", "Receipt for your CloudHost subscription"},
            {"RideShare", "receipts@rideshare.example", "Your trip receipt"},
            {"Café Lumen", "receipts@cafe-lumen.example", "Your receipt from Café Lumen"},
        };
        String[] store = stores[random.nextInt(stores.length)];
        String total = String.format(Locale.ROOT, "%d.%02d", 5 + random.nextInt(300), random.nextInt(100));
        return external(store[0], store[1], to, sent).subject(store[2])
                .text("Thank you for your purchase.\n\nReceipt number: R" + (100000 + random.nextInt(900000))
                        + "\nTotal: " + total + " USD\nPaid with card ending " + (1000 + random.nextInt(9000))
                        + "\n\nQuestions? Reply to this email.\n" + store[0]);
    }

    private MailBuilder travelItinerary(Person to, Instant sent) {
        String code = Long.toString(Math.abs(random.nextLong()), 36).substring(0, 6).toUpperCase(Locale.ROOT);
        String city = Org.pick(random, "Chicago", "Lisbon", "Toronto", "Singapore", "Berlin", "Austin");
        return external("Tailspin Travel", "itinerary@tailspin-travel.example", to, sent)
                .subject("Your trip to " + city + " - booking " + code)
                .text("Hello " + to.first() + ",\n\nYour booking " + code + " is confirmed.\n\nFlight out: "
                        + Org.pick(random, WEEKDAYS) + " 08:15\nHotel: 2 nights, breakfast included\n\nManage your"
                        + " booking at https://tailspin-travel.example/manage/" + code + "\n\nSafe travels,\nTailspin Travel");
    }

    private MailBuilder internal(Person from, Person to, Instant sent) {
        MailBuilder mail = new MailBuilder(random).internal().from(from.name(), from.address())
                .to(MailBuilder.mailbox(to.name(), to.address())).date(sent);
        if (random.nextInt(5) == 0) {
            Person cc = org.randomColleague(random, to);
            if (!cc.equals(from)) {
                mail.cc(MailBuilder.mailbox(cc.name(), cc.address()));
            }
        }
        return mail;
    }

    private MailBuilder external(String name, String address, Person to, Instant sent) {
        String ip = Org.externalIp(random);
        return new MailBuilder(random).from(name, address).to(MailBuilder.mailbox(to.name(), to.address()))
                .date(sent).senderIp(ip).authenticationResults(AuthResults.pass(ip, MailBuilder.domainOf(address)));
    }

    /** A small, valid-looking PDF (one empty page) naming the document. */
    static byte[] fakePdf(String title) {
        String pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                + "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
                + "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\n"
                + "4 0 obj << /Title (" + title + ") >> endobj\ntrailer << /Root 1 0 R /Info 4 0 R >>\n%%EOF\n";
        return pdf.getBytes(StandardCharsets.US_ASCII);
    }
}
