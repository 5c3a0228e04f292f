package dev.jrunc.core.spec;

import dev.jrunc.core.spec.validation.SpecValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SpecValidatorTest {

    @ParameterizedTest
    @ValueSource(strings = {"runc-spec.json", "runc-spec-cgroup-v1.json", "runc-spec-rootless.json",
            "containerd-style.json", "full-1.3.json"})
    void goodConfigsValidate(String resource) {
        Spec spec = Fixtures.parse(Fixtures.resource(resource));
        assertEquals(java.util.Optional.empty(), SpecValidator.firstError(spec));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0", "1.0.2-dev", "1.1.0-rc.1", "1.2.1", "1.3.0", "1.3.0+dev", "1.4.0"})
    void acceptsAnyVersion1(String version) {
        SpecValidator.validate(edit(d -> d.set("/ociVersion", "\"" + version + "\"")));
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                // ociVersion
                bad(d -> d.remove("/ociVersion"), "ociVersion", "must not be empty"),
                bad(d -> d.set("/ociVersion", "\"2.0.0\""), "ociVersion",
                        "unsupported version \"2.0.0\" (jrunc supports 1.0.0 to 1.3.0)"),
                bad(d -> d.set("/ociVersion", "\"0.6.0\""), "ociVersion",
                        "unsupported version \"0.6.0\" (jrunc supports 1.0.0 to 1.3.0)"),
                bad(d -> d.set("/ociVersion", "\"1.0\""), "ociVersion",
                        "unsupported version \"1.0\" (jrunc supports 1.0.0 to 1.3.0)"),
                // root
                bad(d -> d.remove("/root"), "root", "must be set"),
                bad(d -> d.remove("/root/path"), "root.path", "must not be empty"),
                // process
                bad(d -> d.remove("/process"), "process", "must be set"),
                bad(d -> d.set("/process/args", "[]"), "process.args", "must not be empty"),
                bad(d -> d.remove("/process/args"), "process.args", "must not be empty"),
                bad(d -> d.set("/process/args/-", "null"), "process.args[1]", "must not be null"),
                bad(d -> d.remove("/process/cwd"), "process.cwd", "must not be empty"),
                bad(d -> d.set("/process/cwd", "\"work\""), "process.cwd", "must be an absolute path"),
                bad(d -> d.set("/process/consoleSize", "{\"height\": 24}"), "process.consoleSize.width", "must be set"),
                bad(d -> d.set("/process/consoleSize", "{\"height\": 24, \"width\": 70000}"),
                        "process.consoleSize.width", "must be at most 65535"),
                bad(d -> d.set("/process/user/additionalGids", "[1, -5]"),
                        "process.user.additionalGids[1]", "must be between 0 and 4294967295"),
                bad(d -> d.set("/process/capabilities/bounding/1", "\"CAP_X\""),
                        "process.capabilities.bounding[1]", "unknown capability \"CAP_X\""),
                bad(d -> d.set("/process/capabilities/ambient", "[\"CAP_KILL\", \"cap_kill\"]"),
                        "process.capabilities.ambient[1]", "unknown capability \"cap_kill\""),
                bad(d -> d.set("/process/rlimits/-", "{\"type\": \"RLIMIT_X\", \"hard\": 1, \"soft\": 1}"),
                        "process.rlimits[1].type", "unknown rlimit \"RLIMIT_X\""),
                bad(d -> d.set("/process/rlimits/-", "{\"type\": \"RLIMIT_NOFILE\", \"hard\": 1, \"soft\": 1}"),
                        "process.rlimits[1].type", "duplicate rlimit \"RLIMIT_NOFILE\" (first at process.rlimits[0])"),
                bad(d -> d.set("/process/rlimits/0/soft", "2048"),
                        "process.rlimits[0].soft", "soft limit 2048 exceeds hard limit 1024"),
                bad(d -> d.set("/process/rlimits/0", "{\"type\":\"RLIMIT_CORE\",\"hard\":1,\"soft\":18446744073709551615}"),
                        "process.rlimits[0].soft", "soft limit 18446744073709551615 exceeds hard limit 1"),
                bad(d -> d.remove("/process/rlimits/0/hard"), "process.rlimits[0].hard", "must be set"),
                bad(d -> d.set("/process/oomScoreAdj", "1001"), "process.oomScoreAdj", "must be between -1000 and 1000"),
                bad(d -> d.set("/process/scheduler", "{\"policy\": \"SCHED_FAST\"}"),
                        "process.scheduler.policy", "unknown scheduler policy \"SCHED_FAST\""),
                bad(d -> d.set("/process/scheduler", "{\"policy\": \"SCHED_OTHER\", \"priority\": 5}"),
                        "process.scheduler.priority", "can only be specified for SCHED_FIFO or SCHED_RR policy"),
                bad(d -> d.set("/process/ioPriority", "{\"class\": \"IOPRIO_CLASS_BE\", \"priority\": 8}"),
                        "process.ioPriority.priority", "must be between 0 and 7"),
                bad(d -> d.set("/process/execCPUAffinity", "{\"initial\": \"0-\"}"),
                        "process.execCPUAffinity.initial", "invalid CPU or node list \"0-\": bad element \"0-\""),
                bad(d -> d.set("/process/execCPUAffinity", "{\"final\": \"3-1\"}"),
                        "process.execCPUAffinity.final", "invalid CPU or node list \"3-1\": range \"3-1\" runs backwards"),
                bad(d -> d.set("/process/execCPUAffinity", "{\"final\": \"8192\"}"),
                        "process.execCPUAffinity.final", "invalid CPU or node list \"8192\": 8192 is over the limit 8191"),
                bad(d -> d.set("/process/scheduler", "{\"priority\": 5}"),
                        "process.scheduler.policy", "must not be empty"),
                bad(d -> d.set("/process/scheduler", "{\"policy\": \"SCHED_BATCH\", \"nice\": 20}"),
                        "process.scheduler.nice", "must be between -20 and 19"),
                bad(d -> d.set("/process/scheduler", "{\"policy\": \"SCHED_FIFO\"}"),
                        "process.scheduler.priority", "must be between 1 and 99 for SCHED_FIFO"),
                bad(d -> d.set("/process/scheduler", "{\"policy\": \"SCHED_RR\", \"priority\": 100}"),
                        "process.scheduler.priority", "must be between 1 and 99 for SCHED_RR"),
                bad(d -> d.set("/process/scheduler", "{\"policy\": \"SCHED_OTHER\", \"runtime\": 5}"),
                        "process.scheduler", "runtime/deadline/period can only be specified for SCHED_DEADLINE policy"),
                bad(d -> d.set("/process/scheduler", "{\"policy\": \"SCHED_OTHER\", \"flags\": [\"SCHED_FLAG_X\"]}"),
                        "process.scheduler.flags[0]", "unknown scheduler flag \"SCHED_FLAG_X\""),
                bad(d -> d.set("/process/scheduler", "{\"policy\": \"SCHED_DEADLINE\", \"deadline\": 100}"),
                        "process.scheduler.runtime", "must be at least 1024 ns for SCHED_DEADLINE"),
                bad(d -> d.set("/process/scheduler",
                                "{\"policy\": \"SCHED_DEADLINE\", \"runtime\": 2000, \"deadline\": 1500}"),
                        "process.scheduler.deadline", "must be at least the runtime (2000 ns)"),
                bad(d -> d.set("/process/scheduler",
                                "{\"policy\": \"SCHED_DEADLINE\", \"runtime\": 2000, \"deadline\": 3000, \"period\": 2500}"),
                        "process.scheduler.period", "must be 0 or at least the deadline (3000 ns)"),
                bad(d -> d.set("/process/ioPriority", "{\"class\": \"IOPRIO_CLASS_NONE\", \"priority\": 0}"),
                        "process.ioPriority.class", "unknown I/O priority class \"IOPRIO_CLASS_NONE\""),
                bad(d -> d.set("/process/ioPriority", "{\"class\": \"IOPRIO_CLASS_RT\", \"priority\": -1}"),
                        "process.ioPriority.priority", "must be between 0 and 7"),
                // mounts
                bad(d -> d.set("/mounts/3/destination", "\"dev/shm\""), "mounts[3].destination", "must be an absolute path"),
                bad(d -> d.remove("/mounts/0/destination"), "mounts[0].destination", "must not be empty"),
                bad(d -> d.set("/mounts/0/uidMappings", "[{\"containerID\":0,\"hostID\":1000,\"size\":0}]"),
                        "mounts[0].uidMappings[0].size", "must be greater than 0"),
                bad(d -> d.set("/mounts/0/uidMappings", "[{\"containerID\":0,\"hostID\":1000,\"size\":1}]"),
                        "mounts[0].gidMappings", "id-mapped mounts must have both uid and gid mappings specified"),
                // hooks
                bad(d -> d.set("/hooks", "{\"poststop\": [{\"path\": \"/bin/true\"}, {\"path\": \"cleanup\"}]}"),
                        "hooks.poststop[1].path", "must be an absolute path"),
                bad(d -> d.set("/hooks", "{\"createRuntime\": [{\"path\": \"/bin/true\", \"timeout\": 0}]}"),
                        "hooks.createRuntime[0].timeout", "must be greater than zero"),
                // namespaces
                bad(d -> d.set("/linux/namespaces/2/type", "\"x\""), "linux.namespaces[2].type", "unknown namespace type \"x\""),
                bad(d -> d.set("/linux/namespaces/-", "{\"type\": \"pid\", \"path\": \"/proc/1/ns/pid\"}"),
                        "linux.namespaces[6].type", "duplicate namespace type \"pid\" (first at linux.namespaces[0])"),
                bad(d -> d.set("/linux/namespaces/1/path", "\"proc/1/ns/net\""),
                        "linux.namespaces[1].path", "must be an absolute path"),
                bad(d -> d.set("/linux/namespaces/1", "{}"), "linux.namespaces[1].type", "must not be empty"),
                // id mappings and the user namespace
                bad(d -> d.set("/linux/uidMappings", "[{\"containerID\":0,\"hostID\":1000,\"size\":1}]"),
                        "linux.uidMappings", "user namespace mappings require a \"user\" namespace"),
                bad(d -> d.set("/linux/namespaces/-", "{\"type\": \"user\"}"),
                        "linux.uidMappings",
                        "user namespace enabled, but no namespace path to join nor mappings to apply specified"),
                bad(d -> d.set("/linux/namespaces/-", "{\"type\": \"user\"}")
                                .set("/linux/uidMappings", "[{\"containerID\":0,\"hostID\":1000,\"size\":1}]"),
                        "linux.gidMappings",
                        "user namespace enabled, but no namespace path to join nor mappings to apply specified"),
                bad(d -> d.set("/linux/namespaces/-", "{\"type\": \"user\"}")
                                .set("/linux/uidMappings", "[{\"containerID\":0,\"hostID\":1000,\"size\":0}]"),
                        "linux.uidMappings[0].size", "must be greater than 0"),
                bad(d -> d.set("/linux/namespaces/-", "{\"type\": \"user\"}")
                                .set("/linux/uidMappings", "[{\"containerID\":0,\"hostID\":100000,\"size\":1000},"
                                        + "{\"containerID\":999,\"hostID\":5000,\"size\":10}]"),
                        "linux.uidMappings[1]", "container id range overlaps linux.uidMappings[0]"),
                bad(d -> d.set("/linux/namespaces/-", "{\"type\": \"user\"}")
                                .set("/linux/gidMappings", "[{\"containerID\":0,\"hostID\":100000,\"size\":1000},"
                                        + "{\"containerID\":1000,\"hostID\":100999,\"size\":10}]"),
                        "linux.gidMappings[1]", "host id range overlaps linux.gidMappings[0]"),
                bad(d -> d.set("/linux/namespaces/-", "{\"type\": \"user\"}")
                                .set("/linux/uidMappings", "[{\"containerID\":4294967295,\"hostID\":0,\"size\":2}]"),
                        "linux.uidMappings[0].size", "range exceeds the 32-bit id space"),
                // time namespace
                bad(d -> d.set("/linux/timeOffsets", "{\"monotonic\": {\"secs\": 1}}"),
                        "linux.timeOffsets", "time namespace offsets specified, but time namespace isn't enabled in the config"),
                bad(d -> d.set("/linux/namespaces/-", "{\"type\": \"time\"}")
                                .set("/linux/timeOffsets", "{\"realtime\": {\"secs\": 1}}"),
                        "linux.timeOffsets.realtime", "unknown clock \"realtime\" (expected monotonic or boottime)"),
                // devices
                bad(d -> d.set("/linux/devices", "[{\"path\": \"/dev/x\", \"type\": \"z\", \"major\": 1, \"minor\": 1}]"),
                        "linux.devices[0].type", "unknown device type \"z\""),
                bad(d -> d.set("/linux/devices", "[{\"path\": \"dev/x\", \"type\": \"c\", \"major\": 1, \"minor\": 1}]"),
                        "linux.devices[0].path", "must be an absolute path"),
                bad(d -> d.set("/linux/devices", "[{\"path\": \"/dev/x\", \"type\": \"c\", \"minor\": 1}]"),
                        "linux.devices[0].major", "must be set for device type \"c\""),
                bad(d -> d.set("/linux/devices", "[{\"path\": \"/dev/x\", \"type\": \"p\"}, {\"path\": \"/dev/x\", \"type\": \"p\"}]"),
                        "linux.devices[1].path", "duplicate device path \"/dev/x\" (first at linux.devices[0])"),
                // netDevices
                bad(d -> d.set("/linux/netDevices", "{\"eth0\": {\"name\": \"a/b\"}}"),
                        "linux.netDevices.eth0.name", "invalid network device name \"a/b\""),
                // sysctl
                bad(d -> d.set("/linux/sysctl", "{\"net/../x\": \"1\"}"),
                        "linux.sysctl[\"net/../x\"]", "invalid sysctl name \"net/../x\""),
                bad(d -> d.set("/linux/sysctl", "{\"net..x\": \"1\"}"),
                        "linux.sysctl[\"net..x\"]", "invalid sysctl name \"net..x\""),
                // resources
                bad(d -> d.set("/linux/resources/devices/0/access", "\"rwx\""),
                        "linux.resources.devices[0].access", "invalid access \"rwx\" (letters r, w, m)"),
                bad(d -> d.set("/linux/resources/memory", "{\"limit\": -2}"),
                        "linux.resources.memory.limit", "must be -1 (unlimited) or a non-negative number of bytes"),
                bad(d -> d.set("/linux/resources/memory", "{\"swappiness\": 101}"),
                        "linux.resources.memory.swappiness", "must be between 0 and 100"),
                bad(d -> d.set("/linux/resources/blockIO", "{\"weight\": 5}"),
                        "linux.resources.blockIO.weight", "must be between 10 and 1000"),
                bad(d -> d.set("/linux/resources/hugepageLimits", "[{\"pageSize\": \"2M\", \"limit\": 1}]"),
                        "linux.resources.hugepageLimits[0].pageSize", "invalid page size \"2M\" (expected e.g. \"2MB\")"),
                bad(d -> d.set("/linux/resources/unified", "{\"../memory.max\": \"1\"}"),
                        "linux.resources.unified[\"../memory.max\"]",
                        "invalid cgroup file name \"../memory.max\" (expected controller.parameter)"),
                // seccomp
                bad(d -> d.set("/linux/seccomp", "{\"defaultAction\": \"SCMP_ACT_NOPE\"}"),
                        "linux.seccomp.defaultAction", "unknown seccomp action \"SCMP_ACT_NOPE\""),
                bad(d -> d.set("/linux/seccomp", "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"defaultErrnoRet\": 1}"),
                        "linux.seccomp.defaultErrnoRet", "only valid with SCMP_ACT_ERRNO or SCMP_ACT_TRACE"),
                bad(d -> d.set("/linux/seccomp", "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_VAX\"]}"),
                        "linux.seccomp.architectures[0]", "unknown architecture \"SCMP_ARCH_VAX\""),
                bad(d -> d.set("/linux/seccomp", "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [], \"action\": \"SCMP_ACT_ERRNO\"}]}"),
                        "linux.seccomp.syscalls[0].names", "must not be empty"),
                bad(d -> d.set("/linux/seccomp", "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"mount\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 6, \"value\": 0, \"op\": \"SCMP_CMP_EQ\"}]}]}"),
                        "linux.seccomp.syscalls[0].args[0].index", "must be between 0 and 5"),
                bad(d -> d.set("/linux/seccomp", "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"mount\"], \"action\": \"SCMP_ACT_NOTIFY\"}]}"),
                        "linux.seccomp.listenerPath", "must be set when SCMP_ACT_NOTIFY is used"),
                // other linux fields
                bad(d -> d.set("/linux/rootfsPropagation", "\"sideways\""),
                        "linux.rootfsPropagation", "unknown rootfs propagation \"sideways\""),
                bad(d -> d.set("/linux/maskedPaths/3", "\"proc/keys\""), "linux.maskedPaths[3]", "must be an absolute path"),
                bad(d -> d.set("/linux/memoryPolicy", "{\"mode\": \"MPOL_RANDOM\"}"),
                        "linux.memoryPolicy.mode", "unknown memory policy mode \"MPOL_RANDOM\""),
                bad(d -> d.set("/linux/personality", "{\"domain\": \"BSD\"}"),
                        "linux.personality.domain", "unknown personality domain \"BSD\""),
                bad(d -> d.set("/linux/personality", "{\"flags\": []}"),
                        "linux.personality.domain", "must not be empty"),
                bad(d -> d.set("/linux/personality", "{\"domain\": \"LINUX\", \"flags\": [\"ADDR_NO_RANDOMIZE\"]}"),
                        "linux.personality.flags[0]", "unknown personality flag \"ADDR_NO_RANDOMIZE\" (none are defined)"),
                bad(d -> d.set("/linux/memoryPolicy", "{\"mode\": \"MPOL_BIND\"}"),
                        "linux.memoryPolicy.nodes", "must name at least one node for MPOL_BIND"),
                bad(d -> d.set("/linux/memoryPolicy", "{\"mode\": \"MPOL_INTERLEAVE\", \"nodes\": \"\"}"),
                        "linux.memoryPolicy.nodes", "must name at least one node for MPOL_INTERLEAVE"),
                bad(d -> d.set("/linux/memoryPolicy", "{\"mode\": \"MPOL_DEFAULT\", \"nodes\": \"0\"}"),
                        "linux.memoryPolicy.nodes", "must be empty for MPOL_DEFAULT"),
                bad(d -> d.set("/linux/memoryPolicy", "{\"mode\": \"MPOL_LOCAL\", \"nodes\": \"1\"}"),
                        "linux.memoryPolicy.nodes", "must be empty for MPOL_LOCAL"),
                bad(d -> d.set("/linux/memoryPolicy", "{\"mode\": \"MPOL_BIND\", \"nodes\": \"1024\"}"),
                        "linux.memoryPolicy.nodes", "invalid CPU or node list \"1024\": 1024 is over the limit 1023"),
                bad(d -> d.set("/linux/memoryPolicy", "{\"mode\": \"MPOL_BIND\", \"nodes\": \"0\", "
                                + "\"flags\": [\"MPOL_F_STATIC_NODES\", \"MPOL_F_RELATIVE_NODES\"]}"),
                        "linux.memoryPolicy.flags", "MPOL_F_STATIC_NODES and MPOL_F_RELATIVE_NODES exclude each other"),
                bad(d -> d.set("/linux/memoryPolicy", "{\"mode\": \"MPOL_BIND\", \"nodes\": \"0\", "
                                + "\"flags\": [\"MPOL_F_NOPE\"]}"),
                        "linux.memoryPolicy.flags[0]", "unknown memory policy flag \"MPOL_F_NOPE\""),
                // hostname / domainname need a UTS namespace (runc's phrase)
                bad(d -> d.remove("/linux/namespaces/3"), "hostname", "unable to set hostname without a private UTS namespace"),
                bad(d -> d.remove("/hostname").set("/domainname", "\"x\"").remove("/linux/namespaces/3"),
                        "domainname", "unable to set domainname without a private UTS namespace"));
    }

    private static Arguments bad(UnaryOperator<Fixtures.Doc> edit, String field, String reason) {
        return arguments(edit, field, reason);
    }

    private static Spec edit(UnaryOperator<Fixtures.Doc> edit) {
        return edit.apply(Fixtures.doc("runc-spec.json")).spec();
    }

    @ParameterizedTest(name = "[{index}] {1}: {2}")
    @MethodSource("badConfigs")
    void reportsFieldAndReason(UnaryOperator<Fixtures.Doc> edit, String field, String reason) {
        ConfigException e = assertThrows(ConfigException.class, () -> SpecValidator.validate(edit(edit)));
        assertEquals(field, e.field());
        assertEquals(reason, e.reason());
        assertEquals(field + ": " + reason, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"policy\": \"SCHED_OTHER\", \"nice\": -20}", "{\"policy\": \"SCHED_FIFO\", \"priority\": 1}",
        "{\"policy\": \"SCHED_RR\", \"priority\": 99}", "{\"policy\": \"SCHED_IDLE\"}",
        "{\"policy\": \"SCHED_DEADLINE\", \"runtime\": 1024, \"deadline\": 1024}",
        "{\"policy\": \"SCHED_DEADLINE\", \"runtime\": 1024, \"deadline\": 2048, \"period\": 2048}"})
    void schedulerSettingsTheKernelTakes(String scheduler) {
        SpecValidator.validate(edit(d -> d.set("/process/scheduler", scheduler)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"mode\": \"MPOL_PREFERRED\"}", "{\"mode\": \"MPOL_PREFERRED\", \"nodes\": \"0\"}",
        "{\"mode\": \"MPOL_DEFAULT\", \"nodes\": \"\"}", "{\"mode\": \"MPOL_LOCAL\"}",
        "{\"mode\": \"MPOL_WEIGHTED_INTERLEAVE\", \"nodes\": \"0-15:2/4\"}",
        "{\"mode\": \"MPOL_BIND\", \"nodes\": \"0,1023\", \"flags\": [\"MPOL_F_NUMA_BALANCING\"]}"})
    void memoryPoliciesTheKernelTakes(String policy) {
        SpecValidator.validate(edit(d -> d.set("/linux/memoryPolicy", policy)));
    }

    @Test
    void reportsOnlyTheFirstErrorInDocumentOrder() {
        Spec spec = edit(d -> d.set("/process/cwd", "\"rel\"")
                .set("/mounts/0/destination", "\"proc\"")
                .set("/linux/namespaces/0/type", "\"bogus\""));
        ConfigException e = SpecValidator.firstError(spec).orElseThrow();
        assertEquals("process.cwd", e.field());
    }

    @Test
    void userNamespaceWithPathNeedsNoMappings() {
        SpecValidator.validate(edit(d -> d.set("/linux/namespaces/-", "{\"type\": \"user\", \"path\": \"/proc/42/ns/user\"}")));
    }

    @Test
    void consoleSizeIsIgnoredWithoutTerminal() {
        SpecValidator.validate(edit(d -> d.set("/process/terminal", "false").set("/process/consoleSize", "{}")));
    }

    @Test
    void relativeRootPathIsBundleRelativeAndFine() {
        Spec spec = edit(d -> d.set("/root/path", "\"rootfs\""));
        SpecValidator.validate(spec);
        assertTrue(spec.root().path().equals("rootfs"));
    }
}
