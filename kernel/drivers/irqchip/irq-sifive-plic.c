/*
 * The RISC-V Platform-Level Interrupt Controller (Linux:
 * drivers/irqchip/irq-sifive-plic.c).
 *
 * Device lines ("sources", numbered from 1) come into the PLIC; it
 * forwards them to "contexts", each one hart's external interrupt in one
 * privilege mode. A source interrupts a context if the source's priority
 * is above the context's threshold and its bit is set in the context's
 * enable array. The hart then claims it (a read returns the source
 * number and clears it as pending), runs the handler and completes it
 * (writes the number back); until then the source does not fire again.
 *
 * Pagoda enables every requested source in the S-mode context of every
 * hart; whichever hart claims first handles it, the others read 0.
 * (Linux routes each source to one hart, set by its affinity.) QEMU's
 * virt machine with NUMA sockets has one PLIC per socket, each wired to
 * its socket's harts; devices say in the DT which PLIC they use (QEMU
 * puts the UART on the first, virtio on the second).
 */
#include "irq/internal.h"
#include "devicetree.h"
#include "init.h"
#include "io.h"
#include "riscv.h"
#include "errno.h"
#include "printk.h"
#include "string.h"
#include "fdt.h"
#include "mm/vmalloc.h"

/* Register map (the SiFive PLIC spec, the same for QEMU's). */
#define PRIORITY_BASE		0x000000	/* u32 per source */
#define ENABLE_BASE		0x002000	/* per context: a bit per source */
#define ENABLE_PER_CONTEXT	0x80
#define CONTEXT_BASE		0x200000	/* per context: threshold, claim */
#define CONTEXT_PER_CONTEXT	0x1000
#define CONTEXT_THRESHOLD	0x00
#define CONTEXT_CLAIM		0x04	/* read: claim; write: complete */

#define CAUSE_S_EXT		9	/* interrupts-extended: S-mode external */
#define CAUSE_M_EXT		11	/* M-mode external: OpenSBI's */

struct plic_priv {
	struct irq_domain domain;
	void __iomem *regs;
	u32 nr_sources;			/* sources 1..nr_sources */
	int nid;
	spinlock_t enable_lock;		/* the enable words are read-modify-write */
	int ctx[NR_CPUS];		/* S-mode context of each logical CPU, or -1 */
	int quirk_ctx[NR_CPUS];		/* M-mode context standing in for it, or -1 */
	char name[24];			/* "plic@c000000" */
};

static struct plic_priv plics[DT_MAX_PLIC];
static int nr_plics;

static void __iomem *enable_word(struct plic_priv *p, int ctx, u32 hwirq)
{
	return (char __iomem *)p->regs + ENABLE_BASE + ctx * ENABLE_PER_CONTEXT + hwirq / 32 * 4;
}

static void __iomem *context_reg(struct plic_priv *p, int ctx, int reg)
{
	return (char __iomem *)p->regs + CONTEXT_BASE + ctx * CONTEXT_PER_CONTEXT + reg;
}

static void plic_set_priority(struct plic_priv *p, u32 hwirq, u32 prio)
{
	writel(prio, (char __iomem *)p->regs + PRIORITY_BASE + hwirq * 4);
}

static void plic_toggle(struct plic_priv *p, int ctx, u32 hwirq, bool on)
{
	void __iomem *w = enable_word(p, ctx, hwirq);
	u32 bit = 1U << (hwirq % 32);

	writel(on ? readl(w) | bit : readl(w) & ~bit, w);
}

/*
 * Enabled in every hart's context, then given priority 1 (0 means never).
 * Masking only drops the priority: a completion is ignored for a source
 * not enabled in the context, so a hart that claimed the source just
 * before must still be able to complete it.
 */
static void plic_irq_unmask(struct irq_desc *desc)
{
	struct plic_priv *p = desc->domain->host_data;
	unsigned long flags;

	spin_lock_irqsave(&p->enable_lock, flags);
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		if (p->ctx[cpu] >= 0)
			plic_toggle(p, p->ctx[cpu], desc->hwirq, true);
		if (p->quirk_ctx[cpu] >= 0)
			plic_toggle(p, p->quirk_ctx[cpu], desc->hwirq, true);
	}
	spin_unlock_irqrestore(&p->enable_lock, flags);
	plic_set_priority(p, desc->hwirq, 1);
}

static void plic_irq_mask(struct irq_desc *desc)
{
	plic_set_priority(desc->domain->host_data, desc->hwirq, 0);
}

static const struct irq_chip plic_chip = {
	.name = "SiFive PLIC",
	.irq_unmask = plic_irq_unmask,
	.irq_mask = plic_irq_mask,
};

/* Called from the trap handler: claim, handle and complete until none is left. */
void plic_handle_irq(void)
{
	int cpu = smp_processor_id();

	for (int i = 0; i < nr_plics; i++) {
		struct plic_priv *p = &plics[i];
		void __iomem *claim;
		u32 hwirq;

		if (p->ctx[cpu] < 0)
			continue;
		claim = context_reg(p, p->ctx[cpu], CONTEXT_CLAIM);
		while ((hwirq = readl(claim)) != 0) {
			generic_handle_domain_irq(&p->domain, hwirq);
			writel(hwirq, claim);
		}
	}
}

static int hartid_to_cpu(unsigned long hartid)
{
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (cpuid_to_hartid_map[cpu] == hartid)
			return cpu;
	return -1;
}

