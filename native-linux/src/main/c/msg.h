/* Socket messages between Java and jrunc-init; docs/init-protocol.md section 2. */
#ifndef JRUNC_MSG_H
#define JRUNC_MSG_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define MSG_PLAN 1u
#define MSG_PID 2u
#define MSG_GO 3u
#define MSG_READY 4u
#define MSG_SECCOMP_FD 5u
#define MSG_HOOKS 6u
#define MSG_RESUME 7u
#define MSG_ERROR 127u

#define MSG_MAX_PLAN_CHUNK 65536u
#define MSG_MAX_ERROR_TEXT 4000u

/* The socket to Java; -1 when there is none (errors then go to stderr). */
extern int g_sock;

/* DATA plus FD as SCM_RIGHTS in one sendmsg (MSG_NOSIGNAL, EINTR retried): bytes sent or -1. */
ssize_t sendmsg_fd(int sock, const void *data, size_t len, int fd);

int msg_send(uint32_t type, const void *payload, size_t len);
/* Sends a message without payload carrying fd (SCM_RIGHTS). */
int msg_send_fd(uint32_t type, int fd);
/* Receives one message into buf (cap bytes for the payload). Returns its type, or -1. */
int msg_recv(void *buf, size_t cap, size_t *len);
/*
 * Receives one message of any data from sock (not g_sock) that must carry exactly one fd,
 * as the console and pidfd sockets send; returns the fd (close-on-exec), or -1 with errno.
 */
int recv_one_fd(int sock);
/* Sends data and fd in exactly one message on sock (not g_sock); -1 with errno on failure. */
int send_one_fd(int sock, const char *data, int fd);
/* What msg_await found. */
enum msg_outcome {
	MSG_GOT,	/* a message of the wanted type: payload in buf, its fd in *fd_out */
	MSG_EOF,	/* the peer closed the socket (it died or exited) */
	MSG_TIMED_OUT,	/* nothing came before the deadline */
	MSG_FAILED,	/* anything else: why holds the reason (the peer's own ERROR words too) */
};

/*
 * The runtime side of create and exec waiting for jrunc-init: the next message on SOCK,
 * which must be of type WANT with at most CAP bytes of payload (copied to BUF, its size to
 * *LEN when LEN is given) and, when FD_OUT is given, exactly one fd (close-on-exec; fds
 * nobody asked for are closed). DEADLINE is on monotonic_millis()'s clock (sys.h). The payload of an
 * ERROR message becomes "unable to start container process: <its text>" in WHY.
 */
enum msg_outcome msg_await(int sock, uint32_t want, unsigned char *buf, size_t cap, size_t *len, int *fd_out,
			   long long deadline, char *why, size_t whylen);
/* Receives the whole plan as PLAN chunks; returns a malloc'd buffer or dies. */
unsigned char *msg_recv_plan(size_t *len);

/* Sends ERROR with err and "<text>: <strerror(err)>" (just the text when err is 0), exits 1. */
_Noreturn void die(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Sends ERROR with err and exactly the formatted text, exits 1. */
_Noreturn void die_text(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
