/*
 * jrunc-init: carries out an init plan decided by the Java side (docs/init-protocol.md).
 *   jrunc-init init N        container init, plan on fd 3, N preserved fds at 4..3+N
 *   jrunc-init supervise ... foreground `run` supervisor (supervise.c)
 *   jrunc-init start|kill|delete ...  the native half of those commands (hotcmd.c)
 *   jrunc-init create ...    the native half of create and run (createcmd.c)
 *   jrunc-init exec ...      the native half of exec (execcmd.c)
 *   jrunc-init log-line ...  one log line on stdout: the log format test's probe (log.c)
 */
#include "confine.h"
#include "hooks.h"
#include "init.h"
#include "log.h"
#include "msg.h"
#include "seal.h"
#include "sys.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_PRESERVE_FDS 65536u

int supervise_main(int argc, char **argv);
int start_main(int argc, char **argv);
int kill_main(int argc, char **argv);
int delete_main(int argc, char **argv);
int create_main(int argc, char **argv);
int exec_main(int argc, char **argv, char **full_argv);

/*
 * bin/jrunc leaves the stop signals blocked (and maybe pending) when it execs us, for the
 * supervisor's sake. The short commands take them as runc would: now, with default action.
 */
static void unblock_signals(void)
{
	sigset_t none;
	sigemptyset(&none);
	if (sigprocmask(SIG_SETMASK, &none, NULL) < 0) {
		dprintf(2, "jrunc-init: sigprocmask: %s\n", strerror(errno));
		exit(255);
	}
}

/* log-line --log-format F --level L --time T MESSAGE: prints the entry log_error would write. */
static int log_line_main(int argc, char **argv)
{
	const char *level = "error", *time = NULL;
	int i = 1;
	for (; i < argc - 1; i++) {
		int r = log_option(argc, argv, &i);
		if (r < 0)
			return 2;
		if (r > 0)
			continue;
		if (strcmp(argv[i], "--level") == 0 && i + 1 < argc - 1)
			level = argv[++i];
		else if (strcmp(argv[i], "--time") == 0 && i + 1 < argc - 1)
			time = argv[++i];
		else
			return 2;
	}
	if (i != argc - 1 || time == NULL)
		return 2;
	static char line[65536];
	int n = log_format_line(line, sizeof line, level, argv[argc - 1], time);
	if (n < 0)
		return 1;
	printf("%s\n", line);
	return fflush(stdout) == 0 ? 0 : 1;
}

static unsigned parse_nfds(const char *s)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != 0 || s[0] == '-' || v > MAX_PRESERVE_FDS) {
		dprintf(2, "jrunc-init: bad preserved fd count %s\n", s);
		exit(2);
	}
	return (unsigned)v;
}

/* Socket from fd 3 to above the preserved fds, which move down to where the caller had them. */
static void arrange_fds(unsigned nfds)
{
	int sock = fcntl(3, F_DUPFD_CLOEXEC, (int)(4 + nfds));
	if (sock < 0)
		die(errno, "move the socket");
	g_sock = sock;
	for (unsigned i = 0; i < nfds; i++)
		if (dup2((int)(4 + i), (int)(3 + i)) < 0)
			die(errno, "move preserved fd %u", 4 + i);
	if (close((int)(3 + nfds)) < 0)
		die(errno, "close fd %u", 3 + nfds);
}

/* Blocks until the parent says GO (cgroup joined, id maps written). */
void wait_go(void)
{
	char buf[16];
	size_t len;
	int type = msg_recv(buf, sizeof buf, &len);
	if (type < 0)
		die(errno, "receive GO");
	if (type != MSG_GO || len != 0)
		die(EPROTO, "expected GO, got message type %d", type);
}

/*
 * runc's order, before pivot_root so that the host's tree is still reachable: the runtime
 * runs prestart and createRuntime (on HOOKS, answering RESUME), then we run createContainer
 * in the container's namespaces, with the rootfs as cwd and our own pid in the state.
 */
