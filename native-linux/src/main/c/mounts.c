/*
 * Mounts, all before pivot_root: the host /proc and host device nodes are still reachable,
 * and every target inside the rootfs is an fd resolved by pathres.c, used through
 * /proc/self/fd/N or the fd-based mount API, never a path string the image could redirect.
 */
#include "init.h"
#include "msg.h"
#include "pathres.h"
#include "sys.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>
#include <unistd.h>

#define PROPAGATION_FLAGS (MS_SHARED | MS_SLAVE | MS_PRIVATE | MS_UNBINDABLE)
/* Per-mount flags a bind cannot take from mount(2) directly; mapped to MOUNT_ATTR_*. */
#define BIND_ATTR_FLAGS (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | \
			 MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME | MS_NOSYMFOLLOW)

static void fdpath(char *buf, size_t len, int fd)
{
	snprintf(buf, len, "/proc/self/fd/%d", fd);
}

int mount_id(int fd, uint64_t *id)
{
	struct statx sx;
	if (statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &sx) < 0)
		return -1;
	if (!(sx.stx_mask & STATX_MNT_ID)) {
		errno = ENOSYS;
		return -1;
	}
	*id = sx.stx_mnt_id;
	return 0;
}

static uint64_t ms_to_attr(uint64_t ms)
{
	uint64_t a = 0;
	if (ms & MS_RDONLY)
		a |= MOUNT_ATTR_RDONLY;
	if (ms & MS_NOSUID)
		a |= MOUNT_ATTR_NOSUID;
	if (ms & MS_NODEV)
		a |= MOUNT_ATTR_NODEV;
	if (ms & MS_NOEXEC)
		a |= MOUNT_ATTR_NOEXEC;
	if (ms & MS_NODIRATIME)
		a |= MOUNT_ATTR_NODIRATIME;
	if (ms & MS_NOSYMFOLLOW)
		a |= MOUNT_ATTR_NOSYMFOLLOW;
	if (ms & MS_NOATIME)
		a |= MOUNT_ATTR_NOATIME;
	else if (ms & MS_STRICTATIME)
		a |= MOUNT_ATTR_STRICTATIME;
	return a;
}

uint64_t bind_attrs(uint64_t ms_flags)
{
	return ms_to_attr(ms_flags & BIND_ATTR_FLAGS);
}

/*
 * Clones the mount (tree) at srcfd/srcpath, applies attr_set to the detached copy (so it is
 * never visible without them), and attaches it on targetfd. Returns the attached tree's fd.
 */
