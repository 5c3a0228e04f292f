/* State shared by the stages of `jrunc-init init`. */
#ifndef JRUNC_INIT_H
#define JRUNC_INIT_H

#include "plan.h"

#include <stdint.h>
#include <sys/types.h>

struct init_ctx {
	struct plan *p;
	unsigned nfds;		/* preserved fds, now at 3 .. 2+nfds */
	mode_t saved_umask;	/* the umask jrunc-init was started with */
	int fifo_fd;		/* exec fifo, O_RDWR */
	int console_fd;		/* connected --console-socket */
	int rootfd;		/* the rootfs bind mount, O_PATH */
	int devnull;		/* verified host /dev/null */
	int pty_peer;		/* container side of the terminal */
	int procfd;		/* private procfs for our own writes */
	int new_user;		/* a user namespace was created */
	int joined_user;	/* a user namespace was joined */
	int new_cgroup;		/* a cgroup namespace is to be created after GO */
	int has_mnt, has_uts;
	char *exec_path;	/* argv[0] resolved in the container */
	int fds_cloexec;	/* every fd above the preserved ones is close-on-exec already */
	int *mount_trees;	/* per MOUNT: a detached id-mapped tree made by stage 0, or -1; NULL = none */
	int unprivileged_caller;	/* started without root in our own user namespace (rootless jrunc) */
};

/* stage0.c: returns in the container init; the stage 0 process exits inside. */
void stage0(struct init_ctx *c);

/* mounts.c */
void setup_rootfs(struct init_ctx *c);
int mount_id(int fd, uint64_t *id);
int attach_clone(int srcfd, const char *srcpath, int recursive, uint64_t attr_set, int targetfd);
/* MOUNT_ATTR_* a bind takes from its MS_* flags (the ones mount(2) cannot set on a bind). */
uint64_t bind_attrs(uint64_t ms_flags);
/* idmapped_mounts.c: in stage 0, before any namespace is joined */
void prepare_idmapped_mounts(struct init_ctx *c);
/* devices.c */
void setup_devices(struct init_ctx *c);
/* console.c */
void setup_console(struct init_ctx *c);
void console_stdio(struct init_ctx *c);
void exec_console(struct init_ctx *c);
/* pivot.c */
void switch_root(struct init_ctx *c);
/* main.c */
void wait_go(void);
/* process.c */
void open_procfs(struct init_ctx *c);
void setup_process(struct init_ctx *c);
_Noreturn void wait_and_exec(struct init_ctx *c);
void install_wait_signals(void);
void close_fds_at_exec(struct init_ctx *c);
/* seccomp.c */
void load_seccomp(const struct plan *p);

#endif
