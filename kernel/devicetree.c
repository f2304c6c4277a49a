/*
 * Scanning the flattened device tree at boot (Linux: drivers/of/fdt.c,
 * early_init_dt_scan_memory/chosen/reserved_mem, and arch/riscv's
 * cpu and NUMA parsing in drivers/base/arch_numa.c and of_numa.c).
 */
#include "devicetree.h"
#include "fdt.h"
#include "errno.h"
#include "printk.h"
#include "string.h"

struct boot_dt boot_dt;

/* Reads a "reg" entry `i` of node `off` whose parent is `parent`. */
static int read_reg(const void *fdt, int parent, int off, int i,
		    phys_addr_t *base, phys_addr_t *size)
{
	int ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent);
	int len;
	const u32 *p = fdt_getprop(fdt, off, "reg", &len);

	if (!p || ac < 0 || sc < 0 || (i + 1) * (ac + sc) * 4 > len)
		return -ENOENT;
	p += i * (ac + sc);
	*base = fdt_read_cells(&p, ac);
	*size = fdt_read_cells(&p, sc);
	return 0;
}

int early_init_dt_memory_bounds(const void *fdt, phys_addr_t *start, phys_addr_t *end)
{
	phys_addr_t lo = ~0UL, hi = 0, base, size;
	int off;

	if (fdt_check_header(fdt, 1 << 24))
		return -EINVAL;
	for (off = fdt_first_subnode(fdt, 0); off >= 0; off = fdt_next_subnode(fdt, off)) {
		const char *type = fdt_getprop_string(fdt, off, "device_type");

		if (!type || strcmp(type, "memory"))
			continue;
		for (int i = 0; read_reg(fdt, 0, off, i, &base, &size) == 0; i++) {
			if (!size)
				continue;
			lo = min(lo, base);
			hi = max(hi, base + size);
		}
	}
	if (hi <= lo)
		return -EINVAL;
	*start = lo;
	*end = hi;
	return 0;
}

static int scan_memory(const void *fdt, struct boot_dt *dt)
{
	phys_addr_t base, size;

	for (int off = fdt_first_subnode(fdt, 0); off >= 0; off = fdt_next_subnode(fdt, off)) {
		const char *type = fdt_getprop_string(fdt, off, "device_type");
		u32 nid;

		if (!type || strcmp(type, "memory") || !fdt_device_is_available(fdt, off))
			continue;
		nid = fdt_getprop_u32(fdt, off, "numa-node-id", 0);
		if (nid >= MAX_NUMNODES) {
			pr_warn("DT: %s: numa-node-id %u out of range, using 0\n",
				fdt_get_name(fdt, off, NULL), nid);
			nid = 0;
		}
		for (int i = 0; read_reg(fdt, 0, off, i, &base, &size) == 0; i++) {
			if (!size || dt->nr_mem == DT_MAX_MEM)
				continue;
			dt->mem[dt->nr_mem++] = (struct dt_mem_region){ base, size, nid };
			dt->nr_nodes = max(dt->nr_nodes, (int)nid + 1);
		}
	}
	if (!dt->nr_mem) {
		pr_err("DT: no memory node found\n");
		return -EINVAL;
	}
	return 0;
}

static void add_reserved(struct boot_dt *dt, phys_addr_t base, phys_addr_t size,
			 bool nomap, const char *name)
{
	struct dt_reserved *r;

	if (dt->nr_resv == DT_MAX_RESV || !size)
		return;
	r = &dt->resv[dt->nr_resv++];
	r->base = base;
	r->size = size;
	r->nomap = nomap;
	strlcpy(r->name, name, sizeof(r->name));
}

static void scan_reserved(const void *fdt, struct boot_dt *dt)
{
	const struct fdt_header *h = fdt;
	u32 off = fdt32_to_cpu(h->off_mem_rsvmap);
	phys_addr_t base, size;
	int node;

	/* The header's memory reservation block: pairs of u64, ended by zero. */
	for (; (u64)off + 16 <= fdt_totalsize(fdt); off += 16) {
		const u64 *e = (const u64 *)((const char *)fdt + off);

		if (!e[0] && !e[1])
			break;
		add_reserved(dt, fdt64_to_cpu(e[0]), fdt64_to_cpu(e[1]), false, "memreserve");
	}
	node = fdt_path_offset(fdt, "/reserved-memory");
	if (node < 0)
		return;
	for (int c = fdt_first_subnode(fdt, node); c >= 0; c = fdt_next_subnode(fdt, c)) {
		bool nomap = fdt_getprop(fdt, c, "no-map", NULL) != NULL;

		for (int i = 0; read_reg(fdt, node, c, i, &base, &size) == 0; i++)
			add_reserved(dt, base, size, nomap, fdt_get_name(fdt, c, NULL));
	}
}

