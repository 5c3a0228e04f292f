/* The process side of the plan, after the switch to the new root, up to execve. */
#include "confine.h"
#include "hooks.h"
#include "init.h"
#include "msg.h"
#include "sys.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static void on_wait_signal(int sig)
{
	_exit(128 + sig);
}

/* pid 1 of a new pid namespace ignores every signal it has no handler for, so without these
 * `kill <id> TERM` could not end a created-but-not-started container. */
void install_wait_signals(void)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM };
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_wait_signal;
	sigfillset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		if (sigaction(sigs[i], &sa, NULL) < 0)
			die(errno, "sigaction %d", sigs[i]);
}

/* Opens a file of our private procfs, never leaving it, and checks it really is procfs. */
static int proc_open(struct init_ctx *c, const char *rel, int oflags)
{
	int fd = sys_openat2(c->procfd, rel, (uint64_t)(oflags | O_CLOEXEC), 0,
			     RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV);
	if (fd < 0 && errno == ENOSYS)
		fd = openat(c->procfd, rel, oflags | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	struct statfs sfs;
	if (fstatfs(fd, &sfs) < 0 || sfs.f_type != PROC_SUPER_MAGIC) {
		close(fd);
		errno = EXDEV;
		return -1;
	}
	return fd;
}

static void proc_write(struct init_ctx *c, const char *rel, const char *what, const char *val)
{
	int fd = proc_open(c, rel, O_WRONLY);
	if (fd < 0)
		die(errno, "open /proc/%s for %s", rel, what);
	size_t len = strlen(val);
	ssize_t n = write(fd, val, len);
	if (n < 0)
		die(errno, "write %s to /proc/%s", what, rel);
	if ((size_t)n != len)
		die(EIO, "write %s to /proc/%s: short write", what, rel);
	close(fd);
}

/*
 * A procfs instance of our own, mounted nowhere: nothing in the container can put a mount
 * or symlink over the files we write (CVE-2019-16884, CVE-2025-52881). Falls back to the
 * host's /proc (still ours at this point) on kernels without fsopen.
 */
void open_procfs(struct init_ctx *c)
{
	int fs = sys_fsopen("proc", FSOPEN_CLOEXEC);
	if (fs >= 0) {
		if (sys_fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
			die(errno, "create a private procfs");
		c->procfd = sys_fsmount(fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
		if (c->procfd < 0)
			die(errno, "mount a private procfs");
		close(fs);
	} else if (errno == ENOSYS) {
		c->procfd = open("/proc", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (c->procfd < 0)
			die(errno, "open /proc");
	} else {
		die(errno, "fsopen proc");
	}
	struct statfs sfs;
	if (fstatfs(c->procfd, &sfs) < 0 || sfs.f_type != PROC_SUPER_MAGIC)
		die(EXDEV, "the private procfs is not procfs");
}

static void set_sysctls(struct init_ctx *c)
{
	char rel[PATH_MAX];
	for (size_t i = 0; i < c->p->n_sysctls; i++) {
		const struct plan_pair *s = &c->p->sysctls[i];
		int n = snprintf(rel, sizeof rel, "sys/%s", s->a);
		if (n < 0 || (size_t)n >= sizeof rel)
			die(ENAMETOOLONG, "sysctl %s", s->a);
		for (char *q = rel + 4; *q; q++)
			if (*q == '.')
				*q = '/';
		proc_write(c, rel, s->a, s->b);
	}
}

static int last_cap(void)
{
	int cap = 0;
	while (prctl(PR_CAPBSET_READ, cap + 1, 0, 0, 0) >= 0)
		cap++;
	return cap;
}

static void setup_user_and_caps(struct init_ctx *c, int setgroups_denied)
{
	struct plan *p = c->p;
	int last = last_cap();

	if (p->has_caps) {
		for (int cap = 0; cap <= last && cap < 64; cap++)
			if (!(p->cap_bounding & (1ULL << cap)) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
				die(errno, "drop capability %d from the bounding set", cap);
		/* Keep the permitted set across the uid change; capset below trims it. */
		if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
			die(errno, "prctl PR_SET_KEEPCAPS");
	}
	if (p->has_user) {
		/* With setgroups denied in the user namespace there is nothing to clear. */
		if (setgroups(p->n_gids, p->gids) < 0 && !(errno == EPERM && p->n_gids == 0 && setgroups_denied))
			die(errno, "setgroups");
		if (setresgid(p->gid, p->gid, p->gid) < 0)
			die(errno, "setresgid %u", p->gid);
		if (setresuid(p->uid, p->uid, p->uid) < 0)
			die(errno, "setresuid %u", p->uid);
		/* A credential change resets dumpable to fs.suid_dumpable; keep it 0. */
		if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
			die(errno, "prctl PR_SET_DUMPABLE");
	}
	if (p->has_caps) {
		if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
			die(errno, "prctl PR_SET_KEEPCAPS");
		struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
		struct __user_cap_data_struct data[2];
		memset(data, 0, sizeof data);
		for (int k = 0; k < 2; k++) {
			data[k].effective = (uint32_t)(p->cap_effective >> (32 * k));
			data[k].permitted = (uint32_t)(p->cap_permitted >> (32 * k));
			data[k].inheritable = (uint32_t)(p->cap_inheritable >> (32 * k));
		}
		if (syscall(SYS_capset, &hdr, data) < 0)
			die(errno, "capset");
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0)
			die(errno, "clear ambient capabilities");
		for (int cap = 0; cap <= last && cap < 64; cap++)
			if ((p->cap_ambient & (1ULL << cap)) &&
			    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
				die(errno, "raise ambient capability %d", cap);
	}
	if (p->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		die(errno, "prctl PR_SET_NO_NEW_PRIVS");
}

/* CVE-2024-21626: a cwd reached through a leaked fd would be outside our root. */
static void verify_cwd(const char *cwd)
{
	char buf[PATH_MAX];
	/* The raw syscall: glibc hides the "(unreachable)" prefix behind ENOENT. */
	long n = syscall(SYS_getcwd, buf, sizeof buf);
	if (n < 0)
		die(errno, "getcwd after chdir to %s", cwd);
	if (buf[0] != '/')
		die(EPERM, "cwd %s is outside the container", cwd);
}

static void quote(char *out, size_t len, const char *s)
{
	size_t o = 0;
	out[o++] = '"';
	for (; *s && o + 5 < len; s++) {
		if (*s == '"' || *s == '\\')
			out[o++] = '\\';
		out[o++] = *s;
	}
	out[o++] = '"';
	out[o] = 0;
}

/* The rules of Go's exec.LookPath, which runc uses, including its error texts. */
static char *look_path(struct init_ctx *c)
{
	const char *name = c->p->args[0], *path = DEFAULT_PATH;
	char q[PATH_MAX + 8], cand[PATH_MAX];
	struct stat st;

	quote(q, sizeof q, name);
	for (size_t i = 0; i < c->p->n_env; i++)
		if (strncmp(c->p->env[i], "PATH=", 5) == 0)
			path = c->p->env[i] + 5;	/* the last one wins, as with setenv in order */
	if (strchr(name, '/') != NULL) {
		if (stat(name, &st) < 0) {
			int e = errno;
			char es[128];
			/* Go's errno texts are strerror's, lower-cased. */
			snprintf(es, sizeof es, "%s", strerror(e));
			es[0] = (char)tolower((unsigned char)es[0]);
			die_text(e, "exec: %s: stat %s: %s", q, name, es);
		}
		if (S_ISDIR(st.st_mode) || !(st.st_mode & 0111))
			die_text(EACCES, "exec: %s: permission denied", q);
		return strdup(name);
	}
	if (name[0] != 0) {
		const char *d = path;
		for (;;) {
			const char *end = strchrnul(d, ':');
			size_t dl = (size_t)(end - d);
			int n = dl == 0 ? snprintf(cand, sizeof cand, "./%s", name)
					: snprintf(cand, sizeof cand, "%.*s/%s", (int)dl, d, name);
			if (n > 0 && (size_t)n < sizeof cand && stat(cand, &st) == 0 &&
			    !S_ISDIR(st.st_mode) && (st.st_mode & 0111))
				return strdup(cand);
			if (*end == 0)
				break;
			d = end + 1;
		}
	}
	die_text(ENOENT, "exec: %s: executable file not found in $PATH", q);
}

/*
 * LSM labels take effect at our execve. Written through the private procfs (CVE-2019-16884:
 * a label write that lands on a fake file would leave the process unconfined, silently).
 * AppArmor has its own attr directory since Linux 5.8 (LSM stacking); before that it shares
 * attr/exec with SELinux, as runc falls back too.
 */
static void apply_exec_labels(struct init_ctx *c)
{
	struct plan *p = c->p;
	if (p->apparmor_profile != NULL) {
		char text[PLAN_MAX_PATH + 8];
		snprintf(text, sizeof text, "exec %s", p->apparmor_profile);
		int fd = proc_open(c, "thread-self/attr/apparmor/exec", O_WRONLY);
		if (fd >= 0)
			close(fd);
		proc_write(c, fd >= 0 ? "thread-self/attr/apparmor/exec" : "thread-self/attr/exec",
			   "apparmor profile", text);
	}
	if (p->selinux_label != NULL)
		proc_write(c, "thread-self/attr/exec", "selinux label", p->selinux_label);
}

void setup_process(struct init_ctx *c)
{
	struct plan *p = c->p;
	char buf[32];

	if ((p->hostname != NULL || p->domainname != NULL) && !c->has_uts)
		die(EINVAL, "hostname or domainname without a uts namespace");
	if (p->hostname != NULL && sethostname(p->hostname, strlen(p->hostname)) < 0)
		die(errno, "sethostname %s", p->hostname);
	if (p->domainname != NULL && setdomainname(p->domainname, strlen(p->domainname)) < 0)
		die(errno, "setdomainname %s", p->domainname);
	set_sysctls(c);
	if (p->has_oom) {
		snprintf(buf, sizeof buf, "%d", p->oom_score_adj);
		proc_write(c, "self/oom_score_adj", "oom_score_adj", buf);
	}
	for (size_t i = 0; i < p->n_rlimits; i++) {
		struct rlimit rl = { .rlim_cur = p->rlimits[i].soft, .rlim_max = p->rlimits[i].hard };
		if (setrlimit((__rlimit_resource_t)p->rlimits[i].resource, &rl) < 0)
			die(errno, "setrlimit %u", p->rlimits[i].resource);
	}
	/* Still root with every capability: a real-time policy needs CAP_SYS_NICE. */
	apply_scheduler(p);
	apply_io_priority(p);
	apply_personality(p);
	apply_memory_policy(p);

	int setgroups_denied = 0;
	if (p->has_user && p->n_gids == 0) {
		char sg[16] = { 0 };
		int fd = proc_open(c, "self/setgroups", O_RDONLY);
		if (fd >= 0) {
			setgroups_denied = read(fd, sg, sizeof sg - 1) > 0 && strncmp(sg, "deny", 4) == 0;
			close(fd);
		}
	}
	apply_exec_labels(c);
	/* Our own fds go before the cwd is even looked at: cwd=/proc/self/fd/N must find nothing. */
	close(c->procfd);
	close(c->rootfd);
	c->procfd = c->rootfd = -1;

	const char *cwd = p->cwd != NULL ? p->cwd : "/";
	/* As root first (root may traverse what the user cannot); again as the user if root was
	 * refused, e.g. on root-squashed NFS. */
	int chdir_err = chdir(cwd) < 0 ? errno : 0;
	if (chdir_err != 0 && chdir_err != EPERM && chdir_err != EACCES)
		die(chdir_err, "chdir to cwd %s", cwd);
	/* Checked now, before a filter loaded just below may deny getcwd (runtime-tools'
	 * linux_seccomp does); nothing until the credential switch moves the cwd. */
	if (chdir_err == 0)
		verify_cwd(cwd);
	/* Without no_new_privs the kernel lets only CAP_SYS_ADMIN load a filter, and the
	 * credential switch below drops it: load now, as runc does (the socket is still open
	 * for a notify fd). */
	if (p->has_seccomp && !p->no_new_privs) {
		close_fds_at_exec(c);
		load_seccomp(p);
	}
	setup_user_and_caps(c, setgroups_denied);
	if (chdir_err != 0) {
		if (chdir(cwd) < 0)
			die(errno, "chdir to cwd %s", cwd);
		verify_cwd(cwd);
	}
	c->exec_path = look_path(c);
	if (c->exec_path == NULL)
		die(ENOMEM, "resolve %s", p->args[0]);
	/* A notify fd must reach the parent before READY closes the socket. */
	if (p->has_seccomp && p->no_new_privs && (p->seccomp_flags & PLAN_SECCOMP_NEW_LISTENER)) {
		close_fds_at_exec(c);
		load_seccomp(p);
	}
}

/*
 * Marks every fd above stdio and the preserved ones close-on-exec. Done before a filter is
 * loaded ahead of the final close: the container's profile may deny close_range (runtime-tools'
 * does), and then the kernel still closes them all at execve, as with runc, which marks them
 * the same way before its filter.
 */
void close_fds_at_exec(struct init_ctx *c)
{
	if (sys_close_range(3 + c->nfds, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
		die(errno, "close_range");
	c->fds_cloexec = 1;
}

static char **strv(char **v, size_t n)
{
	char **r = calloc(n + 1, sizeof *r);
	if (r == NULL)
		die(ENOMEM, "argv");
	memcpy(r, v, n * sizeof *r);
	return r;
}

void wait_and_exec(struct init_ctx *c)
{
	char **argv = strv(c->p->args, c->p->n_args), **envp = strv(c->p->env, c->p->n_env);
	char b;
	ssize_t n;

	console_stdio(c);
	if (msg_send(MSG_READY, NULL, 0) < 0)
		die(errno, "send READY");
	close(g_sock);
	g_sock = -1;

	/*
	 * `exec` into a created container opens our /proc/PID/ns files. An unprivileged caller
	 * (rootless jrunc) may do that only while we are dumpable, since our memory belongs to the
	 * user namespace we were executed in, where it has no CAP_SYS_PTRACE. runc keeps its
	 * waiting init dumpable for the same reason. Only for such a caller, and only for the wait:
	 * whoever could then look into us is that same user or its container, which hold nothing
	 * more on the host than the user does; the binary is a sealed copy either way.
	 */
	if (c->unprivileged_caller && prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0)
		die(errno, "prctl PR_SET_DUMPABLE");
	/* Blocks until `jrunc start` writes its byte; a signal ends us through the handlers. */
	do
		n = read(c->fifo_fd, &b, 1);
	while (n < 0 && errno == EINTR);
	if (n != 1)
		die(n < 0 ? errno : EIO, "read exec fifo");
	if (c->unprivileged_caller && prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		die(errno, "prctl PR_SET_DUMPABLE");

	/*
	 * Nothing of ours may reach the container process (CVE-2024-21626). The fifo alone
	 * stays open until execve closes it (O_CLOEXEC): its last reader gone is how a
	 * `start` with poststart hooks learns that the process has been started. A fifo
	 * cannot be executed, so keeping it open across the path lookup of execve is harmless.
	 * Refused by the container's filter, the close is left to execve: everything is
	 * close-on-exec then.
	 */
	unsigned first = 3 + c->nfds, fifo = (unsigned)c->fifo_fd;
	int closed;
	if (c->fifo_fd < 0 || fifo < first)
		closed = sys_close_range(first, ~0U, 0) == 0;
	else
		closed = (fifo == first || sys_close_range(first, fifo - 1, 0) == 0) &&
			 sys_close_range(fifo + 1, ~0U, 0) == 0;
	if (!closed && !c->fds_cloexec)
		die(errno, "close_range");
	umask(c->p->has_user && c->p->umask != 0xFFFFFFFFu ? (mode_t)c->p->umask : c->saved_umask);
	/*
	 * As runc: in the container, as its user, after start released us; our own pid and
	 * "created" in the state. A failure stops the container before its process runs; the
	 * reason goes on the container's stderr and into the fifo, where a `start` that
	 * still holds it open reads it back to fail with it (runtime-spec: an error).
	 */
	if (hooks_any(c->p, HOOK_START_CONTAINER)) {
		static char err[8192];
		if (hooks_run(c->p, HOOK_START_CONTAINER, "created", (int)getpid(), err, sizeof err) < 0) {
			dprintf(2, "jrunc-init: %s\n", err);
			/* At most PIPE_BUF bytes: one atomic write that never blocks on an empty fifo. */
			if (write(c->fifo_fd, err, strnlen(err, PIPE_BUF)) < 0)
				_exit(1);	/* nobody left to tell */
			_exit(1);
		}
	}
	reset_signals();

	apply_final_cpu_affinity(&c->p->affinity_final);

	/* With no_new_privs set, the filter goes on last, so that it has to allow nothing of
	 * ours but execve itself. */
	if (c->p->has_seccomp && c->p->no_new_privs && !(c->p->seccomp_flags & PLAN_SECCOMP_NEW_LISTENER))
		load_seccomp(c->p);
	execve(c->exec_path, argv, envp);
	int e = errno;
	dprintf(2, "jrunc-init: exec %s: %s\n", c->exec_path, strerror(e));
	_exit(e == ENOENT ? 127 : 126);
}