/*
 * QEMU before 8.0 wires the PLIC of every socket but the first wrongly
 * (hw/intc/sifive_plic.c, sifive_plic_create): the S-mode contexts'
 * outputs go nowhere and the M-mode contexts' outputs drive the harts'
 * S-mode external interrupt. On such a PLIC Pagoda also enables its
 * sources in the M-mode context, at threshold 0, so that the hart is
 * interrupted; it still claims and completes through its S-mode context,
 * which clears the source for both. plic_qemu_quirk=0 turns this off (a
 * fixed QEMU would send those interrupts to OpenSBI, in M-mode).
 */
static bool plic_qemu_quirk = true;

static int __init_plic_qemu_quirk(char *val)
{
	if (strcmp(val, "0") && strcmp(val, "1"))
		return -EINVAL;
	plic_qemu_quirk = val[0] == '1';
	return 0;
}
early_param("plic_qemu_quirk", __init_plic_qemu_quirk);

static bool plic_needs_qemu_quirk(const struct dt_plic *dt)
{
	const char *model = fdt_getprop_string(boot_dt.fdt, 0, "model");

	if (!plic_qemu_quirk || !model || strcmp(model, "riscv-virtio,qemu"))
		return false;
	for (int ctx = 0; ctx < dt->nr_contexts; ctx++)
		if (dt->ctx_hartid[ctx] == 0)
			return false;	/* the first socket's PLIC is wired right */
	return true;
}

/* The M-mode context of the same hart as S-mode context `sctx`. */
static int m_context_of(const struct dt_plic *dt, int sctx)
{
	for (int ctx = 0; ctx < dt->nr_contexts; ctx++)
		if (dt->ctx_hartid[ctx] == dt->ctx_hartid[sctx] && dt->ctx_cause[ctx] == CAUSE_M_EXT)
			return ctx;
	return -1;
}

static void plic_clear_enables(struct plic_priv *p, int ctx)
{
	for (u32 hwirq = 0; hwirq <= p->nr_sources; hwirq += 32)
		writel(0, enable_word(p, ctx, hwirq));
}

/* Maps one PLIC, finds each CPU's S-mode context, and masks everything. */
static int plic_probe(const struct dt_plic *dt, struct plic_priv *p)
{
	bool quirk = plic_needs_qemu_quirk(dt);
	int nr_handlers = 0, err;

	if (!dt->ndev || !dt->dev.size)
		return -EINVAL;
	p->regs = ioremap(dt->dev.base, dt->dev.size);
	if (!p->regs)
		return -ENOMEM;
	p->nr_sources = dt->ndev;
	p->nid = dt->nid;
	snprintf(p->name, sizeof(p->name), "plic@%lx", dt->dev.base);
	spin_lock_init(&p->enable_lock, "plic_enable");
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		p->ctx[cpu] = p->quirk_ctx[cpu] = -1;
	for (int ctx = 0; ctx < dt->nr_contexts; ctx++) {
		int cpu = hartid_to_cpu(dt->ctx_hartid[ctx]);

		if (dt->ctx_cause[ctx] != CAUSE_S_EXT || cpu < 0)
			continue;	/* M-mode belongs to OpenSBI; or a hart we do not run */
		p->ctx[cpu] = ctx;
		nr_handlers++;
		plic_clear_enables(p, ctx);
		if (quirk && (p->quirk_ctx[cpu] = m_context_of(dt, ctx)) >= 0) {
			plic_clear_enables(p, p->quirk_ctx[cpu]);
			writel(0, context_reg(p, p->quirk_ctx[cpu], CONTEXT_THRESHOLD));
		}
	}
	for (u32 hwirq = 1; hwirq <= p->nr_sources; hwirq++)
		plic_set_priority(p, hwirq, 0);
	p->domain = (struct irq_domain){
		.name = p->name, .phandle = dt->phandle, .chip = &plic_chip,
		.host_data = p, .hwirq_max = p->nr_sources + 1,
	};
	pr_info("riscv-plic: %s: mapped %u interrupts with %d handlers for %d contexts (node %d)%s\n",
		p->name, p->nr_sources, nr_handlers, dt->nr_contexts, p->nid,
		quirk ? ", QEMU socket wiring quirk" : "");
	err = irq_domain_add(&p->domain);
	if (err)
		iounmap(p->regs);
	return err;
}

/*
 * On each hart: threshold 0 in its context (any priority above 0 gets
 * through), then let the hart take external interrupts at all.
 */
void plic_init_hart(void)
{
	int cpu = smp_processor_id();
	bool any = false;

	for (int i = 0; i < nr_plics; i++) {
		struct plic_priv *p = &plics[i];

		if (p->ctx[cpu] < 0)
			continue;
		writel(0, context_reg(p, p->ctx[cpu], CONTEXT_THRESHOLD));
		any = true;
	}
	if (any)
		csr_set(sie, SIE_SEIE);
}

static void plic_init_hart_ipi(void *unused)
{
	plic_init_hart();
}

void plic_init(void)
{
	if (nr_plics)
		return;		/* once */
	for (int i = 0; i < boot_dt.nr_plic; i++) {
		int err = plic_probe(&boot_dt.plics[i], &plics[nr_plics]);

		if (err) {
			pr_err("riscv-plic: plic@%lx: probe failed: %d\n",
			       boot_dt.plics[i].dev.base, err);
			continue;
		}
		nr_plics++;
	}
	if (!nr_plics) {
		pr_warn("riscv-plic: no PLIC in the device tree: no device interrupts\n");
		return;
	}
	on_each_cpu(plic_init_hart_ipi, NULL);
}

static int plic_initcall(void)
{
	plic_init();
	return nr_plics ? 0 : -ENODEV;
}
arch_initcall(plic_initcall);
