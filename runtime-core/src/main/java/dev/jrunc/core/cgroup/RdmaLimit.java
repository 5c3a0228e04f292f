package dev.jrunc.core.cgroup;

import dev.jrunc.core.spec.LinuxRdma;

/** One rdma.max line; the file and its format are the same in v1 and v2. */
final class RdmaLimit {
    private RdmaLimit() {
    }

    /** "mlx4_0 hca_handle=2 hca_object=2000"; an unset count is left out (stays as it is). */
    static String line(String device, LinuxRdma limit) {
        StringBuilder b = new StringBuilder(device);
        if (limit.hcaHandles() != null) {
            b.append(" hca_handle=").append(limit.hcaHandles());
        }
        if (limit.hcaObjects() != null) {
            b.append(" hca_object=").append(limit.hcaObjects());
        }
        return b.toString();
    }
}
