/* NUMA memory policy of the container process (MEMORY_POLICY op); inherited across execve. */
#include "confine.h"
#include "msg.h"
#include "sys.h"

#include <errno.h>

void apply_memory_policy(const struct plan *p)
{
	if (!p->has_mempolicy)
		return;
	const struct plan_mask *nodes = &p->mempolicy_nodes;
	/* maxnode counts one past the last bit the kernel should read (it decrements it first). */
	unsigned long maxnode = nodes->n == 0 ? 0 : (unsigned long)nodes->n * 64 + 1;
	if (syscall(SYS_set_mempolicy, (int)(p->mempolicy_mode | p->mempolicy_flags),
		    nodes->n == 0 ? NULL : nodes->words, maxnode) < 0)
		die(errno, "set memory policy mode %u flags 0x%x", p->mempolicy_mode, p->mempolicy_flags);
}
