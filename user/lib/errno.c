/*
 * errno, and turning its numbers into words (Linux's libc: errno.c,
 * strerror.c, perror.c; the messages are glibc's).
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/errno.h"

int errno;

/*
 * Every system call wrapper (usys.S) jumps here when the kernel returned
 * a negative errno: the caller sees -1, which is also (char *)-1 for sbrk.
 */
long __syscall_error(long ret)
{
	errno = (int)-ret;
	return -1;
}

static const char *const messages[] = {
	[0] = "Success",
	[EPERM] = "Operation not permitted",
	[ENOENT] = "No such file or directory",
	[ESRCH] = "No such process",
	[EINTR] = "Interrupted system call",
	[EIO] = "Input/output error",
	[ENXIO] = "No such device or address",
	[E2BIG] = "Argument list too long",
	[ENOEXEC] = "Exec format error",
	[EBADF] = "Bad file descriptor",
	[ECHILD] = "No child processes",
	[EAGAIN] = "Resource temporarily unavailable",
	[ENOMEM] = "Cannot allocate memory",
	[EACCES] = "Permission denied",
	[EFAULT] = "Bad address",
	[EBUSY] = "Device or resource busy",
	[EEXIST] = "File exists",
	[EXDEV] = "Invalid cross-device link",
	[ENODEV] = "No such device",
	[ENOTDIR] = "Not a directory",
	[EISDIR] = "Is a directory",
	[EINVAL] = "Invalid argument",
	[ENFILE] = "Too many open files in system",
	[EMFILE] = "Too many open files",
	[ETXTBSY] = "Text file busy",
	[EFBIG] = "File too large",
	[ENOSPC] = "No space left on device",
	[ESPIPE] = "Illegal seek",
	[EROFS] = "Read-only file system",
	[EMLINK] = "Too many links",
	[EPIPE] = "Broken pipe",
	[ERANGE] = "Numerical result out of range",
	[ENAMETOOLONG] = "File name too long",
	[ENOSYS] = "Function not implemented",
	[ENOTEMPTY] = "Directory not empty",
	[EOVERFLOW] = "Value too large for defined data type",
	[ENOTSUP] = "Operation not supported",
};

/* The message for errnum; for a number without one, "Unknown error N". */
char *strerror(int errnum)
{
	static char unknown[32];

	if (errnum >= 0 && errnum < (int)ARRAY_SIZE(messages) && messages[errnum])
		return (char *)messages[errnum];
	snprintf(unknown, sizeof(unknown), "Unknown error %d", errnum);
	return unknown;
}

/* "s: message" on standard error, or just the message if s is empty. */
void perror(const char *s)
{
	int saved = errno;

	if (s && *s)
		fprintf(2, "%s: %s\n", s, strerror(saved));
	else
		fprintf(2, "%s\n", strerror(saved));
	errno = saved;
}
