/*
 * usertests: mmap, munmap, mprotect, madvise and msync with Linux's
 * arguments and errors, and the page cache seen through read(), write()
 * and mappings of one file at once. Uses the helpers of vm.c.
 *
 * Part of usertests.c, which #includes every file of this directory
 * into one program (one translation unit, so the helpers in common.c
 * stay static); nothing here is built on its own. Linux's counterparts
 * are tools/testing/selftests/mm/ (mmap, mprotect, madvise tests) and
 * LTP's mmap*, munmap*, mprotect*, madvise* and msync*.
 */

#define RW (PROT_READ | PROT_WRITE)
#define ANON_PRIVATE (MAP_PRIVATE | MAP_ANONYMOUS)

/* Lines of /proc/self/maps: one per VMA. */
static int vma_count(void)
{
	static char text[4096];
	int n = 0;

	if (proc_read("/proc/self/maps", text, sizeof(text)) < 0)
		fail("read /proc/self/maps: %s", strerror(errno));
	for (char *s = text; *s; s++)
		n += *s == '\n';
	return n;
}

/* A child that loads from (or stores to) addr must be killed. */
static void access_kills(char *addr, int store, const char *what)
{
	int pid = xfork();

	if (pid == 0) {
		if (store)
			*(volatile char *)addr = 1;
		else
			(void)*(volatile char *)addr;
		exit(0);
	}
	expect_fault_kill(pid, what);
}

static void check_zero(const char *p, uint64 bytes, const char *what)
{
	for (uint64 i = 0; i < bytes; i += 8)
		check(*(const uint64 *)(p + i) == 0, "%s: %lx at +%lu, expected zeroes", what,
		      *(const uint64 *)(p + i), i);
}

static void mmap_anon_private(void)
{
	char *p = xmmap(0, 16 * PGSIZE, RW, ANON_PRIVATE, -1, 0), *q;
	int pid;

	check_zero(p, 16 * PGSIZE, "a new anonymous mapping");
	fill_words(p, 16 * PGSIZE, 5);
	pid = xfork();
	if (pid == 0) {
		check_words(p, 16 * PGSIZE, 5, "the child's copy of a private mapping");
		fill_words(p, 16 * PGSIZE, 6);
		check_words(p, 16 * PGSIZE, 6, "the child's changed copy");
		exit(0);
	}
	check(wait_for(pid) == 0, "the child's checks failed");
	check_words(p, 16 * PGSIZE, 5, "the parent's private mapping after the child wrote");
	/* A second mapping lands elsewhere; MAP_FIXED over part of the first replaces it. */
	q = xmmap(0, 4 * PGSIZE, RW, ANON_PRIVATE, -1, 0);
	check(q + 4 * PGSIZE <= p || q >= p + 16 * PGSIZE, "mmap returned %p inside [%p, +64K)", q, p);
	check(xmmap(p + 4 * PGSIZE, 2 * PGSIZE, RW, MAP_FIXED | ANON_PRIVATE, -1, 0) == p + 4 * PGSIZE,
	      "MAP_FIXED did not map at its address");
	check_zero(p + 4 * PGSIZE, 2 * PGSIZE, "a MAP_FIXED mapping over old data");
	check_part(p, 0, 4 * PGSIZE, 5, "the mapping below a MAP_FIXED one");
	check_part(p, 6 * PGSIZE, 10 * PGSIZE, 5, "the mapping above a MAP_FIXED one");
	EXPECT_OK(munmap(p, 16 * PGSIZE));
	EXPECT_OK(munmap(q, 4 * PGSIZE));
	/* A free hint is taken. */
	check(xmmap(p, PGSIZE, RW, ANON_PRIVATE, -1, 0) == p, "a free address hint was not taken");
	EXPECT_OK(munmap(p, PGSIZE));
}

/*
 * MAP_SHARED | MAP_ANONYMOUS: parent and child see each other's stores,
 * also to pages neither touched before the fork.
 */
