/*
 * Boot-time memory management (Linux: mm/memblock.c).
 *
 * Regions in each array are kept sorted by address and non-overlapping;
 * adding a region merges it with neighbours that touch it and have the
 * same node and flags. Removing part of a region splits it.
 */
#include "mm/memblock.h"
#include "mm/page.h"
#include "mm/internal.h"
#include "printk.h"
#include "panic.h"
#include "string.h"
#include "errno.h"

static struct memblock_region memory_init_regions[INIT_MEMBLOCK_REGIONS];
static struct memblock_region reserved_init_regions[INIT_MEMBLOCK_REGIONS];

struct memblock memblock = {
	.bottom_up = false,
	.current_limit = ~0UL,
	.memory = { 0, INIT_MEMBLOCK_REGIONS, 0, memory_init_regions, "memory" },
	.reserved = { 0, INIT_MEMBLOCK_REGIONS, 0, reserved_init_regions, "reserved" },
};

static void remove_region(struct memblock_type *t, unsigned long i)
{
	t->total_size -= t->regions[i].size;
	memmove(&t->regions[i], &t->regions[i + 1], (t->cnt - i - 1) * sizeof(t->regions[0]));
	t->cnt--;
}

static int insert_region(struct memblock_type *t, unsigned long i, phys_addr_t base,
			 phys_addr_t size, int nid, enum memblock_flags flags)
{
	if (t->cnt == t->max) {
		pr_err("memblock: %s array full, dropping [%#lx-%#lx]\n",
		       t->name, base, base + size - 1);
		return -ENOMEM;
	}
	memmove(&t->regions[i + 1], &t->regions[i], (t->cnt - i) * sizeof(t->regions[0]));
	t->regions[i] = (struct memblock_region){ base, size, flags, nid };
	t->cnt++;
	t->total_size += size;
	return 0;
}

static void merge_regions(struct memblock_type *t)
{
	for (unsigned long i = 0; i + 1 < t->cnt;) {
		struct memblock_region *a = &t->regions[i], *b = &t->regions[i + 1];

		if (a->base + a->size != b->base || a->nid != b->nid || a->flags != b->flags) {
			i++;
			continue;
		}
		a->size += b->size;
		memmove(b, b + 1, (t->cnt - i - 2) * sizeof(*b));
		t->cnt--;
	}
}

/* Split regions so that `base` and `base + size` fall on region boundaries. */
static int isolate_range(struct memblock_type *t, phys_addr_t base, phys_addr_t size)
{
	phys_addr_t end = base + size;

	for (unsigned long i = 0; i < t->cnt; i++) {
		struct memblock_region *r = &t->regions[i];
		phys_addr_t rend = r->base + r->size;
		phys_addr_t cut = (r->base < base && base < rend) ? base
				: (r->base < end && end < rend) ? end : 0;

		if (!cut)
			continue;
		if (t->cnt == t->max) {	/* check before cutting: never lose the tail */
			pr_err("memblock: %s array full, cannot split [%#lx-%#lx]\n",
			       t->name, r->base, rend - 1);
			return -ENOMEM;
		}
		r->size = cut - r->base;
		t->total_size -= rend - cut;
		if (insert_region(t, i + 1, cut, rend - cut, r->nid, r->flags))
			return -ENOMEM;
	}
	return 0;
}

static int memblock_add_range(struct memblock_type *t, phys_addr_t base,
			      phys_addr_t size, int nid, enum memblock_flags flags)
{
	phys_addr_t end = base + size;
	unsigned long i;

	if (!size || end < base)
		return -EINVAL;
	/* Insert the parts of [base, end) not already covered, in order. */
	for (i = 0; i < t->cnt && base < end; i++) {
		struct memblock_region *r = &t->regions[i];
		phys_addr_t rend = r->base + r->size;

		if (rend <= base)
			continue;
		if (r->base >= end)
			break;
		if (r->base > base) {
			if (insert_region(t, i, base, r->base - base, nid, flags))
				return -ENOMEM;
			i++;
		}
		base = min(rend, end);
	}
	if (base < end && insert_region(t, i, base, end - base, nid, flags))
		return -ENOMEM;
	merge_regions(t);
	return 0;
}

