/*
 * The container's own session keyring (SESSION_KEYRING op), so that it does not share the
 * caller's: keys of the host session would otherwise be reachable from inside.
 */
#include "confine.h"
#include "msg.h"
#include "sys.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEYCTL_SETPERM 5
#define KEYCTL_DESCRIBE 6
#define KEYCTL_JOIN_SESSION_KEYRING 1

/* The permission word of a key: the 4th field of "type;uid;gid;perm;description". */
static uint32_t key_perm(long serial)
{
	char buf[4096 + 64];
	long n = syscall(SYS_keyctl, KEYCTL_DESCRIBE, serial, buf, sizeof buf);
	if (n < 0)
		die(errno, "describe the session keyring");
	if ((size_t)n > sizeof buf)
		die(E2BIG, "describe the session keyring: %ld bytes", n);
	buf[sizeof buf - 1] = 0;
	const char *f = buf;
	for (int i = 0; i < 3; i++) {
		f = strchr(f, ';');
		if (f == NULL)
			die(EPROTO, "describe the session keyring: no permission field");
		f++;
	}
	char *end;
	errno = 0;
	unsigned long perm = strtoul(f, &end, 16);
	if (errno != 0 || end == f || *end != ';' || perm > 0xFFFFFFFFul)
		die(EPROTO, "describe the session keyring: bad permission field");
	return (uint32_t)perm;
}

void join_session_keyring(const struct plan *p)
{
	if (p->keyring == NULL)
		return;
	long serial = syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, p->keyring);
	if (serial < 0) {
		/* A kernel without keys: the keyring only adds marginal isolation (runc skips it too). */
		if (errno == ENOSYS)
			return;
		die(errno, "join session keyring %s", p->keyring);
	}
	uint32_t perm = (key_perm(serial) & p->keyring_keep) | p->keyring_add;
	if (syscall(SYS_keyctl, KEYCTL_SETPERM, serial, perm) < 0)
		die(errno, "set permissions 0x%08x on session keyring %s", perm, p->keyring);
}
