/*
 * What the host tools (mkfs, fsck) share: kernel/fs.h, which is written
 * for the RISC-V kernel's types, included after host typedefs of those
 * types. Its struct dirent and struct stat are renamed so that <dirent.h>
 * and <sys/stat.h> can be used too.
 */
#ifndef MKFS_PGFS_HOST_H
#define MKFS_PGFS_HOST_H

#include <stdint.h>

typedef unsigned int uint;
typedef unsigned short ushort;
typedef uint64_t uint64;

#define dirent pgfs_dirent
#define stat pgfs_stat
#include "../kernel/fs.h"
#include "../kernel/stat.h"
#include "../kernel/param.h"
#undef dirent
#undef stat

#define FSSIZE_DEFAULT FSSIZE

#define NINODES_DEFAULT 1024
/* Log blocks mkfs makes: a header and 60 blocks (the kernel's PGFS_LOG_MAX). */
#define NLOG_DEFAULT 61

_Static_assert(sizeof(struct dinode) == 64, "dinode is 64 bytes");
_Static_assert(sizeof(struct pgfs_dirent) == 32, "dirent is 32 bytes");
_Static_assert(sizeof(struct logheader) == BSIZE, "log header is one block");

#endif