static int memblock_remove_range(struct memblock_type *t, phys_addr_t base, phys_addr_t size)
{
	if (!size || isolate_range(t, base, size))
		return size ? -ENOMEM : -EINVAL;
	for (unsigned long i = t->cnt; i-- > 0;)
		if (t->regions[i].base >= base && t->regions[i].base + t->regions[i].size <= base + size)
			remove_region(t, i);
	return 0;
}

int memblock_add_node(phys_addr_t base, phys_addr_t size, int nid)
{
	return memblock_add_range(&memblock.memory, base, size, nid, MEMBLOCK_NONE);
}

int memblock_add(phys_addr_t base, phys_addr_t size)
{
	return memblock_add_node(base, size, 0);
}

int memblock_remove(phys_addr_t base, phys_addr_t size)
{
	return memblock_remove_range(&memblock.memory, base, size);
}

int memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	return memblock_add_range(&memblock.reserved, base, size, NUMA_NO_NODE, MEMBLOCK_NONE);
}

int memblock_phys_free(phys_addr_t base, phys_addr_t size)
{
	return memblock_remove_range(&memblock.reserved, base, size);
}

static void set_range(phys_addr_t base, phys_addr_t size, int nid, int flags)
{
	struct memblock_type *t = &memblock.memory;

	if (isolate_range(t, base, size))
		return;
	for (unsigned long i = 0; i < t->cnt; i++) {
		struct memblock_region *r = &t->regions[i];

		if (r->base >= base && r->base + r->size <= base + size) {
			if (nid != NUMA_NO_NODE)
				r->nid = nid;
			r->flags |= flags;
		}
	}
	merge_regions(t);
}

int memblock_mark_nomap(phys_addr_t base, phys_addr_t size)
{
	set_range(base, size, NUMA_NO_NODE, MEMBLOCK_NOMAP);
	return 0;
}

void memblock_set_node(phys_addr_t base, phys_addr_t size, int nid)
{
	set_range(base, size, nid, 0);
}

static bool in_type(struct memblock_type *t, phys_addr_t addr, unsigned int need_flags,
		    unsigned int bad_flags)
{
	for (unsigned long i = 0; i < t->cnt; i++) {
		struct memblock_region *r = &t->regions[i];

		if (addr >= r->base && addr < r->base + r->size)
			return (r->flags & need_flags) == need_flags && !(r->flags & bad_flags);
	}
	return false;
}

bool memblock_is_memory(phys_addr_t addr) { return in_type(&memblock.memory, addr, 0, 0); }
bool memblock_is_map_memory(phys_addr_t addr) { return in_type(&memblock.memory, addr, 0, MEMBLOCK_NOMAP); }
bool memblock_is_reserved(phys_addr_t addr) { return in_type(&memblock.reserved, addr, 0, 0); }

/*
 * Free ranges: each memory region minus the reserved regions, walked in
 * address order. *idx encodes (memory index << 32 | reserved index).
 */
bool __next_free_range(u64 *idx, phys_addr_t *out_start, phys_addr_t *out_end, int *nid)
{
	struct memblock_type *m = &memblock.memory, *r = &memblock.reserved;
	unsigned long mi = *idx >> 32, ri = *idx & 0xffffffff;

	for (; mi < m->cnt; mi++, ri = 0) {
		struct memblock_region *mr = &m->regions[mi];
		phys_addr_t mstart = mr->base, mend = mr->base + mr->size;

		if (mr->flags & MEMBLOCK_NOMAP)
			continue;
		/* Gaps between reserved regions: gap ri lies before reserved[ri]. */
		for (; ri <= r->cnt; ri++) {
			phys_addr_t gstart = ri ? r->regions[ri - 1].base + r->regions[ri - 1].size : 0;
			phys_addr_t gend = ri < r->cnt ? r->regions[ri].base : ~0UL;

			if (gstart >= mend)
				break;
			if (gend <= mstart)
				continue;
			*out_start = max(gstart, mstart);
			*out_end = min(gend, mend);
			if (nid)
				*nid = mr->nid;
			*idx = (u64)mi << 32 | (ri + 1);
			return true;
		}
	}
	return false;
}

phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end, int nid)
{
	phys_addr_t best = 0, fs, fe;
	int fnid;
	u64 i;

	if (!size)
		return 0;
	end = min(end, memblock.current_limit);
	/* Top down: the highest fitting spot, as Linux does by default. */
	for_each_free_mem_range(i, &fs, &fe, &fnid) {
		phys_addr_t lo = max(fs, start), hi = min(fe, end), cand;

		if (nid != NUMA_NO_NODE && fnid != nid)
			continue;
		if (hi < size || hi - size < lo)
			continue;
		cand = ALIGN_DOWN(hi - size, align);
		if (cand >= lo && cand > best)
			best = cand;
	}
	if (best && memblock_reserve(best, size))
		return 0;
	return best;
}

phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align)
{
	return memblock_phys_alloc_range(size, align, 0, ~0UL, NUMA_NO_NODE);
}

void *memblock_alloc_node(phys_addr_t size, phys_addr_t align, int nid)
{
	phys_addr_t pa = memblock_phys_alloc_range(size, align, 0, ~0UL, nid);
	void *va;

	if (!pa && nid != NUMA_NO_NODE)	/* fall back to any node, as Linux does */
		pa = memblock_phys_alloc(size, align);
	if (!pa)
		panic("memblock: cannot allocate %lu bytes align %#lx", size, align);
	va = __va(pa);
	memset(va, 0, size);
	return va;
}

void *memblock_alloc(phys_addr_t size, phys_addr_t align)
{
	return memblock_alloc_node(size, align, NUMA_NO_NODE);
}

/* mem=: keep only the first `limit` bytes of RAM. */
void memblock_enforce_memory_limit(phys_addr_t limit)
{
	phys_addr_t seen = 0;

	for (unsigned long i = 0; i < memblock.memory.cnt; i++) {
		struct memblock_region *r = &memblock.memory.regions[i];

		if (seen + r->size > limit) {
			phys_addr_t cut = r->base + (limit > seen ? limit - seen : 0);

			memblock_remove(cut, memblock_end_of_DRAM() - cut);
			return;
		}
		seen += r->size;
	}
}

phys_addr_t memblock_start_of_DRAM(void)
{
	return memblock.memory.cnt ? memblock.memory.regions[0].base : 0;
}

phys_addr_t memblock_end_of_DRAM(void)
{
	struct memblock_type *t = &memblock.memory;

	return t->cnt ? t->regions[t->cnt - 1].base + t->regions[t->cnt - 1].size : 0;
}

phys_addr_t memblock_phys_mem_size(void)
{
	return memblock.memory.total_size;
}

phys_addr_t memblock_reserved_size(void)
{
	return memblock.reserved.total_size;
}

static void dump_type(struct memblock_type *t)
{
	pr_info(" %s.cnt  = 0x%lx\n", t->name, t->cnt);
	for (unsigned long i = 0; i < t->cnt; i++) {
		struct memblock_region *r = &t->regions[i];

		pr_info(" %s[0x%lx]\t[0x%016lx-0x%016lx], 0x%016lx bytes on node %d flags: 0x%x\n",
			t->name, i, r->base, r->base + r->size - 1, r->size, r->nid, r->flags);
	}
}

void memblock_dump_all(void)
{
	pr_info("MEMBLOCK configuration:\n");
	pr_info(" memory size = 0x%016lx reserved size = 0x%016lx\n",
		memblock.memory.total_size, memblock.reserved.total_size);
	dump_type(&memblock.memory);
	dump_type(&memblock.reserved);
}

unsigned long memblock_free_all(void)
{
	phys_addr_t s, e;
	unsigned long pages = 0;
	u64 i;

	for_each_free_mem_range(i, &s, &e, NULL) {
		unsigned long spfn = PFN_UP(s), epfn = PFN_DOWN(e);

		if (spfn < epfn)
			pages += free_memmap_range_to_buddy(spfn, epfn);
	}
	return pages;
}
