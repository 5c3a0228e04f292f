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
