/* open(2) flags with xv6's values (Linux spells O_CREATE as O_CREAT = 0100). */
#ifndef _KERNEL_FCNTL_H
#define _KERNEL_FCNTL_H

#define O_RDONLY  0x000
#define O_WRONLY  0x001
#define O_RDWR    0x002
#define O_CREATE  0x200
#define O_TRUNC   0x400
#define O_ACCMODE 0x003

/*
 * mmap(), mprotect(), msync() and madvise() (Linux's values,
 * include/uapi/asm-generic/mman-common.h and mman.h), as the xv6 mmap lab
 * declares them here too.
 */
#define PROT_NONE  0x0
#define PROT_READ  0x1
#define PROT_WRITE 0x2
#define PROT_EXEC  0x4

#define MAP_SHARED    0x01	/* changes go to the file and are seen by others */
#define MAP_PRIVATE   0x02	/* changes stay in this process (copy-on-write) */
#define MAP_FIXED     0x10	/* exactly at addr, replacing what was there */
#define MAP_ANONYMOUS 0x20	/* no file: zero-filled memory */
#define MAP_FAILED ((void *)-1)

#define MS_ASYNC      1
#define MS_INVALIDATE 2
#define MS_SYNC       4

#define MADV_NORMAL     0
#define MADV_RANDOM     1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED   3
#define MADV_DONTNEED   4
#define MADV_DONTFORK   10
#define MADV_DOFORK     11
#define MADV_COLD       20
#define MADV_PAGEOUT    21

#endif
