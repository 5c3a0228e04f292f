/*
 * Path resolution inside the container's rootfs. Every function takes the rootfs dir fd and
 * a container path; nothing they return can lie outside the rootfs, whatever symlinks the
 * image holds. All return an fd (O_CLOEXEC) or -1 with errno set.
 */
#ifndef JRUNC_PATHRES_H
#define JRUNC_PATHRES_H

#include <sys/types.h>

/* Opens path with oflags, following symlinks as if rootfd were "/"; magic links refused. */
int pr_open(int rootfd, const char *path, int oflags);
/* Like pr_open, but any symlink on the way, the last component included, is ELOOP. */
int pr_open_nosymlinks(int rootfd, const char *path, int oflags);
/* Like mkdir -p inside the rootfs; returns an O_PATH fd of the directory. */
int pr_mkdir_all(int rootfd, const char *path, mode_t mode);
/* Creates the parent directories of path; returns an O_PATH fd of the parent and points
 * *name at the last component (inside a buffer owned by the caller: namebuf, PATH_MAX). */
int pr_parent(int rootfd, const char *path, char *namebuf);
/* Opens a mount target (O_PATH), creating a directory (want_dir) or an empty file if missing. */
int pr_target(int rootfd, const char *path, int want_dir);

#endif
