package dev.jrunc.linux.plan;

/** Namespaces with the runtime-spec name, the plan type number and the {@code CLONE_*} flag. */
public enum NamespaceType {
    PID("pid", 1, 0x20000000L),
    NETWORK("network", 2, 0x40000000L),
    MOUNT("mount", 3, 0x00020000L),
    IPC("ipc", 4, 0x08000000L),
    UTS("uts", 5, 0x04000000L),
    USER("user", 6, 0x10000000L),
    CGROUP("cgroup", 7, 0x02000000L),
    TIME("time", 8, 0x00000080L);

    private final String specName;
    private final int planType;
    private final long cloneFlag;

    NamespaceType(String specName, int planType, long cloneFlag) {
        this.specName = specName;
        this.planType = planType;
        this.cloneFlag = cloneFlag;
    }

    /** The name in config.json's linux.namespaces[].type. */
    public String specName() {
        return specName;
    }

    /** The type number of the NAMESPACE op. */
    public int planType() {
        return planType;
    }

    public long cloneFlag() {
        return cloneFlag;
    }

    /** The type for a config.json name, or {@code null} if there is none. */
    public static NamespaceType fromSpecName(String name) {
        for (NamespaceType t : values()) {
            if (t.specName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