static void scan_cpus(const void *fdt, struct boot_dt *dt)
{
	int cpus = fdt_path_offset(fdt, "/cpus");

	if (cpus < 0)
		return;
	dt->timebase = fdt_getprop_u32(fdt, cpus, "timebase-frequency", 10000000);
	for (int c = fdt_first_subnode(fdt, cpus); c >= 0; c = fdt_next_subnode(fdt, c)) {
		const char *type = fdt_getprop_string(fdt, c, "device_type");
		u32 nid;

		if (!type || strcmp(type, "cpu") || !fdt_device_is_available(fdt, c))
			continue;
		if (dt->nr_cpus == NR_CPUS) {
			pr_warn("DT: more than %d cpus, ignoring the rest\n", NR_CPUS);
			break;
		}
		nid = fdt_getprop_u32(fdt, c, "numa-node-id", 0);
		dt->cpu_hartid[dt->nr_cpus] = fdt_getprop_u32(fdt, c, "reg", 0);
		dt->cpu_nid[dt->nr_cpus] = nid < MAX_NUMNODES ? (int)nid : 0;
		dt->nr_cpus++;
	}
}

/* distance-map: "distance-matrix" = triples <from to distance>. */
static void scan_distance_map(const void *fdt, struct boot_dt *dt)
{
	int len, node = fdt_path_offset(fdt, "/distance-map");
	const u32 *p;

	for (int i = 0; i < MAX_NUMNODES; i++)
		for (int j = 0; j < MAX_NUMNODES; j++)
			dt->distance[i][j] = i == j ? 10 : 20;	/* LOCAL_DISTANCE, REMOTE_DISTANCE */
	if (node < 0)
		return;
	p = fdt_getprop(fdt, node, "distance-matrix", &len);
	if (!p)
		return;
	for (; len >= 12; len -= 12, p += 3) {
		u32 a = fdt32_to_cpu(p[0]), b = fdt32_to_cpu(p[1]), d = fdt32_to_cpu(p[2]);

		if (a >= MAX_NUMNODES || b >= MAX_NUMNODES || d > 255 || (a == b && d != 10)) {
			pr_warn("DT: bad distance-matrix entry <%u %u %u>, ignored\n", a, b, d);
			continue;
		}
		dt->distance[a][b] = d;
		dt->have_distance_map = true;
	}
}

/* "interrupt-parent" is inherited: the nearest ancestor that has one. */
static u32 interrupt_parent(const void *fdt, int off)
{
	for (int depth = 0; off >= 0 && depth < 32; depth++) {
		u32 ph = fdt_getprop_u32(fdt, off, "interrupt-parent", 0);

		if (ph)
			return ph;
		off = fdt_parent_offset(fdt, off);
	}
	return 0;
}

/*
 * A PLIC's contexts from "interrupts-extended": <phandle cause> pairs,
 * each phandle naming a hart's local interrupt controller, a child of
 * its cpu node whose "reg" is the hart id (Linux: plic_probe walking
 * of_irq_parse_one for each context).
 */
static void scan_plic(const void *fdt, int off, const struct dt_device *d, struct boot_dt *dt)
{
	struct dt_plic *plic;
	const u32 *p;
	int len, n;

	if (dt->nr_plic == DT_MAX_PLIC) {
		pr_warn("DT: more than %d PLICs, ignoring the rest\n", DT_MAX_PLIC);
		return;
	}
	plic = &dt->plics[dt->nr_plic++];
	plic->dev = *d;
	plic->phandle = fdt_getprop_u32(fdt, off, "phandle", 0);
	plic->ndev = fdt_getprop_u32(fdt, off, "riscv,ndev", 0);
	plic->nid = fdt_getprop_u32(fdt, off, "numa-node-id", 0);
	p = fdt_getprop(fdt, off, "interrupts-extended", &len);
	for (n = 0; p && len >= 8; n++) {
		u32 ph = fdt32_to_cpu(p[0]), cause = fdt32_to_cpu(p[1]);
		int intc = fdt_node_offset_by_phandle(fdt, ph);
		int cpu = intc >= 0 ? fdt_parent_offset(fdt, intc) : -1;
		u32 cells = intc >= 0 ? fdt_getprop_u32(fdt, intc, "#interrupt-cells", 1) : 1;

		if (cells < 1 || (cells + 1) * 4 > (u32)len)
			break;
		if (n == DT_MAX_PLIC_CTX) {
			pr_warn("DT: PLIC@%lx: more than %d contexts, ignoring the rest\n",
				d->base, DT_MAX_PLIC_CTX);
			break;
		}
		plic->ctx_hartid[n] = cpu >= 0 && ph != 0xffffffff ?
			fdt_getprop_u32(fdt, cpu, "reg", ~0U) : ~0UL;
		if (plic->ctx_hartid[n] == 0xffffffffUL)
			plic->ctx_hartid[n] = ~0UL;
		plic->ctx_cause[n] = cause;
		p += cells + 1;
		len -= (cells + 1) * 4;
	}
	plic->nr_contexts = n;
}

