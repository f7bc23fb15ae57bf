package io.leasehold.dhcp.examples;

/**
 * Translates a Kea (log4cplus) {@code pattern} into a logback pattern: {@code %p} level, {@code %m} message,
 * {@code %c} logger, {@code %t} thread, {@code %i} process id, {@code %D{...}}/{@code %d{...}} with strftime fields,
 * and a literal newline at the end. An empty pattern gives Kea's default layout.
 */
final class KeaLogPattern {
    /** Kea's default: {@code 2026-11-22 01:41:35.544 INFO  [kea-dhcp4.hosts/14100.1398...] message}. */
    static final String DEFAULT = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%logger/" + ProcessHandle.current().pid()
            + ".%thread] %msg%n";

    private KeaLogPattern() {
    }

    static String toLogback(String kea) {
        if (kea.isEmpty()) {
            return DEFAULT;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < kea.length()) {
            char c = kea.charAt(i);
            if (c == '\n') {
                out.append("%n");
                i++;
                continue;
            }
            if (c != '%' || i + 1 >= kea.length()) {
                out.append(c == '(' || c == ')' ? "\\" + c : String.valueOf(c));
                i++;
                continue;
            }
            int j = i + 1;
            while (j < kea.length() && "-0123456789.".indexOf(kea.charAt(j)) >= 0) {
                j++;
            }
            if (j >= kea.length()) {
                out.append(kea, i, j);
                break;
            }
            String modifier = kea.substring(i + 1, j);
            char conversion = kea.charAt(j);
            i = j + 1;
            switch (conversion) {
                case 'p' -> out.append('%').append(modifier).append("level");
                case 'm' -> out.append('%').append(modifier).append("msg");
                case 'c' -> out.append('%').append(modifier).append("logger");
                case 't', 'T' -> out.append('%').append(modifier).append("thread");
                case 'n' -> out.append("%n");
                case 'i' -> out.append(ProcessHandle.current().pid());
                case '%' -> out.append("%%");
                case 'd', 'D' -> {
                    String format = "%Y-%m-%d %H:%M:%S.%q";
                    if (i < kea.length() && kea.charAt(i) == '{') {
                        int close = kea.indexOf('}', i);
                        if (close > 0) {
                            format = kea.substring(i + 1, close);
                            i = close + 1;
                        }
                    }
                    out.append("%d{").append(strftime(format)).append('}');
                }
                default -> out.append('%').append(modifier).append(conversion);
            }
        }
        return out.toString();
    }

    /** strftime fields to SimpleDateFormat; other text is quoted. */
    static String strftime(String format) {
        StringBuilder out = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            String field = null;
            if (c == '%' && i + 1 < format.length()) {
                field = switch (format.charAt(i + 1)) {
                    case 'Y' -> "yyyy";
                    case 'y' -> "yy";
                    case 'm' -> "MM";
                    case 'd' -> "dd";
                    case 'H' -> "HH";
                    case 'M' -> "mm";
                    case 'S' -> "ss";
                    case 'q' -> "SSS";
                    case 'b' -> "MMM";
                    case 'a' -> "EEE";
                    case 'Z' -> "z";
                    default -> null;
                };
            }
            if (field != null) {
                flushLiteral(out, literal);
                out.append(field);
                i++;
            } else if (Character.isLetter(c) || c == '\'') {
                literal.append(c == '\'' ? "''" : String.valueOf(c));
            } else {
                flushLiteral(out, literal);
                out.append(c);
            }
        }
        flushLiteral(out, literal);
        return out.toString();
    }

    private static void flushLiteral(StringBuilder out, StringBuilder literal) {
        if (literal.length() > 0) {
            out.append('\'').append(literal).append('\'');
            literal.setLength(0);
        }
    }
}
