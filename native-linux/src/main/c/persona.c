/* Execution domain (PERSONALITY op); it survives execve, so the container process keeps it. */
#include "confine.h"
#include "msg.h"

#include <errno.h>
#include <sys/personality.h>

void apply_personality(const struct plan *p)
{
	if (p->has_personality && personality((unsigned long)p->personality) < 0)
		die(errno, "set personality 0x%x", p->personality);
}
