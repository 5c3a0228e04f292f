/* The init plan as read from the wire; see docs/init-protocol.md section 3. */
#ifndef JRUNC_PLAN_H
#define JRUNC_PLAN_H

#include <stddef.h>
#include <stdint.h>

#define PLAN_MAGIC "JRUNCPLN"
#define PLAN_VERSION 1u
#define PLAN_HEADER_LEN 16u
#define PLAN_MAX_TOTAL (8u * 1024u * 1024u)
#define PLAN_MAX_STR 65536u
#define PLAN_MAX_PATH 4096u
/* EXEC_LABEL lsm values */
#define PLAN_LSM_APPARMOR 1u
#define PLAN_LSM_SELINUX 2u
#define PLAN_MAX_LIST 4096u
#define PLAN_MAX_ENV 65536u
#define PLAN_MAX_ARGS 65536u
#define PLAN_MAX_GIDS 65536u
#define PLAN_MAX_RLIMITS 64u
#define PLAN_MAX_NS 8u
/* seccomp(2) takes at most BPF_MAXINSNS (4096) instructions of 8 bytes. */
#define PLAN_MAX_SECCOMP_INSNS 4096u
/* SECCOMP_FILTER_FLAG_LOG | _SPEC_ALLOW | _NEW_LISTENER | _WAIT_KILLABLE_RECV */
#define PLAN_SECCOMP_FLAGS 0x2eu
#define PLAN_SECCOMP_NEW_LISTENER 0x8u
#define PLAN_SECCOMP_WAIT_KILLABLE_RECV 0x20u
#define PLAN_MAX_NODE_WORDS 16u	/* 1024 NUMA nodes */
#define PLAN_MAX_CPU_WORDS 128u	/* 8192 CPUs */
#define PLAN_MAX_HOOKS 1024u
#define PLAN_MAX_HOOK_STATE (1024u * 1024u)	/* a HOOK_STATE part: annotations can be large */

enum plan_op {
	OP_NAMESPACE = 1,
	OP_ROOTFS = 2,
	OP_ROOTFS_PROPAGATION = 3,
	OP_MOUNT = 4,
	OP_DEVICE = 5,
	OP_SYMLINK = 6,
	OP_MASKED_PATH = 7,
	OP_READONLY_PATH = 8,
	OP_NO_PIVOT = 9,
	OP_ROOT_READONLY = 10,
	OP_HOSTNAME = 11,
	OP_DOMAINNAME = 12,
	OP_SYSCTL = 13,
	OP_RLIMIT = 14,
	OP_USER = 15,
	OP_CWD = 16,
	OP_ENV = 17,
	OP_ARG = 18,
	OP_TERMINAL = 19,
	OP_CONSOLE_SOCKET = 20,
	OP_EXEC_FIFO = 21,
	OP_CAPABILITIES = 22,
	OP_NO_NEW_PRIVS = 23,
	OP_OOM_SCORE_ADJ = 24,
	OP_PRESERVE_FDS = 25,
	OP_SECCOMP = 26,
	OP_SCHEDULER = 28,
	OP_IO_PRIORITY = 29,
	OP_PERSONALITY = 30,
	OP_MEMORY_POLICY = 31,
	OP_CPU_AFFINITY = 32,
	OP_SESSION_KEYRING = 33,
	/* 34-35: reserved */
	OP_JOIN_PID = 36,
	/* 37-39: reserved */
	OP_HOOK = 40,
	OP_HOOK_STATE = 41,
	OP_HOOK_SYNC = 42,
	OP_TIME_OFFSETS = 43,
	OP_MOUNT_IDMAP = 44,
	OP_EXEC_LABEL = 45,
	OP_MAX = 45
};

enum ns_type {
	NS_PID = 1, NS_NET = 2, NS_MNT = 3, NS_IPC = 4,
	NS_UTS = 5, NS_USER = 6, NS_CGROUP = 7, NS_TIME = 8
};

