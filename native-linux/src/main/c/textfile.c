#include "textfile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int write_text_once(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t len = strlen(text);
	ssize_t n;
	do
		n = write(fd, text, len);
	while (n < 0 && errno == EINTR);
	int saved = n < 0 ? errno : (size_t)n != len ? EIO : 0;
	if (close(fd) < 0 && saved == 0)
		saved = errno;
	errno = saved;
	return saved == 0 ? 0 : -1;
}
