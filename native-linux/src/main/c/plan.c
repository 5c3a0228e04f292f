/*
 * Reader for the init plan. Everything arriving here is treated as hostile: every length is
 * checked against what is left and against the limits of docs/init-protocol.md section 4
 * before anything is allocated (the bug class of CVE-2021-43784).
 */
#include "plan.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

struct cur {
	const unsigned char *p;
	size_t left;
	char *err;
	size_t errlen;
};

static int fail(struct cur *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct cur *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->err, c->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *const op_names[OP_MAX + 1] = {
	[OP_NAMESPACE] = "NAMESPACE", [OP_ROOTFS] = "ROOTFS",
	[OP_ROOTFS_PROPAGATION] = "ROOTFS_PROPAGATION", [OP_MOUNT] = "MOUNT",
	[OP_DEVICE] = "DEVICE", [OP_SYMLINK] = "SYMLINK", [OP_MASKED_PATH] = "MASKED_PATH",
	[OP_READONLY_PATH] = "READONLY_PATH", [OP_NO_PIVOT] = "NO_PIVOT",
	[OP_ROOT_READONLY] = "ROOT_READONLY", [OP_HOSTNAME] = "HOSTNAME",
	[OP_DOMAINNAME] = "DOMAINNAME", [OP_SYSCTL] = "SYSCTL", [OP_RLIMIT] = "RLIMIT",
	[OP_USER] = "USER", [OP_CWD] = "CWD", [OP_ENV] = "ENV", [OP_ARG] = "ARG",
	[OP_TERMINAL] = "TERMINAL", [OP_CONSOLE_SOCKET] = "CONSOLE_SOCKET",
	[OP_EXEC_FIFO] = "EXEC_FIFO", [OP_CAPABILITIES] = "CAPABILITIES",
	[OP_NO_NEW_PRIVS] = "NO_NEW_PRIVS", [OP_OOM_SCORE_ADJ] = "OOM_SCORE_ADJ",
	[OP_PRESERVE_FDS] = "PRESERVE_FDS", [OP_SECCOMP] = "SECCOMP",
	[OP_SCHEDULER] = "SCHEDULER",
	[OP_IO_PRIORITY] = "IO_PRIORITY", [OP_PERSONALITY] = "PERSONALITY",
	[OP_MEMORY_POLICY] = "MEMORY_POLICY", [OP_CPU_AFFINITY] = "CPU_AFFINITY",
	[OP_SESSION_KEYRING] = "SESSION_KEYRING",
	[OP_JOIN_PID] = "JOIN_PID", [OP_HOOK] = "HOOK",
	[OP_HOOK_STATE] = "HOOK_STATE", [OP_HOOK_SYNC] = "HOOK_SYNC",
	[OP_TIME_OFFSETS] = "TIME_OFFSETS", [OP_MOUNT_IDMAP] = "MOUNT_IDMAP",
	[OP_EXEC_LABEL] = "EXEC_LABEL",
};

const char *plan_op_name(unsigned op)
{
	return op >= 1 && op <= OP_MAX && op_names[op] != NULL ? op_names[op] : "?";
}

static uint32_t le32(const unsigned char *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static int get_u16(struct cur *c, uint16_t *v)
{
	if (c->left < 2)
		return fail(c, "truncated u16");
	*v = (uint16_t)(c->p[0] | c->p[1] << 8);
	c->p += 2;
	c->left -= 2;
	return 0;
}

static int get_u32(struct cur *c, uint32_t *v)
{
	if (c->left < 4)
		return fail(c, "truncated u32");
	*v = le32(c->p);
	c->p += 4;
	c->left -= 4;
	return 0;
}

static int get_u64(struct cur *c, uint64_t *v)
{
	if (c->left < 8)
		return fail(c, "truncated u64");
	*v = (uint64_t)le32(c->p) | (uint64_t)le32(c->p + 4) << 32;
	c->p += 8;
	c->left -= 8;
	return 0;
}

/* u32 count (at most limit), then that many u64 words; an empty mask has no allocation. */
static int get_mask(struct cur *c, const char *what, uint32_t limit, struct plan_mask *m)
{
	uint32_t n;
	if (get_u32(c, &n) < 0)
		return fail(c, "%s: truncated count", what);
	if (n > limit)
		return fail(c, "%s: %u words over the limit %u", what, n, limit);
	if ((size_t)n * 8 > c->left)
		return fail(c, "%s: %u words run past the end", what, n);
	if (n == 0)
		return 0;
	m->words = calloc(n, sizeof *m->words);
	if (m->words == NULL)
		return fail(c, "%s: out of memory", what);
	m->n = n;
	for (uint32_t k = 0; k < n; k++)
		get_u64(c, &m->words[k]);
	return 0;
}

static int get_str(struct cur *c, const char *what, uint32_t limit, char **out)
{
	uint32_t n;
	if (get_u32(c, &n) < 0)
		return fail(c, "%s: truncated length", what);
	if (n > limit)
		return fail(c, "%s: length %u over the limit %u", what, n, limit);
	if (n > c->left)
		return fail(c, "%s: length %u runs past the end", what, n);
	if (memchr(c->p, 0, n) != NULL)
		return fail(c, "%s: contains NUL", what);
	char *s = malloc((size_t)n + 1);
	if (s == NULL)
		return fail(c, "%s: out of memory", what);
	memcpy(s, c->p, n);
	s[n] = 0;
	c->p += n;
	c->left -= n;
	*out = s;
	return 0;
}

/* Grows a list by one element, refusing to pass the protocol limit. Capacity is implicit
 * (8, then powers of two), so no count field from the wire ever sizes an allocation. */
static void *grow(struct cur *c, const char *what, void *arr, size_t *n, size_t elem, size_t limit)
{
	if (*n >= limit) {
		fail(c, "too many %s (limit %zu)", what, limit);
		return NULL;
	}
	if (*n == 0 || (*n >= 8 && (*n & (*n - 1)) == 0)) {
		arr = realloc(arr, (*n == 0 ? 8 : *n * 2) * elem);
		if (arr == NULL) {
			fail(c, "%s: out of memory", what);
			return NULL;
		}
	}
	(*n)++;
	return arr;
}

/* On failure the list and its count stay as they were, so plan_free still works. */
#define PUSH(c, what, arr, n, limit)                                                   \
	__extension__({                                                                \
		void *r_ = grow((c), (what), (arr), &(n), sizeof *(arr), (limit));     \
		if (r_ != NULL)                                                        \
			(arr) = r_;                                                    \
		r_ == NULL ? -1 : 0;                                                   \
	})

/* u32 count (at most PLAN_MAX_LIST), then that many strs; a NULL-terminated array. */
static int get_strv(struct cur *c, const char *what, char ***out, size_t *n_out)
{
	uint32_t n;
	if (get_u32(c, &n) < 0)
		return fail(c, "%s: truncated count", what);
	if (n > PLAN_MAX_LIST)
		return fail(c, "%s: %u entries over the limit %u", what, n, PLAN_MAX_LIST);
	/* Each entry takes at least its 4-byte length: a count the payload cannot hold is a lie. */
	if ((size_t)n * 4 > c->left)
		return fail(c, "%s: %u entries run past the end", what, n);
	char **v = calloc((size_t)n + 1, sizeof *v);
	if (v == NULL)
		return fail(c, "%s: out of memory", what);
	*out = v;
	for (uint32_t k = 0; k < n; k++) {
		if (get_str(c, what, PLAN_MAX_STR, &v[k]) < 0)
			return -1;
		*n_out = k + 1;
	}
	return 0;
}

/* An id map as /proc/PID/uid_map takes it: non-empty, bounded, "N N N" lines only. */
static int get_idmap(struct cur *c, const char *what, char **out)
{
	if (get_str(c, what, PLAN_MAX_IDMAP, out) < 0)
		return -1;
	const char *s = *out;
	unsigned lines = 0;
	if (*s == 0)
		return fail(c, "%s: empty", what);
	while (*s) {
		for (int field = 0; field < 3; field++) {
			if (field > 0 && *s++ != ' ')
				return fail(c, "%s: line %u is not three numbers", what, lines + 1);
			if (*s < '0' || *s > '9')
				return fail(c, "%s: line %u is not three numbers", what, lines + 1);
			while (*s >= '0' && *s <= '9')
				s++;
		}
		if (*s++ != '\n')
			return fail(c, "%s: line %u does not end in a newline", what, lines + 1);
		if (++lines > PLAN_MAX_IDMAP_LINES)
			return fail(c, "%s: more than %u lines", what, PLAN_MAX_IDMAP_LINES);
	}
	return 0;
}

static int once(struct cur *c, int *seen, unsigned op)
{
	if (*seen)
		return fail(c, "duplicate %s op", plan_op_name(op));
	*seen = 1;
	return 0;
}

static int read_op(struct cur *c, uint16_t op, struct plan *p, uint32_t *index, int *seen)
{
	switch (op) {
	case OP_NAMESPACE: {
		uint32_t type;
		if (p->n_ns >= PLAN_MAX_NS)
			return fail(c, "too many namespaces (limit %u)", PLAN_MAX_NS);
		if (get_u32(c, &type) < 0)
			return -1;
		if (type < NS_PID || type > NS_TIME)
			return fail(c, "unknown namespace type %u", type);
		for (size_t i = 0; i < p->n_ns; i++)
			if (p->ns[i].type == type)
				return fail(c, "namespace type %u given twice", type);
		if (get_str(c, "namespace path", PLAN_MAX_PATH, &p->ns[p->n_ns].path) < 0)
			return -1;
		p->ns[p->n_ns].type = type;
		*index = (uint32_t)p->n_ns++;
		return 0;
	}
	case OP_ROOTFS:
		if (once(c, seen, op) < 0)
			return -1;
		return get_str(c, "rootfs", PLAN_MAX_PATH, &p->rootfs);
	case OP_ROOTFS_PROPAGATION:
		if (once(c, seen, op) < 0)
			return -1;
		p->has_propagation = 1;
		return get_u64(c, &p->propagation);
	case OP_MOUNT: {
		size_t i = p->n_mounts;
		if (PUSH(c, "mounts", p->mounts, p->n_mounts, PLAN_MAX_LIST) < 0)
			return -1;
		struct plan_mount *m = &p->mounts[i];
		memset(m, 0, sizeof *m);
		*index = (uint32_t)i;
		if (get_str(c, "mount source", PLAN_MAX_PATH, &m->source) < 0 ||
		    get_str(c, "mount destination", PLAN_MAX_PATH, &m->destination) < 0 ||
		    get_str(c, "mount fstype", PLAN_MAX_PATH, &m->fstype) < 0 ||
		    get_u64(c, &m->flags) < 0 || get_u64(c, &m->propagation) < 0 ||
		    get_u64(c, &m->attr_set) < 0 || get_u64(c, &m->attr_clr) < 0 ||
		    get_str(c, "mount data", PLAN_MAX_STR, &m->data) < 0)
			return -1;
		return 0;
	}
	case OP_DEVICE: {
		size_t i = p->n_devices;
		if (PUSH(c, "devices", p->devices, p->n_devices, PLAN_MAX_LIST) < 0)
			return -1;
		struct plan_device *d = &p->devices[i];
		memset(d, 0, sizeof *d);
		*index = (uint32_t)i;
		if (get_str(c, "device path", PLAN_MAX_PATH, &d->path) < 0 ||
		    get_u32(c, &d->type) < 0 || get_u32(c, &d->major) < 0 ||
		    get_u32(c, &d->minor) < 0 || get_u32(c, &d->mode) < 0 ||
		    get_u32(c, &d->uid) < 0 || get_u32(c, &d->gid) < 0 || get_u32(c, &d->bind) < 0)
			return -1;
		if (d->type != 'c' && d->type != 'b' && d->type != 'u' && d->type != 'p')
			return fail(c, "device %s: bad type %u", d->path, d->type);
		if (d->mode > 07777)
			return fail(c, "device %s: mode %o has more than permission bits", d->path, d->mode);
		if (d->bind > 1)
			return fail(c, "device %s: bind must be 0 or 1", d->path);
		return 0;
	}
	case OP_SYMLINK:
	case OP_SYSCTL: {
		int sym = op == OP_SYMLINK;
		struct plan_pair **arr = sym ? &p->symlinks : &p->sysctls;
		size_t *n = sym ? &p->n_symlinks : &p->n_sysctls;
		size_t i = *n;
		if (PUSH(c, sym ? "symlinks" : "sysctls", *arr, *n, PLAN_MAX_LIST) < 0)
			return -1;
		struct plan_pair *pp = &(*arr)[i];
		pp->a = pp->b = NULL;
		*index = (uint32_t)i;
		if (sym)
			return get_str(c, "symlink target", PLAN_MAX_PATH, &pp->a) < 0 ||
			       get_str(c, "symlink path", PLAN_MAX_PATH, &pp->b) < 0 ? -1 : 0;
		return get_str(c, "sysctl key", PLAN_MAX_PATH, &pp->a) < 0 ||
		       get_str(c, "sysctl value", PLAN_MAX_STR, &pp->b) < 0 ? -1 : 0;
	}
	case OP_MASKED_PATH:
	case OP_READONLY_PATH:
	case OP_ENV:
	case OP_ARG: {
		char ***arr;
		size_t *n, limit = PLAN_MAX_LIST;
		uint32_t slimit = PLAN_MAX_PATH;
		const char *what;
		switch (op) {
		case OP_MASKED_PATH: arr = &p->masked; n = &p->n_masked; what = "masked paths"; break;
		case OP_READONLY_PATH: arr = &p->readonly; n = &p->n_readonly; what = "readonly paths"; break;
		case OP_ENV: arr = &p->env; n = &p->n_env; what = "env entries"; limit = PLAN_MAX_ENV; slimit = PLAN_MAX_STR; break;
		default: arr = &p->args; n = &p->n_args; what = "args"; limit = PLAN_MAX_ARGS; slimit = PLAN_MAX_STR; break;
		}
		size_t i = *n;
		if (PUSH(c, what, *arr, *n, limit) < 0)
			return -1;
		(*arr)[i] = NULL;
		*index = (uint32_t)i;
		return get_str(c, what, slimit, &(*arr)[i]);
	}
	case OP_NO_PIVOT:
		return once(c, seen, op) < 0 ? -1 : (p->no_pivot = 1, 0);
	case OP_ROOT_READONLY:
		return once(c, seen, op) < 0 ? -1 : (p->root_readonly = 1, 0);
	case OP_NO_NEW_PRIVS:
		return once(c, seen, op) < 0 ? -1 : (p->no_new_privs = 1, 0);
	case OP_HOSTNAME:
		if (once(c, seen, op) < 0)
			return -1;
		return get_str(c, "hostname", PLAN_MAX_PATH, &p->hostname);
	case OP_DOMAINNAME:
		if (once(c, seen, op) < 0)
			return -1;
		return get_str(c, "domainname", PLAN_MAX_PATH, &p->domainname);
	case OP_RLIMIT: {
		size_t i = p->n_rlimits;
		if (PUSH(c, "rlimits", p->rlimits, p->n_rlimits, PLAN_MAX_RLIMITS) < 0)
			return -1;
		*index = (uint32_t)i;
		return get_u32(c, &p->rlimits[i].resource) < 0 || get_u64(c, &p->rlimits[i].soft) < 0 ||
		       get_u64(c, &p->rlimits[i].hard) < 0 ? -1 : 0;
	}
	case OP_USER: {
		uint32_t n;
		if (once(c, seen, op) < 0)
			return -1;
		p->has_user = 1;
		if (get_u32(c, &p->uid) < 0 || get_u32(c, &p->gid) < 0 || get_u32(c, &p->umask) < 0 ||
		    get_u32(c, &n) < 0)
			return -1;
		if (n > PLAN_MAX_GIDS)
			return fail(c, "too many additional gids: %u (limit %u)", n, PLAN_MAX_GIDS);
		if ((size_t)n * 4 > c->left)
			return fail(c, "additional gids run past the end");
		if (p->umask != 0xFFFFFFFFu && p->umask > 0777)
			return fail(c, "bad umask %o", p->umask);
		p->gids = malloc((size_t)n * sizeof *p->gids + 1);
		if (p->gids == NULL)
			return fail(c, "gids: out of memory");
		for (uint32_t k = 0; k < n; k++)
			get_u32(c, &p->gids[k]);
		p->n_gids = n;
		return 0;
	}
	case OP_CWD:
		if (once(c, seen, op) < 0)
			return -1;
		return get_str(c, "cwd", PLAN_MAX_PATH, &p->cwd);
	case OP_TERMINAL:
		if (once(c, seen, op) < 0)
			return -1;
		p->has_terminal = 1;
		return get_u32(c, &p->rows) < 0 || get_u32(c, &p->cols) < 0 ? -1 : 0;
	case OP_CONSOLE_SOCKET:
		if (once(c, seen, op) < 0)
			return -1;
		return get_str(c, "console socket", PLAN_MAX_PATH, &p->console_socket);
	case OP_EXEC_FIFO:
		if (once(c, seen, op) < 0)
			return -1;
		return get_str(c, "exec fifo", PLAN_MAX_PATH, &p->exec_fifo);
	case OP_CAPABILITIES:
		if (once(c, seen, op) < 0)
			return -1;
		p->has_caps = 1;
		return get_u64(c, &p->cap_bounding) < 0 || get_u64(c, &p->cap_effective) < 0 ||
		       get_u64(c, &p->cap_permitted) < 0 || get_u64(c, &p->cap_inheritable) < 0 ||
		       get_u64(c, &p->cap_ambient) < 0 ? -1 : 0;
	case OP_OOM_SCORE_ADJ: {
		uint32_t v;
		if (once(c, seen, op) < 0 || get_u32(c, &v) < 0)
			return -1;
		p->has_oom = 1;
		p->oom_score_adj = (int32_t)v;
		return 0;
	}
	case OP_PRESERVE_FDS:
		if (once(c, seen, op) < 0)
			return -1;
		p->has_preserve_fds = 1;
		return get_u32(c, &p->preserve_fds);
	case OP_SECCOMP: {
		uint32_t n;
		if (once(c, seen, op) < 0 || get_u32(c, &p->seccomp_flags) < 0 || get_u32(c, &n) < 0)
			return -1;
		if (p->seccomp_flags & ~PLAN_SECCOMP_FLAGS)
			return fail(c, "unknown seccomp flags %#x", p->seccomp_flags & ~PLAN_SECCOMP_FLAGS);
		/* The kernel refuses it without a listener; refuse it here, where the message is clear. */
		if ((p->seccomp_flags & PLAN_SECCOMP_WAIT_KILLABLE_RECV) && !(p->seccomp_flags & PLAN_SECCOMP_NEW_LISTENER))
			return fail(c, "seccomp flag WAIT_KILLABLE_RECV without NEW_LISTENER");
		if (n == 0 || n % 8 != 0 || n > PLAN_MAX_SECCOMP_INSNS * 8)
			return fail(c, "seccomp program of %u bytes (a multiple of 8, at most %u)", n,
				    PLAN_MAX_SECCOMP_INSNS * 8);
		if (n > c->left)
			return fail(c, "seccomp program runs past the end");
		p->seccomp_bpf = malloc(n);
		if (p->seccomp_bpf == NULL)
			return fail(c, "seccomp program: out of memory");
		memcpy(p->seccomp_bpf, c->p, n);
		c->p += n;
		c->left -= n;
		p->seccomp_len = n;
		p->has_seccomp = 1;
		return 0;
	}
	case OP_SCHEDULER: {
		uint32_t nice;
		if (once(c, seen, op) < 0)
			return -1;
		p->has_sched = 1;
		if (get_u32(c, &p->sched.policy) < 0 || get_u32(c, &nice) < 0 ||
		    get_u32(c, &p->sched.priority) < 0 || get_u64(c, &p->sched.flags) < 0 ||
		    get_u64(c, &p->sched.runtime) < 0 || get_u64(c, &p->sched.deadline) < 0 ||
		    get_u64(c, &p->sched.period) < 0)
			return -1;
		p->sched.nice = (int32_t)nice;
		return 0;
	}
	case OP_IO_PRIORITY:
		if (once(c, seen, op) < 0)
			return -1;
		p->has_ioprio = 1;
		if (get_u32(c, &p->ioprio_class) < 0 || get_u32(c, &p->ioprio_level) < 0)
			return -1;
		/* The kernel packs both into one int: 3 bits of class above 13 bits of level. */
		if (p->ioprio_class > 7 || p->ioprio_level > 0x1fff)
			return fail(c, "class %u or level %u out of range", p->ioprio_class, p->ioprio_level);
		return 0;
	case OP_PERSONALITY:
		if (once(c, seen, op) < 0)
			return -1;
		p->has_personality = 1;
		if (get_u32(c, &p->personality) < 0)
			return -1;
		/* 0xffffffff would only query the personality. */
		if (p->personality == 0xFFFFFFFFu)
			return fail(c, "persona 0xffffffff is a query, not a personality");
		return 0;
	case OP_MEMORY_POLICY:
		if (once(c, seen, op) < 0)
			return -1;
		p->has_mempolicy = 1;
		return get_u32(c, &p->mempolicy_mode) < 0 || get_u32(c, &p->mempolicy_flags) < 0 ||
		       get_mask(c, "memory policy nodes", PLAN_MAX_NODE_WORDS, &p->mempolicy_nodes) < 0 ? -1 : 0;
	case OP_CPU_AFFINITY:
		if (once(c, seen, op) < 0)
			return -1;
		p->has_affinity = 1;
		return get_mask(c, "initial cpus", PLAN_MAX_CPU_WORDS, &p->affinity_initial) < 0 ||
		       get_mask(c, "final cpus", PLAN_MAX_CPU_WORDS, &p->affinity_final) < 0 ? -1 : 0;
	case OP_SESSION_KEYRING:
		if (once(c, seen, op) < 0)
			return -1;
		if (get_str(c, "keyring name", PLAN_MAX_PATH, &p->keyring) < 0)
			return -1;
		if (p->keyring[0] == 0)
			return fail(c, "empty keyring name");
		return get_u32(c, &p->keyring_keep) < 0 || get_u32(c, &p->keyring_add) < 0 ? -1 : 0;
	case OP_JOIN_PID:
		if (once(c, seen, op) < 0)
			return -1;
		p->has_join = 1;
		if (get_u32(c, &p->join_pid) < 0 || get_u64(c, &p->join_start) < 0)
			return -1;
		if (p->join_pid == 0 || p->join_pid > 0x7fffffffu)
			return fail(c, "bad pid %u", p->join_pid);
		return 0;
	case OP_HOOK: {
		size_t i = p->n_hooks;
		if (PUSH(c, "hooks", p->hooks, p->n_hooks, PLAN_MAX_HOOKS) < 0)
			return -1;
		struct plan_hook *h = &p->hooks[i];
		memset(h, 0, sizeof *h);
		*index = (uint32_t)i;
		if (get_u32(c, &h->kind) < 0 || get_u32(c, &h->timeout) < 0)
			return -1;
		if (h->kind < HOOK_PRESTART || h->kind > HOOK_POSTSTOP)
			return fail(c, "unknown hook kind %u", h->kind);
		if (get_str(c, "hook path", PLAN_MAX_PATH, &h->path) < 0)
			return -1;
		if (h->path[0] != '/')
			return fail(c, "hook path %s is not absolute", h->path);
		if (get_strv(c, "hook args", &h->args, &h->n_args) < 0 ||
		    get_strv(c, "hook env", &h->env, &h->n_env) < 0)
			return -1;
		return 0;
	}
	case OP_HOOK_STATE:
		if (once(c, seen, op) < 0)
			return -1;
		return get_str(c, "state head", PLAN_MAX_HOOK_STATE, &p->state_head) < 0 ||
		       get_str(c, "state tail", PLAN_MAX_HOOK_STATE, &p->state_tail) < 0 ? -1 : 0;
	case OP_HOOK_SYNC:
		return once(c, seen, op) < 0 ? -1 : (p->hook_sync = 1, 0);
	case OP_TIME_OFFSETS: {
		uint64_t mono, boot;
		if (once(c, seen, op) < 0 || get_u64(c, &mono) < 0 || get_u32(c, &p->monotonic_nanos) < 0 ||
		    get_u64(c, &boot) < 0 || get_u32(c, &p->boottime_nanos) < 0)
			return -1;
		if (p->monotonic_nanos >= 1000000000u || p->boottime_nanos >= 1000000000u)
			return fail(c, "nanoseconds over 999999999");
		p->monotonic_secs = (int64_t)mono;
		p->boottime_secs = (int64_t)boot;
		p->has_time_offsets = 1;
		return 0;
	}
	case OP_MOUNT_IDMAP: {
		/* Belongs to the MOUNT right before it (checked by the caller), which must be a bind. */
		struct plan_mount *m = &p->mounts[p->n_mounts - 1];
		*index = (uint32_t)(p->n_mounts - 1);
		if (get_u32(c, &m->idmap_recursive) < 0)
			return -1;
		if (m->idmap_recursive > 1)
			return fail(c, "recursive is %u", m->idmap_recursive);
		if (!(m->flags & MS_BIND))
			return fail(c, "mount %s is not a bind mount", m->destination);
		return get_idmap(c, "uid map", &m->uid_map) < 0 || get_idmap(c, "gid map", &m->gid_map) < 0 ? -1 : 0;
	}
	case OP_EXEC_LABEL: {
		uint32_t lsm;
		if (get_u32(c, &lsm) < 0)
			return -1;
		char **label = lsm == PLAN_LSM_APPARMOR ? &p->apparmor_profile
			     : lsm == PLAN_LSM_SELINUX ? &p->selinux_label : NULL;
		if (label == NULL)
			return fail(c, "unknown lsm %u", lsm);
		if (*label != NULL)
			return fail(c, "a second label for lsm %u", lsm);
		*index = lsm;
		if (get_str(c, "label", PLAN_MAX_PATH, label) < 0)
			return -1;
		return (*label)[0] == 0 ? fail(c, "empty label") : 0;
	}
	default:
		return fail(c, "unknown op %u", op);
	}
}

size_t plan_header_total(const unsigned char *buf, size_t len, char *err, size_t errlen)
{
	if (len < PLAN_HEADER_LEN) {
		snprintf(err, errlen, "truncated header (%zu bytes)", len);
		return 0;
	}
	if (memcmp(buf, PLAN_MAGIC, 8) != 0) {
		snprintf(err, errlen, "bad magic");
		return 0;
	}
	uint32_t version = le32(buf + 8), ops = le32(buf + 12);
	if (version != PLAN_VERSION) {
		snprintf(err, errlen, "unsupported version %u", version);
		return 0;
	}
	if (ops > PLAN_MAX_TOTAL - PLAN_HEADER_LEN) {
		snprintf(err, errlen, "plan length %u over the limit", ops);
		return 0;
	}
	return PLAN_HEADER_LEN + ops;
}

int plan_parse(const unsigned char *buf, size_t len, struct plan *p, char *err, size_t errlen)
{
	struct cur c = { .err = err, .errlen = errlen };
	int seen[OP_MAX + 1] = { 0 };

	memset(p, 0, sizeof *p);
	size_t total = plan_header_total(buf, len, err, errlen);
	if (total == 0)
		return -1;
	if (len < total)
		return fail(&c, "truncated plan: %zu of %zu bytes", len, total);
	if (len > total)
		return fail(&c, "%zu bytes of trailing data", len - total);
	c.p = buf + PLAN_HEADER_LEN;
	c.left = total - PLAN_HEADER_LEN;

	while (c.left > 0) {
		uint16_t op, reserved;
		uint32_t oplen, index = 0;
		if (c.left < 8)
			return fail(&c, "truncated op header");
		get_u16(&c, &op);
		get_u16(&c, &reserved);
		get_u32(&c, &oplen);
		if (reserved != 0)
			return fail(&c, "op %u: reserved field is %u", op, reserved);
		if (oplen > c.left)
			return fail(&c, "op %s: length %u runs past the end", plan_op_name(op), oplen);
		if (op == 0 || op > OP_MAX || op_names[op] == NULL)
			return fail(&c, "unknown op %u", op);
		if (op == OP_MOUNT_IDMAP &&
		    (p->n_seq == 0 || p->seq[p->n_seq - 1].op != OP_MOUNT))
			return fail(&c, "op MOUNT_IDMAP: not right after a MOUNT");
		/* Each op is parsed against a window of exactly its own length. */
		struct cur sub = { .p = c.p, .left = oplen, .err = err, .errlen = errlen };
		if (read_op(&sub, op, p, &index, &seen[op]) < 0) {
			char inner[256];
			snprintf(inner, sizeof inner, "%s", err);
			return fail(&c, "op %s: %s", plan_op_name(op), inner);
		}
		if (sub.left != 0)
			return fail(&c, "op %s: %zu bytes not consumed", plan_op_name(op), sub.left);
		c.p += oplen;
		c.left -= oplen;
		if (PUSH(&c, "ops", p->seq, p->n_seq, (size_t)PLAN_MAX_TOTAL / 8) < 0)
			return -1;
		p->seq[p->n_seq - 1].op = op;
		p->seq[p->n_seq - 1].index = index;
	}
	return 0;
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void plan_free(struct plan *p)
{
	for (size_t i = 0; i < p->n_ns; i++)
		free(p->ns[i].path);
	free(p->rootfs);
	for (size_t i = 0; i < p->n_mounts; i++) {
		free(p->mounts[i].source);
		free(p->mounts[i].destination);
		free(p->mounts[i].fstype);
		free(p->mounts[i].data);
		free(p->mounts[i].uid_map);
		free(p->mounts[i].gid_map);
	}
	free(p->mounts);
	for (size_t i = 0; i < p->n_devices; i++)
		free(p->devices[i].path);
	free(p->devices);
	for (size_t i = 0; i < p->n_symlinks; i++) {
		free(p->symlinks[i].a);
		free(p->symlinks[i].b);
	}
	free(p->symlinks);
	for (size_t i = 0; i < p->n_sysctls; i++) {
		free(p->sysctls[i].a);
		free(p->sysctls[i].b);
	}
	free(p->sysctls);
	free_strv(p->masked, p->n_masked);
	free_strv(p->readonly, p->n_readonly);
	free_strv(p->env, p->n_env);
	free_strv(p->args, p->n_args);
	free(p->hostname);
	free(p->domainname);
	free(p->rlimits);
	free(p->gids);
	free(p->cwd);
	free(p->console_socket);
	free(p->exec_fifo);
	free(p->seccomp_bpf);
	free(p->mempolicy_nodes.words);
	free(p->affinity_initial.words);
	free(p->affinity_final.words);
	free(p->keyring);
	free(p->apparmor_profile);
	free(p->selinux_label);
	for (size_t i = 0; i < p->n_hooks; i++) {
		free(p->hooks[i].path);
		free_strv(p->hooks[i].args, p->hooks[i].n_args);
		free_strv(p->hooks[i].env, p->hooks[i].n_env);
	}
	free(p->hooks);
	free(p->state_head);
	free(p->state_tail);
	free(p->seq);
	memset(p, 0, sizeof *p);
}
