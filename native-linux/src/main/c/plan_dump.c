/*
 * plan-dump: the test harness for plan.c. Reads one plan on stdin; on success prints it to
 * stdout and exits 0, on a malformed plan prints "error: <reason>" to stderr and exits 2.
 *
 * Output format (canonical, one line per op, in wire order, after a first line
 * "PLAN version=1 ops=<count>"):
 *
 *   <OP_NAME>[ <field>=<value>]...
 *
 * with the op names and field names of docs/init-protocol.md section 3 (NAMESPACE type path,
 * ROOTFS path, ROOTFS_PROPAGATION flags, MOUNT source destination fstype flags propagation
 * attr_set attr_clr data, DEVICE path type major minor mode uid gid bind, SYMLINK target
 * linkpath, MASKED_PATH path, READONLY_PATH path, HOSTNAME name, DOMAINNAME name, SYSCTL key
 * value, RLIMIT resource soft hard, USER uid gid umask gids, CWD path, ENV value, ARG value,
 * TERMINAL rows cols, CONSOLE_SOCKET path, EXEC_FIFO path, CAPABILITIES bounding effective
 * permitted inheritable ambient, OOM_SCORE_ADJ value, PRESERVE_FDS n, SECCOMP flags program,
 * SCHEDULER policy nice priority flags runtime deadline period, IO_PRIORITY class level,
 * PERSONALITY persona, MEMORY_POLICY mode flags nodes, CPU_AFFINITY initial final,
 * SESSION_KEYRING name keep add, JOIN_PID pid start, HOOK kind timeout path args env,
 * HOOK_STATE head tail, TIME_OFFSETS monotonic_secs monotonic_nanos boottime_secs
 * boottime_nanos, MOUNT_IDMAP recursive uid_map gid_map, EXEC_LABEL lsm (apparmor|selinux) label; NO_PIVOT, ROOT_READONLY, NO_NEW_PRIVS and HOOK_SYNC have no fields).
 * Values:
 *   - integers in unsigned decimal, except OOM_SCORE_ADJ value, SCHEDULER nice and the
 *     TIME_OFFSETS seconds (signed);
 *   - masks (MEMORY_POLICY nodes, CPU_AFFINITY initial/final) as their u64 words in
 *     unsigned decimal, comma-separated, empty when there are none;
 *   - DEVICE type as its character (c, b, u, p);
 *   - USER gids as a comma-separated decimal list, empty when there are none;
 *   - HOOK args and env as comma-separated strings (each quoted), empty when there are none;
 *   - strings in double quotes; '\\' and '"' are escaped with a backslash, and every byte
 *     below 0x20 or from 0x7f up is written as \xHH (two lowercase hex digits);
 *   - SECCOMP program as lowercase hex, two digits per byte, no separators.
 */
#include "plan.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <errno.h>
#include <string.h>

static void qstr(const char *key, const char *s)
{
	if (key != NULL)
		printf(" %s=", key);
	putchar('"');
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c == '\\' || *c == '"')
			printf("\\%c", *c);
		else if (*c < 0x20 || *c >= 0x7f)
			printf("\\x%02x", *c);
		else
			putchar(*c);
	}
	putchar('"');
}

static void num(const char *key, uint64_t v)
{
	printf(" %s=%" PRIu64, key, v);
}

static void mask(const char *key, const struct plan_mask *m)
{
	printf(" %s=", key);
	for (size_t k = 0; k < m->n; k++)
		printf("%s%" PRIu64, k ? "," : "", m->words[k]);
}

static void qlist(const char *key, char **v, size_t n)
{
	printf(" %s=", key);
	for (size_t k = 0; k < n; k++) {
		if (k > 0)
			putchar(',');
		qstr(NULL, v[k]);
	}
}

