/* sd_notify for a busybox container: sends argv[1] as one datagram to $NOTIFY_SOCKET. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (argc != 2 || path == NULL || strlen(path) >= sizeof sa.sun_path) {
		fprintf(stderr, "usage: NOTIFY_SOCKET=PATH notify-send TEXT\n");
		return 2;
	}
	strcpy(sa.sun_path, path);
	int s = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (s < 0 || sendto(s, argv[1], strlen(argv[1]), 0, (struct sockaddr *)&sa, sizeof sa) < 0) {
		perror("notify-send");
		return 1;
	}
	printf("notified %s via %s\n", argv[1], path);
	return 0;
}
