/* exec from inside the kernel (Linux: include/linux/binfmts.h kernel_execve). */
#ifndef _KERNEL_FS_EXEC_H
#define _KERNEL_FS_EXEC_H

/* Replace the calling kernel thread's image with a user program: 0 or -errno. */
int kernel_execve(const char *path, const char *const *argv);

#endif
