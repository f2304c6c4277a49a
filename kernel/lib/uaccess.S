/*
 * Copying to and from user memory (Linux: arch/riscv/lib/uaccess.S).
 *
 * sstatus.SUM lets supervisor code touch pages marked PTE_U; it is set
 * only for the copy. Every load or store that may touch a user address
 * has an exception-table entry (the USER macro): if it faults, the trap
 * handler resumes at the fixup label, which clears SUM and returns how
 * many bytes were left, so the caller returns -EFAULT.
 */
#include "riscv.h"

.macro USER insn, reg, addr, fixup
100:	\insn	\reg, \addr
	.pushsection __ex_table, "a"
	.balign 4
	.long	100b - ., \fixup - .
	.popsection
.endm

	.text
/*
 * unsigned long __asm_copy_user(void *to, const void *from, unsigned long n)
 * Returns the number of bytes not copied. Words when both pointers share
 * an alignment, bytes otherwise (a misaligned ld would trap to firmware).
 * A fault in the word loops retries the rest byte by byte, so the count
 * is exact: the caller knows how much of a read() landed.
 */
	.globl __asm_copy_to_user, __asm_copy_from_user
__asm_copy_to_user:
__asm_copy_from_user:
	/*
	 * t6: SR_SUM if this copy turns SUM on (and so off again at the end),
	 * 0 inside a user_access_begin() window that has it on already:
	 * QEMU empties its whole TLB each time SUM changes.
	 */
	li	t6, SR_SUM
	csrrs	t0, sstatus, t6
	and	t0, t0, t6
	xor	t6, t6, t0
	xor	t0, a0, a1
	andi	t0, t0, 7
	bnez	t0, .Lbytes
.Lhead:
	andi	t0, a0, 7
	beqz	t0, .Lblocks
	beqz	a2, .Ldone
	USER	lb, t1, 0(a1), .Lfault
	USER	sb, t1, 0(a0), .Lfault
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	a2, a2, -1
	j	.Lhead
.Lblocks:			/* 32 bytes a turn */
	li	t2, 32
	bltu	a2, t2, .Lwords
	USER	ld, t1, 0(a1), .Lbytes
	USER	ld, t3, 8(a1), .Lbytes
	USER	ld, t4, 16(a1), .Lbytes
	USER	ld, t5, 24(a1), .Lbytes
	USER	sd, t1, 0(a0), .Lbytes
	USER	sd, t3, 8(a0), .Lbytes
	USER	sd, t4, 16(a0), .Lbytes
	USER	sd, t5, 24(a0), .Lbytes
	addi	a0, a0, 32
	addi	a1, a1, 32
	addi	a2, a2, -32
	j	.Lblocks
.Lwords:
	li	t2, 8
	bltu	a2, t2, .Lbytes
	USER	ld, t1, 0(a1), .Lbytes
	USER	sd, t1, 0(a0), .Lbytes
	addi	a0, a0, 8
	addi	a1, a1, 8
	addi	a2, a2, -8
	j	.Lwords
.Lbytes:
	beqz	a2, .Ldone
	USER	lb, t1, 0(a1), .Lfault
	USER	sb, t1, 0(a0), .Lfault
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	a2, a2, -1
	j	.Lbytes
.Ldone:
	csrc	sstatus, t6
	li	a0, 0
	ret
.Lfault:
	csrc	sstatus, t6
	mv	a0, a2
	ret

/* unsigned long __asm_clear_user(void *to, unsigned long n): bytes not cleared. */
	.globl __asm_clear_user
__asm_clear_user:
	li	t6, SR_SUM
	csrs	sstatus, t6
1:	beqz	a1, 2f
	USER	sb, zero, 0(a0), 3f
	addi	a0, a0, 1
	addi	a1, a1, -1
	j	1b
2:	csrc	sstatus, t6
	li	a0, 0
	ret
3:	csrc	sstatus, t6
	mv	a0, a1
	ret

/*
 * long __asm_strncpy_from_user(char *dst, const char *src, long count)
 * The string's length if a NUL came within count bytes, else count;
 * -1 if a user byte could not be read.
 */
	.globl __asm_strncpy_from_user
__asm_strncpy_from_user:
	li	t6, SR_SUM
	csrs	sstatus, t6
	li	t0, 0
1:	beq	t0, a2, 3f
	add	t1, a1, t0
	USER	lbu, t2, 0(t1), 4f
	add	t3, a0, t0
	sb	t2, 0(t3)
	beqz	t2, 2f
	addi	t0, t0, 1
	j	1b
2:	csrc	sstatus, t6
	mv	a0, t0
	ret
3:	csrc	sstatus, t6
	mv	a0, a2
	ret
4:	csrc	sstatus, t6
	li	a0, -1
	ret
