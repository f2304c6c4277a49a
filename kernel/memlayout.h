/*
 * Address-space layout, under xv6's names (Linux spreads these over
 * arch/riscv/include/asm/pgtable.h and processor.h).
 *
 * Unlike xv6 there is no trampoline or trapframe page in user space: the
 * kernel half (addresses from 0xffff800000000000) is mapped, without
 * PTE_U, in every process's page table, so a trap needs no satp switch.
 * TRAMPOLINE and TRAPFRAME name kernel addresses a user program cannot
 * touch, so xv6 tests that poke them still see a fault.
 *
 * User space (Sv48 lower half, below 2^47):
 *   USER_TEXT_START   program text, data, bss (ELF, linked by user/user.ld)
 *   ...               heap, grown by sbrk
 *   USER_STACK_TOP    top of the stack, growing down (USER_STACK_SIZE)
 */
#ifndef _KERNEL_MEMLAYOUT_H
#define _KERNEL_MEMLAYOUT_H

#define KERNBASE    0xffffaf8000000000UL	/* linear map of RAM (PAGE_OFFSET) */
#define PHYSTOP_VA  0xffffef8000000000UL	/* end of the linear map */
#define TRAMPOLINE  0xffffffff80000000UL	/* kernel text: not user-accessible */
#define TRAPFRAME   (TRAMPOLINE - 0x1000UL)

#define UART0   0x10000000UL			/* physical addresses on QEMU virt */
#define VIRTIO0 0x10001000UL
#define PLIC    0x0c000000UL

#define USER_TEXT_START 0x10000UL		/* page 0..15 unmapped: NULL faults */
#define USER_STACK_TOP  0x0000800000000000UL	/* TASK_SIZE */
#define USER_STACK_SIZE (64 * 1024UL)		/* populated at exec */

#endif