static void scan_device(const void *fdt, int parent, int off, struct boot_dt *dt)
{
	struct dt_device d = { 0, 0, fdt_getprop_u32(fdt, off, "interrupts", 0),
			       interrupt_parent(fdt, off) };

	if (read_reg(fdt, parent, off, 0, &d.base, &d.size))
		return;
	if (fdt_node_is_compatible(fdt, off, "ns16550a") && !dt->uart.base) {
		dt->uart = d;
		dt->uart_reg_shift = fdt_getprop_u32(fdt, off, "reg-shift", 0);
	} else if (fdt_node_is_compatible(fdt, off, "riscv,plic0") ||
		   fdt_node_is_compatible(fdt, off, "sifive,plic-1.0.0")) {
		dt->plic = d;
		scan_plic(fdt, off, &d, dt);
	} else if (fdt_node_is_compatible(fdt, off, "sifive,test0") ||
		   fdt_node_is_compatible(fdt, off, "syscon")) {
		if (!dt->test.base)
			dt->test = d;
	} else if (fdt_node_is_compatible(fdt, off, "virtio,mmio") &&
		   dt->nr_virtio < DT_MAX_VIRTIO) {
		dt->virtio[dt->nr_virtio++] = d;
	}
}

static void scan_soc(const void *fdt, struct boot_dt *dt)
{
	int soc = fdt_path_offset(fdt, "/soc");

	if (soc < 0)
		return;
	for (int c = fdt_first_subnode(fdt, soc); c >= 0; c = fdt_next_subnode(fdt, c))
		if (fdt_device_is_available(fdt, c))
			scan_device(fdt, soc, c, dt);
}

int early_init_dt_scan(const void *fdt, size_t max_size, struct boot_dt *dt)
{
	const char *args;
	int chosen, err;

	memset(dt, 0, sizeof(*dt));
	err = fdt_check_header(fdt, max_size);
	if (err) {
		pr_err("DT: invalid device tree blob at %p: bad header\n", fdt);
		return err;
	}
	/* Walk every node once: a corrupt structure block is caught here. */
	for (int depth = 0, off = fdt_next_node(fdt, -1, &depth);; off = fdt_next_node(fdt, off, &depth)) {
		if (off == -ENOENT)
			break;
		if (off < 0) {
			pr_err("DT: invalid device tree blob at %p: corrupt structure block\n", fdt);
			return -EINVAL;
		}
	}
	dt->fdt = fdt;
	dt->fdt_size = fdt_totalsize(fdt);
	err = scan_memory(fdt, dt);
	if (err)
		return err;
	scan_reserved(fdt, dt);
	scan_cpus(fdt, dt);
	scan_distance_map(fdt, dt);
	scan_soc(fdt, dt);
	chosen = fdt_path_offset(fdt, "/chosen");
	args = chosen >= 0 ? fdt_getprop_string(fdt, chosen, "bootargs") : NULL;
	if (args)
		strlcpy(dt->bootargs, args, sizeof(dt->bootargs));
	return 0;
}

void dt_print_summary(const struct boot_dt *dt)
{
	pr_info("Machine model: %s\n", fdt_getprop_string(dt->fdt, 0, "model") ?: "unknown");
	for (int i = 0; i < dt->nr_resv; i++)
		pr_info("OF: reserved mem: 0x%016lx..0x%016lx (%lu KiB) %s %s\n",
			dt->resv[i].base, dt->resv[i].base + dt->resv[i].size - 1,
			dt->resv[i].size >> 10, dt->resv[i].nomap ? "nomap" : "map", dt->resv[i].name);
	pr_info("DT: uart@%lx plic@%lx test@%lx, %d virtio-mmio slots, timebase %lu Hz\n",
		dt->uart.base, dt->plic.base, dt->test.base, dt->nr_virtio, dt->timebase);
}
