package com.mailmoat.detect.correlation;

/**
 * Finds a phone number and a money amount in text with linear scans (no regular expressions:
 * the text is attacker-controlled).
 */
final class PhoneAndMoney {

    private PhoneAndMoney() {
    }

    /**
     * The first phone number, or null: an international number ({@code +} and 10 to 13 digits in
     * groups) or a North American one (3-3-4 digits, optionally after a 1, area code possibly in
     * brackets). Dates, times, order numbers and version strings have other groupings.
     */
    static String phoneNumber(String text) {
        int n = text.length();
        int i = 0;
        int[] groups = new int[8];
        while (i < n) {
            char c = text.charAt(i);
            if (!(Character.isDigit(c) || c == '+' || c == '(') || (i > 0 && Character.isLetterOrDigit(text.charAt(i - 1)))) {
                i++;
                continue;
            }
            boolean plus = c == '+';
            int j = i;
            int g = 0;
            int run = 0;
            int digits = 0;
            while (j < n && j - i < 24 && g < groups.length) {
                char d = text.charAt(j);
                if (Character.isDigit(d)) {
                    run++;
                    digits++;
                } else if ((d == ' ' || d == '-' || d == '.' || d == '(' || d == ')' || d == '+') && j + 1 < n
                        && (Character.isDigit(text.charAt(j + 1)) || text.charAt(j + 1) == ' ' || text.charAt(j + 1) == '(')) {
                    if (run > 0) {
                        groups[g++] = run;
                    }
                    run = 0;
                } else {
                    break;
                }
                j++;
            }
            if (run > 0 && g < groups.length) {
                groups[g++] = run;
            }
            boolean endOk = j >= n || !Character.isLetterOrDigit(text.charAt(j));
            boolean international = plus && digits >= 10 && digits <= 13 && g >= 2;
            boolean northAmerican = (g == 3 && groups[0] == 3 && groups[1] == 3 && groups[2] == 4)
                    || (g == 4 && groups[0] == 1 && groups[1] == 3 && groups[2] == 3 && groups[3] == 4);
            if (endOk && (international || northAmerican)) {
                return text.substring(i, j).strip();
            }
            i = Math.max(j, i + 1);
        }
        return null;
    }

    /** The first money amount written with a currency sign or code next to it ($344.78, USD 120, 49,99 €), or null. */
    static String moneyAmount(String text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean sign = c == '$' || c == '€' || c == '£';
            boolean code = i + 3 <= n && (text.startsWith("USD", i) || text.startsWith("EUR", i) || text.startsWith("GBP", i))
                    && (i == 0 || !Character.isLetter(text.charAt(i - 1)));
            if (sign || code) {
                int k = i + (sign ? 1 : 3);
                while (k < n && text.charAt(k) == ' ') {
                    k++;
                }
                int start = k;
                while (k < n && (Character.isDigit(text.charAt(k)) || text.charAt(k) == ',' || text.charAt(k) == '.')) {
                    k++;
                }
                if (k > start && Character.isDigit(text.charAt(start))) {
                    return text.substring(i, k).strip();
                }
            } else if (Character.isDigit(c) && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))) {
                int k = i;
                while (k < n && (Character.isDigit(text.charAt(k)) || text.charAt(k) == ',' || text.charAt(k) == '.')) {
                    k++;
                }
                int m = k;
                while (m < n && text.charAt(m) == ' ') {
                    m++;
                }
                if (m < n && (text.charAt(m) == '€' || text.charAt(m) == '$' || text.startsWith("USD", m) || text.startsWith("EUR", m))
                        && k - i >= 2) {
                    return text.substring(i, Math.min(n, m + 1)).strip();
                }
                i = Math.max(i, k - 1);
            }
        }
        return null;
    }
}