int attach_clone(int srcfd, const char *srcpath, int recursive, uint64_t attr_set, int targetfd)
{
	unsigned flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive ? AT_RECURSIVE : 0);
	if (srcpath[0] == 0)
		flags |= AT_EMPTY_PATH;
	int tree = sys_open_tree(srcfd, srcpath, flags);
	if (tree < 0)
		return -1;
	/* Only the top mount gets the flags, as a remount of a bind would (no AT_RECURSIVE). */
	uint64_t atime = attr_set & MOUNT_ATTR__ATIME;
	if (attr_set != 0 && sys_mount_setattr(tree, "", AT_EMPTY_PATH, attr_set,
					       atime ? MOUNT_ATTR__ATIME : 0, 0) < 0)
		goto fail;
	if (sys_move_mount(tree, "", targetfd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		goto fail;
	return tree;
fail: {
	int e = errno;
	close(tree);
	errno = e;
	return -1;
}
}

/* After mount(2) on /proc/self/fd/N, N still names the covered directory: find the new mount
 * by resolving the path again and check that it is a different mount than before. */
static int reopen_mounted(int rootfd, const char *dest, int oldfd)
{
	uint64_t before, after;
	int fd = pr_open(rootfd, dest, O_PATH);
	if (fd < 0)
		return -1;
	if (mount_id(oldfd, &before) < 0 || mount_id(fd, &after) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	if (before == after) {
		close(fd);
		errno = EXDEV;
		return -1;
	}
	return fd;
}

static void do_mount(struct init_ctx *c, const struct plan_mount *m, int tree)
{
	int is_bind = (m->flags & MS_BIND) != 0;
	int want_dir = 1;
	char tp[64];

	if (is_bind) {
		struct stat st;
		if (stat(m->source, &st) < 0)
			die(errno, "bind mount source %s", m->source);
		want_dir = S_ISDIR(st.st_mode);
	}
	int target = pr_target(c->rootfd, m->destination, want_dir);
	if (target < 0)
		die(errno, "mount %s to %s: open target", m->source, m->destination);
	/*
	 * CVE-2019-19921, CVE-2023-27561, CVE-2023-28642: procfs and sysfs may only land on a real
	 * directory reached without any symlink. Following an image symlink (even one that stays
	 * inside the rootfs) would put them where the masked and read-only paths, which are
	 * resolved from the configured path, do not reach: an unmasked, writable /proc/sys.
	 */
	if (strcmp(m->fstype, "proc") == 0 || strcmp(m->fstype, "sysfs") == 0) {
		struct stat st, plain;
		int check = pr_open_nosymlinks(c->rootfd, m->destination, O_PATH | O_DIRECTORY);
		if (check < 0)
			die(errno, "mount %s to %s: the destination must be a directory, not a symlink or "
				   "through one", m->fstype, m->destination);
		if (fstat(target, &st) < 0 || fstat(check, &plain) < 0)
			die(errno, "mount %s to %s: stat target", m->fstype, m->destination);
		if (!S_ISDIR(st.st_mode) || st.st_dev != plain.st_dev || st.st_ino != plain.st_ino)
			die(ENOTDIR, "mount %s to %s", m->fstype, m->destination);
		close(check);
	}

	int mnt = -1;
	if (tree >= 0) {
		/* Id-mapped by stage 0, flags already set: only attach it. */
		if (sys_move_mount(tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
			die(errno, "id-mapped mount %s to %s: move_mount", m->source, m->destination);
		mnt = tree;
	} else if (is_bind) {
		mnt = attach_clone(AT_FDCWD, m->source, (m->flags & MS_REC) != 0,
				   bind_attrs(m->flags), target);
		if (mnt < 0)
			die(errno, "bind mount %s to %s", m->source, m->destination);
	} else {
		fdpath(tp, sizeof tp, target);
		if (mount(m->source, tp, m->fstype, m->flags & ~(uint64_t)PROPAGATION_FLAGS,
			  m->data[0] ? m->data : NULL) < 0)
			die(errno, "mount %s to %s", m->source[0] ? m->source : m->fstype, m->destination);
		if (m->propagation != 0 || m->attr_set != 0 || m->attr_clr != 0) {
			mnt = reopen_mounted(c->rootfd, m->destination, target);
			if (mnt < 0)
				die(errno, "mount %s to %s: reopen the new mount", m->fstype, m->destination);
		}
	}
	if (m->attr_set != 0 || m->attr_clr != 0) {
		if (sys_mount_setattr(mnt, "", AT_EMPTY_PATH | AT_RECURSIVE, m->attr_set, m->attr_clr, 0) < 0)
			die(errno, "mount_setattr on %s", m->destination);
	}
	if (m->propagation != 0) {
		fdpath(tp, sizeof tp, mnt);
		if (mount(NULL, tp, NULL, m->propagation, NULL) < 0)
			die(errno, "set propagation of %s", m->destination);
	}
	if (mnt >= 0)
		close(mnt);
	close(target);
}

/*
 * pivot_root refuses a new root whose parent mount is shared, and a shared parent would also
 * propagate our bind to the host: make the mount holding the rootfs private. mount(2) says
 * EINVAL for a path that is not a mount point, so walk up until one accepts (runc does the same).
 */
static void rootfs_parent_private(const char *rootfs)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s", rootfs);
	for (;;) {
		if (mount(NULL, path, NULL, MS_PRIVATE, NULL) == 0)
			return;
		if (errno != EINVAL || strcmp(path, "/") == 0)
			die(errno, "make the mount holding %s private", rootfs);
		char *slash = strrchr(path, '/');
		if (slash == NULL)
			die(EINVAL, "rootfs %s is not absolute", rootfs);
		if (slash == path)
			slash[1] = 0;
		else
			*slash = 0;
	}
}

static void mask_path(struct init_ctx *c, const char *path)
{
	char tp[64];
	int fd = pr_open(c->rootfd, path, O_PATH | O_NOFOLLOW);
	if (fd < 0 && errno == ENOENT)
		return;
	if (fd < 0)
		die(errno, "masked path %s", path);
	struct stat st;
	if (fstat(fd, &st) < 0)
		die(errno, "masked path %s", path);
	if (S_ISDIR(st.st_mode)) {
		fdpath(tp, sizeof tp, fd);
		if (mount("tmpfs", tp, "tmpfs", MS_RDONLY, NULL) < 0)
			die(errno, "mask %s with tmpfs", path);
	} else {
		int m = attach_clone(c->devnull, "", 0, 0, fd);
		if (m < 0)
			die(errno, "mask %s with /dev/null", path);
		close(m);
	}
	close(fd);
}

static void readonly_path(struct init_ctx *c, const char *path)
{
	int fd = pr_open(c->rootfd, path, O_PATH | O_NOFOLLOW);
	if (fd < 0 && errno == ENOENT)
		return;
	if (fd < 0)
		die(errno, "readonly path %s", path);
	/* A read-only clone of its own subtree, attached on top: never writable in between. */
	int m = attach_clone(fd, "", 1, MOUNT_ATTR_RDONLY, fd);
	if (m < 0)
		die(errno, "make %s read-only", path);
	close(m);
	close(fd);
}

void setup_rootfs(struct init_ctx *c)
{
	struct plan *p = c->p;
	/*
	 * Shared and unbindable are applied to the new / only after the switch (pivot.c): an
	 * unbindable host tree would refuse the binds below, and a shared one would keep
	 * propagating between this namespace and the host while we build the rootfs.
	 */
	uint64_t prop = MS_SLAVE | MS_REC;
	if (p->has_propagation && (p->propagation & (MS_SHARED | MS_UNBINDABLE)) == 0)
		prop = p->propagation;

	if (mount(NULL, "/", NULL, prop, NULL) < 0)
		die(errno, "set propagation of /");
	rootfs_parent_private(p->rootfs);
	if (mount(p->rootfs, p->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		die(errno, "bind mount rootfs %s", p->rootfs);
	c->rootfd = open(p->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (c->rootfd < 0)
		die(errno, "open rootfs %s", p->rootfs);

	/* The host's /dev/null, checked once: the image's own /dev/null is never trusted (CVE-2025-31133). */
	c->devnull = open("/dev/null", O_PATH | O_CLOEXEC);
	struct stat st;
	if (c->devnull < 0 || fstat(c->devnull, &st) < 0)
		die(errno, "open /dev/null");
	if (!S_ISCHR(st.st_mode) || st.st_rdev != (dev_t)makedev(1, 3))
		die(0, "/dev/null is not the null device");

	for (size_t i = 0; i < p->n_mounts; i++)
		do_mount(c, &p->mounts[i], c->mount_trees != NULL ? c->mount_trees[i] : -1);
	free(c->mount_trees);
	c->mount_trees = NULL;
	setup_devices(c);
	setup_console(c);
	if (p->cwd != NULL) {
		/* runc creates a missing cwd; as root, before the switch, like the other targets. */
		int fd = pr_mkdir_all(c->rootfd, p->cwd, 0755);
		if (fd < 0)
			die(errno, "create cwd %s", p->cwd);
		close(fd);
	}
	for (size_t i = 0; i < p->n_masked; i++)
		mask_path(c, p->masked[i]);
	for (size_t i = 0; i < p->n_readonly; i++)
		readonly_path(c, p->readonly[i]);
	close(c->devnull);
	c->devnull = -1;
}
