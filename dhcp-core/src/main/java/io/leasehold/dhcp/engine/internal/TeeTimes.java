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

    /** {@code [t1, t2]}, each -1 when not sent. */
    public static long[] compute(long valid, long renewTimer, long rebindTimer, boolean calculate, double t1Percent,
                                 double t2Percent) {
        long t1 = renewTimer;
        long t2 = rebindTimer;
        if (calculate) {
            if (t2 < 0) {
                t2 = Math.round(t2Percent * valid);
            }
            if (t1 < 0) {
                t1 = Math.round(t1Percent * valid);
            }
        }
        boolean sendT2 = t2 > 0 && t2 < valid;
        long t1Limit = sendT2 ? t2 : valid;
        boolean sendT1 = t1 > 0 && t1 < t1Limit;
        return new long[] {sendT1 ? t1 : -1, sendT2 ? t2 : -1};
    }
}
