/*
 * Id-mapped bind mounts, prepared by stage 0 while it is still host root in the host's
 * namespaces: mount_setattr(MOUNT_ATTR_IDMAP) needs CAP_SYS_ADMIN over the filesystem's own
 * user namespace (the host's for ext4, tmpfs and the like), which the container init, root
 * only in its own user namespace, does not have. Each tree stays detached until the init
 * moves it onto its target (mounts.c), so it is never visible without its mapping.
 */
#include "idmap.h"
#include "init.h"
#include "msg.h"
#include "sys.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef MOUNT_ATTR_IDMAP
#define MOUNT_ATTR_IDMAP 0x00100000
#endif

static void write_map(pid_t pid, const char *name, const char *text)
{
	char err[256];
	if (idmap_apply(pid, name, text, NULL, err, sizeof err) < 0) {
		int e = errno;
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		die(e, "id-mapped mount: write %s", err);
	}
}

/*
 * A user namespace holding the mapping, as an fd: a child made in a new user namespace that
 * only waits to be killed; its maps are written from here, its namespace file kept open.
 */
static int userns_with_map(const char *uid_map, const char *gid_map)
{
	pid_t pid = (pid_t)syscall(SYS_clone, (unsigned long)(CLONE_NEWUSER | SIGCHLD), 0, 0, 0, 0);
	if (pid < 0)
		die(errno, "id-mapped mount: clone a user namespace");
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			pause();
	}
	write_map(pid, "uid_map", uid_map);
	write_map(pid, "gid_map", gid_map);
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/ns/user", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int e = errno;
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	if (fd < 0)
		die(e, "id-mapped mount: open %s", path);
	return fd;
}

static int idmapped_tree(const struct plan_mount *m, uint64_t top_attrs)
{
	int userns = userns_with_map(m->uid_map, m->gid_map);
	unsigned flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | ((m->flags & MS_REC) ? AT_RECURSIVE : 0);
	int tree = sys_open_tree(AT_FDCWD, m->source, flags);
	if (tree < 0)
		die(errno, "bind mount %s to %s", m->source, m->destination);
	struct jr_mount_attr attr = { .attr_set = MOUNT_ATTR_IDMAP, .userns_fd = (uint64_t)userns };
	unsigned at = AT_EMPTY_PATH | (m->idmap_recursive ? AT_RECURSIVE : 0);
	if (syscall(SYS_mount_setattr, tree, "", at, &attr, sizeof attr) < 0)
		die(errno, "id-mapped mount %s to %s: mount_setattr MOUNT_ATTR_IDMAP", m->source,
		    m->destination);
	close(userns);
	/* The bind's own flags on the top mount, as mounts.c gives a plain bind. */
	uint64_t atime = top_attrs & MOUNT_ATTR__ATIME;
	if (top_attrs != 0 && sys_mount_setattr(tree, "", AT_EMPTY_PATH, top_attrs,
						atime ? MOUNT_ATTR__ATIME : 0, 0) < 0)
		die(errno, "bind mount %s to %s: mount_setattr", m->source, m->destination);
	return tree;
}

void prepare_idmapped_mounts(struct init_ctx *c)
{
	struct plan *p = c->p;
	for (size_t i = 0; i < p->n_mounts; i++) {
		if (p->mounts[i].uid_map == NULL)
			continue;
		if (c->mount_trees == NULL) {
			c->mount_trees = malloc(p->n_mounts * sizeof *c->mount_trees);
			if (c->mount_trees == NULL)
				die(ENOMEM, "id-mapped mounts");
			for (size_t k = 0; k < p->n_mounts; k++)
				c->mount_trees[k] = -1;
		}
		c->mount_trees[i] = idmapped_tree(&p->mounts[i], bind_attrs(p->mounts[i].flags));
	}
}
