/*
 * Stage 0, still in jrunc's namespaces: everything that needs host paths (console socket,
 * exec fifo, namespace files), then the clone of the container init as a sibling
 * (CLONE_PARENT), so the init is jrunc's child and stage 0 can simply exit.
 */
#include "init.h"
#include "msg.h"
#include "sys.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static const struct {
	uint32_t type;
	int flag;
	const char *name;
} ns_table[] = {
	/* user first: the others may be owned by it and need its capabilities to join */
	{ NS_USER, CLONE_NEWUSER, "user" }, { NS_PID, CLONE_NEWPID, "pid" },
	{ NS_NET, CLONE_NEWNET, "network" }, { NS_MNT, CLONE_NEWNS, "mount" },
	{ NS_IPC, CLONE_NEWIPC, "ipc" },     { NS_UTS, CLONE_NEWUTS, "uts" },
	{ NS_CGROUP, CLONE_NEWCGROUP, "cgroup" }, { NS_TIME, CLONE_NEWTIME, "time" },
};

static int connect_console(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), pfd = -1;
	if (fd < 0)
		die(errno, "console socket");
	if (strlen(path) < sizeof sa.sun_path) {
		strcpy(sa.sun_path, path);
	} else {
		/* Too long for sun_path: connect through an O_PATH fd of the socket file. */
		pfd = open(path, O_PATH | O_CLOEXEC);
		if (pfd < 0)
			die(errno, "open console socket %s", path);
		snprintf(sa.sun_path, sizeof sa.sun_path, "/proc/self/fd/%d", pfd);
	}
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0)
		die(errno, "connect to console socket %s", path);
	if (pfd >= 0)
		close(pfd);
	return fd;
}

static pid_t clone_init(uint64_t flags)
{
	/* clone3 wants exit_signal 0 with CLONE_PARENT: the child inherits ours (SIGCHLD to jrunc). */
	struct jr_clone_args args = { .flags = flags | CLONE_PARENT, .exit_signal = 0 };
	long r = syscall(SYS_clone3, &args, sizeof args);
	if (r < 0 && errno == ENOSYS && !(flags & CLONE_NEWTIME))
		r = syscall(SYS_clone, (unsigned long)(flags | CLONE_PARENT | SIGCHLD), 0, 0, 0, 0);
	return (pid_t)r;
}

/*
 * The offsets of a new time namespace can only be written before any process is in it, and
 * a clone3(CLONE_NEWTIME) child is in it at once: so unshare it here (it becomes the
 * namespace of our children only), write the offsets, and clone the init without the flag.
 */
static void new_time_namespace(const struct plan *p)
{
	char text[128];
	int n = snprintf(text, sizeof text, "monotonic %lld %u\nboottime %lld %u\n",
			 (long long)p->monotonic_secs, p->monotonic_nanos, (long long)p->boottime_secs,
			 p->boottime_nanos);
	if (unshare(CLONE_NEWTIME) < 0)
		die(errno, "unshare the time namespace");
	int fd = open("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, text, (size_t)n) != n)
		die(errno, "write time namespace offsets to /proc/self/timens_offsets");
	close(fd);
}

void stage0(struct init_ctx *c)
{
	struct plan *p = c->p;
	int nsfd[PLAN_MAX_NS];
	uint64_t flags = 0;

	if (p->rootfs == NULL || p->rootfs[0] != '/')
		die(EINVAL, "plan: an absolute ROOTFS is required");
	if (p->n_args == 0)
		die(EINVAL, "plan: at least one ARG is required");
	if (p->exec_fifo == NULL)
		die(EINVAL, "plan: EXEC_FIFO is required");
	if (p->has_time_offsets) {
		int new_time = 0;
		for (size_t i = 0; i < p->n_ns; i++)
			new_time |= p->ns[i].type == NS_TIME && p->ns[i].path[0] == 0;
		if (!new_time)
			die(EINVAL, "plan: TIME_OFFSETS needs a new time NAMESPACE");
	}

	if (p->console_socket != NULL)
		c->console_fd = connect_console(p->console_socket);

	c->fifo_fd = open(p->exec_fifo, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	if (c->fifo_fd < 0 || fstat(c->fifo_fd, &st) < 0)
		die(errno, "open exec fifo %s", p->exec_fifo);
	if (!S_ISFIFO(st.st_mode))
		die(EINVAL, "exec fifo %s is not a fifo", p->exec_fifo);

	/* While still host root in the host's namespaces (idmapped_mounts.c says why). */
	prepare_idmapped_mounts(c);

	/* Open every namespace file before joining any: joining a mount ns changes what paths mean. */
	for (size_t i = 0; i < p->n_ns; i++) {
		nsfd[i] = -1;
		if (p->ns[i].type == NS_MNT)
			c->has_mnt = 1;
		if (p->ns[i].type == NS_UTS)
			c->has_uts = 1;
		if (p->ns[i].path[0] != 0) {
			nsfd[i] = open(p->ns[i].path, O_RDONLY | O_CLOEXEC);
			if (nsfd[i] < 0)
				die(errno, "open namespace %s", p->ns[i].path);
		}
	}
	if (!c->has_mnt)
		die(EINVAL, "plan: a mount namespace is required");
	for (size_t t = 0; t < sizeof ns_table / sizeof ns_table[0]; t++) {
		for (size_t i = 0; i < p->n_ns; i++) {
			if (p->ns[i].type != ns_table[t].type)
				continue;
			if (nsfd[i] >= 0) {
				if (setns(nsfd[i], ns_table[t].flag) < 0)
					die(errno, "join %s namespace %s", ns_table[t].name, p->ns[i].path);
				close(nsfd[i]);
				if (ns_table[t].type == NS_USER)
					c->joined_user = 1;
			} else if (ns_table[t].type == NS_CGROUP) {
				/* Created after GO, once Java has moved us into the container's cgroup. */
				c->new_cgroup = 1;
			} else if (ns_table[t].type == NS_TIME && p->has_time_offsets) {
				/* After the user namespace: a joined one owns the new time namespace. */
				new_time_namespace(p);
			} else {
				flags |= (uint64_t)ns_table[t].flag;
				if (ns_table[t].type == NS_USER)
					c->new_user = 1;
			}
		}
	}

	/*
	 * The caller writes the new user namespace's id maps (itself or through newuidmap),
	 * which needs /proc/PID/uid_map to be owned by it: a non-dumpable process's /proc files
	 * belong to the host's root, whom neither a rootless user nor uid 0 of rootless
	 * podman's user namespace may override. The init inherits this and turns it off again
	 * once GO came, before any of the container's configuration runs (as runc's nsexec).
	 */
	if ((flags & CLONE_NEWUSER) && prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0)
		die(errno, "prctl PR_SET_DUMPABLE");
	pid_t pid = clone_init(flags);
	if (pid < 0)
		die(errno, "clone the container init");
	if (pid == 0)
		return;
	int32_t v = pid;
	unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 24) };
	if (msg_send(MSG_PID, b, sizeof b) < 0)
		die(errno, "send PID");
	_exit(0);
}
