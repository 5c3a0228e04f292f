package dev.jrunc.conformance;

/** JUnit tags. */
public final class Tags {
    /**
     * Tests that Debian 12's runc 1.1.5 is known to fail, because jrunc's contract is stricter
     * (validation runc does not do) or because runc 1.1 predates the spec feature. They run
     * against jrunc like every other test; {@code -DexcludedGroups=runc-1.1-fails} leaves them
     * out when the suite itself is being validated against that runc.
     */
    public static final String RUNC_1_1_FAILS = "runc-1.1-fails";

    private Tags() {
    }
}
