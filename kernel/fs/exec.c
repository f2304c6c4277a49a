/*
 * exec(): replace the caller's program (Linux: fs/exec.c, fs/binfmt_elf.c).
 *
 * The new address space is built completely beside the old one: the ELF
 * file is checked, each PT_LOAD segment becomes a private mapping of the
 * file (its pages come from the page cache on first touch, so text is
 * demand-paged and shared by every process running the program), the
 * bss an anonymous mapping, and a stack VMA gets the argument strings.
 * Only when all of that worked does the task switch to the new mm and
 * drop the old, so a bad or truncated ELF, or running out of memory,
 * returns an error to a caller that is still intact (Linux switches to the
 * new mm before mapping the segments: a failure after that kills the task).
 * While a program runs, its file cannot be opened for writing (ETXTBSY).
 */
#include "sched.h"
#include "fork.h"
#include "elf.h"
#include "errno.h"
#include "err.h"
#include "string.h"
#include "ptrace.h"
#include "riscv.h"
#include "memlayout.h"
#include "uaccess.h"
#include "syscalls.h"
#include "fcntl.h"
#include "fs/vfs.h"
#include "fs/exec.h"
#include "mm/user.h"
#include "mm/gfp.h"
#include "mm/slab.h"
#include "mm/mmu_context.h"
#include "mm/mman.h"

#define MAX_PHNUM 16
#define ARG_MAX PAGE_SIZE	/* argument strings, NULs included (Linux: a quarter of the stack limit) */

struct linux_binprm {
	struct file *file;
	struct mm_struct *mm;
	struct elf64_hdr eh;
	int argc;
	char *args;		/* argc strings back to back, each NUL-terminated */
	int args_len;
	unsigned long entry, sp, argv;
};

static int read_exact(struct file *f, void *buf, size_t n, loff_t pos)
{
	ssize_t r = kernel_read(f, buf, n, &pos);

	if (r < 0)
		return r;
	return r == (ssize_t)n ? 0 : -ENOEXEC;
}

static int check_elf_header(const struct elf64_hdr *eh)
{
	if (eh->e_ident[0] != ELFMAG0 || eh->e_ident[1] != 'E' || eh->e_ident[2] != 'L' ||
	    eh->e_ident[3] != 'F' || eh->e_ident[4] != ELFCLASS64 || eh->e_ident[5] != ELFDATA2LSB)
		return -ENOEXEC;
	if (eh->e_type != ET_EXEC || eh->e_machine != EM_RISCV ||
	    eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phnum == 0 ||
	    eh->e_phnum > MAX_PHNUM || eh->e_entry >= TASK_SIZE)
		return -ENOEXEC;
	return 0;
}

/* A PT_LOAD segment must lie in user space below the stack, file part inside the file. */
static int check_segment(const struct elf64_phdr *ph, loff_t isize)
{
	if (ph->p_memsz < ph->p_filesz || ph->p_memsz == 0)
		return -ENOEXEC;
	if (ph->p_vaddr < USER_TEXT_START || ph->p_vaddr + ph->p_memsz < ph->p_vaddr ||
	    ph->p_vaddr + ph->p_memsz > USER_STACK_TOP - USER_STACK_SIZE - PAGE_SIZE)
		return -ENOEXEC;
	if (ph->p_offset + ph->p_filesz < ph->p_offset || ph->p_offset + ph->p_filesz > (u64)isize)
		return -ENOEXEC;
	if ((ph->p_vaddr & ~PAGE_MASK) != (ph->p_offset & ~PAGE_MASK))
		return -ENOEXEC;
	return 0;
}

/* Zero [addr, addr+n) of the new mm: the bss part of a file page. */
static int clear_remote(struct mm_struct *mm, unsigned long addr, size_t n)
{
	static const char zeros[256];

	while (n) {
		int chunk = min(n, sizeof(zeros));

		if (access_remote_vm(mm, addr, (void *)zeros, chunk, true) != chunk)
			return -EFAULT;
		addr += chunk;
		n -= chunk;
	}
	return 0;
}

