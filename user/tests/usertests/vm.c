/*
 * usertests: virtual memory. Copy-on-write fork, read() and write()
 * with untouched and copy-on-write buffers, demand paging of the heap
 * and the stack, exec of a program changed on disk, ETXTBSY, fsync, and
 * running out of memory in a page fault; and the helpers vm_mmap.c
 * shares (mmap and the page cache).
 *
 * Part of usertests.c, which #includes every file of this directory
 * into one program (one translation unit, so the helpers in common.c
 * stay static); nothing here is built on its own. Linux's counterparts
 * are tools/testing/selftests/mm/ (cow.c, ksm aside) and LTP's fork,
 * sbrk and fsync tests.
 */

/* Linux's defaults, which Pagoda copies (kernel/mm/user.h). */
#define STACK_RLIMIT_BYTES (8UL << 20)	/* RLIMIT_STACK */
#define STACK_GAP_BYTES (256UL * PGSIZE)	/* stack_guard_gap */

#define KILLED_STATUS (-1)		/* what wait() says of a process the kernel killed */

/* ---- helpers ---- */

static uint64 vm_word(uint64 i, uint64 seed)
{
	return (i + 1) * 0x9e3779b97f4a7c15ULL ^ seed;
}

/* Word i of a pattern: p[i] = vm_word(first + i, seed) after fill_from. */
static void fill_from(void *p, uint64 bytes, uint64 seed, uint64 first)
{
	uint64 *w = p;

	for (uint64 i = 0; i < bytes / 8; i++)
		w[i] = vm_word(first + i, seed);
}

/* The index of the first word that differs from the pattern, or -1. */
static long bad_from(const void *p, uint64 bytes, uint64 seed, uint64 first)
{
	const uint64 *w = p;

	for (uint64 i = 0; i < bytes / 8; i++)
		if (w[i] != vm_word(first + i, seed))
			return (long)i;
	return -1;
}

#define fill_words(p, bytes, seed) fill_from(p, bytes, seed, 0)

/* The bytes [off, off+bytes) of a region filled from its start with `seed` are intact. */
#define check_part(base, off, bytes, seed, what) do { \
	const uint64 *w_ = (const uint64 *)((const char *)(base) + (off)); \
	long i_ = bad_from(w_, bytes, seed, (off) / 8); \
	check(i_ < 0, "%s: word %ld after +%lu is %lx, expected %lx", what, i_, \
	      (uint64)(off), w_[i_ < 0 ? 0 : i_], vm_word((off) / 8 + (i_ < 0 ? 0 : i_), seed)); \
} while (0)
#define check_words(p, bytes, seed, what) check_part(p, 0, bytes, seed, what)

/* `bytes` of the heap, page-aligned and never touched. */
static char *sbrk_pages(uint64 bytes)
{
	char *p = sbrk(0);
	uint64 pad = (PGSIZE - ((uint64)p & (PGSIZE - 1))) & (PGSIZE - 1);

	if (sbrk(pad + bytes) == SBRK_ERROR)
		fail("sbrk(%lu): %s", pad + bytes, strerror(errno));
	return p + pad;
}

static char *xmmap(void *addr, uint64 len, int prot, int flags, int fd, uint64 off)
{
	char *p = mmap(addr, len, prot, flags, fd, off);

	if (p == MAP_FAILED)
		fail("mmap(%p, %lu, %d, %#x, %d, %lu): %s", addr, len, prot, flags, fd, off,
		     strerror(errno));
	check(((uint64)p & (PGSIZE - 1)) == 0, "mmap returned an unaligned %p", p);
	return p;
}

/* Wait for a child the kernel must have killed (a segfault or a bus error). */
static void expect_fault_kill(int pid, const char *what)
{
	int status = wait_for(pid);

	check(status == KILLED_STATUS, "%s: the child %s (exit status %d)", what,
	      status == 0 ? "survived" : "was not killed by the kernel", status);
}

