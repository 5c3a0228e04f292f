package dev.jrunc.core.spec;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FeaturesTest {

    @Test
    void keyOrderFollowsRuncAndNullsAreOmitted() {
        Features f = new Features("1.0.0", "1.3.0", List.of("prestart"), List.of("ro"),
                new Features.Linux(List.of("pid"), List.of("CAP_KILL"),
                        new Features.Cgroup(true, true, true, true, false),
                        new Features.Seccomp(true, List.of("SCMP_ACT_ALLOW"), List.of("SCMP_CMP_EQ"),
                                List.of("SCMP_ARCH_X86_64"), List.of(), List.of()),
                        new Features.Apparmor(false), new Features.Selinux(false),
                        new Features.IntelRdt(false, null, null),
                        new Features.MemoryPolicy(List.of("MPOL_BIND"), List.of()),
                        new Features.MountExtensions(new Features.IdMap(false)),
                        new Features.NetDevices(null)),
                Map.of("org.opencontainers.runc.checkpoint.enabled", "false"),
                List.of("bundle"));
        assertEquals("""
                {
                    "ociVersionMin": "1.0.0",
                    "ociVersionMax": "1.3.0",
                    "hooks": [
                        "prestart"
                    ],
                    "mountOptions": [
                        "ro"
                    ],
                    "linux": {
                        "namespaces": [
                            "pid"
                        ],
                        "capabilities": [
                            "CAP_KILL"
                        ],
                        "cgroup": {
                            "v1": true,
                            "v2": true,
                            "systemd": true,
                            "systemdUser": true,
                            "rdma": false
                        },
                        "seccomp": {
                            "enabled": true,
                            "actions": [
                                "SCMP_ACT_ALLOW"
                            ],
                            "operators": [
                                "SCMP_CMP_EQ"
                            ],
                            "archs": [
                                "SCMP_ARCH_X86_64"
                            ],
                            "knownFlags": [],
                            "supportedFlags": []
                        },
                        "apparmor": {
                            "enabled": false
                        },
                        "selinux": {
                            "enabled": false
                        },
                        "intelRdt": {
                            "enabled": false
                        },
                        "memoryPolicy": {
                            "modes": [
                                "MPOL_BIND"
                            ],
                            "flags": []
                        },
                        "mountExtensions": {
                            "idmap": {
                                "enabled": false
                            }
                        },
                        "netDevices": {}
                    },
                    "annotations": {
                        "org.opencontainers.runc.checkpoint.enabled": "false"
                    },
                    "potentiallyUnsafeConfigAnnotations": [
                        "bundle"
                    ]
                }
                """, f.toJson());
    }

    @Test
    void minimalDocumentHasOnlyVersions() {
        assertEquals("{\n    \"ociVersionMin\": \"1.0.0\",\n    \"ociVersionMax\": \"1.3.0\"\n}\n",
                new Features("1.0.0", "1.3.0", null, null, null, null, null).toJson());
    }
}
