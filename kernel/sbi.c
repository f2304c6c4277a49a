/*
 * SBI calls (mirrors Linux's arch/riscv/kernel/sbi.c). The firmware runs
 * in M-mode; we reach it with `ecall`, extension ID in a7, function ID in
 * a6, and get back an error code in a0 and a value in a1.
 */
#include "sbi.h"
#include "errno.h"
#include "printk.h"

struct sbiret sbi_ecall(int ext, int fid, unsigned long a0, unsigned long a1,
			unsigned long a2, unsigned long a3, unsigned long a4,
			unsigned long a5)
{
	register unsigned long r0 asm("a0") = a0;
	register unsigned long r1 asm("a1") = a1;
	register unsigned long r2 asm("a2") = a2;
	register unsigned long r3 asm("a3") = a3;
	register unsigned long r4 asm("a4") = a4;
	register unsigned long r5 asm("a5") = a5;
	register unsigned long r6 asm("a6") = fid;
	register unsigned long r7 asm("a7") = ext;
	struct sbiret ret;

	__asm__ __volatile__("ecall"
			     : "+r"(r0), "+r"(r1)
			     : "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r6), "r"(r7)
			     : "memory");
	ret.error = r0;
	ret.value = r1;
	return ret;
}

int sbi_err_map_linux_errno(long err)
{
	switch (err) {
	case SBI_SUCCESS:
		return 0;
	case SBI_ERR_NOT_SUPPORTED:
		return -ENOTSUP;
	case SBI_ERR_INVALID_PARAM:
		return -EINVAL;
	case SBI_ERR_ALREADY_AVAILABLE:
		return -EBUSY;
	default:
		return -EIO;
	}
}

/* The legacy console call: usable before we have found the UART. */
void sbi_console_putchar(int ch)
{
	sbi_ecall(SBI_EXT_0_1_CONSOLE_PUTCHAR, 0, ch, 0, 0, 0, 0, 0);
}

long sbi_get_spec_version(void)
{
	return sbi_ecall(SBI_EXT_BASE, 0, 0, 0, 0, 0, 0, 0).value;
}

long sbi_probe_extension(int ext)
{
	struct sbiret r = sbi_ecall(SBI_EXT_BASE, 3, ext, 0, 0, 0, 0, 0);

	return r.error ? 0 : r.value;
}

void sbi_set_timer(u64 stime_value)
{
	sbi_ecall(SBI_EXT_TIME, 0, stime_value, 0, 0, 0, 0, 0);
}

int sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base)
{
	return sbi_err_map_linux_errno(
		sbi_ecall(SBI_EXT_IPI, 0, hart_mask, hart_mask_base, 0, 0, 0, 0).error);
}

int sbi_remote_fence_i(unsigned long hart_mask, unsigned long base)
{
	return sbi_err_map_linux_errno(
		sbi_ecall(SBI_EXT_RFENCE, 0, hart_mask, base, 0, 0, 0, 0).error);
}

int sbi_remote_sfence_vma(unsigned long hart_mask, unsigned long base,
			  unsigned long start, unsigned long size)
{
	return sbi_err_map_linux_errno(
		sbi_ecall(SBI_EXT_RFENCE, 1, hart_mask, base, start, size, 0, 0).error);
}

/*
 * The same, for one address space only: entries tagged with another ASID
 * and global (kernel) entries survive. size ~0UL means the whole ASID.
 */
int sbi_remote_sfence_vma_asid(unsigned long hart_mask, unsigned long base,
			       unsigned long start, unsigned long size,
			       unsigned long asid)
{
	return sbi_err_map_linux_errno(
		sbi_ecall(SBI_EXT_RFENCE, 2, hart_mask, base, start, size, asid, 0).error);
}

int sbi_hart_start(unsigned long hartid, unsigned long start_addr,
		   unsigned long opaque)
{
	return sbi_err_map_linux_errno(
		sbi_ecall(SBI_EXT_HSM, 0, hartid, start_addr, opaque, 0, 0, 0).error);
}

long sbi_hart_get_status(unsigned long hartid)
{
	struct sbiret r = sbi_ecall(SBI_EXT_HSM, 2, hartid, 0, 0, 0, 0, 0);

	return r.error ? sbi_err_map_linux_errno(r.error) : r.value;
}

void sbi_system_reset(u32 type, u32 reason)
{
	sbi_ecall(SBI_EXT_SRST, 0, type, reason, 0, 0, 0, 0);
}

void sbi_init(void)
{
	long v = sbi_get_spec_version();
	static const struct { int ext; const char *name; } need[] = {
		{ SBI_EXT_TIME, "TIME" }, { SBI_EXT_IPI, "IPI" },
		{ SBI_EXT_RFENCE, "RFENCE" }, { SBI_EXT_HSM, "HSM" },
		{ SBI_EXT_SRST, "SRST" },
	};

	pr_info("SBI specification v%ld.%ld detected\n", (v >> 24) & 0x7f, v & 0xffffff);
	for (unsigned i = 0; i < ARRAY_SIZE(need); i++)
		pr_info("SBI %s extension %s\n", need[i].name,
			sbi_probe_extension(need[i].ext) ? "detected" : "MISSING");
}