/* Wait for n children; each must exit 0. */
static void reap_ok(int n, const char *what)
{
	for (int i = 0; i < n; i++) {
		int status;

		if (wait(&status) < 0)
			fail("%s: wait: %s", what, strerror(errno));
		check(status == 0, "%s: a child exited with status %d", what, status);
	}
}

/* One byte through a pipe: "go on". */
static void tell(int fd)
{
	if (write(fd, "x", 1) != 1)
		fail("write to the sync pipe: %s", strerror(errno));
}

static void await(int fd)
{
	char c;

	if (read(fd, &c, 1) != 1)
		fail("the other process went away");
}

static void xpipe(int p[2])
{
	if (pipe(p) < 0)
		fail("pipe: %s", strerror(errno));
}

/*
 * After fork, each side keeps only its own ends of the two sync pipes,
 * so that one side's death is EOF for the other, not a hang.
 */
static void keep_ends(int to_child[2], int to_parent[2], int child)
{
	close(child ? to_child[1] : to_child[0]);
	close(child ? to_parent[0] : to_parent[1]);
}

/* /proc fields in kB, and minflt (user/lib/procfile.c). */
#define status_kb(name) ((long)proc_kb("/proc/self/status", name))
#define meminfo_kb(name) ((long)proc_kb("/proc/meminfo", name))
#define minflt() ((long)proc_self_stat_field(PROC_STAT_MINFLT))

/* A file of `n` bytes of pattern `seed`, open O_RDWR. */
static int pattern_file(const char *name, int n, uint64 seed)
{
	char *data = malloc(n);
	int fd;

	check(data != 0, "malloc(%d)", n);
	fill_words(data, n, seed);
	fd = make_file(name, data, n);
	free(data);
	return fd;
}

/* Read the whole of a file by name into p (at most max bytes); the bytes read. */
static int read_file(const char *name, void *p, int max)
{
	int fd = open(name, O_RDONLY), n, got = 0;

	if (fd < 0)
		fail("open %s: %s", name, strerror(errno));
	while (got < max && (n = read(fd, (char *)p + got, max - got)) > 0)
		got += n;
	check(n >= 0, "read %s: %s", name, strerror(errno));
	close(fd);
	return got;
}


/* ---- copy-on-write fork ---- */

#define COW_BYTES (2 << 20)
#define COW_CHILDREN 3
#define COW_GRANDCHILDREN 2
#define SAMPLE_STRIDE 73	/* words: 0, 73, ... 511, eight per page, the last among them */

/*
 * The copy-on-write processes write and check eight words spread over
 * pages, not all 512: enough to tell whose copy a page is, or a short
 * copy. And each writes only every 4th or 8th page: under QEMU a COW
 * fault of a process that has run on several harts costs a remote TLB
 * flush (an SBI call that waits for the other harts), milliseconds each
 * when the host is busy.
 */
static void fill_sampled(char *p, uint64 bytes, uint64 seed, uint64 first)
{
	for (uint64 off = 0; off < bytes; off += PGSIZE)
		for (int j = 0; j < PGSIZE / 8; j += SAMPLE_STRIDE)
			((uint64 *)(p + off))[j] = vm_word(first + off / 8 + j, seed);
}

/* The byte offset of the first sampled word not of `seed`, or -1. */
static long bad_sampled(const char *p, uint64 bytes, uint64 seed, uint64 first)
{
	for (uint64 off = 0; off < bytes; off += PGSIZE)
		for (int j = 0; j < PGSIZE / 8; j += SAMPLE_STRIDE)
			if (((const uint64 *)(p + off))[j] != vm_word(first + off / 8 + j, seed))
				return (long)(off + 8 * j);
	return -1;
}

/* Write pages 0, every, 2 * every, ... of the heap with `seed`. */
static void cow_write(char *heap, int every, uint64 seed)
{
	for (uint64 off = 0; off < COW_BYTES; off += every * PGSIZE)
		fill_sampled(heap + off, PGSIZE, seed, off / 8);
}

