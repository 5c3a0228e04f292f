/* Scheduling class and I/O priority of the container process (SCHEDULER, IO_PRIORITY ops). */
#include "confine.h"
#include "msg.h"
#include "sys.h"

#include <errno.h>
#include <string.h>

/* The kernel's struct sched_attr, version 1 (with the utilisation clamps). Declared here
 * because glibc 2.36 has neither the struct nor a wrapper. */
struct jr_sched_attr {
	uint32_t size;
	uint32_t sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime;
	uint64_t sched_deadline;
	uint64_t sched_period;
	uint32_t sched_util_min;
	uint32_t sched_util_max;
};

#define IOPRIO_WHO_PROCESS 1
#define IOPRIO_CLASS_SHIFT 13

void apply_scheduler(const struct plan *p)
{
	if (!p->has_sched)
		return;
	struct jr_sched_attr attr;
	memset(&attr, 0, sizeof attr);
	/* Version 1 size: the kernel refuses the UTIL_CLAMP flags with a shorter struct. The
	 * clamps stay 0, as the spec has no field for them. */
	attr.size = sizeof attr;
	attr.sched_policy = p->sched.policy;
	attr.sched_flags = p->sched.flags;
	attr.sched_nice = p->sched.nice;
	attr.sched_priority = p->sched.priority;
	attr.sched_runtime = p->sched.runtime;
	attr.sched_deadline = p->sched.deadline;
	attr.sched_period = p->sched.period;
	if (syscall(SYS_sched_setattr, 0, &attr, 0) < 0)
		die(errno, "set scheduler policy %u (sched_setattr)", p->sched.policy);
}

void apply_io_priority(const struct plan *p)
{
	if (!p->has_ioprio)
		return;
	int value = (int)(p->ioprio_class << IOPRIO_CLASS_SHIFT | p->ioprio_level);
	if (syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, value) < 0)
		die(errno, "set io priority class %u level %u", p->ioprio_class, p->ioprio_level);
}
