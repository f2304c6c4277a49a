/*
 * Every system call's kernel entry point (Linux: include/linux/syscalls.h).
 * Each returns a value >= 0 or a negative errno; the user library turns a
 * negative return into -1 and errno. The table is kernel/syscall_table.c.
 */
#ifndef _KERNEL_SYSCALLS_H
#define _KERNEL_SYSCALLS_H

#include "types.h"
#include "uaccess.h"

struct stat;

/* Processes: kernel/fork.c, exit.c, signal.c, sys.c, fs/exec.c, mm/mmap.c. */
long sys_fork(void);
long sys_exit(int status);
long sys_wait(int __user *status);
long sys_kill(int pid);
long sys_exec(const char __user *path, const char __user *const __user *argv);
long sys_getpid(void);
long sys_sbrk(long increment);
long sys_sleep(int ticks);
long sys_uptime(void);

/* Files: kernel/fs/. */
long sys_pipe(int __user *fds);
long sys_read(int fd, char __user *buf, int count);
long sys_write(int fd, const char __user *buf, int count);
long sys_close(int fd);
long sys_open(const char __user *path, int flags);
long sys_mknod(const char __user *path, short major, short minor);
long sys_unlink(const char __user *path);
long sys_fstat(int fd, struct stat __user *st);
long sys_link(const char __user *oldpath, const char __user *newpath);
long sys_mkdir(const char __user *path);
long sys_chdir(const char __user *path);
long sys_dup(int fd);
long sys_fsync(int fd);
long sys_sync(void);
long sys_reboot(int magic1, int magic2, unsigned int cmd);	/* kernel/reboot.c */

/* Memory: kernel/mm/ (mmap.c, mprotect.c, msync.c, madvise.c). */
long sys_mmap(unsigned long addr, size_t len, unsigned long prot, unsigned long flags,
	      int fd, long offset);
long sys_munmap(unsigned long addr, size_t len);
long sys_mprotect(unsigned long start, size_t len, unsigned long prot);
long sys_msync(unsigned long start, size_t len, int flags);
long sys_madvise(unsigned long start, size_t len, int behavior);
long sys_swapon(const char __user *path, int swap_flags);	/* mm/swapfile.c */
long sys_swapoff(const char __user *path);

#endif
