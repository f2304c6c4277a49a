/*
 * Flattened device tree reader (Linux: scripts/dtc/libfdt/fdt.c and
 * fdt_ro.c). The blob has a header, a structure block of tokens
 * (BEGIN_NODE name, PROP len nameoff value, END_NODE, END) and a
 * strings block holding property names. Offsets are byte offsets into
 * the structure block, as in libfdt.
 */
#include "fdt.h"
#include "errno.h"
#include "string.h"

static const struct fdt_header *hdr(const void *fdt)
{
	return fdt;
}

u32 fdt_totalsize(const void *fdt)
{
	return fdt32_to_cpu(hdr(fdt)->totalsize);
}

static u32 struct_size(const void *fdt)
{
	return fdt32_to_cpu(hdr(fdt)->size_dt_struct);
}

static const char *struct_base(const void *fdt)
{
	return (const char *)fdt + fdt32_to_cpu(hdr(fdt)->off_dt_struct);
}

static const char *string_at(const void *fdt, u32 nameoff)
{
	const char *s = (const char *)fdt + fdt32_to_cpu(hdr(fdt)->off_dt_strings);
	u32 size = fdt32_to_cpu(hdr(fdt)->size_dt_strings);

	if (nameoff >= size || strnlen(s + nameoff, size - nameoff) == size - nameoff)
		return NULL;
	return s + nameoff;
}

int fdt_check_header(const void *fdt, size_t max_size)
{
	const struct fdt_header *h = fdt;
	u32 total, so, ss, to, ts, rsv;

	if (!fdt || ((uintptr_t)fdt & 3))
		return -EINVAL;
	if (fdt32_to_cpu(h->magic) != FDT_MAGIC)
		return -EINVAL;
	if (fdt32_to_cpu(h->version) < 17 || fdt32_to_cpu(h->last_comp_version) > 17)
		return -EINVAL;
	total = fdt32_to_cpu(h->totalsize);
	so = fdt32_to_cpu(h->off_dt_struct);
	ss = fdt32_to_cpu(h->size_dt_struct);
	to = fdt32_to_cpu(h->off_dt_strings);
	ts = fdt32_to_cpu(h->size_dt_strings);
	if (total < sizeof(*h) || total > max_size)
		return -EINVAL;
	if (so < sizeof(*h) || (so & 3) || ss > total || so > total - ss)
		return -EINVAL;
	if (to < sizeof(*h) || ts > total || to > total - ts)
		return -EINVAL;
	if (ss < 8)
		return -EINVAL;
	/* The reservation block: 16-byte entries, at least the terminating one. */
	rsv = fdt32_to_cpu(h->off_mem_rsvmap);
	if (rsv < sizeof(*h) || (rsv & 7) || (u64)rsv + 16 > total)
		return -EINVAL;
	return 0;
}

/* Token at `offset`, or -EINVAL if it does not fit in the structure block. */
static int token_at(const void *fdt, int offset, u32 *tok)
{
	if (offset < 0 || (offset & 3) || (u32)offset + 4 > struct_size(fdt))
		return -EINVAL;
	*tok = fdt32_to_cpu(*(const u32 *)(struct_base(fdt) + offset));
	return 0;
}

/* Offset of the token after the one at `offset`, checking its payload fits. */
static int next_tag(const void *fdt, int offset, u32 *tok)
{
	const char *base = struct_base(fdt);
	u32 size = struct_size(fdt), len;
	int next = offset + 4;

	if (token_at(fdt, offset, tok))
		return -EINVAL;
	switch (*tok) {
	case FDT_BEGIN_NODE: {
		u32 n = strnlen(base + next, size - next);
		if (next + n >= size)
			return -EINVAL;
		next += n + 1;
		break;
	}
	case FDT_PROP:
		if ((u32)next + 8 > size)
			return -EINVAL;
		len = fdt32_to_cpu(*(const u32 *)(base + next));
		if (len > size - next - 8)
			return -EINVAL;
		next += 8 + len;
		break;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		break;
	default:
		return -EINVAL;
	}
	return ALIGN(next, 4);
}

int fdt_next_node(const void *fdt, int offset, int *depth)
{
	u32 tok;
	int next = 0;

	if (offset >= 0) {
		if (token_at(fdt, offset, &tok) || tok != FDT_BEGIN_NODE)
			return -EINVAL;
		next = next_tag(fdt, offset, &tok);
	}
	for (int guard = 0; next >= 0 && guard < 1 << 20; guard++) {
		offset = next;
		next = next_tag(fdt, offset, &tok);
		if (next < 0)
			return -EINVAL;
		if (tok == FDT_BEGIN_NODE) {
			if (depth)
				(*depth)++;
			return offset;
		}
		if (tok == FDT_END_NODE) {
			if (depth && --(*depth) < 0)
				return -ENOENT;
		} else if (tok == FDT_END) {
			return -ENOENT;
		}
	}
	return -EINVAL;
}

int fdt_first_subnode(const void *fdt, int parent)
{
	int depth = 0;
	int off = fdt_next_node(fdt, parent, &depth);

	return (off < 0 || depth != 1) ? -ENOENT : off;
}

