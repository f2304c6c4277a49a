/*
 * On-disk layout of Pagoda's file system, shared by the kernel, mkfs and
 * user programs (ls reads struct dirent). xv6's layout with two changes:
 * a doubly-indirect block (files up to about 64 MiB) and 30-byte names.
 *
 * Disk layout:
 * [ boot block | super block | log | inode blocks | free bit map | data blocks ]
 */
#ifndef _KERNEL_FS_H
#define _KERNEL_FS_H

#define ROOTINO  1	/* root i-number */
#define BSIZE 1024	/* block size */

struct superblock {
	uint magic;		/* Must be FSMAGIC */
	uint size;		/* Size of file system image (blocks) */
	uint nblocks;		/* Number of data blocks */
	uint ninodes;		/* Number of inodes. */
	uint nlog;		/* Number of log blocks */
	uint logstart;		/* Block number of first log block */
	uint inodestart;	/* Block number of first inode block */
	uint bmapstart;		/* Block number of first free map block */
};

#define FSMAGIC 0x50474431	/* "PGD1"; xv6 images (0x10203040) are refused */

#define NDIRECT 11
#define NINDIRECT (BSIZE / sizeof(uint))
#define NDINDIRECT (NINDIRECT * NINDIRECT)
#define MAXFILE (NDIRECT + NINDIRECT + NDINDIRECT)

/* On-disk inode structure: 64 bytes. */
struct dinode {
	short type;		/* File type (T_DIR, T_FILE, T_DEVICE), 0 = free */
	short major;		/* Major device number (T_DEVICE only) */
	short minor;		/* Minor device number (T_DEVICE only) */
	short nlink;		/* Number of links to inode in file system */
	uint size;		/* Size of file (bytes) */
	uint addrs[NDIRECT + 2];	/* direct, singly indirect, doubly indirect */
};

/* Inodes per block. */
#define IPB (BSIZE / sizeof(struct dinode))

/* Block containing inode i */
#define IBLOCK(i, sb) ((i) / IPB + (sb).inodestart)

/* Bitmap bits per block */
#define BPB (BSIZE * 8)

/* Block of free map containing bit for block b */
#define BBLOCK(b, sb) ((b) / BPB + (sb).bmapstart)

/* Directory is a file containing a sequence of dirent structures. */
#define DIRSIZ 30

struct dirent {
	ushort inum;
	char name[DIRSIZ];
};

/*
 * The log's header block (the first block of the log). n != 0 means a
 * committed transaction whose blocks are in log blocks 1..n and must be
 * copied to block[0..n-1]; mount (and fsck) replay it.
 */
#define LOGHDR_MAX (BSIZE / sizeof(uint) - 1)
struct logheader {
	uint n;
	uint block[LOGHDR_MAX];
};

#endif