static unsigned long elf_prot(u32 p_flags)
{
	return (p_flags & PF_R ? PROT_READ : 0) | (p_flags & PF_W ? PROT_WRITE : 0) |
	       (p_flags & PF_X ? PROT_EXEC : 0);
}

/*
 * Map one PT_LOAD segment (Linux: elf_load): the file part as a private
 * file mapping, the rest of its last file page zeroed (that page is then
 * the process's own copy), and the remaining bss anonymous.
 */
static int load_segment(struct linux_binprm *bprm, const struct elf64_phdr *ph)
{
	struct mm_struct *mm = bprm->mm;
	unsigned long start = ALIGN_DOWN(ph->p_vaddr, PAGE_SIZE);
	unsigned long file_end = ph->p_vaddr + ph->p_filesz;
	unsigned long mem_end = PAGE_ALIGN(ph->p_vaddr + ph->p_memsz);
	unsigned long prot = elf_prot(ph->p_flags), bss = PAGE_ALIGN(file_end);
	long r = 0;

	if (ph->p_memsz > ph->p_filesz && (file_end & ~PAGE_MASK) && !(ph->p_flags & PF_W))
		return -ENOEXEC;	/* bss in a read-only page: Pagoda's loader can't zero it */
	if (vm_enough_memory((mem_end - start) >> PAGE_SHIFT))
		return -ENOMEM;
	if (find_vma(mm, start) && find_vma(mm, start)->vm_start < mem_end)
		return -ENOEXEC;	/* overlapping segments */
	mmap_write_lock(mm);
	if (ph->p_filesz)
		r = do_mmap(mm, bprm->file, start, bss - start, prot, MAP_PRIVATE | MAP_FIXED,
			    ph->p_offset >> PAGE_SHIFT);
	if (r >= 0 && mem_end > bss)
		r = do_mmap(mm, NULL, bss, mem_end - bss, prot,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0);
	mmap_write_unlock(mm);
	if (r < 0)
		return r;
	if (ph->p_memsz > ph->p_filesz && (file_end & ~PAGE_MASK)) {
		r = clear_remote(mm, file_end, min(bss, ph->p_vaddr + ph->p_memsz) - file_end);
		if (r)
			return r;
	}
	if (ph->p_flags & PF_X) {
		mm->start_code = min(mm->start_code ? mm->start_code : start, start);
		mm->end_code = max(mm->end_code, ph->p_vaddr + ph->p_memsz);
	} else {
		if (!mm->start_data || start < mm->start_data)
			mm->start_data = ph->p_vaddr;
		mm->end_data = max(mm->end_data, ph->p_vaddr + ph->p_memsz);
	}
	mm->start_brk = mm->brk = max(mm->brk, mem_end);
	return 0;
}

static int load_elf_segments(struct linux_binprm *bprm)
{
	struct elf64_phdr ph[MAX_PHNUM];
	loff_t isize = bprm->file->f_inode->i_size;
	int err, nload = 0;

	err = read_exact(bprm->file, ph, bprm->eh.e_phnum * sizeof(ph[0]), bprm->eh.e_phoff);
	if (err)
		return err;
	for (int i = 0; i < bprm->eh.e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		err = check_segment(&ph[i], isize);
		if (!err)
			err = load_segment(bprm, &ph[i]);
		if (err)
			return err;
		nload++;
	}
	if (!nload || !find_vma(bprm->mm, bprm->eh.e_entry) ||
	    !(find_vma(bprm->mm, bprm->eh.e_entry)->vm_flags & VM_EXEC))
		return -ENOEXEC;
	bprm->entry = bprm->eh.e_entry;
	return 0;
}

