/* Switching to the container's root. */
#include "init.h"
#include "msg.h"
#include "sys.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

void switch_root(struct init_ctx *c)
{
	if (fchdir(c->rootfd) < 0)
		die(errno, "chdir to rootfs %s", c->p->rootfs);
	if (c->p->no_pivot) {
		if (mount(".", "/", NULL, MS_MOVE, NULL) < 0)
			die(errno, "move rootfs %s to /", c->p->rootfs);
		if (chroot(".") < 0)
			die(errno, "chroot to %s", c->p->rootfs);
	} else {
		/*
		 * The kernel does not promise what "." is after pivot_root, so hold the old root
		 * by fd: making "." rslave when "." is the new root would strip the propagation
		 * the config asked for on every container mount.
		 */
		int oldroot = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (oldroot < 0)
			die(errno, "open the old root");
		/* pivot_root(".", ".") stacks the old root on the new one; no put_old dir needed. */
		if (sys_pivot_root(".", ".") < 0)
			die(errno, "pivot_root to %s", c->p->rootfs);
		if (fchdir(oldroot) < 0)
			die(errno, "chdir to the old root");
		close(oldroot);
		/* Slave first, so detaching the old root cannot propagate umounts to the host. */
		if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0)
			die(errno, "make the old root rslave");
		if (umount2(".", MNT_DETACH) < 0)
			die(errno, "detach the old root");
	}
	if (chdir("/") < 0)
		die(errno, "chdir to /");
	/*
	 * The rootfs bind was made under a private parent (pivot_root needs that), so it came out
	 * private: a shared or unbindable rootfsPropagation must be applied to the new / itself.
	 */
	if (c->p->has_propagation && (c->p->propagation & (MS_SHARED | MS_UNBINDABLE)) != 0 &&
	    mount(NULL, "/", NULL, c->p->propagation, NULL) < 0)
		die(errno, "set rootfsPropagation of /");
	/* mount_setattr changes only RDONLY and keeps nosuid/nodev/... as they are. */
	if (c->p->root_readonly && sys_mount_setattr(AT_FDCWD, "/", 0, MOUNT_ATTR_RDONLY, 0, 0) < 0)
		die(errno, "remount / read-only");
}