static void dump_op(const struct plan *p, const struct plan_seq *s)
{
	uint32_t i = s->index;
	fputs(plan_op_name(s->op), stdout);
	switch (s->op) {
	case OP_NAMESPACE:
		num("type", p->ns[i].type);
		qstr("path", p->ns[i].path);
		break;
	case OP_ROOTFS: qstr("path", p->rootfs); break;
	case OP_ROOTFS_PROPAGATION: num("flags", p->propagation); break;
	case OP_MOUNT: {
		const struct plan_mount *m = &p->mounts[i];
		qstr("source", m->source);
		qstr("destination", m->destination);
		qstr("fstype", m->fstype);
		num("flags", m->flags);
		num("propagation", m->propagation);
		num("attr_set", m->attr_set);
		num("attr_clr", m->attr_clr);
		qstr("data", m->data);
		break;
	}
	case OP_DEVICE: {
		const struct plan_device *d = &p->devices[i];
		qstr("path", d->path);
		printf(" type=%c", (char)d->type);
		num("major", d->major);
		num("minor", d->minor);
		num("mode", d->mode);
		num("uid", d->uid);
		num("gid", d->gid);
		num("bind", d->bind);
		break;
	}
	case OP_SYMLINK:
		qstr("target", p->symlinks[i].a);
		qstr("linkpath", p->symlinks[i].b);
		break;
	case OP_MASKED_PATH: qstr("path", p->masked[i]); break;
	case OP_READONLY_PATH: qstr("path", p->readonly[i]); break;
	case OP_HOSTNAME: qstr("name", p->hostname); break;
	case OP_DOMAINNAME: qstr("name", p->domainname); break;
	case OP_SYSCTL:
		qstr("key", p->sysctls[i].a);
		qstr("value", p->sysctls[i].b);
		break;
	case OP_RLIMIT:
		num("resource", p->rlimits[i].resource);
		num("soft", p->rlimits[i].soft);
		num("hard", p->rlimits[i].hard);
		break;
	case OP_USER:
		num("uid", p->uid);
		num("gid", p->gid);
		num("umask", p->umask);
		fputs(" gids=", stdout);
		for (size_t k = 0; k < p->n_gids; k++)
			printf("%s%" PRIu32, k ? "," : "", p->gids[k]);
		break;
	case OP_CWD: qstr("path", p->cwd); break;
	case OP_ENV: qstr("value", p->env[i]); break;
	case OP_ARG: qstr("value", p->args[i]); break;
	case OP_TERMINAL:
		num("rows", p->rows);
		num("cols", p->cols);
		break;
	case OP_CONSOLE_SOCKET: qstr("path", p->console_socket); break;
	case OP_EXEC_FIFO: qstr("path", p->exec_fifo); break;
	case OP_CAPABILITIES:
		num("bounding", p->cap_bounding);
		num("effective", p->cap_effective);
		num("permitted", p->cap_permitted);
		num("inheritable", p->cap_inheritable);
		num("ambient", p->cap_ambient);
		break;
	case OP_OOM_SCORE_ADJ: printf(" value=%" PRId32, p->oom_score_adj); break;
	case OP_PRESERVE_FDS: num("n", p->preserve_fds); break;
	case OP_SECCOMP:
		num("flags", p->seccomp_flags);
		fputs(" program=", stdout);
		for (size_t k = 0; k < p->seccomp_len; k++)
			printf("%02x", p->seccomp_bpf[k]);
		break;
	case OP_SCHEDULER:
		num("policy", p->sched.policy);
		printf(" nice=%" PRId32, p->sched.nice);
		num("priority", p->sched.priority);
		num("flags", p->sched.flags);
		num("runtime", p->sched.runtime);
		num("deadline", p->sched.deadline);
		num("period", p->sched.period);
		break;
	case OP_IO_PRIORITY:
		num("class", p->ioprio_class);
		num("level", p->ioprio_level);
		break;
	case OP_PERSONALITY: num("persona", p->personality); break;
	case OP_MEMORY_POLICY:
		num("mode", p->mempolicy_mode);
		num("flags", p->mempolicy_flags);
		mask("nodes", &p->mempolicy_nodes);
		break;
	case OP_CPU_AFFINITY:
		mask("initial", &p->affinity_initial);
		mask("final", &p->affinity_final);
		break;
	case OP_SESSION_KEYRING:
		qstr("name", p->keyring);
		num("keep", p->keyring_keep);
		num("add", p->keyring_add);
		break;
	case OP_JOIN_PID:
		num("pid", p->join_pid);
		num("start", p->join_start);
		break;
	case OP_HOOK: {
		const struct plan_hook *h = &p->hooks[i];
		num("kind", h->kind);
		num("timeout", h->timeout);
		qstr("path", h->path);
		qlist("args", h->args, h->n_args);
		qlist("env", h->env, h->n_env);
		break;
	}
	case OP_HOOK_STATE:
		qstr("head", p->state_head);
		qstr("tail", p->state_tail);
		break;
	case OP_TIME_OFFSETS:
		printf(" monotonic_secs=%" PRId64, p->monotonic_secs);
		num("monotonic_nanos", p->monotonic_nanos);
		printf(" boottime_secs=%" PRId64, p->boottime_secs);
		num("boottime_nanos", p->boottime_nanos);
		break;
	case OP_EXEC_LABEL:
		printf(" lsm=%s", i == PLAN_LSM_APPARMOR ? "apparmor" : "selinux");
		qstr("label", i == PLAN_LSM_APPARMOR ? p->apparmor_profile : p->selinux_label);
		break;
	case OP_MOUNT_IDMAP:
		num("recursive", p->mounts[i].idmap_recursive);
		qstr("uid_map", p->mounts[i].uid_map);
		qstr("gid_map", p->mounts[i].gid_map);
		break;
	default: break;
	}
	putchar('\n');
}

int main(void)
{
	/* One byte more than the largest plan, so an oversized input is seen as such. */
	size_t cap = PLAN_MAX_TOTAL + 1, len = 0;
	unsigned char *buf = malloc(cap);
	char err[512];
	struct plan p;

	if (buf == NULL) {
		fputs("error: out of memory\n", stderr);
		return 2;
	}
	while (len < cap) {
		ssize_t n = read(0, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "error: read stdin: %s\n", strerror(errno));
			return 2;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > PLAN_MAX_TOTAL) {
		fputs("error: plan larger than the limit\n", stderr);
		return 2;
	}
	if (plan_parse(buf, len, &p, err, sizeof err) < 0) {
		fprintf(stderr, "error: %s\n", err);
		return 2;
	}
	printf("PLAN version=%u ops=%zu\n", PLAN_VERSION, p.n_seq);
	for (size_t i = 0; i < p.n_seq; i++)
		dump_op(&p, &p.seq[i]);
	plan_free(&p);
	free(buf);
	if (fflush(stdout) != 0)
		return 1;
	return 0;
}