/* Pages 0, every, ... hold `mine`, the others `inherited`. */
static void cow_check(const char *heap, int every, uint64 mine, uint64 inherited, const char *what)
{
	for (uint64 off = 0; off < COW_BYTES; off += PGSIZE) {
		uint64 want = (off / PGSIZE) % every ? inherited : mine;
		long bad = bad_sampled(heap + off, PGSIZE, want, off / 8);

		check(bad < 0, "%s: page +%lu, word +%ld is %lx, expected seed %lu's", what, off, bad,
		      *(const uint64 *)(heap + off + (bad < 0 ? 0 : bad)), want);
	}
}

/* A grandchild: check, change every 8th page, check its copy and the rest. */
static void cow_grandchild(char *heap, uint64 seed, int every)
{
	cow_check(heap, every, seed, 1, "a grandchild's inherited heap");
	cow_write(heap, 8, seed + 1000);
	/* Every 8th page is ours; the rest as inherited. */
	for (uint64 off = 0; off < COW_BYTES; off += PGSIZE) {
		uint64 page = off / PGSIZE, want = page % 8 == 0 ? seed + 1000 : page % every ? 1 : seed;

		check(bad_sampled(heap + off, PGSIZE, want, off / 8) < 0,
		      "a grandchild's heap: page +%lu is not seed %lu's", off, want);
	}
	exit(0);
}

/*
 * Three children and nine grandchildren of a 2 MiB heap, all writing
 * while others still share the pages: each sees what it inherited and
 * its own writes, never anyone else's.
 */
static void cow_many_children(void)
{
	char *heap = sbrk_pages(COW_BYTES);

	fill_words(heap, COW_BYTES, 1);
	for (int c = 0; c < COW_CHILDREN; c++) {
		uint64 mine = 100 + c;

		if (xfork() != 0)
			continue;
		/* A child: check, fork grandchildren from the shared pages, then change its copy. */
		cow_check(heap, 4, 1, 1, "a child's inherited heap");
		for (int g = 0; g < COW_GRANDCHILDREN; g++) {
			if (xfork() == 0)
				cow_grandchild(heap, 1, 4);
		}
		cow_write(heap, 4, mine);
		cow_check(heap, 4, mine, 1, "a child's changed heap");
		reap_ok(COW_GRANDCHILDREN, "grandchildren");
		/* The grandchildren's writes did not reach us. */
		cow_check(heap, 4, mine, 1, "a child's heap after its children");
		/* A second generation, from pages the child wrote (and some it did not). */
		if (xfork() == 0)
			cow_grandchild(heap, mine, 4);
		reap_ok(1, "a grandchild of changed pages");
		cow_check(heap, 4, mine, 1, "a child's heap at the end");
		exit(0);
	}
	/* The parent writes pages 2, 6, 10, ... while the children run. */
	for (uint64 off = 2 * PGSIZE; off < COW_BYTES; off += 4 * PGSIZE)
		fill_from(heap + off, PGSIZE, 7, off / 8);
	reap_ok(COW_CHILDREN, "children");
	/* Every word, not just the sampled ones, is the parent's. */
	for (uint64 off = 0; off < COW_BYTES; off += PGSIZE)
		check_part(heap, off, PGSIZE, (off / PGSIZE) % 4 == 2 ? 7 : 1, "the parent's heap");
}

/* fork with a dirty heap, then exec in the child: the parent's memory is untouched. */
static void fork_then_exec(void)
{
	char *heap = sbrk_pages(256 * PGSIZE);
	char *argv[] = { "usertests", "-argc", "a", "bb", "", "dddd", 0 };

	fill_words(heap, 256 * PGSIZE, 3);
	for (int i = 0; i < 8; i++) {
		int pid = xfork();

		if (pid == 0) {
			/* Half the children copy some pages first, so exec drops COW copies too. */
			if (i % 2)
				fill_words(heap + i * PGSIZE, 16 * PGSIZE, 99);
			exec("/usertests", argv);
			fail("exec /usertests: %s", strerror(errno));
		}
		/* The parent writes while the child is between fork and exec. */
		fill_from(heap + 128 * PGSIZE, PGSIZE, 3, 128 * PGSIZE / 8);
		check(wait_for(pid) == 0, "the exec'd program saw wrong arguments");
	}
	check_words(heap, 256 * PGSIZE, 3, "the parent's heap after fork and exec");
}

