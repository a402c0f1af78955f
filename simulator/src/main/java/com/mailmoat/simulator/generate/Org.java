package com.mailmoat.simulator.generate;

import java.util.List;
import java.util.Random;

/** The generated organization and the outside world it mails with. */
record Org(String domain, String displayName, List<Person> staff) {

    /** An outside company: its name, mail domain and the people who write from it. */
    record Partner(String company, String domain, String[] contacts, String role) {
    }

    static final List<Partner> PARTNERS = List.of(
            new Partner("Northwind Traders", "northwind-traders.example", new String[] {"Laura Chen", "Mike Delgado"},
                    "supplier"),
            new Partner("Adatum Consulting", "adatum-consulting.example", new String[] {"Rebecca Stone", "Femi Adeyemi"},
                    "consultancy"),
            new Partner("Litware Legal LLP", "litware-legal.example", new String[] {"Henry Vance"}, "law firm"),
            new Partner("Wingtip Logistics", "wingtip-logistics.example", new String[] {"Carla Ruiz", "Sean O'Neill"},
                    "logistics provider"),
            new Partner("Proseware Inc.", "proseware.example", new String[] {"Anika Joshi", "Peter Holm"}, "customer"),
            new Partner("Coho Vineyard & Winery", "coho-vineyard.example", new String[] {"Maya Thompson"}, "customer"),
            new Partner("Fourth Coffee", "fourthcoffee.example", new String[] {"Jamal Reed", "Lena Vogel"}, "customer"),
            new Partner("Trey Research", "treyresearch.example", new String[] {"Irene Costa"}, "research partner"));

    Person admin() {
        return staff.get(0);
    }

    /** The CEO if the organization is big enough to have one, else the admin. */
    Person ceo() {
        return staff.stream().filter(p -> p.title().equals("Chief Executive Officer")).findFirst().orElse(admin());
    }

    Person randomColleague(Random random, Person not) {
        if (staff.size() == 1) {
            return not;
        }
        Person pick;
        do {
            pick = staff.get(random.nextInt(staff.size()));
        } while (pick.equals(not));
        return pick;
    }

    static Partner randomPartner(Random random) {
        return PARTNERS.get(random.nextInt(PARTNERS.size()));
    }

    static String externalIp(Random random) {
        String[] ranges = {"198.51.100.", "203.0.113.", "192.0.2."};
        return ranges[random.nextInt(ranges.length)] + (2 + random.nextInt(250));
    }

    static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    static String pick(Random random, String... values) {
        return values[random.nextInt(values.length)];
    }
}
