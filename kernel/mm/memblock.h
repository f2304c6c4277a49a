/*
 * memblock: the boot-time memory allocator (Linux: include/linux/memblock.h).
 * Two sorted arrays of regions: `memory` (RAM the device tree describes)
 * and `reserved` (kernel image, DTB, firmware, early allocations). What is
 * in memory and not reserved is free; memblock_free_all() hands it to the
 * buddy allocator and memblock retires.
 */
#ifndef _MM_MEMBLOCK_H
#define _MM_MEMBLOCK_H

#include "types.h"

#define INIT_MEMBLOCK_REGIONS 128
#define NUMA_NO_NODE (-1)

enum memblock_flags {
	MEMBLOCK_NONE = 0,
	MEMBLOCK_NOMAP = 1 << 2,	/* not in the linear map (firmware) */
};

struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
	enum memblock_flags flags;
	int nid;
};

struct memblock_type {
	unsigned long cnt;
	unsigned long max;
	phys_addr_t total_size;
	struct memblock_region *regions;
	const char *name;
};

struct memblock {
	bool bottom_up;
	phys_addr_t current_limit;
	struct memblock_type memory;
	struct memblock_type reserved;
};

extern struct memblock memblock;

int memblock_add_node(phys_addr_t base, phys_addr_t size, int nid);
int memblock_add(phys_addr_t base, phys_addr_t size);
int memblock_remove(phys_addr_t base, phys_addr_t size);
int memblock_reserve(phys_addr_t base, phys_addr_t size);
int memblock_phys_free(phys_addr_t base, phys_addr_t size);
int memblock_mark_nomap(phys_addr_t base, phys_addr_t size);
void memblock_set_node(phys_addr_t base, phys_addr_t size, int nid);
/* Allocate from the top down below current_limit; 0 on failure. */
phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end, int nid);
phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align);
/* Zeroed, linear-map address; panics on failure like Linux's memblock_alloc_or_panic. */
void *memblock_alloc(phys_addr_t size, phys_addr_t align);
void *memblock_alloc_node(phys_addr_t size, phys_addr_t align, int nid);
void memblock_enforce_memory_limit(phys_addr_t limit);
phys_addr_t memblock_start_of_DRAM(void);
phys_addr_t memblock_end_of_DRAM(void);
phys_addr_t memblock_phys_mem_size(void);
phys_addr_t memblock_reserved_size(void);
bool memblock_is_reserved(phys_addr_t addr);
bool memblock_is_memory(phys_addr_t addr);
bool memblock_is_map_memory(phys_addr_t addr);
void memblock_dump_all(void);
/* Release every free page to the buddy allocator; returns pages freed. */
unsigned long memblock_free_all(void);

#define for_each_mem_region(r) \
	for (r = memblock.memory.regions; r < memblock.memory.regions + memblock.memory.cnt; r++)
#define for_each_reserved_mem_region(r) \
	for (r = memblock.reserved.regions; r < memblock.reserved.regions + memblock.reserved.cnt; r++)

/* Iterate over free ranges (memory minus reserved) as [*start, *end). */
bool __next_free_range(u64 *idx, phys_addr_t *start, phys_addr_t *end, int *nid);
#define for_each_free_mem_range(i, s, e, nid) \
	for (i = 0; __next_free_range(&i, s, e, nid);)

#endif
