/*
 * exec(): replace the caller's program (Linux: fs/exec.c, fs/binfmt_elf.c).
 *
 * The new address space is built completely beside the old one: the ELF
 * file is checked, each PT_LOAD segment becomes a VMA whose pages are
 * allocated and filled from the file, and a stack VMA gets the argument
 * strings. Only when all of that worked does the task switch to the new
 * mm and drop the old, so a bad or truncated ELF, or running out of
 * memory, returns an error to a caller that is still intact.
 * In this issue the pages are copies; the next issue maps text from the
 * page cache and faults pages in on demand.
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

static unsigned long elf_vm_flags(u32 p_flags)
{
	unsigned long f = VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;

	if (p_flags & PF_R)
		f |= VM_READ;
	if (p_flags & PF_W)
		f |= VM_WRITE;
	if (p_flags & PF_X)
		f |= VM_EXEC;
	return f;
}

/* Copy file bytes into the new mm through a bounce buffer. */
static int copy_file_to_mm(struct linux_binprm *bprm, unsigned long addr, loff_t pos, size_t n)
{
	char *buf = (char *)__get_free_page(GFP_KERNEL);
	int err = 0;

	if (!buf)
		return -ENOMEM;
	while (n && !err) {
		size_t chunk = min(n, PAGE_SIZE);

		err = read_exact(bprm->file, buf, chunk, pos);
		if (!err && access_remote_vm(bprm->mm, addr, buf, chunk, true) != (int)chunk)
			err = -EFAULT;
		addr += chunk;
		pos += chunk;
		n -= chunk;
	}
	free_page((unsigned long)buf);
	return err;
}

static int load_segment(struct linux_binprm *bprm, const struct elf64_phdr *ph)
{
	struct mm_struct *mm = bprm->mm;
	struct vm_area_struct *vma = vm_area_alloc(mm);
	unsigned long start = ALIGN_DOWN(ph->p_vaddr, PAGE_SIZE);
	unsigned long end = PAGE_ALIGN(ph->p_vaddr + ph->p_memsz);
	int err;

	if (!vma)
		return -ENOMEM;
	if (vm_enough_memory((end - start) >> PAGE_SHIFT)) {
		vm_area_free(vma);
		return -ENOMEM;
	}
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_flags = elf_vm_flags(ph->p_flags);
	vma->vm_pgoff = ph->p_offset >> PAGE_SHIFT;
	err = insert_vm_struct(mm, vma);
	if (err) {
		vm_area_free(vma);
		return -ENOEXEC;	/* overlapping segments */
	}
	err = populate_vma_range(vma, start, end);
	if (!err)
		err = copy_file_to_mm(bprm, ph->p_vaddr, ph->p_offset, ph->p_filesz);
	if (err)
		return err;
	if (vma->vm_flags & VM_EXEC) {
		mm->start_code = min(mm->start_code ? mm->start_code : start, start);
		mm->end_code = max(mm->end_code, ph->p_vaddr + ph->p_memsz);
	} else {
		if (!mm->start_data || start < mm->start_data)
			mm->start_data = ph->p_vaddr;
		mm->end_data = max(mm->end_data, ph->p_vaddr + ph->p_memsz);
	}
	mm->start_brk = mm->brk = max(mm->brk, end);
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
	vma->vm_start = top - USER_STACK_SIZE;
	vma->vm_end = top;
	vma->vm_flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_GROWSDOWN | VM_ACCOUNT;
	err = insert_vm_struct(mm, vma);
	if (!err)
		err = populate_vma_range(vma, vma->vm_start, vma->vm_end);
	if (err)
		return err;
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
	access_remote_vm(mm, strings, bprm->args, bprm->args_len, true);
	access_remote_vm(mm, sp, table, words * sizeof(long), true);
	kfree(table);
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
	err = read_exact(bprm->file, &bprm->eh, sizeof(bprm->eh), 0);
	if (!err)
		err = check_elf_header(&bprm->eh);
	if (err)
		goto out;
	err = -ENOMEM;
	bprm->mm = mm_alloc();
	if (!bprm->mm)
		goto out;
	err = load_elf_segments(bprm);
	if (!err)
		err = setup_arg_pages(bprm);
	if (!err)
		begin_new_exec(bprm, path);
out:
	if (bprm->mm)
		mmput(bprm->mm);
	fput(bprm->file);
	return err ? err : bprm->argc;
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
