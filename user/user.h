/*
 * What a user program can call: the system calls and the user library.
 *
 * The first two groups are exactly xv6-riscv's user/user.h, so an xv6
 * program compiles unchanged with xv6's include lines:
 *   #include "kernel/types.h"
 *   #include "kernel/stat.h"
 *   #include "user/user.h"
 * Pagoda's additions follow; they use only names xv6 programs leave free.
 * Linux's counterpart is the C library's headers (unistd.h, stdio.h,
 * stdlib.h, string.h, errno.h), which Pagoda does not have.
 *
 * A failing system call returns -1 (sbrk: (char *)-1) and sets errno to a
 * Linux error number (user/errno.h); see docs/user.md for the ABI.
 */
#ifndef _USER_USER_H
#define _USER_USER_H

#include "kernel/types.h"	/* uint; xv6 programs include it first anyway */

struct stat;

/* System calls: user/usys.S, generated from kernel/syscall.h. */
int fork(void);
int exit(int) __attribute__((noreturn));
int wait(int*);
int pipe(int*);
int write(int, const void*, int);
int read(int, void*, int);
int close(int);
int kill(int);
int exec(const char*, char**);
int open(const char*, int);
int mknod(const char*, short, short);
int unlink(const char*);
int fstat(int fd, struct stat*);
int link(const char*, const char*);
int mkdir(const char*);
int chdir(const char*);
int dup(int);
int getpid(void);
char* sbrk(int);
int sleep(int);		/* in clock ticks of 10 ms */
int uptime(void);	/* clock ticks since boot */

/* user/lib/ulib.c, printf.c */
int stat(const char*, struct stat*);
char* strcpy(char*, const char*);
void *memmove(void*, const void*, int);
char* strchr(const char*, char c);
int strcmp(const char*, const char*);
void fprintf(int, const char*, ...) __attribute__ ((format (printf, 2, 3)));
void printf(const char*, ...) __attribute__ ((format (printf, 1, 2)));
char* gets(char*, int max);
uint strlen(const char*);
void* memset(void*, int, uint);
int atoi(const char*);
int memcmp(const void *, const void *, uint);
void *memcpy(void *, const void *, uint);

/* user/lib/umalloc.c */
void* malloc(uint);
void free(void*);

/* ---- Pagoda's additions ---- */

/* What sbrk returns on failure (newer xv6 names it too). */
#define SBRK_ERROR ((char *)-1)

/* user/lib/errno.c: the error of the last failed system call. */
extern int errno;
char *strerror(int errnum);
void perror(const char *s);

/*
 * Memory mappings and file sync: system calls with Linux's arguments and
 * constants (PROT_*, MAP_*, MS_*, MADV_* in kernel/fcntl.h), so programs
 * for the xv6 mmap lab compile. mmap returns MAP_FAILED on error.
 */
void *mmap(void *addr, uint64 length, int prot, int flags, int fd, uint64 offset);
int munmap(void *addr, uint64 length);
int mprotect(void *addr, uint64 length, int prot);
int msync(void *addr, uint64 length, int flags);
int madvise(void *addr, uint64 length, int advice);
int fsync(int fd);
void sync(void);
/* Linux's reboot(2): magic numbers and commands in user/reboot.h. */
int reboot(int magic, int magic2, unsigned int cmd);

/*
 * Swap areas (Linux's swapon(2), swapoff(2)): path names a disk,
 * "/dev/vdb". flags is 0 (the kernel picks a priority below every other
 * area's) or SWAP_FLAG_PREFER | prio, prio 0..32767, higher used first.
 */
#define SWAP_FLAG_PREFER	0x8000
#define SWAP_FLAG_PRIO_MASK	0x7fff
int swapon(const char *path, int flags);
int swapoff(const char *path);

/* user/lib/xv6new.c: newer xv6's names for sleep and a lazy sbrk. */
int pause(int ticks);
char *sbrklazy(int n);

/* user/lib/string.c */
int strncmp(const char *a, const char *b, uint n);
char *strncpy(char *dst, const char *src, uint n);
char *strrchr(const char *s, int c);
char *strcat(char *dst, const char *src);

/* user/lib/printf.c: C's formats (%d %i %u %x %X %o %c %s %p %%, with
 * flags -0, width, .precision, and l/ll/z/h sizes); no floating point. */
int snprintf(char *buf, unsigned long size, const char *fmt, ...)
	__attribute__ ((format (printf, 3, 4)));
int vsnprintf(char *buf, unsigned long size, const char *fmt, __builtin_va_list ap)
	__attribute__ ((format (printf, 3, 0)));
void vfprintf(int fd, const char *fmt, __builtin_va_list ap)
	__attribute__ ((format (printf, 2, 0)));

/* user/lib/ulib.c: a whole decimal number (optional '-'), or -1 (errno EINVAL). */
int parse_int(const char *s, int *out);
/* user/lib/string.c: "64M", "512K", "1G", or a bare number of 1 << unit_shift bytes. */
int parse_size(const char *s, int unit_shift, uint64 *out);

#endif
