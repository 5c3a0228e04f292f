package dev.jrunc.core.spec;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes {@link Features} as runc does (four-space indent, keys in component order, null
 * members omitted) on the streaming generator rather than databind.
 */
final class FeaturesWriter {
    private final GoJson json;
    private final JsonGenerator g;

    private FeaturesWriter() {
        json = new GoJson("    ");
        g = json.generator();
    }

    static String write(Features f) {
        try {
            FeaturesWriter w = new FeaturesWriter();
            w.features(f);
            return w.json.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void features(Features f) throws IOException {
        g.writeStartObject();
        json.string("ociVersionMin", f.ociVersionMin());
        json.string("ociVersionMax", f.ociVersionMax());
        json.strings("hooks", f.hooks());
        json.strings("mountOptions", f.mountOptions());
        if (f.linux() != null) {
            g.writeFieldName("linux");
            linux(f.linux());
        }
        if (f.annotations() != null) {
            json.stringMap("annotations", f.annotations());
        }
        json.strings("potentiallyUnsafeConfigAnnotations", f.potentiallyUnsafeConfigAnnotations());
        g.writeEndObject();
    }

    private void linux(Features.Linux l) throws IOException {
        g.writeStartObject();
        json.strings("namespaces", l.namespaces());
        json.strings("capabilities", l.capabilities());
        if (l.cgroup() != null) {
            Features.Cgroup c = l.cgroup();
            g.writeObjectFieldStart("cgroup");
            json.bool("v1", c.v1());
            json.bool("v2", c.v2());
            json.bool("systemd", c.systemd());
            json.bool("systemdUser", c.systemdUser());
            json.bool("rdma", c.rdma());
            g.writeEndObject();
        }
        if (l.seccomp() != null) {
            seccomp(l.seccomp());
        }
        if (l.apparmor() != null) {
            enabledOnly("apparmor", l.apparmor().enabled());
        }
        if (l.selinux() != null) {
            enabledOnly("selinux", l.selinux().enabled());
        }
        if (l.intelRdt() != null) {
            Features.IntelRdt r = l.intelRdt();
            g.writeObjectFieldStart("intelRdt");
            json.bool("enabled", r.enabled());
            json.bool("schemata", r.schemata());
            json.bool("monitoring", r.monitoring());
            g.writeEndObject();
        }
        if (l.memoryPolicy() != null) {
            g.writeObjectFieldStart("memoryPolicy");
            json.strings("modes", l.memoryPolicy().modes());
            json.strings("flags", l.memoryPolicy().flags());
            g.writeEndObject();
        }
        if (l.mountExtensions() != null) {
            g.writeObjectFieldStart("mountExtensions");
            if (l.mountExtensions().idmap() != null) {
                enabledOnly("idmap", l.mountExtensions().idmap().enabled());
            }
            g.writeEndObject();
        }
        if (l.netDevices() != null) {
            enabledOnly("netDevices", l.netDevices().enabled());
        }
        g.writeEndObject();
    }

    private void seccomp(Features.Seccomp s) throws IOException {
        g.writeObjectFieldStart("seccomp");
        json.bool("enabled", s.enabled());
        json.strings("actions", s.actions());
        json.strings("operators", s.operators());
        json.strings("archs", s.archs());
        json.strings("knownFlags", s.knownFlags());
        json.strings("supportedFlags", s.supportedFlags());
        g.writeEndObject();
    }

    /** The several {@code {"enabled": …}} sub-objects. */
    private void enabledOnly(String name, Boolean enabled) throws IOException {
        g.writeObjectFieldStart(name);
        json.bool("enabled", enabled);
        g.writeEndObject();
    }
}
