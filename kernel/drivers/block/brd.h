/* RAM disks ram0..ram{BRD_NR-1} (Linux: drivers/block/brd.c, rd_nr and rd_size). */
#ifndef _KERNEL_DRIVERS_BLOCK_BRD_H
#define _KERNEL_DRIVERS_BLOCK_BRD_H

#include "types.h"
#include "block/blkdev.h"

#define BRD_NR 2
#define RAMDISK_MAJOR 1			/* Linux's; block majors are apart from char majors */
#define BRD_MAX_BYTES (256UL << 20)

/* The registered disk ram<index>, or NULL. */
struct block_device *brd_get(int index);
/*
 * Give the disk a size in bytes (a multiple of 512; 0 frees its memory).
 * Its old contents are lost; nothing may be using it.
 */
int brd_set_capacity(int index, u64 bytes);

#endif
