package io.leasehold.dhcp.engine.internal;

/**
 * T1/T2 as Kea computes them: explicit {@code renew-timer}/{@code rebind-timer} win; otherwise, with
 * {@code calculate-tee-times}, T2 = round(t2-percent × valid) and T1 = round(t1-percent × valid), rounding half away
 * from zero. T2 is sent only when 0 &lt; T2 &lt; valid; T1 only when 0 &lt; T1 &lt; (T2 if sent, else valid).
 * Values are seconds; {@code -1} means "omit the option".
 */
public final class TeeTimes {
    private TeeTimes() {
    }

    /** T2, or -1 when not sent. */
    public static long t2(long valid, long rebindTimer, boolean calculate, double t2Percent) {
        long t2 = rebindTimer < 0 && calculate ? Math.round(t2Percent * valid) : rebindTimer;
        return t2 > 0 && t2 < valid ? t2 : -1;
    }

    /** T1 given the T2 that {@link #t2} returned, or -1 when not sent. */
    public static long t1(long valid, long renewTimer, boolean calculate, double t1Percent, long sentT2) {
        long t1 = renewTimer < 0 && calculate ? Math.round(t1Percent * valid) : renewTimer;
        long limit = sentT2 > 0 ? sentT2 : valid;
        return t1 > 0 && t1 < limit ? t1 : -1;
    }
}