static void mmap_anon_shared(void)
{
	char *p = xmmap(0, 8 * PGSIZE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int to_child[2], to_parent[2], pid;
	volatile char sum = 0;

	check_zero(p, 8 * PGSIZE, "a new shared anonymous mapping");
	fill_from(p, PGSIZE, 1, 0);
	xpipe(to_child);
	xpipe(to_parent);
	pid = xfork();
	keep_ends(to_child, to_parent, pid == 0);
	if (pid == 0) {
		check_part(p, 0, PGSIZE, 1, "the child: a page written before fork");
		fill_from(p, PGSIZE, 3, 0);
		fill_from(p + PGSIZE, PGSIZE, 2, PGSIZE / 8);	/* first touched now */
		sum += p[3 * PGSIZE];		/* mapped for reading before the parent writes */
		tell(to_parent[1]);
		await(to_child[0]);
		check_part(p, 2 * PGSIZE, PGSIZE, 4, "the child: a page only the parent touched");
		check_part(p, 3 * PGSIZE, PGSIZE, 5, "the child: a page it read, the parent wrote");
		exit(0);
	}
	await(to_parent[0]);
	check_part(p, 0, PGSIZE, 3, "the parent: the child's store to a page shared since before fork");
	check_part(p, PGSIZE, PGSIZE, 2, "the parent: a page the child first touched after fork");
	fill_from(p + 2 * PGSIZE, PGSIZE, 4, 2 * PGSIZE / 8);
	fill_from(p + 3 * PGSIZE, PGSIZE, 5, 3 * PGSIZE / 8);
	tell(to_child[1]);
	check(wait_for(pid) == 0, "the child's checks failed");
	close(to_child[1]);
	close(to_parent[0]);
	/* The child's exit (and its unmapping) leaves the memory to us. */
	check_part(p, 0, PGSIZE, 3, "after the child exited");
	EXPECT_OK(munmap(p, 8 * PGSIZE));
	/* Shared anonymous pages are not file data: they never count as Dirty. */
	check(meminfo_kb("Dirty") <= meminfo_kb("MemTotal"),
	      "meminfo Dirty is %ld kB, more than MemTotal", meminfo_kb("Dirty"));
}

/* A private file mapping: the file's bytes; stores stay in the process. */
static void mmap_file_private(void)
{
	int fd = pattern_file("ut.mpriv", 3 * PGSIZE, 8), pid;
	char *p = xmmap(0, 3 * PGSIZE, RW, MAP_PRIVATE, fd, 0), *q;

	check_words(p, 3 * PGSIZE, 8, "a private file mapping");
	fill_from(p + PGSIZE, PGSIZE, 9, PGSIZE / 8);
	check(read_file("ut.mpriv", buf, sizeof(buf)) == 3 * PGSIZE, "the file's size changed");
	check_words(buf, 3 * PGSIZE, 8, "the file after stores to a private mapping of it");
	pid = xfork();
	if (pid == 0) {
		/* Our copy is inherited; a new private mapping shows the file. */
		check_part(p, PGSIZE, PGSIZE, 9, "the child's inherited private page");
		q = xmmap(0, 3 * PGSIZE, PROT_READ, MAP_PRIVATE, fd, 0);
		check_words(q, 3 * PGSIZE, 8, "another private mapping of the file");
		exit(0);
	}
	check(wait_for(pid) == 0, "the child's checks failed");
	EXPECT_OK(munmap(p, 3 * PGSIZE));
	close(fd);
	check(drop_caches("1") == 0, "drop_caches: %s", strerror(errno));
	check(read_file("ut.mpriv", buf, sizeof(buf)) == 3 * PGSIZE, "the file's size changed");
	check_words(buf, 3 * PGSIZE, 8, "the file on disk after a private mapping of it");
	/* Writable private mappings of a read-only descriptor are fine; the mapping outlives close. */
	fd = open("ut.mpriv", O_RDONLY);
	check(fd >= 0, "open ut.mpriv");
	q = xmmap(0, PGSIZE, RW, MAP_PRIVATE, fd, 0);
	close(fd);
	check_words(q, PGSIZE, 8, "a mapping whose descriptor is closed");
	q[0] = 1;
	EXPECT_OK(munmap(q, PGSIZE));
	unlink("ut.mpriv");
}

/*
 * A shared file mapping and the file are one: stores are seen by read()
 * with or without msync, write() is seen through the mapping, and all of
 * it reaches the disk (read again after dropping the page cache).
 */
static void mmap_file_shared(void)
{
	int fd = pattern_file("ut.mshared", 2 * PGSIZE, 12), fd2;
	char *p = xmmap(0, 2 * PGSIZE, RW, MAP_SHARED, fd, 0);

	check_words(p, 2 * PGSIZE, 12, "a shared file mapping");
	fill_from(p, 64, 13, 0);
	EXPECT_OK(msync(p, 2 * PGSIZE, MS_SYNC));
	check(read_file("ut.mshared", buf, sizeof(buf)) == 2 * PGSIZE, "the file's size changed");
	check_part(buf, 0, 64, 13, "read() after a store and msync");
	check_part(buf, 64, 2 * PGSIZE - 64, 12, "read() after a store and msync");
	fill_from(p + PGSIZE, 64, 14, PGSIZE / 8);
	read_file("ut.mshared", buf, sizeof(buf));
	check_part(buf, PGSIZE, 64, 14, "read() after a store without msync");
	fd2 = open("ut.mshared", O_WRONLY);
	check(fd2 >= 0, "open ut.mshared for writing: %s", strerror(errno));
	check(write(fd2, "hello", 5) == 5, "write");
	close(fd2);
	check(memcmp(p, "hello", 5) == 0, "a write() is not seen through the mapping");
	/* A child inherits the mapping: its stores are ours. */
	if (xfork() == 0) {
		p[200] = 'c';
		exit(0);
	}
	reap_ok(1, "a child storing into an inherited shared mapping");
	check(p[200] == 'c', "a child's store to an inherited shared file mapping is not seen");
	fill_from(p + 200 - 200 % 8, 8, 12, (200 - 200 % 8) / 8);	/* and undo it */
	EXPECT_OK(msync(p, PGSIZE, MS_ASYNC));
	EXPECT_OK(msync(p, PGSIZE, MS_INVALIDATE));
	/* msync wrote the page back and made it clean: the next store must dirty it again. */
	EXPECT_OK(msync(p, 2 * PGSIZE, MS_SYNC));
	p[100] = 'Z';
	EXPECT_OK(munmap(p, 2 * PGSIZE));
	EXPECT_OK(fsync(fd));
	close(fd);
	check(drop_caches("1") == 0, "drop_caches: %s", strerror(errno));
	check(read_file("ut.mshared", buf, sizeof(buf)) == 2 * PGSIZE, "the file's size changed");
	check(memcmp(buf, "hello", 5) == 0, "on disk: the write() is lost");
	check_part(buf, 8, 56, 13, "on disk: the msync'd store");
	check(buf[100] == 'Z', "on disk: the store after msync is lost (byte 100 is %d)", buf[100]);
	check_part(buf, 104, PGSIZE - 104, 12, "on disk: page 0");
	check_part(buf, PGSIZE, 64, 14, "on disk: the store never msync'd");
	check_part(buf, PGSIZE + 64, PGSIZE - 64, 12, "on disk: page 1");
	/* An unlinked file stays mapped and usable until munmap. */
	fd = open("ut.mshared", O_RDWR);
	p = xmmap(0, 2 * PGSIZE, RW, MAP_SHARED, fd, 0);
	close(fd);
	unlink("ut.mshared");
	check(memcmp(p, "hello", 5) == 0, "a mapping of an unlinked file");
	p[PGSIZE + 1] = 'u';
	check(p[PGSIZE + 1] == 'u', "a store to a mapping of an unlinked file");
	EXPECT_OK(munmap(p, 2 * PGSIZE));
}

/* Mappings at page offsets of a file, and the tail of its last page. */
static void mmap_offsets(void)
{
	int fd = pattern_file("ut.moff", 4 * PGSIZE, 15), fd2;
	char *p, *q, *r;

	p = xmmap(0, 2 * PGSIZE, PROT_READ, MAP_PRIVATE, fd, PGSIZE);
	check(bad_from(p, 2 * PGSIZE, 15, PGSIZE / 8) < 0, "a mapping at offset 4096: wrong data");
	q = xmmap(0, PGSIZE, PROT_READ, MAP_SHARED, fd, 3 * PGSIZE);
	check(bad_from(q, PGSIZE, 15, 3 * PGSIZE / 8) < 0, "a mapping at offset 12288: wrong data");
	r = xmmap(p, PGSIZE, PROT_READ, MAP_FIXED | MAP_SHARED, fd, 2 * PGSIZE);
	check(bad_from(r, PGSIZE, 15, 2 * PGSIZE / 8) < 0, "MAP_FIXED at offset 8192: wrong data");
	check(bad_from(p + PGSIZE, PGSIZE, 15, 2 * PGSIZE / 8) < 0,
	      "the rest of the mapping MAP_FIXED replaced a page of");
	EXPECT_OK(munmap(p, 2 * PGSIZE));
	EXPECT_OK(munmap(q, PGSIZE));
	close(fd);
	/* A file of 1.25 pages: its second page reads zero past the end. */
	fd2 = pattern_file("ut.moff2", PGSIZE + 1000, 16);
	r = xmmap(0, 2 * PGSIZE, PROT_READ, MAP_SHARED, fd2, 0);
	check(bad_from(r, PGSIZE + 1000, 16, 0) < 0, "a mapping of a 5096-byte file: wrong data");
	for (int i = PGSIZE + 1000; i < 2 * PGSIZE; i++)
		check(r[i] == 0, "byte %d of a 5096-byte file's mapping is %d, not 0", i, r[i]);
	EXPECT_OK(munmap(r, 2 * PGSIZE));
	close(fd2);
	unlink("ut.moff");
	unlink("ut.moff2");
}

/* Unmap the middle page of three: the outer ones work, the middle one faults. */
static void mmap_partial_munmap(void)
{
	char *p = xmmap(0, 3 * PGSIZE, RW, ANON_PRIVATE, -1, 0), *q;
	int fd;

	fill_words(p, 3 * PGSIZE, 17);
	EXPECT_OK(munmap(p + PGSIZE, PGSIZE));
	check_part(p, 0, PGSIZE, 17, "the page below the hole");
	check_part(p, 2 * PGSIZE, PGSIZE, 17, "the page above the hole");
	access_kills(p + PGSIZE, 0, "a load from the unmapped middle page");
	access_kills(p + PGSIZE + 100, 1, "a store to the unmapped middle page");
	fill_words(p, PGSIZE, 18);
	fill_words(p + 2 * PGSIZE, PGSIZE, 18);
	/* The same with a shared file mapping: the part above the hole still maps its own page. */
	fd = pattern_file("ut.mpart", 3 * PGSIZE, 19);
	q = xmmap(0, 3 * PGSIZE, RW, MAP_SHARED, fd, 0);
	EXPECT_OK(munmap(q + PGSIZE, PGSIZE));
	check(bad_from(q + 2 * PGSIZE, PGSIZE, 19, 2 * PGSIZE / 8) < 0,
	      "the file page above the hole: wrong data");
	q[2 * PGSIZE] = 'W';
	read_file("ut.mpart", buf, sizeof(buf));
	check(buf[2 * PGSIZE] == 'W', "a store above the hole did not reach file page 2");
	check(bad_from(buf + PGSIZE, PGSIZE, 19, PGSIZE / 8) < 0, "file page 1 changed");
	access_kills(q + PGSIZE, 0, "a load from the unmapped middle of a file mapping");
	/* The whole range, holes and all, goes; a second munmap of it is no error. */
	EXPECT_OK(munmap(q, 3 * PGSIZE));
	EXPECT_OK(munmap(p, 3 * PGSIZE));
	EXPECT_OK(munmap(p, 3 * PGSIZE));
	access_kills(p, 0, "a load after the whole range was unmapped");
	access_kills(q + 2 * PGSIZE, 1, "a store after the whole file mapping was unmapped");
	close(fd);
	unlink("ut.mpart");
}

/* After mprotect(PROT_READ) a store kills; loads, and the untouched part, work. */
static void mprotect_readonly_kills(void)
{
	char *p = xmmap(0, 2 * PGSIZE, RW, ANON_PRIVATE, -1, 0), *q;
	int pid, fd;

	fill_words(p, 2 * PGSIZE, 20);
	EXPECT_OK(mprotect(p, PGSIZE, PROT_READ));
	pid = xfork();
	if (pid == 0) {
		check_part(p, 0, PGSIZE, 20, "a page made read-only");
		p[PGSIZE] = 1;		/* still writable */
		*(volatile char *)(p + 8) = 1;
		exit(0);
	}
	expect_fault_kill(pid, "a store to a page made PROT_READ");
	/* The parent's page is read-only too, and a read() into it is EFAULT, not a kill. */
	fd = pattern_file("ut.mprot", PGSIZE, 21);
	close(fd);
	fd = open("ut.mprot", O_RDONLY);
	EXPECT_ERR(read(fd, p, 100), EFAULT);
	close(fd);
	check_part(p, 0, PGSIZE, 20, "a read-only page after a refused read()");
	/* A shared file mapping made read-only: a store kills and the file is unchanged. */
	fd = open("ut.mprot", O_RDWR);
	q = xmmap(0, PGSIZE, RW, MAP_SHARED, fd, 0);
	q[0] = 'a';
	EXPECT_OK(mprotect(q, PGSIZE, PROT_READ));
	access_kills(q + 1, 1, "a store to a shared file mapping made PROT_READ");
	EXPECT_OK(munmap(q, PGSIZE));
	close(fd);
	read_file("ut.mprot", buf, sizeof(buf));
	check(buf[0] == 'a' && bad_from(buf + 8, PGSIZE - 8, 21, 1) < 0, "the file changed");
	unlink("ut.mprot");
}

/* PROT_NONE and back keeps the data; mprotect of part splits the VMA and restoring merges it. */
static void mprotect_restores(void)
{
	char *p = xmmap(0, 4 * PGSIZE, RW, ANON_PRIVATE, -1, 0);
	int vmas;

	fill_words(p, 4 * PGSIZE, 22);
	vmas = vma_count();
	EXPECT_OK(mprotect(p, 4 * PGSIZE, PROT_NONE));
	access_kills(p + PGSIZE, 0, "a load from a PROT_NONE mapping");
	/* A child inherits the PROT_NONE pages and may open them up again. */
	if (xfork() == 0) {
		EXPECT_OK(mprotect(p, 4 * PGSIZE, PROT_READ));
		check_words(p, 4 * PGSIZE, 22, "a child's PROT_NONE pages made readable");
		EXPECT_OK(mprotect(p, PGSIZE, RW));
		p[0] = 0;
		exit(0);
	}
	reap_ok(1, "a child of a PROT_NONE mapping");
	EXPECT_OK(mprotect(p, 4 * PGSIZE, RW));
	check_words(p, 4 * PGSIZE, 22, "after PROT_NONE and back");
	fill_words(p, 4 * PGSIZE, 23);
	EXPECT_OK(mprotect(p + PGSIZE, PGSIZE, PROT_READ));
	check(vma_count() == vmas + 2, "mprotect of the middle page: %d VMAs, expected %d",
	      vma_count(), vmas + 2);
	access_kills(p + PGSIZE, 1, "a store to the read-only middle page");
	p[0] = 1;
	p[2 * PGSIZE] = 1;
	EXPECT_OK(mprotect(p + PGSIZE, PGSIZE, RW));
	check(vma_count() == vmas, "restoring the middle page: %d VMAs, expected %d (merged)",
	      vma_count(), vmas);
	EXPECT_OK(mprotect(p + 2 * PGSIZE, PGSIZE, PROT_NONE));
	EXPECT_OK(mprotect(p + 2 * PGSIZE, PGSIZE, RW));
	check(vma_count() == vmas, "after PROT_NONE on a page and back: %d VMAs, expected %d",
	      vma_count(), vmas);
	p[0] = (char)vm_word(0, 23);
	p[2 * PGSIZE] = (char)vm_word(2 * PGSIZE / 8, 23);
	check_words(p, 4 * PGSIZE, 23, "after splitting and merging");
	EXPECT_OK(munmap(p, 4 * PGSIZE));
}

static void munmap_access_kills(void)
{
	char *p = xmmap(0, 2 * PGSIZE, RW, ANON_PRIVATE, -1, 0), *q;
	int fd;

	p[0] = 1;
	p[PGSIZE] = 2;
	EXPECT_OK(munmap(p, 2 * PGSIZE));
	access_kills(p, 0, "a load from an unmapped anonymous page");
	access_kills(p + PGSIZE, 1, "a store to an unmapped anonymous page");
	fd = pattern_file("ut.munmap", PGSIZE, 24);
	q = xmmap(0, PGSIZE, PROT_READ, MAP_SHARED, fd, 0);
	check_words(q, PGSIZE, 24, "a shared file mapping");
	EXPECT_OK(munmap(q, PGSIZE));
	access_kills(q, 0, "a load from an unmapped file mapping");
	/* The kernel's copy into an unmapped page fails the call instead. */
	close(fd);
	fd = open("ut.munmap", O_RDONLY);
	EXPECT_ERR(read(fd, p, 100), EFAULT);
	close(fd);
	unlink("ut.munmap");
}

/* Linux's errors for bad mmap, munmap, mprotect, msync and madvise arguments. */
static void mmap_bad_args(void)
{
	int fd = pattern_file("ut.mbad", PGSIZE, 25), rd, wr, dir, p[2];
	char *m;

	close(fd);
	rd = open("ut.mbad", O_RDONLY);
	wr = open("ut.mbad", O_WRONLY);
	dir = open("/", O_RDONLY);
	check(rd >= 0 && wr >= 0 && dir >= 0, "open: %s", strerror(errno));
	xpipe(p);
	EXPECT_ERR(mmap(0, 0, PROT_READ, ANON_PRIVATE, -1, 0), EINVAL);
	EXPECT_ERR(mmap((void *)0x10000100, PGSIZE, PROT_READ, MAP_FIXED | ANON_PRIVATE, -1, 0), EINVAL);
	EXPECT_ERR(mmap(0, PGSIZE, PROT_READ, MAP_PRIVATE, rd, 100), EINVAL);
	EXPECT_ERR(mmap(0, PGSIZE, PROT_READ, MAP_ANONYMOUS, -1, 0), EINVAL);
	/* Pagoda has no MAP_SHARED_VALIDATE (which Linux spells MAP_SHARED | MAP_PRIVATE). */
	EXPECT_ERR(mmap(0, PGSIZE, PROT_READ, MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
	EXPECT_ERR(mmap(0, PGSIZE, PROT_READ, MAP_PRIVATE, -1, 0), EBADF);
	EXPECT_ERR(mmap(0, PGSIZE, PROT_READ, MAP_PRIVATE, 1000, 0), EBADF);
	EXPECT_ERR(mmap(0, PGSIZE, PROT_READ, MAP_PRIVATE, lowest_free_fd(), 0), EBADF);
	EXPECT_ERR(mmap(0, PGSIZE, RW, MAP_SHARED, rd, 0), EACCES);
	EXPECT_ERR(mmap(0, PGSIZE, PROT_READ, MAP_PRIVATE, wr, 0), EACCES);
	EXPECT_ERR(mmap(0, PGSIZE, PROT_READ, MAP_SHARED, wr, 0), EACCES);
	EXPECT_ERR(mmap(0, PGSIZE, RW, MAP_SHARED, wr, 0), EACCES);
	EXPECT_ERR(mmap(0, PGSIZE, PROT_READ, MAP_PRIVATE, dir, 0), ENODEV);
	EXPECT_ERR(mmap(0, PGSIZE, PROT_READ, MAP_SHARED, p[0], 0), ENODEV);
	EXPECT_ERR(mmap(0, 1UL << 50, PROT_READ, ANON_PRIVATE, -1, 0), ENOMEM);
	/* A shared mapping of a read-only descriptor can never become writable. */
	m = xmmap(0, 2 * PGSIZE, PROT_READ, MAP_SHARED, rd, 0);
	EXPECT_ERR(mprotect(m, PGSIZE, RW), EACCES);
	EXPECT_ERR(munmap(m + 1, PGSIZE), EINVAL);
	EXPECT_ERR(munmap(m, 0), EINVAL);
	EXPECT_ERR(mprotect(m + 1, PGSIZE, PROT_READ), EINVAL);
	EXPECT_ERR(mprotect(m, PGSIZE, 0x80), EINVAL);
	EXPECT_ERR(msync(m + 1, PGSIZE, MS_SYNC), EINVAL);
	EXPECT_ERR(msync(m, PGSIZE, MS_SYNC | MS_ASYNC), EINVAL);
	EXPECT_ERR(madvise(m, PGSIZE, 9999), EINVAL);
	EXPECT_ERR(madvise(m + 1, PGSIZE, MADV_NORMAL), EINVAL);
	EXPECT_OK(munmap(m, 2 * PGSIZE));
	/* Now unmapped: mprotect, msync and madvise say ENOMEM. */
	EXPECT_ERR(mprotect(m, PGSIZE, PROT_READ), ENOMEM);
	EXPECT_ERR(msync(m, PGSIZE, MS_SYNC), ENOMEM);
	EXPECT_ERR(madvise(m, PGSIZE, MADV_DONTNEED), ENOMEM);
	/* Partly mapped: still ENOMEM. */
	m = xmmap(0, 2 * PGSIZE, RW, ANON_PRIVATE, -1, 0);
	EXPECT_OK(munmap(m + PGSIZE, PGSIZE));
	EXPECT_ERR(mprotect(m, 2 * PGSIZE, PROT_READ), ENOMEM);
	EXPECT_OK(munmap(m, PGSIZE));
	close(rd);
	close(wr);
	close(dir);
	close(p[0]);
	close(p[1]);
	unlink("ut.mbad");
}

/* MADV_DONTNEED: anonymous memory reads back zero, a private file mapping reads the file. */
static void madvise_dontneed(void)
{
	char *p = xmmap(0, 4 * PGSIZE, RW, ANON_PRIVATE, -1, 0), *q, *s;
	long rss0, rss1;
	int fd;

	fill_words(p, 4 * PGSIZE, 26);
	status_kb("RssAnon");		/* its buffer's page is counted from now on */
	rss0 = status_kb("RssAnon");
	EXPECT_OK(madvise(p + PGSIZE, 2 * PGSIZE, MADV_DONTNEED));
	rss1 = status_kb("RssAnon");
	check(rss0 - rss1 >= 8, "MADV_DONTNEED of 2 pages: RssAnon fell by %ld kB", rss0 - rss1);
	check_part(p, 0, PGSIZE, 26, "the page below the dropped ones");
	check_zero(p + PGSIZE, 2 * PGSIZE, "anonymous pages after MADV_DONTNEED");
	check_part(p, 3 * PGSIZE, PGSIZE, 26, "the page above the dropped ones");
	fd = pattern_file("ut.madv", 2 * PGSIZE, 27);
	q = xmmap(0, 2 * PGSIZE, RW, MAP_PRIVATE, fd, 0);
	fill_words(q, PGSIZE, 28);
	EXPECT_OK(madvise(q, 2 * PGSIZE, MADV_DONTNEED));
	check_words(q, 2 * PGSIZE, 27, "a private file mapping after MADV_DONTNEED");
	EXPECT_OK(madvise(q, 2 * PGSIZE, MADV_WILLNEED));
	EXPECT_OK(madvise(q, 2 * PGSIZE, MADV_SEQUENTIAL));
	EXPECT_OK(madvise(q, 2 * PGSIZE, MADV_RANDOM));
	EXPECT_OK(madvise(q, 2 * PGSIZE, MADV_NORMAL));
	check_words(q, 2 * PGSIZE, 27, "after the other advice");
	/* Shared memory keeps its data: only this process's ptes go (Linux too). */
	s = xmmap(0, PGSIZE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	fill_words(s, PGSIZE, 29);
	EXPECT_OK(madvise(s, PGSIZE, MADV_DONTNEED));
	check_words(s, PGSIZE, 29, "shared anonymous memory after MADV_DONTNEED");
	EXPECT_OK(munmap(p, 4 * PGSIZE));
	EXPECT_OK(munmap(q, 2 * PGSIZE));
	EXPECT_OK(munmap(s, PGSIZE));
	close(fd);
	unlink("ut.madv");
}

/* A page of a file mapping wholly past the end of the file: a bus error. */
static void mmap_past_eof_sigbus(void)
{
	int fd = pattern_file("ut.eof", 1000, 30);
	char *p = xmmap(0, 3 * PGSIZE, RW, MAP_SHARED, fd, 0), *q, *r;

	check(bad_from(p, 1000, 30, 0) < 0, "a mapping of a 1000-byte file: wrong data");
	for (int i = 1000; i < PGSIZE; i++)
		check(p[i] == 0, "byte %d of a 1000-byte file's mapping is %d, not 0", i, p[i]);
	access_kills(p + PGSIZE, 0, "a load from a shared mapping past EOF");
	access_kills(p + 2 * PGSIZE + 5, 1, "a store to a shared mapping past EOF");
	q = xmmap(0, 2 * PGSIZE, RW, MAP_PRIVATE, fd, 0);
	access_kills(q + PGSIZE, 1, "a store to a private mapping past EOF");
	r = xmmap(0, PGSIZE, PROT_READ, MAP_SHARED, fd, 4 * PGSIZE);
	access_kills(r, 0, "a load from a mapping at an offset past EOF");
	/* The file grows: the page is there now. fd's offset is at its end. */
	fill_words(buf, PGSIZE, 31);
	check(write(fd, buf, PGSIZE) == PGSIZE, "append: %s", strerror(errno));
	check(bad_from(p + 1000, 8, 31, 0) < 0, "the appended bytes in the old last page");
	check(p[PGSIZE + 1000 - 1] == buf[PGSIZE - 1], "the appended bytes in the new page");
	EXPECT_OK(munmap(p, 3 * PGSIZE));
	EXPECT_OK(munmap(q, 2 * PGSIZE));
	EXPECT_OK(munmap(r, PGSIZE));
	close(fd);
	unlink("ut.eof");
}

/*
 * A file truncated under its mappings: shared and privately copied pages
 * past the new end are gone (a bus error), and when the file grows again
 * the mapping shows the new bytes, with zeroes, not the old ones, after them.
 */
static void mmap_truncate_sigbus(void)
{
	int fd = pattern_file("ut.trunc", 2 * PGSIZE, 35);
	char *p = xmmap(0, 2 * PGSIZE, RW, MAP_SHARED, fd, 0), *q;

	q = xmmap(0, 2 * PGSIZE, RW, MAP_PRIVATE, fd, 0);
	check_words(p, 2 * PGSIZE, 35, "a shared mapping before truncation");
	q[PGSIZE] = 'q';		/* a private copy of page 1 */
	close(fd);
	fd = open("ut.trunc", O_WRONLY | O_TRUNC);
	check(fd >= 0, "open O_TRUNC: %s", strerror(errno));
	access_kills(p, 0, "a load from a shared mapping of a truncated file");
	access_kills(p + PGSIZE, 1, "a store to a shared mapping of a truncated file");
	access_kills(q, 0, "a load from a private mapping of a truncated file");
	access_kills(q + PGSIZE, 0, "a load from a private copy past the new end");
	check(write(fd, "new", 3) == 3, "write: %s", strerror(errno));
	close(fd);
	check(memcmp(p, "new", 3) == 0, "the shared mapping after the file grew again");
	for (int i = 3; i < PGSIZE; i++)
		check(p[i] == 0, "byte %d after the new end reads %d: the old data came back", i, p[i]);
	check(memcmp(q, "new", 3) == 0, "the private mapping after the file grew again");
	access_kills(p + PGSIZE, 0, "a load from the page still past the end");
	EXPECT_OK(munmap(p, 2 * PGSIZE));
	EXPECT_OK(munmap(q, 2 * PGSIZE));
	unlink("ut.trunc");
}

/* write() is seen through another process's mapping, and its stores by read(). */
static void pagecache_coherence(void)
{
	int to_child[2], to_parent[2], pid, fd;
	char *m;

	close(pattern_file("ut.coherent", 2 * PGSIZE, 32));
	xpipe(to_child);
	xpipe(to_parent);
	pid = xfork();
	keep_ends(to_child, to_parent, pid == 0);
	if (pid == 0) {
		fd = open("ut.coherent", O_RDWR);
		m = xmmap(0, 2 * PGSIZE, RW, MAP_SHARED, fd, 0);
		check_words(m, 2 * PGSIZE, 32, "the child's mapping");
		tell(to_parent[1]);
		await(to_child[0]);
		check_part(m, 0, 96, 33, "the parent's write() seen through the child's mapping");
		check_part(m, 96, PGSIZE - 96, 32, "the rest of page 0");
		fill_from(m + PGSIZE, 64, 34, PGSIZE / 8);
		tell(to_parent[1]);
		await(to_child[0]);
		exit(0);
	}
	await(to_parent[0]);
	fill_words(buf, 96, 33);
	fd = open("ut.coherent", O_WRONLY);
	check(write(fd, buf, 96) == 96, "write: %s", strerror(errno));
	close(fd);
	tell(to_child[1]);
	await(to_parent[0]);
	read_file("ut.coherent", buf, sizeof(buf));
	check_part(buf, PGSIZE, 64, 34, "the child's stores seen by the parent's read()");
	tell(to_child[1]);
	check(wait_for(pid) == 0, "the child's checks failed");
	close(to_child[1]);
	close(to_parent[0]);
	/*
	 * write() from a mapping of the same file, and read() into one: the
	 * copy faults on a page of the file being written or read.
	 */
	fd = open("ut.coherent", O_RDWR);
	m = xmmap(0, 2 * PGSIZE, RW, MAP_SHARED, fd, 0);
	check(write(fd, m + PGSIZE, 64) == 64, "write() from a mapping of the same file: %s",
	      strerror(errno));
	check(memcmp(m, m + PGSIZE, 64) == 0, "write() from page 1 into page 0 of the same file");
	close(fd);
	fd = open("ut.coherent", O_RDONLY);
	check(read(fd, m + PGSIZE + 64, 200) == 200, "read() into a mapping of the same file: %s",
	      strerror(errno));
	check(memcmp(m + PGSIZE + 64, m, 200) == 0, "read() from page 0 into page 1 of the same file");
	close(fd);
	EXPECT_OK(munmap(m, 2 * PGSIZE));
	unlink("ut.coherent");
}
