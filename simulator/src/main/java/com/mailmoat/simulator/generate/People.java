package com.mailmoat.simulator.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The staff of a generated organization: fixed names, departments and titles (first one: IT, the admin). */
final class People {

    private static final String[][] STAFF = {
        {"Morgan", "Avery", "IT", "IT Director"},
        {"Dana", "Whitfield", "Executive", "Chief Executive Officer"},
        {"Priya", "Raman", "Finance", "Chief Financial Officer"},
        {"Luis", "Ortega", "Finance", "Accounts Payable Specialist"},
        {"Hannah", "Brooks", "Finance", "Financial Analyst"},
        {"Kenji", "Watanabe", "Engineering", "Engineering Manager"},
        {"Amara", "Okafor", "Engineering", "Senior Software Engineer"},
        {"Tom", "Lindqvist", "Engineering", "Software Engineer"},
        {"Sofia", "Marchetti", "Sales", "Sales Director"},
        {"Ben", "Carter", "Sales", "Account Executive"},
        {"Grace", "Kim", "Sales", "Account Executive"},
        {"Oliver", "Grant", "Marketing", "Marketing Manager"},
        {"Chloe", "Dubois", "Marketing", "Content Strategist"},
        {"Ravi", "Menon", "Operations", "Operations Manager"},
        {"Elena", "Petrova", "Operations", "Logistics Coordinator"},
        {"Marcus", "Bell", "HR", "HR Business Partner"},
        {"Aisha", "Haddad", "HR", "Recruiter"},
        {"Jonas", "Weber", "Legal", "Legal Counsel"},
        {"Mei", "Lin", "Customer Success", "Customer Success Manager"},
        {"Patrick", "Doyle", "Customer Success", "Support Specialist"},
        {"Noah", "Fischer", "IT", "Systems Administrator"},
        {"Isabel", "Santos", "Finance", "Payroll Coordinator"},
        {"Ethan", "Walsh", "Engineering", "QA Engineer"},
        {"Leila", "Karimi", "Marketing", "Designer"},
        {"Victor", "Nguyen", "Sales", "Sales Operations Analyst"},
        {"Fatima", "Diallo", "Operations", "Facilities Coordinator"},
        {"Samuel", "Osei", "Engineering", "Data Engineer"},
        {"Julia", "Novak", "Legal", "Paralegal"},
        {"Arjun", "Patel", "Customer Success", "Implementation Consultant"},
        {"Claire", "Moreau", "Executive", "Executive Assistant"},
        {"Diego", "Herrera", "Engineering", "DevOps Engineer"},
        {"Nora", "Jensen", "HR", "People Operations Specialist"},
        {"Owen", "Hughes", "Sales", "Account Executive"},
        {"Yuki", "Tanaka", "Finance", "Controller"},
        {"Zara", "Ahmed", "Marketing", "Events Coordinator"},
        {"Lucas", "Silva", "Operations", "Procurement Specialist"},
        {"Ingrid", "Larsen", "Engineering", "Product Manager"},
        {"Caleb", "Foster", "Customer Success", "Support Specialist"},
        {"Rosa", "Jimenez", "IT", "Service Desk Analyst"},
        {"Adrian", "Kowalski", "Engineering", "Security Engineer"},
    };

    private People() {
    }

    static int capacity() {
        return STAFF.length;
    }

    static List<Person> staff(int count, String domain) {
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String[] row = STAFF[i];
            String upn = (row[0] + "." + row[1]).toLowerCase(Locale.ROOT) + "@" + domain;
            people.add(new Person(row[0], row[1], row[2], row[3], upn));
        }
        return people;
    }
}
