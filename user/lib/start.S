/*
 * _start: where every user program begins (Linux's libc calls this file
 * crt1.o; glibc: sysdeps/riscv/start.S).
 *
 * exec leaves a0 = argc, a1 = argv (xv6's convention) and sp at Linux's
 * initial stack: argc, argv[0..argc-1], NULL, envp (NULL), auxv. Pagoda's
 * programs use only a0 and a1. A program that returns from main exits
 * with main's return value, as in C.
 */
	.section .text._start, "ax", @progbits
	.globl _start
	.type _start, @function
_start:
	li ra, 0		/* a backtrace stops here */
	li s0, 0
	andi sp, sp, -16	/* the calling convention wants 16-byte alignment */
	call main
	call exit		/* a0 = main's return value; exit does not return */
	.size _start, . - _start
