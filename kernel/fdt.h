/*
 * Reading a flattened device tree blob (the DTB that QEMU builds and
 * OpenSBI passes on in a1). Mirrors the read-only part of libfdt
 * (scripts/dtc/libfdt/fdt_ro.c). Every read is bounds-checked against the
 * header, so a corrupt blob gives an error, never a wild access.
 *
 * These functions use no absolute addresses, so setup_vm() can call them
 * before the MMU is on.
 */
#ifndef _KERNEL_FDT_H
#define _KERNEL_FDT_H

#include "types.h"

#define FDT_MAGIC 0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

struct fdt_header {
	u32 magic, totalsize, off_dt_struct, off_dt_strings, off_mem_rsvmap;
	u32 version, last_comp_version, boot_cpuid_phys;
	u32 size_dt_strings, size_dt_struct;
};

/* The blob is big-endian; RISC-V is little-endian. */
static inline u32 fdt32_to_cpu(u32 v)
{
	return (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
}

static inline u64 fdt64_to_cpu(u64 v)
{
	return ((u64)fdt32_to_cpu((u32)v) << 32) | fdt32_to_cpu((u32)(v >> 32));
}

/* Reads `cells` big-endian 32-bit cells as one number, advancing *p. */
static inline u64 fdt_read_cells(const u32 **p, int cells)
{
	u64 v = 0;

	while (cells-- > 0)
		v = (v << 32) | fdt32_to_cpu(*(*p)++);
	return v;
}

/* 0 if the header is sane and the blob fits in `max_size` bytes, else -EINVAL. */
int fdt_check_header(const void *fdt, size_t max_size);
u32 fdt_totalsize(const void *fdt);
/* Next node in document order; *depth tracks nesting. Negative at the end or on error. */
int fdt_next_node(const void *fdt, int offset, int *depth);
int fdt_first_subnode(const void *fdt, int parent);
int fdt_next_subnode(const void *fdt, int offset);
const char *fdt_get_name(const void *fdt, int offset, int *lenp);
const void *fdt_getprop(const void *fdt, int offset, const char *name, int *lenp);
int fdt_path_offset(const void *fdt, const char *path);
int fdt_subnode_offset(const void *fdt, int parent, const char *name);
int fdt_node_offset_by_phandle(const void *fdt, u32 phandle);
int fdt_parent_offset(const void *fdt, int offset);
bool fdt_node_is_compatible(const void *fdt, int offset, const char *compat);
int fdt_address_cells(const void *fdt, int parent);
int fdt_size_cells(const void *fdt, int parent);
/* Name of a node up to '@' equals `base` (e.g. "memory" matches "memory@80000000"). */
bool fdt_node_name_eq(const void *fdt, int offset, const char *base);
/* A string property, or NULL if absent or not NUL-terminated within its length. */
const char *fdt_getprop_string(const void *fdt, int offset, const char *name);
/* Reads a u32 property, returning `def` if absent or malformed. */
u32 fdt_getprop_u32(const void *fdt, int offset, const char *name, u32 def);
/* Whether status is absent, "okay" or "ok". */
bool fdt_device_is_available(const void *fdt, int offset);

#endif