/*
 * The stack, laid out as Linux's ELF loader does (create_elf_tables):
 * sp -> argc, argv[0..argc-1], NULL, envp NULL, auxv pairs, AT_NULL;
 * the strings above. a0/a1 get argc/argv too, as xv6 programs expect.
 */
static int setup_arg_pages(struct linux_binprm *bprm)
{
	struct mm_struct *mm = bprm->mm;
	struct vm_area_struct *vma = vm_area_alloc(mm);
	unsigned long top = USER_STACK_TOP, strings, sp, *table;
	int n = bprm->argc, words = 1 + n + 1 + 1 + 4 + 2, err;
	char *s = bprm->args;

	if (!vma)
		return -ENOMEM;
	/* It grows down on demand (expand_stack), up to STACK_RLIMIT; pages come on first touch. */
	vma->vm_start = top - USER_STACK_SIZE;
	vma->vm_end = top;
	vma->vm_pgoff = vma->vm_start >> PAGE_SHIFT;
	vma->vm_flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC |
			VM_GROWSDOWN | VM_ACCOUNT;
	mmap_write_lock(mm);
	err = insert_vm_struct(mm, vma);
	mmap_write_unlock(mm);
	if (err) {
		vm_area_free(vma);
		return err;
	}
	strings = ALIGN_DOWN(top - bprm->args_len, 16);
	sp = ALIGN_DOWN(strings - words * sizeof(long), 16);
	table = kmalloc(words * sizeof(long), GFP_KERNEL);
	if (!table)
		return -ENOMEM;
	table[0] = n;
	for (int i = 0; i < n; i++) {
		table[1 + i] = strings + (s - bprm->args);
		s += strlen(s) + 1;
	}
	table[1 + n] = 0;		/* end of argv */
	table[2 + n] = 0;		/* envp: empty */
	table[3 + n] = AT_PAGESZ;
	table[4 + n] = PAGE_SIZE;
	table[5 + n] = AT_ENTRY;
	table[6 + n] = bprm->entry;
	table[7 + n] = AT_NULL;
	table[8 + n] = 0;
	err = 0;
	if (access_remote_vm(mm, strings, bprm->args, bprm->args_len, true) != bprm->args_len ||
	    access_remote_vm(mm, sp, table, words * sizeof(long), true) != words * (int)sizeof(long))
		err = -ENOMEM;		/* no page for the stack */
	kfree(table);
	if (err)
		return err;
	mm->start_stack = sp;
	mm->arg_start = strings;
	mm->arg_end = strings + bprm->args_len;
	mm->env_start = mm->env_end = mm->arg_end;
	bprm->sp = sp;
	bprm->argv = sp + sizeof(long);
	return 0;
}

/* Point of no return: the task runs the new program when it next returns to user. */
static void begin_new_exec(struct linux_binprm *bprm, const char *path)
{
	struct task_struct *p = current;
	struct mm_struct *old = p->mm;
	struct pt_regs *regs = task_pt_regs(p);
	const char *base = strrchr(path, '/');
	unsigned long flags;

	/* Under tasklist_lock: /proc takes its mm reference under it (Linux: task_lock). */
	spin_lock_irqsave(&tasklist_lock, flags);
	p->mm = p->active_mm = bprm->mm;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	bprm->mm = NULL;
	switch_mm(old, p->mm);
	if (old)
		mmput(old);
	p->flags &= ~PF_KTHREAD;
	set_task_comm(p, base ? base + 1 : path);
	p->mm->hiwater_rss = get_mm_rss(p->mm);

	memset(regs, 0, sizeof(*regs));
	regs->epc = bprm->entry;
	regs->sp = bprm->sp;
	regs->a0 = bprm->argc;
	regs->a1 = bprm->argv;
	/* SPP = 0: sret enters user mode, with interrupts on (SPIE); SUM off. */
	regs->status = (csr_read(sstatus) & ~(SR_SPP | SR_SIE | SR_SUM)) | SR_SPIE;
}