static void create_hooks(struct init_ctx *c)
{
	if (c->p->hook_sync) {
		char buf[16];
		size_t len;
		if (msg_send(MSG_HOOKS, NULL, 0) < 0)
			die(errno, "send HOOKS");
		int type = msg_recv(buf, sizeof buf, &len);
		if (type < 0)
			die(errno, "receive RESUME");
		if (type != MSG_RESUME || len != 0)
			die(EPROTO, "expected RESUME, got message type %d", type);
	}
	if (!hooks_any(c->p, HOOK_CREATE_CONTAINER))
		return;
	char err[8192];
	if (fchdir(c->rootfd) < 0)
		die(errno, "chdir to rootfs %s", c->p->rootfs);
	if (hooks_run(c->p, HOOK_CREATE_CONTAINER, "creating", (int)getpid(), err, sizeof err) < 0)
		die_text(0, "%s", err);
}

static int init_main(unsigned nfds, char **argv)
{
	struct plan plan;
	struct init_ctx c = { .p = &plan, .nfds = nfds, .fifo_fd = -1, .console_fd = -1,
			      .rootfd = -1, .devnull = -1, .pty_peer = -1, .procfd = -1 };
	char err[512];
	size_t len;
	int type;
	socklen_t tl = sizeof type;

	if (sys_close_range(4 + nfds, ~0U, 0) < 0)
		die(errno, "close_range");
	c.unprivileged_caller = geteuid() != 0;
	struct stat st;
	if (fstat(3, &st) < 0 || !S_ISSOCK(st.st_mode) ||
	    getsockopt(3, SOL_SOCKET, SO_TYPE, &type, &tl) < 0 || type != SOCK_SEQPACKET) {
		dprintf(2, "jrunc-init: fd 3 is not a SOCK_SEQPACKET socket\n");
		return 2;
	}
	g_sock = 3;
	seal_self(argv);
	arrange_fds(nfds);
	c.saved_umask = umask(0);

	unsigned char *buf = msg_recv_plan(&len);
	if (plan_parse(buf, len, &plan, err, sizeof err) < 0)
		die(EINVAL, "plan: %s", err);
	free(buf);
	if (plan.has_preserve_fds && plan.preserve_fds != nfds)
		die(EINVAL, "plan: PRESERVE_FDS %u but %u given on the command line", plan.preserve_fds, nfds);

	/* Before the cgroup is joined: stage 0 and the init it clones run on these CPUs. */
	apply_cpu_affinity(&plan.affinity_initial, "initial");
	stage0(&c);
	/* From here on: the container init. */
	install_wait_signals();
	wait_go();
	/* Maps are written: no one but root may look into us again (see stage0). */
	if (c.new_user && prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		die(errno, "prctl PR_SET_DUMPABLE");
	if ((c.new_user || c.joined_user) && (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0))
		die(errno, "become root in the user namespace");
	join_session_keyring(&plan);
	if (c.new_cgroup && unshare(CLONE_NEWCGROUP) < 0)
		die(errno, "unshare the cgroup namespace");
	open_procfs(&c);
	setup_rootfs(&c);
	create_hooks(&c);
	switch_root(&c);
	setup_process(&c);
	wait_and_exec(&c);
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "supervise") == 0)
		return supervise_main(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "start") == 0) {
		unblock_signals();
		return start_main(argc - 1, argv + 1);
	}
	if (argc >= 2 && strcmp(argv[1], "kill") == 0) {
		unblock_signals();
		return kill_main(argc - 1, argv + 1);
	}
	if (argc >= 2 && strcmp(argv[1], "delete") == 0) {
		unblock_signals();
		return delete_main(argc - 1, argv + 1);
	}
	/*
	 * Signals stay blocked while the container is made, so that a stop signal cannot leave
	 * half of one behind; create takes them once it is done, or hands them to supervise.
	 */
	if (argc >= 2 && strcmp(argv[1], "create") == 0)
		return create_main(argc - 1, argv + 1);
	/* Signals stay blocked: exec decides where they go once the process exists. */
	if (argc >= 2 && strcmp(argv[1], "exec") == 0)
		return exec_main(argc - 1, argv + 1, argv);
	if (argc >= 2 && strcmp(argv[1], "log-line") == 0)
		return log_line_main(argc - 1, argv + 1);
	if (argc == 3 && strcmp(argv[1], "init") == 0)
		return init_main(parse_nfds(argv[2]), argv);
	dprintf(2, "usage: jrunc-init init N | jrunc-init supervise --pid P [--subreaper] "
		   "[--cgroup DIR]... [--state-dir DIR]\n");
	return 2;
}