int fdt_next_subnode(const void *fdt, int offset)
{
	int depth = 1;

	do {
		offset = fdt_next_node(fdt, offset, &depth);
		if (offset < 0 || depth < 1)
			return -ENOENT;
	} while (depth > 1);
	return offset;
}

const char *fdt_get_name(const void *fdt, int offset, int *lenp)
{
	u32 tok;
	const char *name;

	if (token_at(fdt, offset, &tok) || tok != FDT_BEGIN_NODE ||
	    next_tag(fdt, offset, &tok) < 0)
		return NULL;
	name = struct_base(fdt) + offset + 4;
	if (lenp)
		*lenp = strlen(name);
	return name;
}

const void *fdt_getprop(const void *fdt, int offset, const char *name, int *lenp)
{
	u32 tok;
	int next;

	if (token_at(fdt, offset, &tok) || tok != FDT_BEGIN_NODE)
		return NULL;
	next = next_tag(fdt, offset, &tok);
	while (next >= 0) {
		const u32 *p = (const u32 *)(struct_base(fdt) + next);
		int cur = next;

		next = next_tag(fdt, cur, &tok);
		if (next < 0 || tok == FDT_BEGIN_NODE || tok == FDT_END_NODE || tok == FDT_END)
			return NULL;
		if (tok != FDT_PROP)
			continue;
		const char *pname = string_at(fdt, fdt32_to_cpu(p[2]));
		if (pname && strcmp(pname, name) == 0) {
			if (lenp)
				*lenp = fdt32_to_cpu(p[1]);
			return p + 3;
		}
	}
	return NULL;
}

bool fdt_node_name_eq(const void *fdt, int offset, const char *base)
{
	const char *name = fdt_get_name(fdt, offset, NULL);
	size_t n = strlen(base);

	return name && strncmp(name, base, n) == 0 && (name[n] == '\0' || name[n] == '@');
}

int fdt_subnode_offset(const void *fdt, int parent, const char *name)
{
	const char *n;
	int off;

	for (off = fdt_first_subnode(fdt, parent); off >= 0; off = fdt_next_subnode(fdt, off)) {
		n = fdt_get_name(fdt, off, NULL);
		if (n && (strcmp(n, name) == 0 || (!strchr(name, '@') && fdt_node_name_eq(fdt, off, name))))
			return off;
	}
	return -ENOENT;
}

int fdt_path_offset(const void *fdt, const char *path)
{
	char comp[64];
	int off = 0;

	if (*path != '/')
		return -EINVAL;
	while (*path) {
		size_t n = 0;

		while (*path == '/')
			path++;
		if (!*path)
			break;
		while (path[n] && path[n] != '/' && n < sizeof(comp) - 1) {
			comp[n] = path[n];
			n++;
		}
		comp[n] = '\0';
		path += n;
		off = fdt_subnode_offset(fdt, off, comp);
		if (off < 0)
			return off;
	}
	return off;
}

int fdt_node_offset_by_phandle(const void *fdt, u32 phandle)
{
	int depth = 0;

	for (int off = fdt_next_node(fdt, -1, &depth); off >= 0;
	     off = fdt_next_node(fdt, off, &depth))
		if (fdt_getprop_u32(fdt, off, "phandle", 0) == phandle)
			return off;
	return -ENOENT;
}

int fdt_parent_offset(const void *fdt, int offset)
{
	int stack[32], depth = 0;

	for (int off = fdt_next_node(fdt, -1, &depth); off >= 0;
	     off = fdt_next_node(fdt, off, &depth)) {
		if (depth < 1 || depth > 32)
			return -EINVAL;
		stack[depth - 1] = off;
		if (off == offset)
			return depth >= 2 ? stack[depth - 2] : -ENOENT;
	}
	return -ENOENT;
}

const char *fdt_getprop_string(const void *fdt, int offset, const char *name)
{
	int len;
	const char *p = fdt_getprop(fdt, offset, name, &len);

	if (!p || len <= 0 || strnlen(p, len) == (size_t)len)
		return NULL;	/* missing, empty or not NUL-terminated */
	return p;
}

bool fdt_node_is_compatible(const void *fdt, int offset, const char *compat)
{
	int len;
	const char *p = fdt_getprop(fdt, offset, "compatible", &len);

	while (p && len > 0) {
		int n = strnlen(p, len);

		if (n < len && strcmp(p, compat) == 0)
			return true;
		p += n + 1;
		len -= n + 1;
	}
	return false;
}

u32 fdt_getprop_u32(const void *fdt, int offset, const char *name, u32 def)
{
	int len;
	const u32 *p = fdt_getprop(fdt, offset, name, &len);

	return (p && len == 4) ? fdt32_to_cpu(*p) : def;
}

int fdt_address_cells(const void *fdt, int parent)
{
	u32 v = fdt_getprop_u32(fdt, parent, "#address-cells", 2);

	return v >= 1 && v <= 2 ? (int)v : -EINVAL;
}

int fdt_size_cells(const void *fdt, int parent)
{
	u32 v = fdt_getprop_u32(fdt, parent, "#size-cells", 1);

	return v <= 2 ? (int)v : -EINVAL;
}

bool fdt_device_is_available(const void *fdt, int offset)
{
	const char *s = fdt_getprop_string(fdt, offset, "status");

	return !s || strcmp(s, "okay") == 0 || strcmp(s, "ok") == 0;
}
