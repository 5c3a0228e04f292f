#include "seal.h"
#include "msg.h"
#include "sys.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#define REQUIRED_SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

extern char **environ;

void seal_self(char **argv)
{
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		die(errno, "prctl PR_SET_DUMPABLE");

	int exe = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (exe < 0)
		die(errno, "open /proc/self/exe");
	int seals = fcntl(exe, F_GET_SEALS);
	if (seals >= 0 && (seals & REQUIRED_SEALS) == REQUIRED_SEALS) {
		close(exe);
		return;
	}

	/* Newer kernels refuse to exec a memfd unless MFD_EXEC is given; older ones reject the flag. */
	int mfd = memfd_create("jrunc-init", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
	if (mfd < 0 && errno == EINVAL)
		mfd = memfd_create("jrunc-init", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (mfd < 0)
		die(errno, "memfd_create");

	struct stat st;
	if (fstat(exe, &st) < 0)
		die(errno, "stat /proc/self/exe");
	off_t off = 0;
	while (off < st.st_size) {
		ssize_t n = sendfile(mfd, exe, &off, (size_t)(st.st_size - off));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die(errno, "copy /proc/self/exe into a memfd");
		if (n == 0)
			die(EIO, "copy /proc/self/exe into a memfd: short file");
	}
	close(exe);
	if (fcntl(mfd, F_ADD_SEALS, REQUIRED_SEALS) < 0)
		die(errno, "seal the memfd");
	/* The fd is close-on-exec, which is fine for an ELF image: the kernel holds its own reference. */
	syscall(SYS_execveat, mfd, "", argv, environ, AT_EMPTY_PATH);
	die(errno, "execveat sealed memfd");
}