#define RD_BYTES (3 * PGSIZE + 100)

/*
 * read() into a buffer that fork made copy-on-write: the kernel's copy
 * takes the same write fault a store would, so the reader gets its own
 * page and the other process keeps the old bytes.
 */
static void read_into_cow(void)
{
	char *b = sbrk_pages(4 * PGSIZE) + 50;	/* unaligned, across four pages */
	int to_child[2], to_parent[2], pid, fd;

	close(pattern_file("ut.cow", RD_BYTES, 11));
	fill_words(b - 50, 4 * PGSIZE, 22);
	xpipe(to_child);
	xpipe(to_parent);
	pid = xfork();
	keep_ends(to_child, to_parent, pid == 0);
	if (pid == 0) {
		check(read_file("ut.cow", b, RD_BYTES) == RD_BYTES, "short read in the child");
		check(bad_from(b, RD_BYTES, 11, 0) < 0, "the child's read() brought wrong bytes");
		tell(to_parent[1]);
		await(to_child[0]);
		/* The parent has since read into its copy: ours is as we left it. */
		check(bad_from(b, RD_BYTES, 11, 0) < 0, "the parent's read() changed the child's buffer");
		exit(0);
	}
	await(to_parent[0]);
	check_words(b - 50, 4 * PGSIZE, 22, "the child's read() reached the parent's buffer");
	fd = open("ut.cow", O_RDONLY);
	check(fd >= 0, "open ut.cow");
	fill_words(b - 50, 50, 33);		/* one page ours again, the rest still shared */
	check(read(fd, b, RD_BYTES) == RD_BYTES, "short read in the parent: %s", strerror(errno));
	close(fd);
	check(bad_from(b, RD_BYTES, 11, 0) < 0, "the parent's read() brought wrong bytes");
	tell(to_child[1]);
	check(wait_for(pid) == 0, "the child's check failed");
	close(to_child[1]);
	close(to_parent[0]);
	unlink("ut.cow");
}

/*
 * read() into heap pages never touched, and into pages only read so far
 * (mapped to the shared zero page): the data arrive, and the zero page
 * stays zero for everyone.
 */
static void read_into_untouched(void)
{
	char *b = sbrk_pages(16 * PGSIZE), *fresh;
	volatile char sum = 0;

	close(pattern_file("ut.untouched", RD_BYTES, 44));
	check(read_file("ut.untouched", b + 8, RD_BYTES) == RD_BYTES, "read into untouched pages");
	check(bad_from(b + 8, RD_BYTES, 44, 0) < 0, "read into untouched pages: wrong bytes");
	/* Pages 8..11: read first (zero page), then read() into them. */
	for (int i = 8; i < 12; i++)
		sum += b[i * PGSIZE];
	check(sum == 0, "untouched heap not zero");
	check(read_file("ut.untouched", b + 8 * PGSIZE, RD_BYTES) == RD_BYTES,
	      "read into zero-page-mapped pages");
	check(bad_from(b + 8 * PGSIZE, RD_BYTES, 44, 0) < 0,
	      "read into zero-page-mapped pages: wrong bytes");
	/* The zero page itself was not written: fresh memory still reads zero. */
	fresh = sbrk_pages(4 * PGSIZE);
	for (int i = 0; i < 4 * PGSIZE; i += 8)
		check(*(uint64 *)(fresh + i) == 0, "fresh heap reads %lx at +%d after a read() "
		      "into the zero page", *(uint64 *)(fresh + i), i);
	unlink("ut.untouched");
}

