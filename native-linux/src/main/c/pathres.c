#include "pathres.h"
#include "sys.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#define MAX_SYMLINKS 40

static int no_openat2;

static int same_inode(int a, const struct stat *b)
{
	struct stat sa;
	return fstat(a, &sa) == 0 && sa.st_dev == b->st_dev && sa.st_ino == b->st_ino;
}

/*
 * Fallback for kernels without openat2: walk one component at a time with O_NOFOLLOW,
 * expanding symlinks ourselves so that "/" and ".." never climb above rootfd, and refusing
 * symlinks found on procfs (the magic links RESOLVE_NO_MAGICLINKS would refuse). With
 * nosymlinks, any symlink on the way (the last component included) is ELOOP, as with
 * RESOLVE_NO_SYMLINKS.
 */
static int walk(int rootfd, const char *path, int oflags, int nosymlinks)
{
	struct stat rootst;
	char *todo = malloc(2 * PATH_MAX + 2), *link = malloc(PATH_MAX + 1);
	int cur = -1, links = 0, ret = -1, err = 0;

	if (todo == NULL || link == NULL) {
		err = ENOMEM;
		goto out;
	}
	if (strlen(path) > PATH_MAX) {
		err = ENAMETOOLONG;
		goto out;
	}
	strcpy(todo, path);
	if (fstat(rootfd, &rootst) < 0 || (cur = openat(rootfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) {
		err = errno;
		goto out;
	}
	char *rest = todo;
	for (;;) {
		while (*rest == '/')
			rest++;
		if (*rest == 0) {
			/* Resolved to a directory with nothing left (e.g. "/" or "a/.."). */
			ret = openat(cur, ".", oflags | O_CLOEXEC);
			err = errno;
			goto out;
		}
		char *comp = rest, *slash = strchr(rest, '/');
		if (slash != NULL) {
			*slash = 0;
			rest = slash + 1;
		} else {
			rest = comp + strlen(comp);
		}
		int last = 1;
		for (const char *q = rest; *q; q++)
			if (*q != '/')
				last = 0;
		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			if (same_inode(cur, &rootst))
				continue;
			int up = openat(cur, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
			if (up < 0) {
				err = errno;
				goto out;
			}
			close(cur);
			cur = up;
			continue;
		}
		int next = openat(cur, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0) {
			err = errno;
			goto out;
		}
		struct stat st;
		if (fstat(next, &st) < 0) {
			err = errno;
			close(next);
			goto out;
		}
		if (S_ISLNK(st.st_mode) && nosymlinks) {
			close(next);
			err = ELOOP;
			goto out;
		}
		if (S_ISLNK(st.st_mode)) {
			struct statfs sfs;
			ssize_t n = readlinkat(next, "", link, PATH_MAX);
			close(next);
			if (++links > MAX_SYMLINKS || fstatfs(cur, &sfs) < 0 || sfs.f_type == PROC_SUPER_MAGIC) {
				err = ELOOP;
				goto out;
			}
			if (n < 0) {
				err = errno;
				goto out;
			}
			link[n] = 0;
			size_t rl = strlen(rest);
			if ((size_t)n + 1 + rl > 2 * PATH_MAX) {
				err = ENAMETOOLONG;
				goto out;
			}
			/* rest may overlap todo: build the new remainder in place from the back. */
			memmove(todo + n + 1, rest, rl + 1);
			memcpy(todo, link, (size_t)n);
			todo[n] = '/';
			rest = todo;
			if (link[0] == '/') {
				close(cur);
				if ((cur = openat(rootfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) {
					err = errno;
					goto out;
				}
			}
			continue;
		}
		if (last) {
			close(next);
			ret = openat(cur, comp, oflags | O_NOFOLLOW | O_CLOEXEC);
			err = errno;
			goto out;
		}
		if (!S_ISDIR(st.st_mode)) {
			close(next);
			err = ENOTDIR;
			goto out;
		}
		close(cur);
		cur = next;
	}
out:
	if (cur >= 0)
		close(cur);
	free(todo);
	free(link);
	if (ret < 0)
		errno = err;
	return ret;
}

int pr_open(int rootfd, const char *path, int oflags)
{
	if (!no_openat2) {
		int fd, tries = 0;
		/* EAGAIN: a concurrent rename made the kernel unsure; it asks for a retry. */
		do
			fd = sys_openat2(rootfd, path, (uint64_t)(oflags | O_CLOEXEC), 0,
					 RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
		while (fd < 0 && errno == EAGAIN && ++tries < 16);
		if (fd >= 0 || errno != ENOSYS)
			return fd;
		no_openat2 = 1;
	}
	return walk(rootfd, path, oflags, 0);
}

int pr_open_nosymlinks(int rootfd, const char *path, int oflags)
{
	if (!no_openat2) {
		int fd, tries = 0;
		do
			fd = sys_openat2(rootfd, path, (uint64_t)(oflags | O_CLOEXEC), 0,
					 RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS);
		while (fd < 0 && errno == EAGAIN && ++tries < 16);
		if (fd >= 0 || errno != ENOSYS)
			return fd;
		no_openat2 = 1;
	}
	return walk(rootfd, path, oflags, 1);
}

/* Splits path into its directory part (in dir) and last component (in name). */
static int split(const char *path, char *dir, char *name)
{
	size_t len = strlen(path);
	if (len >= PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	while (len > 1 && path[len - 1] == '/')
		len--;
	size_t s = len;
	while (s > 0 && path[s - 1] != '/')
		s--;
	memcpy(name, path + s, len - s);
	name[len - s] = 0;
	if (name[0] == 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
		errno = EINVAL;
		return -1;
	}
	memcpy(dir, path, s);
	dir[s] = 0;
	if (s == 0)
		strcpy(dir, "/");
	return 0;
}

int pr_mkdir_all(int rootfd, const char *path, mode_t mode)
{
	size_t len = strlen(path);
	if (len >= PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	char prefix[PATH_MAX];
	int parent = openat(rootfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	size_t i = 0;
	if (parent < 0)
		return -1;
	prefix[0] = 0;
	while (i < len) {
		while (i < len && path[i] == '/')
			i++;
		if (i == len)
			break;
		size_t start = i;
		while (i < len && path[i] != '/')
			i++;
		/* prefix grows to "/a/b/c"; it cannot pass path's own length. */
		size_t pl = strlen(prefix);
		prefix[pl] = '/';
		memcpy(prefix + pl + 1, path + start, i - start);
		prefix[pl + 1 + (i - start)] = 0;

		int fd = pr_open(rootfd, prefix, O_PATH | O_DIRECTORY);
		if (fd < 0 && errno == ENOENT) {
			char comp[PATH_MAX];
			memcpy(comp, path + start, i - start);
			comp[i - start] = 0;
			/* mkdirat never follows the last component, so a planted symlink gives EEXIST. */
			if (mkdirat(parent, comp, mode) < 0 && errno != EEXIST) {
				int e = errno;
				close(parent);
				errno = e;
				return -1;
			}
			fd = pr_open(rootfd, prefix, O_PATH | O_DIRECTORY);
		}
		int e = errno;
		close(parent);
		if (fd < 0) {
			errno = e;
			return -1;
		}
		parent = fd;
	}
	return parent;
}

int pr_parent(int rootfd, const char *path, char *namebuf)
{
	char dir[PATH_MAX];
	if (split(path, dir, namebuf) < 0)
		return -1;
	return pr_mkdir_all(rootfd, dir, 0755);
}

int pr_target(int rootfd, const char *path, int want_dir)
{
	char name[PATH_MAX];
	int parent = pr_parent(rootfd, path, name);
	if (parent < 0)
		return -1;
	int fd = openat(parent, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		if (want_dir) {
			if (mkdirat(parent, name, 0755) < 0 && errno != EEXIST)
				goto fail;
		} else {
			int f = openat(parent, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
			if (f < 0 && errno != EEXIST)
				goto fail;
			if (f >= 0)
				close(f);
		}
		fd = openat(parent, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	}
	if (fd < 0)
		goto fail;
	struct stat st;
	if (fstat(fd, &st) < 0)
		goto fail_fd;
	if (S_ISLNK(st.st_mode)) {
		/* An image symlink: follow it, but only inside the rootfs. */
		close(fd);
		fd = pr_open(rootfd, path, O_PATH);
		if (fd < 0)
			goto fail;
	}
	close(parent);
	return fd;
fail_fd: {
	int e = errno;
	close(fd);
	errno = e;
}
fail: {
	int e = errno;
	close(parent);
	errno = e;
	return -1;
}
}
