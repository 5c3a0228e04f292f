/* Device nodes and /dev symlinks, created relative to parent fds resolved inside the rootfs. */
#include "init.h"
#include "msg.h"
#include "pathres.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static void bind_device(struct init_ctx *c, const struct plan_device *d, int parent, const char *name)
{
	int f = openat(parent, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (f < 0 && errno != EEXIST)
		die(errno, "create device mount target %s", d->path);
	if (f >= 0)
		close(f);
	int target = openat(parent, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	if (target < 0 || fstat(target, &st) < 0)
		die(errno, "open device mount target %s", d->path);
	if (S_ISLNK(st.st_mode) || S_ISDIR(st.st_mode))
		die(EEXIST, "device %s: existing entry is not a file", d->path);
	/* The source is the host node of the same path, reached while the host / is still ours. */
	int m = attach_clone(AT_FDCWD, d->path, 0, 0, target);
	if (m < 0)
		die(errno, "bind mount device %s", d->path);
	close(m);
	close(target);
	(void)c;
}

static void make_device(const struct plan_device *d, int parent, const char *name)
{
	mode_t type;
	switch (d->type) {
	case 'b': type = S_IFBLK; break;
	case 'p': type = S_IFIFO; break;
	default: type = S_IFCHR; break;	/* 'c' and 'u' (unbuffered) */
	}
	dev_t dev = d->type == 'p' ? 0 : makedev(d->major, d->minor);
	/* umask is 0 during setup, so the node gets exactly the planned mode. */
	if (mknodat(parent, name, type | (mode_t)d->mode, dev) < 0) {
		if (errno == EEXIST)
			return;	/* an existing entry is left alone, as runc does */
		die(errno, "mknod %s", d->path);
	}
	if (fchownat(parent, name, d->uid, d->gid, AT_SYMLINK_NOFOLLOW) < 0)
		die(errno, "chown %s", d->path);
}

void setup_devices(struct init_ctx *c)
{
	struct plan *p = c->p;
	char name[PATH_MAX];

	for (size_t i = 0; i < p->n_devices; i++) {
		const struct plan_device *d = &p->devices[i];
		int parent = pr_parent(c->rootfd, d->path, name);
		if (parent < 0)
			die(errno, "device %s: open parent", d->path);
		if (d->bind)
			bind_device(c, d, parent, name);
		else
			make_device(d, parent, name);
		close(parent);
	}
	for (size_t i = 0; i < p->n_symlinks; i++) {
		const struct plan_pair *s = &p->symlinks[i];
		int parent = pr_parent(c->rootfd, s->b, name);
		if (parent < 0)
			die(errno, "symlink %s: open parent", s->b);
		if (symlinkat(s->a, parent, name) < 0 && errno != EEXIST)
			die(errno, "symlink %s -> %s", s->b, s->a);
		close(parent);
	}
}
