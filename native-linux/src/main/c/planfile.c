/* The plan file handed over by the JVM, shared by `jrunc-init create` and `jrunc-init exec`. */
#include "planfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static unsigned char *failed(int fd, unsigned char *buf, const char **what, const char *step, int err)
{
	free(buf);
	if (fd >= 0)
		close(fd);
	*what = step;
	errno = err;
	return NULL;
}

unsigned char *plan_file_take(const char *path, size_t *len, const char **what)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return failed(-1, NULL, what, "open plan", errno);
	struct stat st;
	if (fstat(fd, &st) < 0)
		return failed(fd, NULL, what, "stat plan", errno);
	/* The header alone is 16 bytes; anything else is not something the JVM wrote. */
	if (!S_ISREG(st.st_mode) || st.st_size < 16 || (uintmax_t)st.st_size > PLAN_FILE_MAX)
		return failed(fd, NULL, what, "bad plan", EINVAL);
	size_t size = (size_t)st.st_size, got = 0;
	unsigned char *buf = malloc(size);
	if (buf == NULL)
		return failed(fd, NULL, what, "read plan", ENOMEM);
	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return failed(fd, buf, what, "read plan", n < 0 ? errno : EIO);
		got += (size_t)n;
	}
	close(fd);
	if (unlink(path) < 0)
		return failed(-1, buf, what, "remove plan", errno);
	*len = size;
	return buf;
}

