/*
 * malloc() and free() for user programs, over memory from sbrk().
 *
 * Every block starts with a 16-byte header holding its size (header
 * included, a multiple of 16, so every pointer malloc returns is 16-byte
 * aligned as the RISC-V ABI wants). Free blocks sit on one list sorted by
 * address, which lets free() merge a block with the free blocks touching
 * it on either side; malloc() takes the first block big enough and
 * splits off the rest. The heap only grows: memory freed is reused, never
 * returned. (Linux's libcs keep blocks in size classes - glibc's bins,
 * musl's mallocng - and get big blocks from mmap so they can give them back.)
 */
#include "kernel/types.h"
#include "user/user.h"

#define HEAP_ALIGN 16
#define HEAP_GROW (64 * 1024)	/* the least we ask sbrk for: fewer system calls */

struct block {
	unsigned long size;	/* bytes, this header included */
	struct block *next;	/* the next free block by address; only while free */
};

#define HEADER sizeof(struct block)
#define MIN_BLOCK (HEADER + HEAP_ALIGN)	/* a split never leaves less */

static struct block *free_list;		/* lowest address first */

/* Put b on the free list at its place by address, merging with its neighbours. */
static void insert_free(struct block *b)
{
	struct block *prev = 0, *next = free_list;

	while (next && next < b) {
		prev = next;
		next = next->next;
	}
	if (next && (char *)b + b->size == (char *)next) {
		b->size += next->size;
		b->next = next->next;
	} else {
		b->next = next;
	}
	if (prev && (char *)prev + prev->size == (char *)b) {
		prev->size += b->size;
		prev->next = b->next;
	} else if (prev) {
		prev->next = b;
	} else {
		free_list = b;
	}
}

/* Get at least `need` more bytes from sbrk onto the free list. */
static int grow(unsigned long need)
{
	unsigned long size = need > HEAP_GROW ? need : HEAP_GROW;
	unsigned long pad;
	char *p;

	if (size > 0x7fffffffUL - HEAP_ALIGN)	/* sbrk takes an int */
		return -1;
	pad = -(unsigned long)sbrk(0) & (HEAP_ALIGN - 1);	/* the first break may be unaligned */
	p = sbrk((int)(size + pad));
	if (p == SBRK_ERROR)
		return -1;
	p += pad;
	((struct block *)p)->size = size;
	insert_free((struct block *)p);
	return 0;
}

void *malloc(uint nbytes)
{
	unsigned long need = ALIGN((unsigned long)nbytes + HEADER, HEAP_ALIGN);
	struct block **link, *b;

	for (;;) {
		for (link = &free_list; (b = *link) != 0; link = &b->next) {
			if (b->size < need)
				continue;
			if (b->size - need >= MIN_BLOCK) {	/* keep the tail free */
				struct block *rest = (struct block *)((char *)b + need);

				rest->size = b->size - need;
				rest->next = b->next;
				*link = rest;
				b->size = need;
			} else {
				*link = b->next;
			}
			return (char *)b + HEADER;
		}
		if (grow(need) < 0)
			return 0;
	}
}

void free(void *ptr)
{
	if (ptr)
		insert_free((struct block *)((char *)ptr - HEADER));
}