struct plan_ns { uint32_t type; char *path; };
struct plan_mount {
	char *source, *destination, *fstype, *data;
	uint64_t flags, propagation, attr_set, attr_clr;
	/* MOUNT_IDMAP: uid_map/gid_map text of the mount's id mapping, NULL = not idmapped */
	char *uid_map, *gid_map;
	uint32_t idmap_recursive;
};
/* uid_map/gid_map text: the kernel takes one write of less than a page, at most 340 lines. */
#define PLAN_MAX_IDMAP 4095u
#define PLAN_MAX_IDMAP_LINES 340u
struct plan_device {
	char *path;
	uint32_t type, major, minor, mode, uid, gid, bind;
};
struct plan_pair { char *a, *b; };	/* SYMLINK target/linkpath, SYSCTL key/value */
struct plan_rlimit { uint32_t resource; uint64_t soft, hard; };
struct plan_sched {
	uint32_t policy;
	int32_t nice;
	uint32_t priority;
	uint64_t flags, runtime, deadline, period;
};
/* A CPU or node mask: bit n of words[n / 64] = CPU (node) n. */
struct plan_mask { uint64_t *words; size_t n; };

/* Hook kinds, in runtime-spec order. */
enum hook_kind {
	HOOK_PRESTART = 1, HOOK_CREATE_RUNTIME = 2, HOOK_CREATE_CONTAINER = 3,
	HOOK_START_CONTAINER = 4, HOOK_POSTSTART = 5, HOOK_POSTSTOP = 6
};
struct plan_hook {
	uint32_t kind, timeout;	/* timeout in seconds, 0 = none */
	char *path;
	char **args; size_t n_args;
	char **env; size_t n_env;
};

/* Where each op of the stream landed, so the dump can reproduce the wire order. */
struct plan_seq { uint16_t op; uint32_t index; };

struct plan {
	struct plan_ns ns[PLAN_MAX_NS];
	size_t n_ns;
	char *rootfs;
	int has_propagation;
	uint64_t propagation;
	struct plan_mount *mounts; size_t n_mounts;
	struct plan_device *devices; size_t n_devices;
	struct plan_pair *symlinks; size_t n_symlinks;
	char **masked; size_t n_masked;
	char **readonly; size_t n_readonly;
	int no_pivot, root_readonly;
	char *hostname, *domainname;
	struct plan_pair *sysctls; size_t n_sysctls;
	struct plan_rlimit *rlimits; size_t n_rlimits;
	int has_user;
	uint32_t uid, gid, umask;
	uint32_t *gids; size_t n_gids;
	char *cwd;
	char **env; size_t n_env;
	char **args; size_t n_args;
	int has_terminal;
	uint32_t rows, cols;
	char *console_socket;
	char *exec_fifo;
	int has_caps;
	uint64_t cap_bounding, cap_effective, cap_permitted, cap_inheritable, cap_ambient;
	int no_new_privs;
	int has_oom;
	int32_t oom_score_adj;
	int has_preserve_fds;
	uint32_t preserve_fds;
	int has_seccomp;
	uint32_t seccomp_flags;
	unsigned char *seccomp_bpf; size_t seccomp_len;	/* bytes, a multiple of 8 */
	int has_sched;
	struct plan_sched sched;
	int has_ioprio;
	uint32_t ioprio_class, ioprio_level;
	int has_personality;
	uint32_t personality;
	int has_mempolicy;
	uint32_t mempolicy_mode, mempolicy_flags;
	struct plan_mask mempolicy_nodes;
	int has_affinity;
	struct plan_mask affinity_initial, affinity_final;
	char *keyring;		/* session keyring name; NULL = keep the inherited one */
	uint32_t keyring_keep, keyring_add;
	struct plan_hook *hooks; size_t n_hooks;
	char *state_head, *state_tail;	/* the hooks' state JSON around status and pid */
	int hook_sync;		/* stop before pivot_root for the runtime's create hooks */
	int has_time_offsets;	/* TIME_OFFSETS: for the new time namespace */
	int64_t monotonic_secs, boottime_secs;
	uint32_t monotonic_nanos, boottime_nanos;
	/* EXEC_LABEL: what the LSM applies at execve; NULL = none asked for */
	char *apparmor_profile, *selinux_label;
	int has_join;
	uint32_t join_pid;	/* exec: the container init to join, and its start time */
	uint64_t join_start;
	struct plan_seq *seq; size_t n_seq;
};

/* Parses a whole plan (header included). Returns 0, or -1 with a reason in err. */
int plan_parse(const unsigned char *buf, size_t len, struct plan *p, char *err, size_t errlen);
/* Total plan length announced by a header, or 0 with err set if the header is bad. */
size_t plan_header_total(const unsigned char *buf, size_t len, char *err, size_t errlen);
void plan_free(struct plan *p);
const char *plan_op_name(unsigned op);

#endif
