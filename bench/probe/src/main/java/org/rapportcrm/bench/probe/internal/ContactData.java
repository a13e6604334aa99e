package org.rapportcrm.bench.probe.internal;

import java.time.LocalDate;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Realistic, valid contacts, the same for the same row number: used by the harness to stream the import's CSV and by
 * the probe to fill the raw JDBC scratch table with the same values.
 */
public final class ContactData {
    static final String[] FIRST = {"Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hugo", "Ines", "Jonas", "Katrin",
        "Lukas", "Maria", "Noah", "Olivia", "Paul", "Quentin", "Rosa", "Samuel", "Tara", "Ugo", "Vera", "William", "Xenia", "Yusuf",
        "Zoe", "Liam", "Sofia", "Mateo", "Chloe", "Oskar", "Freya", "Arjun", "Mei", "Kenji", "Amara", "Lena", "Max", "Leonie",
        "Elias", "Hannah", "Finn", "Mia", "Leon", "Lea", "Tim", "Julia", "Jan", "Laura", "Tom", "Sarah", "Nils", "Lisa", "Erik",
        "Marta", "Pierre", "Camille", "Louis", "Manon", "Lucas", "Giulia", "Marco", "Chiara", "Luca", "Sven", "Ingrid", "Lars",
        "Astrid", "James", "Emily", "Oliver", "Grace", "Jack", "Alice", "Henry", "Sophie", "Carlos", "Lucia", "Pablo", "Elena"};
    static final String[] LAST = {"Schmidt", "Schneider", "Schulz", "Schäfer", "Schröder", "Schwarz", "Scholz", "Schubert",
        "Müller", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Neumann",
        "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Werner", "Krause", "Lehmann", "Köhler", "Dubois",
        "Martin", "Bernard", "Moreau", "Laurent", "Lefebvre", "Fontaine", "Lambert", "Girard", "Roux", "Smith", "Johnson",
        "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Roberts", "Walker", "Wright", "Green", "Hall", "Wood",
        "García", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano",
        "Colombo", "Ricci", "Jansen", "de Vries", "van Dijk", "Bakker", "Visser", "Smit", "Andersson", "Johansson", "Karlsson",
        "Nilsson", "Eriksson", "Larsson", "Lindqvist", "Nielsen", "Hansen", "Kowalski", "Nowak", "Novak", "Silva", "Costa",
        "Tanaka", "Okafor", "Patel", "O'Brien", "Kelly", "Murphy", "Gruber", "Huber", "Bauer", "Steiner", "Keller", "Frei"};
    static final String[] TITLES = {"CEO", "CFO", "CTO", "Head of Sales", "Sales Manager", "Purchasing Manager", "IT Director",
        "Operations Manager", "Marketing Director", "Office Manager", "Project Lead", "Engineer", "Consultant", "Account Manager"};
    static final String[] DEPARTMENTS = {"Management", "Sales", "Purchasing", "IT", "Operations", "Marketing", "Finance"};
    /** Country, its weight in percent, cities, dialling code. */
    static final String[][] PLACES = {{"Germany", "20", "Berlin", "Munich", "Hamburg", "Cologne", "+49"},
        {"France", "12", "Paris", "Lyon", "Lille", "Toulouse", "+33"}, {"United Kingdom", "12", "London", "Manchester", "Leeds", "Bristol", "+44"},
        {"United States", "16", "New York", "Chicago", "Austin", "Seattle", "+1"}, {"Netherlands", "7", "Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "+31"},
        {"Spain", "8", "Madrid", "Barcelona", "Valencia", "Seville", "+34"}, {"Italy", "8", "Milan", "Rome", "Turin", "Bologna", "+39"},
        {"Sweden", "6", "Stockholm", "Gothenburg", "Malmö", "Uppsala", "+46"}, {"Austria", "6", "Vienna", "Graz", "Linz", "Salzburg", "+43"},
        {"Switzerland", "5", "Zurich", "Geneva", "Basel", "Bern", "+41"}};
    static final String[] DOMAINS = {"example.com", "example.org", "example.net", "mail.example", "corp.example"};

    /** The CSV header: field api names of the contact type. */
    public static final String CSV_HEADER = "firstName,lastName,email,phone,title,department,city,country,birthdate";

    public final String firstName;
    public final String lastName;
    public final String email;
    public final String phone;
    public final String title;
    public final String department;
    public final String city;
    public final String country;
    public final LocalDate birthdate;

    private ContactData(long row, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + row);
        firstName = FIRST[r.nextInt(FIRST.length)];
        lastName = LAST[r.nextInt(LAST.length)];
        String[] place = place(r.nextInt(100));
        country = place[0];
        city = place[2 + r.nextInt(4)];
        email = ascii(firstName) + "." + ascii(lastName) + "." + row + "@" + DOMAINS[r.nextInt(DOMAINS.length)];
        phone = place[6] + " " + (100 + r.nextInt(900)) + " " + (1_000_000 + r.nextInt(9_000_000));
        title = TITLES[r.nextInt(TITLES.length)];
        department = DEPARTMENTS[r.nextInt(DEPARTMENTS.length)];
        birthdate = LocalDate.of(1950, 1, 1).plusDays(r.nextInt(365 * 55));
    }

    public static ContactData of(long row, long seed) {
        return new ContactData(row, seed);
    }

    private static String[] place(int percentile) {
        int acc = 0;
        for (String[] p : PLACES) {
            acc += Integer.parseInt(p[1]);
            if (percentile < acc) {
                return p;
            }
        }
        return PLACES[0];
    }

    private static String ascii(String s) {
        String lower = s.toLowerCase(Locale.ROOT).replace(" ", "").replace("'", "");
        StringBuilder sb = new StringBuilder(lower.length());
        for (char ch : lower.toCharArray()) {
            sb.append(switch (ch) {
                case 'ä' -> "ae";
                case 'ö' -> "oe";
                case 'ü' -> "ue";
                case 'é', 'è' -> "e";
                case 'á' -> "a";
                case 'í' -> "i";
                case 'ó' -> "o";
                default -> String.valueOf(ch);
            });
        }
        return sb.toString();
    }

    /** One CSV line (with its newline); no value needs quoting except names with an apostrophe, which CSV allows as is. */
    public String csvLine() {
        return firstName + ',' + lastName + ',' + email + ',' + phone + ',' + title + ',' + department + ',' + city + ','
                + country + ',' + birthdate + '\n';
    }
}
