/*
 * Kernel entry (Linux: arch/riscv/kernel/head.S).
 *
 * OpenSBI (fw_dynamic) enters _start_kernel in S-mode with the MMU off,
 * a0 = this hart's id and a1 = the physical address of the device tree.
 * One hart comes here, chosen by the firmware, and it need not be hart 0.
 * Others wait in the firmware until smp_init() starts them through SBI
 * HSM at secondary_start_sbi.
 *
 * But OpenSBI 1.1 marks a hart "start pending" before it stores the
 * address the hart is to start at, so a hart that wakes in between jumps
 * to the address the firmware last booted: here, with a1 still the DTB.
 * As in Linux, a lottery picks the one boot hart; a hart that loses it
 * finds its logical CPU (smp_init prepared its stack before asking the
 * firmware to start it) and carries on as secondary_start_sbi would.
 *
 * The code is linked at KERNEL_LINK_ADDR but runs at the load address
 * until the MMU is on; it only uses PC-relative addressing until then.
 */
#include "riscv.h"
#include "mm/page.h"
#include "param.h"

#define THREAD_SIZE (16 * 1024)

	.section .head.text, "ax"
	.globl _start_kernel
_start_kernel:
	csrw	sie, zero
	csrw	sip, zero
	csrw	sscratch, zero
	lla	a3, hart_lottery
	li	a2, 1
	amoadd.w a3, a2, (a3)
	bnez	a3, .Lstray_hart
	mv	s0, a0			/* hart id */
	mv	s1, a1			/* DTB physical address */

	/* Clear .bss (the early stack lives there, unused yet). */
	lla	t0, __bss_start
	lla	t1, __bss_stop
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:
	lla	sp, init_stack + THREAD_SIZE
	mv	a0, s0
	mv	a1, s1
	call	setup_vm		/* builds early_pg_dir, fills kernel_map */

	lla	a0, early_pg_dir
	call	relocate_enable_mmu	/* returns at the link address */

	/* Now running at virtual addresses. */
	lla	sp, init_stack + THREAD_SIZE
	lla	tp, cpu_info		/* CPU 0 is the boot hart */
	lla	t0, handle_exception
	csrw	stvec, t0
	mv	a0, s0
	mv	a1, s1
	tail	start_kernel

/*
 * A hart that lost the lottery: wait until smp_init() has named it a CPU
 * (cpuid_to_hartid_map) and given it a stack, then start as asked. All
 * through physical addresses: the MMU is still off here.
 */
.Lstray_hart:
	mv	s0, a0
1:	li	t0, 1			/* CPU 0 is the boot hart */
2:	li	t1, NCPU
	bgeu	t0, t1, 1b		/* not named yet: look again */
	slli	t2, t0, 3
	lla	t3, cpuid_to_hartid_map
	add	t3, t3, t2
	ld	t3, 0(t3)
	lla	t4, __cpu_up_stack_pointer
	add	t4, t4, t2
	ld	t4, 0(t4)
	addi	t0, t0, 1
	bne	t3, s0, 2b
	beqz	t4, 2b
	fence
	mv	a0, s0
	addi	a1, t0, -1
	j	secondary_start_sbi

/*
 * relocate_enable_mmu(a0 = physical address of a page directory that maps
 * both the load address (identity) and the link address): turn on Sv48
 * and return to the caller's link address.
 */
relocate_enable_mmu:
	/* ra += link - load: the caller's return address, virtually. */
	lla	t0, kernel_map
	ld	t1, 0(t0)		/* kernel_map.virt_addr */
	ld	t2, 8(t0)		/* kernel_map.phys_addr */
	sub	t1, t1, t2
	add	ra, ra, t1

	srli	a0, a0, 12
	li	t0, SATP_MODE_SV48
	or	a0, a0, t0
	/* Were the identity map wrong, the fault would land at the link address. */
	csrw	stvec, ra
	sfence.vma
	csrw	satp, a0		/* the identity map keeps this fetch valid */
	sfence.vma
	ret				/* to the link address */

/*
 * Secondary harts: sbi_hart_start(hartid, __pa(secondary_start_sbi), cpu).
 * a0 = hart id, a1 = logical CPU number.
 */
	.globl secondary_start_sbi
secondary_start_sbi:
	csrw	sie, zero
	csrw	sip, zero
	csrw	sscratch, zero
	mv	s0, a0
	mv	s1, a1
	lla	a0, early_pg_dir
	call	relocate_enable_mmu

	/* sp and tp for this CPU, prepared by __cpu_up(). */
	slli	t0, s1, 3
	lla	t1, __cpu_up_stack_pointer
	add	t1, t1, t0
	ld	sp, 0(t1)
	lla	t1, __cpu_up_task_pointer
	add	t1, t1, t0
	ld	tp, 0(t1)
	lla	t0, handle_exception
	csrw	stvec, t0
	mv	a0, s1
	tail	smp_callin

	.section .bss..page_aligned, "aw", @nobits
	.balign 4096
	.globl init_stack
init_stack:
	.space THREAD_SIZE

	.section .data
	.balign 4
hart_lottery:		/* not in .bss: the winner clears .bss after drawing */
	.word	0
