package dev.jrunc.linux.plan;

/** Hook kinds as HOOK ops carry them (docs/init-protocol.md, section 3), in runtime-spec order. */
public enum HookKind {
    PRESTART(1, "prestart"),
    CREATE_RUNTIME(2, "createRuntime"),
    CREATE_CONTAINER(3, "createContainer"),
    START_CONTAINER(4, "startContainer"),
    POSTSTART(5, "poststart"),
    POSTSTOP(6, "poststop");

    private final int planKind;
    private final String specName;

    HookKind(int planKind, String specName) {
        this.planKind = planKind;
        this.specName = specName;
    }

    /** The number on the wire. */
    public int planKind() {
        return planKind;
    }

    /** The config.json name. */
    public String specName() {
        return specName;
    }

    /** Run by the runtime, outside the container (the rest run in it, by its init). */
    public boolean runtimeSide() {
        return this != CREATE_CONTAINER && this != START_CONTAINER;
    }
}
