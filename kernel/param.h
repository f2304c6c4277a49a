/*
 * xv6's kernel/param.h limits, kept so xv6 user programs compile.
 * Pagoda allocates most of these dynamically (Linux has no NPROC: pid_max
 * and memory bound it), but enforces the values below where they matter.
 */
#ifndef _KERNEL_PARAM_H
#define _KERNEL_PARAM_H

#define NPROC        256	/* maximum number of processes (xv6: 64) */
#define NCPU           8	/* maximum number of harts */
#define NOFILE        64	/* open files per process (xv6: 16) */
#define NFILE       1024	/* open files per system (xv6: 100) */
#define NINODE       200	/* in-memory inodes cached, at least */
#define NDEV          10	/* maximum major device number */
#define ROOTDEV        1	/* device number of the file system root disk */
#define MAXARG        32	/* max exec arguments */
#define MAXOPBLOCKS   10	/* max # of blocks any FS op writes */
#define LOGSIZE      (MAXOPBLOCKS * 3)	/* max data blocks in on-disk log */
#define NBUF         (MAXOPBLOCKS * 3)	/* size of disk block cache, at least */
#define FSSIZE     65536	/* default file system size in blocks (64 MiB); `make FSSIZE=` */
#define MAXPATH      128	/* maximum file path name */
#define USERSTACK      1	/* xv6's user stack pages; Pagoda's stack is larger, see docs/user.md */

#endif
