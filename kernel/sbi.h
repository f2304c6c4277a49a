/*
 * Calls into the SBI firmware (OpenSBI), after Linux's
 * arch/riscv/include/asm/sbi.h. Extension and function IDs are those of
 * the RISC-V SBI specification.
 */
#ifndef _KERNEL_SBI_H
#define _KERNEL_SBI_H

#include "types.h"

#define SBI_EXT_0_1_CONSOLE_PUTCHAR 0x1
#define SBI_EXT_BASE  0x10
#define SBI_EXT_TIME  0x54494D45	/* "TIME" */
#define SBI_EXT_IPI   0x735049		/* "sPI" */
#define SBI_EXT_RFENCE 0x52464E43	/* "RFNC" */
#define SBI_EXT_HSM   0x48534D		/* "HSM" */
#define SBI_EXT_SRST  0x53525354	/* "SRST" */

#define SBI_SUCCESS 0
#define SBI_ERR_FAILURE -1
#define SBI_ERR_NOT_SUPPORTED -2
#define SBI_ERR_INVALID_PARAM -3
#define SBI_ERR_ALREADY_AVAILABLE -6

#define SBI_HSM_STATE_STARTED 0
#define SBI_HSM_STATE_STOPPED 1

#define SBI_SRST_TYPE_SHUTDOWN 0
#define SBI_SRST_TYPE_COLD_REBOOT 1
#define SBI_SRST_REASON_NONE 0
#define SBI_SRST_REASON_FAILURE 1

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_ecall(int ext, int fid, unsigned long a0, unsigned long a1,
			unsigned long a2, unsigned long a3, unsigned long a4,
			unsigned long a5);
void sbi_console_putchar(int ch);
long sbi_probe_extension(int ext);
long sbi_get_spec_version(void);
void sbi_set_timer(u64 stime_value);
int sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base);
int sbi_remote_fence_i(unsigned long hart_mask, unsigned long base);
int sbi_remote_sfence_vma(unsigned long hart_mask, unsigned long base,
			  unsigned long start, unsigned long size);
int sbi_remote_sfence_vma_asid(unsigned long hart_mask, unsigned long base,
			       unsigned long start, unsigned long size,
			       unsigned long asid);
int sbi_hart_start(unsigned long hartid, unsigned long start_addr,
		   unsigned long opaque);
long sbi_hart_get_status(unsigned long hartid);
void sbi_system_reset(u32 type, u32 reason);
int sbi_err_map_linux_errno(long err);
void sbi_init(void);

#endif