/* exec of a file with arguments already in kernel memory. */
static int do_execve(const char *path, struct linux_binprm *bprm)
{
	int err;

	bprm->file = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(bprm->file))
		return PTR_ERR(bprm->file);
	err = -EACCES;
	if (!bprm->file->f_inode || !S_ISREG(bprm->file->f_inode->i_mode))
		goto out;
	err = deny_write_access(bprm->file->f_inode);	/* -ETXTBSY if open for writing */
	if (err)
		goto out;
	err = read_exact(bprm->file, &bprm->eh, sizeof(bprm->eh), 0);
	if (!err)
		err = check_elf_header(&bprm->eh);
	if (err)
		goto out_allow;
	err = -ENOMEM;
	bprm->mm = mm_alloc();
	if (!bprm->mm)
		goto out_allow;
	/* The mm keeps the file, and with it the denial of writes, until it goes. */
	bprm->mm->exe_file = get_file(bprm->file);
	err = load_elf_segments(bprm);
	if (!err)
		err = setup_arg_pages(bprm);
	if (!err)
		begin_new_exec(bprm, path);
	if (bprm->mm)
		mmput(bprm->mm);
	fput(bprm->file);
	return err ? err : bprm->argc;
out_allow:
	allow_write_access(bprm->file->f_inode);
out:
	fput(bprm->file);
	return err;
}

/* Append one argument string; -E2BIG past ARG_MAX. */
static int add_arg(struct linux_binprm *bprm, const char *s, size_t len)
{
	if (bprm->args_len + len + 1 > ARG_MAX || bprm->argc >= MAXARG)
		return -E2BIG;
	memcpy(bprm->args + bprm->args_len, s, len);
	bprm->args[bprm->args_len + len] = 0;
	bprm->args_len += len + 1;
	bprm->argc++;
	return 0;
}

/* Copy argv from user space: each pointer with get_user, each string checked. */
static int copy_strings(struct linux_binprm *bprm, const char __user *const __user *argv)
{
	for (int i = 0;; i++) {
		const char __user *uptr;
		long len;

		if (get_user(uptr, &argv[i]))
			return -EFAULT;
		if (!uptr)
			return 0;
		if (i >= MAXARG)
			return -E2BIG;
		len = strncpy_from_user(bprm->args + bprm->args_len, uptr,
					ARG_MAX - bprm->args_len);
		if (len < 0)
			return len;
		if (len == (long)(ARG_MAX - bprm->args_len))
			return -E2BIG;
		bprm->args_len += len + 1;
		bprm->argc++;
	}
}

long sys_exec(const char __user *upath, const char __user *const __user *argv)
{
	struct linux_binprm bprm = { 0 };
	char *path = kmalloc(MAXPATH, GFP_KERNEL);
	long err;

	bprm.args = (char *)__get_free_page(GFP_KERNEL);
	err = -ENOMEM;
	if (!path || !bprm.args)
		goto out;
	err = strncpy_from_user(path, upath, MAXPATH);
	if (err == MAXPATH)
		err = -ENAMETOOLONG;
	if (err < 0)
		goto out;
	err = argv ? copy_strings(&bprm, argv) : 0;
	if (!err)
		err = do_execve(path, &bprm);
out:
	kfree(path);
	if (bprm.args)
		free_page((unsigned long)bprm.args);
	return err;
}

int kernel_execve(const char *path, const char *const *argv)
{
	struct linux_binprm bprm = { 0 };
	int err;

	bprm.args = (char *)__get_free_page(GFP_KERNEL);
	if (!bprm.args)
		return -ENOMEM;
	err = 0;
	for (int i = 0; argv[i] && !err; i++)
		err = add_arg(&bprm, argv[i], strlen(argv[i]));
	if (!err)
		err = do_execve(path, &bprm);
	free_page((unsigned long)bprm.args);
	return err < 0 ? err : 0;
}
