package io.automators.connectors.catalog;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version (semver.org 2.0.0): major.minor.patch, an optional pre-release that sorts before
 * its release, build metadata ignored in the order. A custom connector's versions only go up.
 */
public record Semver(long major, long minor, long patch, String preRelease, String text) implements Comparable<Semver> {

    private static final Pattern SEMVER = Pattern.compile("^(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})"
            + "(?:-((?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*))*))?"
            + "(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?$");

    /** The version, or empty when the text is not a semantic version. */
    public static java.util.Optional<Semver> parse(String text) {
        Matcher m = text == null || text.length() > 100 ? null : SEMVER.matcher(text);
        if (m == null || !m.matches()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Semver(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)), m.group(4), text));
    }

    @Override
    public int compareTo(Semver other) {
        int c = Long.compare(major, other.major);
        c = c != 0 ? c : Long.compare(minor, other.minor);
        c = c != 0 ? c : Long.compare(patch, other.patch);
        if (c != 0) {
            return c;
        }
        if (preRelease == null || other.preRelease == null) {
            return preRelease == null ? (other.preRelease == null ? 0 : 1) : -1;
        }
        String[] a = preRelease.split("\\.");
        String[] b = other.preRelease.split("\\.");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            boolean na = a[i].chars().allMatch(Character::isDigit);
            boolean nb = b[i].chars().allMatch(Character::isDigit);
            int d = na && nb ? new java.math.BigInteger(a[i]).compareTo(new java.math.BigInteger(b[i]))
                    : na ? -1 : nb ? 1 : a[i].compareTo(b[i]);
            if (d != 0) {
                return d;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    @Override
    public String toString() { return text; }
}
