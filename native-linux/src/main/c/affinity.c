/* CPU affinity masks of the CPU_AFFINITY op. */
#include "confine.h"
#include "msg.h"
#include "sys.h"

#include <errno.h>

void apply_cpu_affinity(const struct plan_mask *m, const char *which)
{
	/* An empty mask means "leave it to the kernel" (the spec's omitted or empty list). */
	if (m->n == 0)
		return;
	/* The kernel reads the mask as unsigned longs: on 64-bit targets our u64 words as they are. */
	_Static_assert(sizeof(unsigned long) == sizeof(uint64_t), "64-bit unsigned long");
	if (syscall(SYS_sched_setaffinity, 0, m->n * sizeof *m->words, m->words) < 0)
		die(errno, "set %s cpu affinity", which);
}

void apply_final_cpu_affinity(const struct plan_mask *m)
{
	if (m->n > 0) {
		apply_cpu_affinity(m, "final");
		return;
	}
	/* Sized for the plan's limit, so that no CPU the kernel has is left out of it. */
	static uint64_t all[PLAN_MAX_CPU_WORDS];
	for (size_t i = 0; i < PLAN_MAX_CPU_WORDS; i++)
		all[i] = ~(uint64_t)0;
	/*
	 * Best effort, as runc (a warning there): it cannot fail for want of a CPU, the cpuset
	 * always has one, and the process runs within its cpuset either way.
	 */
	(void)syscall(SYS_sched_setaffinity, 0, sizeof all, all);
}
