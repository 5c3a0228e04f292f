/* Process attributes set by the init just before the credential switch (and two that are not). */
#ifndef JRUNC_CONFINE_H
#define JRUNC_CONFINE_H

#include "plan.h"

/* keyring.c: at the start of the init, before the rootfs is touched. */
void join_session_keyring(const struct plan *p);
/* sched.c */
void apply_scheduler(const struct plan *p);
void apply_io_priority(const struct plan *p);
/* persona.c */
void apply_personality(const struct plan *p);
/* numa.c */
void apply_memory_policy(const struct plan *p);
/* affinity.c: `which` names the mask in errors ("initial", "final"). */
void apply_cpu_affinity(const struct plan_mask *m, const char *which);
/*
 * Right before execve, in the container's cgroups: the final mask if there is one, else
 * every CPU, which the kernel narrows to the cpuset; the caller's affinity (taskset,
 * systemd's CPUAffinity=) is not the container's, and since Linux 6.2 the cpuset attach
 * keeps it.
 */
void apply_final_cpu_affinity(const struct plan_mask *m);

#endif
