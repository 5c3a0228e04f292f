package dev.jrunc.core.spec.validation;

import dev.jrunc.core.spec.ConfigException;
import dev.jrunc.core.spec.Hook;
import dev.jrunc.core.spec.Hooks;
import dev.jrunc.core.spec.JsonPath;
import dev.jrunc.core.spec.LinuxNamespace;
import dev.jrunc.core.spec.Mount;
import dev.jrunc.core.spec.Spec;
import dev.jrunc.core.spec.SpecVersion;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static dev.jrunc.core.spec.validation.Checks.absolute;
import static dev.jrunc.core.spec.validation.Checks.fail;
import static dev.jrunc.core.spec.validation.Checks.isEmpty;
import static dev.jrunc.core.spec.validation.Checks.noNulls;
import static dev.jrunc.core.spec.validation.Checks.notEmpty;

/**
 * Checks a loaded {@link Spec} against the runtime-spec and runc's own rules, host-independent
 * (nothing here looks at the kernel or the filesystem). Reports only the first problem, as
 * runc does, in a fixed order: {@code ociVersion}, {@code root}, {@code process},
 * {@code mounts}, {@code hooks}, {@code linux} (see {@link LinuxValidator}), then
 * {@code hostname}/{@code domainname} against the namespaces. Within a list, lower indexes
 * first; within an object, fields in spec order.
 */
public final class SpecValidator {

    /** SemVer 2.0.0, major version 1: minor versions are compatible by the spec's promise. */
    private static final Pattern VERSION_1 =
            Pattern.compile("1\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");

    private SpecValidator() {
    }

    /** Throws the first problem found; returns normally for a usable spec. */
    public static void validate(Spec spec) {
        if (spec == null) {
            throw fail("", "config cannot be null");
        }
        ociVersion(spec.ociVersion());
        root(spec);
        ProcessValidator.validate("process", spec.process());
        mounts(spec.mounts());
        hooks(spec.hooks());
        LinuxValidator.validate(spec.linux());
        uts(spec);
    }

    /** {@code update}'s resources document, checked as {@code linux.resources} would be. */
    public static void validateResources(dev.jrunc.core.spec.LinuxResources resources) {
        ResourcesValidator.validate("linux.resources", resources);
    }

    /** The first problem, if any, without throwing. */
    public static Optional<ConfigException> firstError(Spec spec) {
        try {
            validate(spec);
            return Optional.empty();
        } catch (ConfigException e) {
            return Optional.of(e);
        }
    }

    private static void ociVersion(String version) {
        notEmpty("ociVersion", version);
        if (!VERSION_1.matcher(version).matches()) {
            throw fail("ociVersion", "unsupported version \"" + version + "\" (jrunc supports "
                    + SpecVersion.MIN + " to " + SpecVersion.CURRENT + ")");
        }
    }

    private static void root(Spec spec) {
        if (spec.root() == null) {
            throw fail("root", "must be set");
        }
        // Relative paths are relative to the bundle (runtime-spec config.md "Root").
        notEmpty("root.path", spec.root().path());
    }

    private static void mounts(List<Mount> mounts) {
        if (mounts == null) {
            return;
        }
        for (int i = 0; i < mounts.size(); i++) {
            String at = JsonPath.index("mounts", i);
            Mount m = mounts.get(i);
            if (m == null) {
                throw fail(at, "must not be null");
            }
            // runc still joins a relative destination to "/" with a deprecation warning; the
            // spec says MUST be absolute and jrunc enforces it rather than guess.
            absolute(at + ".destination", m.destination());
            noNulls(at + ".options", m.options());
            Checks.idMappings(at + ".uidMappings", m.uidMappings());
            Checks.idMappings(at + ".gidMappings", m.gidMappings());
            if (isEmpty(m.uidMappings()) != isEmpty(m.gidMappings())) {
                throw fail(at + (isEmpty(m.uidMappings()) ? ".uidMappings" : ".gidMappings"),
                        "id-mapped mounts must have both uid and gid mappings specified");
            }
        }
    }

    private static void hooks(Hooks hooks) {
        if (hooks == null) {
            return;
        }
        hookList("hooks.prestart", hooks.prestart());
        hookList("hooks.createRuntime", hooks.createRuntime());
        hookList("hooks.createContainer", hooks.createContainer());
        hookList("hooks.startContainer", hooks.startContainer());
        hookList("hooks.poststart", hooks.poststart());
        hookList("hooks.poststop", hooks.poststop());
    }

    private static void hookList(String field, List<Hook> hooks) {
        if (hooks == null) {
            return;
        }
        for (int i = 0; i < hooks.size(); i++) {
            String at = JsonPath.index(field, i);
            Hook h = hooks.get(i);
            if (h == null) {
                throw fail(at, "must not be null");
            }
            absolute(at + ".path", h.path());
            noNulls(at + ".args", h.args());
            noNulls(at + ".env", h.env());
            if (h.timeout() != null && h.timeout() <= 0) {
                throw fail(at + ".timeout", "must be greater than zero");
            }
        }
    }

    /** runc (validator.go uts): the names can only be set in a UTS namespace of our own. */
    private static void uts(Spec spec) {
        boolean hasUts = false;
        if (spec.linux() != null && spec.linux().namespaces() != null) {
            for (LinuxNamespace ns : spec.linux().namespaces()) {
                hasUts |= "uts".equals(ns.type());
            }
        }
        if (!isEmpty(spec.hostname()) && !hasUts) {
            throw fail("hostname", "unable to set hostname without a private UTS namespace");
        }
        if (!isEmpty(spec.domainname()) && !hasUts) {
            throw fail("domainname", "unable to set domainname without a private UTS namespace");
        }
    }
}
