/*
 * Loads the seccomp program compiled by the Java side (libseccomp, docs/init-protocol.md).
 * The bytes are handed to the kernel as they are: the kernel's verifier is the check.
 */
#include "init.h"
#include "msg.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>
#include <unistd.h>

void load_seccomp(const struct plan *p)
{
	struct sock_fprog prog = {
		.len = (unsigned short)(p->seccomp_len / sizeof(struct sock_filter)),
		.filter = (struct sock_filter *)p->seccomp_bpf,
	};
	/* The reader bounded the length to BPF_MAXINSNS, so the u16 above cannot wrap. */
	long fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, p->seccomp_flags, &prog);
	if (fd < 0)
		die(errno, "load the seccomp filter");
	if (!(p->seccomp_flags & PLAN_SECCOMP_NEW_LISTENER))
		return;
	/* The listener lives on the host, out of our reach after the switch: the parent
	 * takes the notify fd and passes it on. */
	if (msg_send_fd(MSG_SECCOMP_FD, (int)fd) < 0)
		die(errno, "send the seccomp notify fd");
	close((int)fd);
}
