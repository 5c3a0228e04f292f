package dev.jrunc.core.cgroup;

import java.util.List;
import java.util.Map;

/**
 * The container's cgroup across every hierarchy of the host: v1, v2 or both.
 *
 * <p>Lifecycle: {@link #create()} once, {@link #addProcess(int)} for the init (and exec'd
 * processes), {@link #apply(CgroupResources)} at create and on update, {@link #destroy()}
 * on delete. Commands after {@code create} rebuild the manager with
 * {@link #fromPaths(Map)} from what {@link #paths()} returned and the state stored.
 */
public interface CgroupManager {
    /** Key of the cgroup2 directory in {@link #paths()} (pure v2 and hybrid alike). */
    String UNIFIED = "unified";

    /**
     * Creates the container's directory in every hierarchy (mkdir -p), copying v1 cpuset
     * cpus/mems into new directories and enabling v2 controllers in the parents.
     *
     * @throws CgroupException "container's cgroup is not empty: N process(es) found" if
     *                         the cgroup already exists and holds processes
     */
    void create() throws CgroupException;

    /** Moves {@code pid} into the container's cgroup of every hierarchy. */
    void addProcess(int pid) throws CgroupException;

    /** Writes the set (non-null) limits; unset ones keep their current value. */
    void apply(CgroupResources resources) throws CgroupException;

    /**
     * Installs the device-access rules in order: v1 devices.allow / devices.deny, or on a
     * cgroup2-only host an eBPF device program ({@link DeviceFilterProgram}) attached with
     * bpf(2). A failure fails the call rather than leave device access unrestricted.
     */
    void applyDeviceRules(List<DeviceRule> rules) throws CgroupException;

    /** Every process in the container's cgroup and its sub-cgroups, ascending. */
    List<Integer> pids() throws CgroupException;

    /** Whether the freezer says FROZEN (v1 freezer.state, v2 cgroup.freeze/cgroup.events). */
    boolean isFrozen() throws CgroupException;

    /**
     * The container's counters in the layout of runc's {@code events} "data" object (ordered
     * maps, lists and numbers, ready for a JSON encoder).
     */
    Map<String, Object> stats() throws CgroupException;

    /** Freezes every process of the container and returns once the kernel says FROZEN. */
    void freeze() throws CgroupException;

    /** Thaws the container (no-op if it is not frozen). */
    void thaw() throws CgroupException;

    /**
     * Removes the container's cgroup (with any sub-cgroups) in every hierarchy, plus the
     * parents this instance created if they are empty by now; never pre-existing parents.
     * Succeeds if already gone. Fails if processes are still inside after ~1 s of retries.
     */
    void destroy() throws CgroupException;

    /**
     * Hierarchy name to absolute directory: v1 controller names ("cpu", "cpuacct",
     * "name=systemd", ... — co-mounted controllers share a directory) and {@link #UNIFIED}.
     */
    Map<String, String> paths();

    /** Picks the driver from the layout and places the container at {@code path}. */
    static CgroupManager forContainer(CgroupLayout layout, CgroupPath path) throws CgroupException {
        return CgroupManagers.forContainer(layout, path);
    }

    /** Rebuilds a manager from a stored {@link #paths()} map. */
    static CgroupManager fromPaths(Map<String, String> paths) throws CgroupException {
        return CgroupManagers.fromPaths(paths);
    }
}
