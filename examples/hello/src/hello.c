/* The example container's program: proves it runs in its own namespaces. */
#include <stdio.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(void)
{
    struct utsname u;
    if (uname(&u) != 0) {
        perror("uname");
        return 1;
    }
    printf("Hello from a jrunc container!\n");
    printf("  hostname: %s\n  pid: %d\n  uid: %d\n", u.nodename, (int)getpid(), (int)getuid());
    return 0;
}
