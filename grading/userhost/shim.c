/*
 * xv6's system calls on a Linux host, so that Pagoda's user programs can
 * be run and tested without a kernel (grading/test_userlib.py).
 *
 * The programs' objects have their system call names renamed to x_NAME
 * (objcopy --redefine-sym) and their library names to u_NAME, so neither
 * meets the host C library. Each x_NAME here does the Linux call and, on
 * failure, sets the programs' errno (u_errno) as Pagoda's wrappers do.
 * exec("/NAME") runs $PAGODA_HOSTBIN/NAME: the test's stand-in for the
 * disk's root directory. read() on a directory returns xv6 dirents (inum,
 * 30-byte name), as Pagoda's VFS does, made from readdir().
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern int u_errno;

struct xv6_stat {
	int dev;
	unsigned int ino;
	short type;
	short nlink;
	unsigned long size;
};

static int fail(void)
{
	u_errno = errno;
	return -1;
}

#define RET(expr) do { long r_ = (expr); return r_ < 0 ? fail() : (int)r_; } while (0)

int x_fork(void) { RET(fork()); }
void x_exit(int status) { _exit(status); }
int x_pipe(int *fds) { RET(pipe(fds)); }
int x_write(int fd, const void *p, int n) { RET(write(fd, p, n)); }
#define XV6_DIRSIZ 30
static DIR *dirs[1024];

int x_read(int fd, void *p, int n)
{
	struct stat st;
	struct dirent *d;
	unsigned short inum;

	if (fd < 0 || fd >= 1024 || fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode))
		RET(read(fd, p, n));
	if (n < 2 + XV6_DIRSIZ) {
		errno = EINVAL;
		return fail();
	}
	if (!dirs[fd])
		dirs[fd] = fdopendir(dup(fd));
	d = dirs[fd] ? readdir(dirs[fd]) : 0;
	if (!d)
		return 0;
	inum = (unsigned short)(d->d_ino % 65535 + 1);	/* 0 would mean a free slot */
	memset(p, 0, 2 + XV6_DIRSIZ);
	memcpy(p, &inum, 2);
	strncpy((char *)p + 2, d->d_name, XV6_DIRSIZ);
	return 2 + XV6_DIRSIZ;
}

int x_close(int fd)
{
	if (fd >= 0 && fd < 1024 && dirs[fd]) {
		closedir(dirs[fd]);
		dirs[fd] = 0;
	}
	RET(close(fd));
}
int x_kill(int pid) { RET(kill(pid, SIGKILL)); }
int x_unlink(const char *p)
{
	struct stat st;

	if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
		RET(rmdir(p));
	RET(unlink(p));
}
int x_link(const char *a, const char *b) { RET(link(a, b)); }
int x_mkdir(const char *p) { RET(mkdir(p, 0777)); }
int x_chdir(const char *p) { RET(chdir(p)); }
int x_dup(int fd) { RET(dup(fd)); }
int x_getpid(void) { return getpid(); }
int x_mknod(const char *p, short major, short minor)
{
	RET(mknod(p, S_IFREG | 0666, 0));	/* no devices for an ordinary user */
}

int x_wait(int *status)
{
	int st, pid = wait(&st);

	if (pid < 0)
		return fail();
	if (status)
		*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;	/* xv6: -1 when killed */
	return pid;
}

int x_open(const char *path, int flags)
{
	int f = flags & 3;

	if (flags & 0x200)
		f |= O_CREAT;
	if (flags & 0x400)
		f |= O_TRUNC;
	RET(open(path, f, 0666));
}

int x_fstat(int fd, struct xv6_stat *xs)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return fail();
	xs->dev = (int)st.st_dev;
	xs->ino = (unsigned)st.st_ino;
	xs->type = S_ISDIR(st.st_mode) ? 1 : S_ISREG(st.st_mode) ? 2 : 3;
	xs->nlink = (short)st.st_nlink;
	xs->size = st.st_size;
	return 0;
}

int x_exec(const char *path, char **argv)
{
	char full[4096];
	const char *bin = getenv("PAGODA_HOSTBIN");

	if (path[0] == '/' && bin && snprintf(full, sizeof(full), "%s%s", bin, path) < (int)sizeof(full)
	    && access(full, X_OK) == 0)
		path = full;
	execv(path, argv);
	return fail();
}

static char heap[64 << 20] __attribute__((aligned(16)));
static long brk_off;

char *x_sbrk(int n)
{
	if (brk_off + n < 0 || brk_off + n > (long)sizeof(heap)) {
		u_errno = ENOMEM;
		return (char *)-1;
	}
	brk_off += n;
	return heap + brk_off - n;
}

int x_sleep(int ticks)
{
	struct timespec ts = { ticks / 100, (ticks % 100) * 10000000L };

	nanosleep(&ts, 0);
	return 0;
}

int x_uptime(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int)(ts.tv_sec * 100 + ts.tv_nsec / 10000000L);
}
