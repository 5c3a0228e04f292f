package dev.jrunc.core.state;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * What jrunc keeps about a container in {@code <root>/<id>/state.json}. Everything later
 * commands need is here, so they never re-read the bundle (which may have changed) and never
 * need to be told again how the container was created (cgroup driver, rootless).
 *
 * @param initStartTime start time of the init (field 22 of /proc/PID/stat) to detect pid reuse
 * @param cgroupPaths   hierarchy name → absolute cgroup directory
 * @param sharedPidNamespace true when the container has no pid namespace of its own, so
 *                      SIGKILL must reach every process of its cgroup
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerRecord(
        String ociVersion,
        String id,
        int pid,
        long initStartTime,
        String bundle,
        String rootfs,
        String created,
        Map<String, String> annotations,
        Map<String, String> cgroupPaths,
        boolean sharedPidNamespace,
        boolean rootless) {
}
