/*
 * usertests: exec of broken ELF files and of argument lists.
 *
 * Part of usertests.c, which #includes every file of this directory
 * into one program (one translation unit, so the helpers in common.c
 * stay static); nothing here is built on its own. The
 * checks it expects are those of Linux's fs/binfmt_elf.c.
 */

struct elfhdr {
	uint magic;
	uchar elf[12];
	ushort type, machine;
	uint version;
	uint64 entry, phoff, shoff;
	uint flags;
	ushort ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct proghdr {
	uint32 type, flags;
	uint64 off, vaddr, paddr, filesz, memsz, align;
};

#define ELF_MAGIC 0x464C457FU
#define PT_LOAD 1
#define TINY_EXIT 42

/*
 * A tiny, valid ELF built here: one PT_LOAD segment at USER_TEXT_START
 * holding the headers and three instructions, exit(TINY_EXIT). The bad
 * variants below are this file with one field damaged.
 */
struct tiny_elf {
	struct elfhdr eh;
	struct proghdr ph;
	uint code[3];
};

static void tiny_elf(struct tiny_elf *t)
{
	memset(t, 0, sizeof(*t));
	t->eh.magic = ELF_MAGIC;
	t->eh.elf[0] = 2;		/* ELFCLASS64 */
	t->eh.elf[1] = 1;		/* little endian */
	t->eh.elf[2] = 1;		/* version */
	t->eh.type = 2;			/* ET_EXEC */
	t->eh.machine = 243;		/* EM_RISCV */
	t->eh.version = 1;
	t->eh.entry = USER_TEXT_START + sizeof(t->eh) + sizeof(t->ph);
	t->eh.phoff = sizeof(t->eh);
	t->eh.ehsize = sizeof(t->eh);
	t->eh.phentsize = sizeof(t->ph);
	t->eh.phnum = 1;
	t->ph.type = PT_LOAD;
	t->ph.flags = 5;		/* R + X */
	t->ph.off = 0;
	t->ph.vaddr = t->ph.paddr = USER_TEXT_START;
	t->ph.filesz = t->ph.memsz = sizeof(*t);
	t->ph.align = PGSIZE;
	t->code[0] = 0x00000513 | (TINY_EXIT << 20);	/* li a0, TINY_EXIT */
	t->code[1] = 0x00000893 | (SYS_exit << 20);	/* li a7, SYS_exit */
	t->code[2] = 0x00000073;			/* ecall */
}

/* exec `size` bytes of `data` as ut.elf: must be refused, and leave us be. */
static void exec_refused(int size, const void *data, const char *what)
{
	char *argv[] = { "ut.elf", 0 };
	int r;

	put_file("ut.elf", data, size);
	r = exec("ut.elf", argv);
	/* Still here: the old image is intact. */
	check(r == -1, "exec of %s returned %d", what, r);
	check(errno == ENOEXEC || errno == EINVAL || errno == EIO || errno == ENOMEM ||
	      errno == EFAULT || errno == E2BIG || errno == EACCES || errno == EPERM,
	      "exec of %s: errno %d (%s)", what, errno, strerror(errno));
	unlink("ut.elf");
}

/* A tiny ELF with one field damaged by `patch`, which must be refused. */
static void exec_patched(void (*patch)(struct tiny_elf *t), const char *what)
{
	struct tiny_elf t;

	tiny_elf(&t);
	patch(&t);
	exec_refused(sizeof(t), &t, what);
}

static void bad_magic(struct tiny_elf *t) { t->eh.magic = 0x464C4500; }
static void bad_class(struct tiny_elf *t) { t->eh.elf[0] = 1; /* 32-bit */ }
static void bad_machine(struct tiny_elf *t) { t->eh.machine = 62; /* x86-64 */ }
static void bad_phentsize(struct tiny_elf *t) { t->eh.phentsize = 12; }
static void bad_phoff(struct tiny_elf *t) { t->eh.phoff = 4096; }
static void huge_phoff(struct tiny_elf *t) { t->eh.phoff = ~0UL - 8; }
static void many_ph(struct tiny_elf *t) { t->eh.phnum = 0xffff; }
static void filesz_gt_memsz(struct tiny_elf *t) { t->ph.memsz = 16; }
static void kernel_vaddr(struct tiny_elf *t) { t->ph.vaddr = KERNBASE; }
static void trampoline_vaddr(struct tiny_elf *t) { t->ph.vaddr = TRAMPOLINE; }
static void top_vaddr(struct tiny_elf *t) { t->ph.vaddr = USER_STACK_TOP - PGSIZE; t->ph.memsz = 2 * PGSIZE; }
static void wrapping_vaddr(struct tiny_elf *t) { t->ph.vaddr = ~0UL - 4095; t->ph.memsz = 8192; }
static void page0_vaddr(struct tiny_elf *t) { t->ph.vaddr = 0; }
static void huge_memsz(struct tiny_elf *t) { t->ph.memsz = 1UL << 46; }
static void offset_past_end(struct tiny_elf *t) { t->ph.off = 65536; }
static void filesz_past_end(struct tiny_elf *t) { t->ph.filesz = t->ph.memsz = 65536; }
static void unaligned(struct tiny_elf *t) { t->ph.vaddr += 12; }

static void exec_badelf(void)
{
	static const char script[] = "#!/bin/sh\necho not an ELF\n";
	struct tiny_elf t;
	int marker = 12345, pid;

	/* The tiny ELF itself is good: it runs and exits TINY_EXIT. */
	tiny_elf(&t);
	put_file("ut.elf", (char *)&t, sizeof(t));
	pid = xfork();
	if (pid == 0) {
		exec("ut.elf", (char *[]){ "ut.elf", 0 });
		fail("exec of the good tiny ELF: %s", strerror(errno));
	}
	check(wait_for(pid) == TINY_EXIT, "the tiny ELF did not exit %d", TINY_EXIT);
	unlink("ut.elf");

	exec_refused(sizeof(script) - 1, script, "a shell script");
	exec_refused(0, "", "an empty file");
	exec_refused(3, "\177EL", "3 bytes of ELF magic");
	exec_refused(40, &t, "the first 40 bytes of an ELF header");
	exec_refused(sizeof(t.eh) + 20, &t, "an ELF cut inside its program header");
	exec_patched(bad_magic, "bad magic");
	exec_patched(bad_class, "a 32-bit ELF");
	exec_patched(bad_machine, "an x86-64 ELF");
	exec_patched(bad_phentsize, "phentsize 12");
	exec_patched(bad_phoff, "program headers past the end");
	exec_patched(huge_phoff, "phoff near 2^64");
	exec_patched(many_ph, "65535 program headers");
	exec_patched(filesz_gt_memsz, "filesz > memsz");
	exec_patched(kernel_vaddr, "a segment at KERNBASE");
	exec_patched(trampoline_vaddr, "a segment at TRAMPOLINE");
	exec_patched(top_vaddr, "a segment past the top of user space");
	exec_patched(wrapping_vaddr, "a segment wrapping past 2^64");
	exec_patched(page0_vaddr, "a segment at address 0");
	exec_patched(huge_memsz, "a 64 TiB segment");
	exec_patched(offset_past_end, "segment data past the end");
	exec_patched(filesz_past_end, "filesz past the end");
	exec_patched(unaligned, "a vaddr not congruent to its offset");
	EXPECT_ERR(exec("/", (char *[]){ "/", 0 }), EACCES);
	EXPECT_ERR(exec("ut.none", (char *[]){ "ut.none", 0 }), ENOENT);
	check(marker == 12345, "a failed exec changed this process's memory");
}

static void exec_args(void)
{
	char *argv[MAXARG + 2];
	char *big;
	int pid;

	/* The new image gets exactly the arguments: usertests -argc checks. */
	pid = xfork();
	if (pid == 0) {
		char *args[] = { "usertests", "-argc", "a", "bb", "", "dddd", 0 };
		exec("/usertests", args);
		fail("exec /usertests: %s", strerror(errno));
	}
	check(wait_for(pid) == 0, "the exec'd program saw the wrong arguments");
	/* MAXARG arguments and more: E2BIG. */
	for (int i = 0; i < MAXARG + 1; i++)
		argv[i] = "x";
	argv[MAXARG + 1] = 0;
	EXPECT_ERR(exec("/usertests", argv), E2BIG);
	/* One argument bigger than the stack (and than Linux's 128 KiB). */
	big = sbrk(200 * 1024);
	check(big != SBRK_ERROR, "sbrk");
	memset(big, 'z', 200 * 1024 - 1);
	big[200 * 1024 - 1] = 0;
	argv[0] = "usertests";
	argv[1] = big;
	argv[2] = 0;
	EXPECT_ERR2(exec("/usertests", argv), E2BIG, ENOMEM);
}

/* The exec'd half of exec_args: exit 0 iff the arguments arrived intact. */
static int check_argc(int argc, char **argv)
{
	static const char *want[] = { "usertests", "-argc", "a", "bb", "", "dddd" };

	if (argc != 6 || argv[argc] != 0)
		return 1;
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], want[i]) != 0)
			return 2;
	return 0;
}