/* write() from heap pages never touched (and from zero-page-mapped ones): zeroes. */
static void write_from_untouched(void)
{
	char *b = sbrk_pages(8 * PGSIZE);
	volatile char sum = 0;
	int fd = make_file("ut.wuntouched", 0, 0);

	check(write(fd, b + 10, 3 * PGSIZE) == 3 * PGSIZE, "write from untouched pages: %s",
	      strerror(errno));
	sum += b[5 * PGSIZE];			/* maps the zero page */
	check(write(fd, b + 5 * PGSIZE, PGSIZE) == PGSIZE, "write from a zero-page page: %s",
	      strerror(errno));
	close(fd);
	check(read_file("ut.wuntouched", buf, sizeof(buf)) == 4 * PGSIZE, "file size");
	for (int i = 0; i < 4 * PGSIZE; i++)
		check(buf[i] == 0, "byte %d of the file is %d", i, buf[i]);
	unlink("ut.wuntouched");
}

/* ---- the heap and the stack ---- */

/* Grow, touch, shrink, grow again: the regrown pages are new zeroed ones, and RSS follows. */
static void sbrk_regrow(void)
{
	char *p = sbrk_pages(0), *m;
	long rss0, rss1, rss2;

	status_kb("RssAnon");		/* its buffer's page is counted from now on */
	for (int round = 0; round < 3; round++) {
		rss0 = status_kb("RssAnon");
		check(sbrk(32 * PGSIZE) == p, "sbrk did not grow from %p", p);
		for (int i = 0; i < 32 * PGSIZE; i += 8)
			check(*(uint64 *)(p + i) == 0, "round %d: regrown heap reads %lx at +%d",
			      round, *(uint64 *)(p + i), i);
		fill_words(p, 32 * PGSIZE, round + 1);
		rss1 = status_kb("RssAnon");
		check(rss1 - rss0 >= 32 * 4, "32 pages touched, RssAnon rose by %ld kB only", rss1 - rss0);
		check(sbrk(-32 * PGSIZE) == p + 32 * PGSIZE, "shrink");
		rss2 = status_kb("RssAnon");
		check(rss1 - rss2 >= 32 * 4, "32 pages unmapped, RssAnon fell by %ld kB only",
		      rss1 - rss2);
	}
	/* The heap cannot grow into a mapping above it; the mapping keeps its data. */
	m = xmmap(p + 8 * PGSIZE, PGSIZE, PROT_READ | PROT_WRITE,
		  MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	m[0] = 'm';
	EXPECT_ERR(sbrk(16 * PGSIZE), ENOMEM);
	check(sbrk(0) == p, "a refused sbrk moved the break");
	check(m[0] == 'm', "sbrk over a mapping changed it");
	check(sbrk(4 * PGSIZE) == p, "sbrk below the mapping");
	p[4 * PGSIZE - 1] = 1;
	EXPECT_OK(munmap(m, PGSIZE));
}

/*
 * A big sbrk maps nothing: RSS does not move until pages are touched,
 * and then by one page per page written, one minor fault each. Reading
 * untouched pages maps the shared zero page: faults, but no RSS.
 */
static void lazy_sbrk_rss(void)
{
	const int mib = 64, n = 200;
	long rss0, rss1, rss2, rss3, flt1, flt2, flt3;
	volatile char sum = 0;
	char *p;

	status_kb("VmRSS");		/* the helpers' buffers are touched now */
	minflt();
	rss0 = status_kb("VmRSS");
	p = sbrk_pages((uint64)mib << 20);
	rss1 = status_kb("VmRSS");
	check(rss1 - rss0 < 64, "sbrk of %d MiB raised VmRSS by %ld kB", mib, rss1 - rss0);
	flt1 = minflt();
	for (int i = 0; i < n; i++)
		p[(uint64)i * 3 * PGSIZE] = 1;	/* spread out, so each is its own page */
	flt2 = minflt();
	rss2 = status_kb("VmRSS");
	check(rss2 - rss1 >= n * 4 && rss2 - rss1 <= n * 4 + 64,
	      "%d pages written: VmRSS rose by %ld kB, expected %d", n, rss2 - rss1, n * 4);
	check(flt2 - flt1 >= n && flt2 - flt1 <= n + 32,
	      "%d pages written: minflt rose by %ld", n, flt2 - flt1);
	for (int i = 0; i < n; i++)
		sum += p[(uint64)i * 3 * PGSIZE + PGSIZE];
	flt3 = minflt();
	rss3 = status_kb("VmRSS");
	check(sum == 0, "untouched heap not zero");
	check(rss3 - rss2 < 64, "%d pages read: VmRSS rose by %ld kB (the zero page is not RSS)",
	      n, rss3 - rss2);
	check(flt3 - flt2 >= n && flt3 - flt2 <= n + 32, "%d pages read: minflt rose by %ld",
	      n, flt3 - flt2);
	sbrk(-(mib << 20));
	check(status_kb("VmRSS") - rss0 < 64, "VmRSS did not come back after the shrink");
}

#define STACK_FRAME 1024

/* A recursion of `n` frames of over 1 KiB each; returns the sum of its frames' checks. */
static int deep(int n)
{
	volatile char pad[STACK_FRAME];
	int r;

	for (int i = 0; i < STACK_FRAME; i += 64)
		pad[i] = (char)(n + i);
	r = n ? deep(n - 1) : 0;
	for (int i = 0; i < STACK_FRAME; i += 64)
		if (pad[i] != (char)(n + i))
			return r + 1;
	return r;
}

/* The stack grows on demand past its first 64 KiB: a 1.5 MiB recursion works. */
static void stack_growth(void)
{
	long stk0 = status_kb("VmStk"), stk1;

	check(deep(1536) == 0, "a frame of the recursion lost its contents");
	stk1 = status_kb("VmStk");
	check(stk1 >= 1536 && stk1 > stk0, "a 1.5 MiB recursion: VmStk went from %ld to %ld kB",
	      stk0, stk1);
	check(deep(1536) == 0, "the second recursion went wrong");
}

/*
 * A fault far below the stack is not stack growth: beyond RLIMIT_STACK,
 * or within the guard gap above a mapping below the stack, it kills the
 * process; below the gap is fine.
 */
static void stack_guard(void)
{
	char *below = (char *)(USER_STACK_TOP - (4UL << 20));
	int pid;

	pid = xfork();
	if (pid == 0) {
		*(volatile char *)(USER_STACK_TOP - STACK_RLIMIT_BYTES - 16 * PGSIZE) = 1;
		exit(0);
	}
	expect_fault_kill(pid, "a store beyond RLIMIT_STACK below the stack");
	pid = xfork();
	if (pid == 0) {
		xmmap(below, PGSIZE, PROT_READ | PROT_WRITE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		*(volatile char *)(below + 2 * PGSIZE) = 1;	/* in the gap */
		exit(0);
	}
	expect_fault_kill(pid, "a store in the guard gap above a mapping");
	pid = xfork();
	if (pid == 0) {
		char *ok = below + PGSIZE + STACK_GAP_BYTES + 16 * PGSIZE;

		xmmap(below, PGSIZE, PROT_READ | PROT_WRITE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		*(volatile char *)ok = 1;
		check(status_kb("VmStk") >= (long)((USER_STACK_TOP - (uint64)ok) >> 10),
		      "the stack did not grow down to %p (VmStk %ld kB)", ok, status_kb("VmStk"));
		exit(0);
	}
	check(wait_for(pid) == 0, "a store below the stack but above the gap failed");
	/* And the parent, and a new child, are fine. */
	pid = xfork();
	if (pid == 0)
		exit(deep(64));
	check(wait_for(pid) == 0, "a recursion after the guard tests");
}

/* ---- exec of a changed program, ETXTBSY, fsync ---- */

static int contains(const char *s, const char *part)
{
	for (; *s; s++)
		if (strncmp(s, part, strlen(part)) == 0)
			return 1;
	return 0;
}

/* Copy file src over dst (O_TRUNC, or in place without it). */
static void copy_file(const char *src, const char *dst, int trunc)
{
	int in = open(src, O_RDONLY), out = open(dst, O_CREATE | O_WRONLY | (trunc ? O_TRUNC : 0));
	int n;

	if (in < 0 || out < 0)
		fail("copy %s to %s: %s", src, dst, strerror(errno));
	while ((n = read(in, buf, sizeof(buf))) > 0)
		check(write(out, buf, n) == n, "write %s: %s", dst, strerror(errno));
	check(n == 0, "read %s: %s", src, strerror(errno));
	close(in);
	close(out);
}

/* Run path with argv, its output (up to size-1 bytes) in out; returns its exit status. */
static int run_output(const char *path, char **argv, char *out, int size)
{
	int p[2], pid, n, got = 0;

	xpipe(p);
	pid = xfork();
	if (pid == 0) {
		close(1);
		dup(p[1]);
		close(p[0]);
		close(p[1]);
		exec(path, argv);
		fprintf(2, "exec %s: %s\n", path, strerror(errno));
		exit(FAILED_STATUS);
	}
	close(p[1]);
	while (got < size - 1 && (n = read(p[0], out + got, size - 1 - got)) > 0)
		got += n;
	out[got] = 0;
	close(p[0]);
	return wait_for(pid);
}

/*
 * A program file rewritten on disk runs as its new self: exec reads it
 * through the page cache, which the rewrite went through as well.
 */
static void exec_changed_binary(void)
{
	static char out[256];
	char *echo_argv[] = { "ut.prog", "first", 0 }, *snooze_argv[] = { "ut.prog", "0", "second", 0 };

	copy_file("/echo", "ut.prog", 1);
	check(run_output("ut.prog", echo_argv, out, sizeof(out)) == 0, "a copy of echo failed");
	check(strcmp(out, "first\n") == 0, "a copy of echo printed \"%s\"", out);
	copy_file("/snooze", "ut.prog", 1);
	check(run_output("ut.prog", snooze_argv, out, sizeof(out)) == 0, "snooze over echo failed");
	check(strncmp(out, "snooze: pid ", 12) == 0 && contains(out, "\nsecond\n"),
	      "echo replaced by snooze printed \"%s\"", out);
	/* Back to echo, written in place over the longer snooze (no O_TRUNC). */
	copy_file("/echo", "ut.prog", 0);
	echo_argv[1] = "third";
	check(run_output("ut.prog", echo_argv, out, sizeof(out)) == 0, "echo over snooze failed");
	check(strcmp(out, "third\n") == 0, "echo written over snooze printed \"%s\"", out);
	unlink("ut.prog");
}

/* A running program's file cannot be opened for writing, nor a file open for writing run. */
static void exec_etxtbsy(void)
{
	static char line[64];
	char *argv[] = { "ut.busy", "1000", 0 };
	int p[2], pid, fd, n, got = 0;

	copy_file("/snooze", "ut.busy", 1);
	xpipe(p);
	pid = xfork();
	if (pid == 0) {
		close(1);
		dup(p[1]);
		close(p[0]);
		close(p[1]);
		exec("ut.busy", argv);
		exit(FAILED_STATUS);
	}
	close(p[1]);
	/* snooze says its pid once it runs: the exec is done. */
	while (got < (int)sizeof(line) - 1 && !strchr(line, '\n') &&
	       (n = read(p[0], line + got, sizeof(line) - 1 - got)) > 0)
		got += n;
	check(strncmp(line, "snooze: pid", 11) == 0, "the copy of snooze printed \"%s\"", line);
	EXPECT_ERR(open("ut.busy", O_WRONLY), ETXTBSY);
	EXPECT_ERR(open("ut.busy", O_RDWR), ETXTBSY);
	EXPECT_ERR(open("ut.busy", O_WRONLY | O_TRUNC), ETXTBSY);
	fd = open("ut.busy", O_RDONLY);
	check(fd >= 0, "open a running program for reading: %s", strerror(errno));
	close(fd);
	EXPECT_ERR(open("/usertests", O_WRONLY), ETXTBSY);
	check(kill(pid) == 0, "kill: %s", strerror(errno));
	check(wait_for(pid) == KILLED_STATUS, "the killed program's exit status");
	close(p[0]);
	/* It exited: writing is allowed again; while we hold it open, exec is refused. */
	fd = open("ut.busy", O_RDWR);
	check(fd >= 0, "open after the program exited: %s", strerror(errno));
	pid = xfork();
	if (pid == 0) {
		exec("ut.busy", argv);
		exit(errno == ETXTBSY ? 0 : 1);
	}
	check(wait_for(pid) == 0, "exec of a file open for writing was not ETXTBSY");
	close(fd);
	unlink("ut.busy");
}

static void fsync_basic(void)
{
	int fd = make_file("ut.fsync", "data", 4), p[2], dir;

	check(fsync(fd) == 0, "fsync of a file just written: %s", strerror(errno));
	check(fsync(fd) == 0, "fsync of a clean file: %s", strerror(errno));
	close(fd);
	fd = open("ut.fsync", O_RDONLY);
	EXPECT_OK(fsync(fd));		/* a read-only descriptor may be synced (Linux too) */
	close(fd);
	dir = open("/", O_RDONLY);
	EXPECT_OK(fsync(dir));
	close(dir);
	xpipe(p);
	EXPECT_ERR(fsync(p[0]), EINVAL);
	EXPECT_ERR(fsync(p[1]), EINVAL);
	close(p[0]);
	close(p[1]);
	EXPECT_ERR(fsync(-1), EBADF);
	EXPECT_ERR(fsync(1000), EBADF);
	EXPECT_ERR(fsync(lowest_free_fd()), EBADF);
	unlink("ut.fsync");
}

/* ---- out of memory in a page fault ---- */

/*
 * Each sbrk asks for no more than RAM (the overcommit heuristic allows
 * it), together more than RAM; touching it all must kill the process
 * cleanly, and its memory comes back.
 */
static void oom_fault(void)
{
	long total = meminfo_kb("MemTotal"), free0, free1 = 0;
	int pid;

	free0 = meminfo_kb("MemFree");
	pid = xfork();
	if (pid == 0) {
		const int chunk = 32 << 20;
		char *start = sbrk(0), *end = start;

		for (long kb = 0; kb < total + 32 * 1024; kb += chunk / 1024) {
			if (sbrk(chunk) == SBRK_ERROR)
				break;
			end += chunk;
		}
		check(end - start > total * 1024 / 2, "sbrk stopped at %ld kB", (long)(end - start) / 1024);
		for (char *q = start; q < end; q += PGSIZE)
			*q = 1;
		fail("touched %ld kB with %ld kB of RAM, and lived", (long)(end - start) / 1024, total);
	}
	expect_fault_kill(pid, "a process touching more than all memory");
	/* The memory is back (give the pcp lists and the exit a moment). */
	for (int i = 0; i < 30; i++) {
		free1 = meminfo_kb("MemFree");
		if (free1 > free0 - 8 * 1024)
			break;
		sleep(10);
	}
	check(free1 > free0 - 8 * 1024, "MemFree %ld kB before, %ld kB after", free0, free1);
	/* And a modest process works again. */
	pid = xfork();
	if (pid == 0) {
		char *p = sbrk_pages(16 << 20);

		fill_words(p, 16 << 20, 40);
		check_words(p, 16 << 20, 40, "16 MiB after the OOM kill");
		exit(0);
	}
	check(wait_for(pid) == 0, "a 16 MiB process after the OOM kill failed");
}
