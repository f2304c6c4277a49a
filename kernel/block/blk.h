/*
 * The block layer's own helpers, shared by its files and seen by no
 * driver (Linux: block/blk.h).
 */
#ifndef _KERNEL_BLOCK_BLK_H
#define _KERNEL_BLOCK_BLK_H

#include "block/blkdev.h"

/*
 * blk-merge.c: if `bio` continues the plug's newest request, chain it
 * there (bi_next), count the merge and return true.
 */
bool blk_attempt_plug_merge(struct blk_plug *plug, struct bio *bio);

#endif
