/*
 * The ktest machines' scratch disk (grading/run_ktests.py makes it): a
 * few MiB whose byte `j` of sector `s` is (s * 31 + j) & 0xff, except
 * that sector 0 starts with SCRATCH_MAGIC. QEMU opens it with
 * snapshot=on, so tests may write anywhere. Tests look for the magic
 * rather than trusting a name, so they never write on a real file system.
 */
#ifndef _DRIVERS_TESTS_SCRATCH_H
#define _DRIVERS_TESTS_SCRATCH_H

#include "block/blkdev.h"

#define SCRATCH_MAGIC "PAGODA-SCRATCH\n"

static inline u8 scratch_byte(u64 sector, unsigned int offset)
{
	return (sector * 31 + offset) & 0xff;
}

/* The scratch disk, or NULL if this machine has none. */
struct block_device *find_scratch_disk(void);

#endif
