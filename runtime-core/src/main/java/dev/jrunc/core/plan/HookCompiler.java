package dev.jrunc.core.plan;

import dev.jrunc.core.spec.Hook;
import dev.jrunc.core.spec.Hooks;
import dev.jrunc.core.spec.Spec;
import dev.jrunc.linux.plan.HookKind;
import dev.jrunc.linux.plan.InitPlanWriter;
import dev.jrunc.linux.plan.PlanRecords;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The config's hooks as plan ops (docs/init-protocol.md, section 9). The container's own
 * kinds (createContainer, startContainer) go into the init plan; the runtime's kinds
 * (prestart, createRuntime, poststart, poststop), and startContainer again for start's sake,
 * into a separate hooks file that
 * {@code jrunc-init create}, {@code start}, {@code delete} and {@code supervise} read from the
 * state directory. A config without hooks adds nothing anywhere.
 */
public final class HookCompiler {
    private HookCompiler() {
    }

    /** Who the hooks' state JSON is about: everything but status and pid. */
    public record Subject(String ociVersion, String id, Path bundle, Map<String, String> annotations) {
        public static Subject of(Spec spec, String id, Path bundle) {
            return new Subject(spec.ociVersion(), id, bundle, spec.annotations());
        }
    }

    /** Whether the config has at least one hook of any kind. */
    public static boolean any(Spec spec) {
        return !byKind(spec).isEmpty();
    }

    /** Every hook of the config by kind, in config order; kinds without hooks are absent. */
    static Map<HookKind, List<PlanRecords.Hook>> byKind(Spec spec) {
        Map<HookKind, List<PlanRecords.Hook>> out = new EnumMap<>(HookKind.class);
        Hooks h = spec.hooks();
        if (h == null) {
            return out;
        }
        List<String> processEnv = spec.process() == null || spec.process().env() == null ? List.of() : spec.process().env();
        add(out, HookKind.PRESTART, h.prestart(), null);
        add(out, HookKind.CREATE_RUNTIME, h.createRuntime(), null);
        add(out, HookKind.CREATE_CONTAINER, h.createContainer(), null);
        // runc: a startContainer hook without env of its own gets the container process's.
        add(out, HookKind.START_CONTAINER, h.startContainer(), processEnv);
        add(out, HookKind.POSTSTART, h.poststart(), null);
        add(out, HookKind.POSTSTOP, h.poststop(), null);
        return out;
    }

    private static void add(Map<HookKind, List<PlanRecords.Hook>> out, HookKind kind, List<Hook> hooks,
                            List<String> defaultEnv) {
        if (hooks == null || hooks.isEmpty()) {
            return;
        }
        List<PlanRecords.Hook> list = new ArrayList<>();
        for (Hook h : hooks) {
            List<String> env = h.env() == null ? List.of() : h.env();
            if (env.isEmpty() && defaultEnv != null) {
                env = defaultEnv;
            }
            list.add(new PlanRecords.Hook(kind.planKind(), h.timeout() == null ? 0 : h.timeout(), h.path(),
                    h.args() == null ? List.of() : h.args(), env));
        }
        out.put(kind, list);
    }

    /** Adds the container's hooks, the state, and the stop for the runtime's create hooks. */
    static void addToInitPlan(InitPlanWriter plan, Spec spec, Subject subject) {
        Map<HookKind, List<PlanRecords.Hook>> hooks = byKind(spec);
        if (hooks.isEmpty()) {
            return;
        }
        if (subject == null) {
            throw new IllegalStateException("hooks need the container's id and bundle");
        }
        boolean inContainer = false;
        for (HookKind k : List.of(HookKind.CREATE_CONTAINER, HookKind.START_CONTAINER)) {
            for (PlanRecords.Hook h : hooks.getOrDefault(k, List.of())) {
                plan.hook(h);
                inContainer = true;
            }
        }
        if (inContainer) {
            addState(plan, subject);
        }
        if (hooks.containsKey(HookKind.PRESTART) || hooks.containsKey(HookKind.CREATE_RUNTIME)) {
            plan.hookSync();
        }
    }

    /** The runtime's hooks file, or null when the config has none of its kinds. */
    public static byte[] runtimeHooks(Spec spec, Subject subject) {
        Map<HookKind, List<PlanRecords.Hook>> hooks = byKind(spec);
        InitPlanWriter plan = new InitPlanWriter();
        boolean any = false;
        for (Map.Entry<HookKind, List<PlanRecords.Hook>> e : hooks.entrySet()) {
            // startContainer runs in the init, but start must know of it: it waits for the
            // init's execve and reads a failure back (docs/init-protocol.md, section 9).
            if (e.getKey().runtimeSide() || e.getKey() == HookKind.START_CONTAINER) {
                e.getValue().forEach(plan::hook);
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        addState(plan, subject);
        return plan.build();
    }

    private static void addState(InitPlanWriter plan, Subject s) {
        String[] parts = stateParts(s);
        plan.hookState(parts[0], parts[1]);
    }

    /**
     * runtime-spec's state as runc marshals it (ociVersion, id, status, pid, bundle,
     * annotations; pid and annotations omitted when empty), split where jrunc-init puts
     * {@code "status":"…"} and, when known, {@code ,"pid":N}.
     */
    static String[] stateParts(Subject s) {
        StringBuilder head = new StringBuilder("{\"ociVersion\":");
        GoJson.string(head, s.ociVersion() == null ? "" : s.ociVersion());
        head.append(",\"id\":");
        GoJson.string(head, s.id());
        head.append(',');
        StringBuilder tail = new StringBuilder(",\"bundle\":");
        GoJson.string(tail, s.bundle().toString());
        if (s.annotations() != null && !s.annotations().isEmpty()) {
            tail.append(",\"annotations\":{");
            boolean first = true;
            // Go marshals a map with its keys sorted.
            for (Map.Entry<String, String> e : new TreeMap<>(s.annotations()).entrySet()) {
                if (!first) {
                    tail.append(',');
                }
                first = false;
                GoJson.string(tail, e.getKey());
                tail.append(':');
                GoJson.string(tail, e.getValue() == null ? "" : e.getValue());
            }
            tail.append('}');
        }
        tail.append('}');
        return new String[] {head.toString(), tail.toString()};
    }
}
