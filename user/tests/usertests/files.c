/*
 * usertests: links, directories, long names, devices, big files, concurrency, a full disk.
 *
 * Part of usertests.c, which #includes every file of this directory
 * into one program (one translation unit, so the helpers in common.c
 * stay static); nothing here is built on its own. Linux's
 * counterpart is LTP's testcases/kernel/syscalls, a directory per call.
 */

static void linkunlink(void)
{
	struct stat st;
	int fd;

	put_file("ut.l1", "hello", 5);
	EXPECT_OK(link("ut.l1", "ut.l2"));
	fd = open("ut.l2", O_RDONLY);
	EXPECT_OK(fstat(fd, &st));
	check(st.nlink == 2 && st.type == T_FILE, "nlink %d type %d after link", st.nlink, st.type);
	check(read(fd, buf, 10) == 5 && memcmp(buf, "hello", 5) == 0, "read through the link");
	close(fd);
	EXPECT_ERR(link("ut.l1", "ut.l2"), EEXIST);
	EXPECT_ERR(link("ut.none", "ut.l3"), ENOENT);
	EXPECT_ERR(link("ut.l1", "ut.nodir/x"), ENOENT);
	EXPECT_ERR(link("ut.l1", "ut.l2/x"), ENOTDIR);
	EXPECT_ERR(link("/", "ut.ld"), EPERM);		/* no hard links to directories */
	EXPECT_OK(unlink("ut.l1"));
	EXPECT_ERR(unlink("ut.l1"), ENOENT);
	EXPECT_ERR(open("ut.l1", O_RDONLY), ENOENT);
	fd = open("ut.l2", O_RDONLY);
	EXPECT_OK(fstat(fd, &st));
	check(st.nlink == 1, "nlink %d after unlinking one name", st.nlink);
	close(fd);
	EXPECT_OK(unlink("ut.l2"));
	EXPECT_ERR(unlink(""), ENOENT);
}

static void unlink_open(void)
{
	struct stat st;
	int fd;

	put_file("ut.uo", "still here", 10);
	fd = open("ut.uo", O_RDWR);
	EXPECT_OK(unlink("ut.uo"));
	EXPECT_ERR(open("ut.uo", O_RDONLY), ENOENT);
	check(read(fd, buf, 20) == 10 && memcmp(buf, "still here", 10) == 0,
	      "an unlinked open file lost its data");
	check(write(fd, "more", 4) == 4, "write to an unlinked open file");
	EXPECT_OK(fstat(fd, &st));
	check(st.nlink == 0 && st.size == 14, "nlink %d size %d", st.nlink, (int)st.size);
	close(fd);
	/* A new file of the same name is a new file. */
	put_file("ut.uo", "new", 3);
	fd = open("ut.uo", O_RDONLY);
	check(file_size(fd) == 3, "the new ut.uo");
	close(fd);
	unlink("ut.uo");
}

static void dirs(void)
{
	struct stat st;
	int fd;

	EXPECT_OK(mkdir("ut.d"));
	EXPECT_ERR(mkdir("ut.d"), EEXIST);
	EXPECT_ERR(mkdir("ut.nodir/x"), ENOENT);
	EXPECT_ERR(mkdir(""), ENOENT);
	put_file("ut.d/f", "x", 1);
	EXPECT_ERR(mkdir("ut.d/f"), EEXIST);
	EXPECT_ERR(mkdir("ut.d/f/x"), ENOTDIR);
	EXPECT_ERR(chdir("ut.d/f"), ENOTDIR);
	EXPECT_ERR(chdir("ut.none"), ENOENT);
	EXPECT_ERR2(unlink("ut.d"), ENOTEMPTY, EEXIST);
	check(unlink("ut.d/.") == -1, "unlink of . succeeded");
	check(unlink("ut.d/..") == -1, "unlink of .. succeeded");
	check(unlink("/") == -1, "unlink of / succeeded");
	fd = open("ut.d", O_RDONLY);
	EXPECT_OK(fstat(fd, &st));
	check(st.type == T_DIR, "a directory's type is %d", st.type);
	close(fd);
	EXPECT_OK(fstat(1, &st));
	check(st.type == T_DEVICE || st.type == T_FILE, "stdout's type is %d", st.type);
	/* chdir and relative paths. */
	EXPECT_OK(chdir("ut.d"));
	fd = open("f", O_RDONLY);
	check(fd >= 0, "open f inside ut.d: %s", strerror(errno));
	close(fd);
	fd = open("../ut.d/./f", O_RDONLY);
	check(fd >= 0, "open ../ut.d/./f: %s", strerror(errno));
	close(fd);
	EXPECT_OK(chdir(".."));
	EXPECT_OK(unlink("ut.d/f"));
	EXPECT_OK(unlink("ut.d"));		/* xv6: unlink removes an empty directory */
	EXPECT_ERR(open("ut.d", O_RDONLY), ENOENT);
	/* "/.." is "/". */
	EXPECT_OK(chdir("/.."));
	fd = open("usertests", O_RDONLY);
	check(fd >= 0, "after chdir /.., usertests is not in the current directory");
	close(fd);
}

/*
 * The current directory removed, then its parent, and the parent's inode
 * number given to a new file: the removed directory's ".." on disk names
 * that file now. Nothing can be looked up or created in the removed
 * directory (ENOENT, as in Linux, though Linux's dentry cache still
 * knows the old parent for ".."); "." opens, and reading it is ENOENT.
 */
static void removed_cwd(void)
{
	struct stat st;
	uint parent;
	int fd, n;
	char name[32];

	EXPECT_OK(mkdir("/ut.rm"));
	EXPECT_OK(mkdir("/ut.rm/b"));
	EXPECT_OK(stat("/ut.rm", &st));
	parent = st.ino;
	EXPECT_OK(chdir("/ut.rm/b"));
	EXPECT_OK(unlink("/ut.rm/b"));
	EXPECT_OK(unlink("/ut.rm"));
	EXPECT_ERR(open("..", O_RDONLY), ENOENT);	/* before the reuse: no "bad type" */
	/* New files until one gets the parent's number (pgfs allocates round the table). */
	for (n = 0;; n++) {
		check(n < 4096, "4096 files and inode %u was never reused", parent);
		snprintf(name, sizeof(name), "/ut.rm%d", n);
		fd = make_file(name, "reused", 6);
		EXPECT_OK(fstat(fd, &st));
		close(fd);
		if (st.ino == parent)
			break;
		EXPECT_OK(unlink(name));
	}
	EXPECT_ERR(open("..", O_RDONLY), ENOENT);
	EXPECT_ERR(open("../ut.rm", O_RDONLY), ENOENT);
	EXPECT_ERR(chdir(".."), ENOENT);
	EXPECT_ERR(open("x", O_RDONLY), ENOENT);
	EXPECT_ERR(open("x", O_CREATE | O_RDWR), ENOENT);
	EXPECT_ERR(mkdir("x"), ENOENT);
	EXPECT_ERR(mknod("x", 1, 0), ENOENT);
	EXPECT_ERR(link(name, "x"), ENOENT);
	EXPECT_ERR(unlink("x"), ENOENT);
	fd = open(".", O_RDONLY);
	check(fd >= 0, "open . in the removed directory: %s", strerror(errno));
	EXPECT_OK(fstat(fd, &st));
	check(st.type == T_DIR && st.nlink == 0, ". is type %d nlink %d", st.type, st.nlink);
	EXPECT_ERR(read(fd, buf, sizeof(struct dirent)), ENOENT);
	close(fd);
	/* The file that took the number is untouched. */
	fd = open(name, O_RDONLY);
	check(fd >= 0 && read(fd, buf, 10) == 6 && memcmp(buf, "reused", 6) == 0,
	      "%s lost its data", name);
	close(fd);
	EXPECT_OK(unlink(name));
	EXPECT_OK(chdir("/"));
}

#define DEPTH 40

static void deepdir(void)
{
	char path[3 * DEPTH + 16];
	int fd, n = 0;

	EXPECT_OK(mkdir("ut.deep"));
	EXPECT_OK(chdir("ut.deep"));
	for (int i = 0; i < DEPTH; i++) {
		EXPECT_OK(mkdir("d"));
		EXPECT_OK(chdir("d"));
	}
	put_file("f", "deep", 4);
	for (int i = 0; i < DEPTH; i++)
		EXPECT_OK(chdir(".."));
	EXPECT_OK(chdir(".."));
	n = snprintf(path, sizeof(path), "ut.deep");
	for (int i = 0; i < DEPTH; i++)
		n += snprintf(path + n, sizeof(path) - n, "/d");
	snprintf(path + n, sizeof(path) - n, "/f");
	fd = open(path, O_RDONLY);
	check(fd >= 0, "open %s: %s", path, strerror(errno));
	check(read(fd, buf, 10) == 4 && memcmp(buf, "deep", 4) == 0, "the deep file's data");
	close(fd);
	/* A path longer than MAXPATH is refused as such. */
	memset(buf, 'a', 300);
	buf[300] = 0;
	for (int i = 1; i < 300; i += 2)
		buf[i] = '/';
	EXPECT_ERR(open(buf, O_RDONLY), ENAMETOOLONG);
	/* Take it down from the bottom. */
	EXPECT_OK(unlink(path));
	for (int i = DEPTH; i > 0; i--) {
		path[7 + 2 * i] = 0;
		EXPECT_OK(unlink(path));
	}
	EXPECT_OK(unlink("ut.deep"));
}

static void longnames(void)
{
	char name[DIRSIZ + 8];
	int fd;

	memset(name, 'n', DIRSIZ);
	memmove(name, "ut.", 3);
	name[DIRSIZ] = 0;		/* exactly DIRSIZ characters: fits */
	put_file(name, "x", 1);
	fd = open(name, O_RDONLY);
	check(fd >= 0, "open a %d-character name: %s", DIRSIZ, strerror(errno));
	close(fd);
	name[DIRSIZ] = 'n';		/* one more: too long, not truncated */
	name[DIRSIZ + 1] = 0;
	EXPECT_ERR(open(name, O_CREATE | O_RDWR), ENAMETOOLONG);
	EXPECT_ERR(open(name, O_RDONLY), ENAMETOOLONG);
	EXPECT_ERR(mkdir(name), ENAMETOOLONG);
	name[DIRSIZ] = 0;
	EXPECT_OK(unlink(name));
}

static void mknod_dev(void)
{
	int fd, r;

	EXPECT_ERR(mknod("usertests", 1, 0), EEXIST);
	EXPECT_ERR(mknod("ut.nodir/x", 1, 0), ENOENT);
	/* A major no driver has: mknod may refuse it; open must. */
	r = mknod("ut.dev", 1000, 0);
	if (r == 0) {
		fd = open("ut.dev", O_RDWR);
		check(fd < 0 && (errno == ENXIO || errno == ENODEV),
		      "open of a device without a driver: %d (%s)", fd, strerror(errno));
		EXPECT_OK(unlink("ut.dev"));
	} else
		check(errno == EINVAL || errno == ENXIO || errno == ENODEV,
		      "mknod major 1000: %s", strerror(errno));
}

static void bigfile(void)
{
	/* Just past the direct and singly indirect blocks (11 + 256 KiB). */
	const int blocks = 272;
	int fd = make_file("ut.big", 0, 0), n;

	for (int b = 0; b < blocks; b += 4) {
		for (int i = 0; i < 4; i++)
			memset(buf + i * BSIZE, b + i, BSIZE);
		n = write(fd, buf, 4 * BSIZE);
		check(n == 4 * BSIZE, "write block %d: %d (%s)", b, n, strerror(errno));
	}
	check(file_size(fd) == blocks * BSIZE, "size %d", file_size(fd));
	close(fd);
	fd = open("ut.big", O_RDONLY);
	for (int b = 0; b < blocks; b++) {
		n = read(fd, buf, BSIZE);
		check(n == BSIZE, "read block %d: %d", b, n);
		for (int i = 0; i < BSIZE; i++)
			check(buf[i] == (char)b, "block %d byte %d is %d", b, i, buf[i]);
	}
	check(read(fd, buf, 1) == 0, "read past the end");
	close(fd);
	EXPECT_OK(unlink("ut.big"));
}

#define HUGE_SIZE (16 * 1024 * 1024)	/* deep into the doubly indirect block */

/* Word `off` (a byte offset) of ut.huge in pass `pass`: no two words alike. */
static uint huge_word(uint off, uint pass)
{
	return (off * 2654435761u) ^ (off >> 14) ^ (pass << 28);
}

static void write_huge(uint pass)
{
	int fd = make_file("ut.huge", 0, 0), n;

	for (uint off = 0; off < HUGE_SIZE; off += sizeof(buf)) {
		for (uint i = 0; i < sizeof(buf); i += 4)
			*(uint *)(buf + i) = huge_word(off + i, pass);
		n = write(fd, buf, sizeof(buf));
		if (pass > 1 && n != (int)sizeof(buf) && (n >= 0 || errno == ENOSPC))
			fail("pass %u: the disk is full at %u: the first file's blocks did not come back",
			     pass, off + (n > 0 ? n : 0));
		check(n == (int)sizeof(buf), "pass %u: write at %u returned %d (%s)",
		      pass, off, n, n < 0 ? strerror(errno) : "short");
	}
	check(file_size(fd) == HUGE_SIZE, "pass %u: size %d", pass, file_size(fd));
	close(fd);
}

static void check_huge(uint pass)
{
	int fd = open("ut.huge", O_RDONLY), n;

	check(fd >= 0, "open ut.huge: %s", strerror(errno));
	for (uint off = 0; off < HUGE_SIZE; off += sizeof(buf)) {
		n = read(fd, buf, sizeof(buf));
		check(n == (int)sizeof(buf), "pass %u: read at %u returned %d", pass, off, n);
		for (uint i = 0; i < sizeof(buf); i += 4)
			check(*(uint *)(buf + i) == huge_word(off + i, pass),
			      "pass %u: the word at %u is %x, not %x", pass, off + i,
			      *(uint *)(buf + i), huge_word(off + i, pass));
	}
	check(read(fd, buf, 1) == 0, "read past the end of ut.huge");
	close(fd);
}

/*
 * A 16 MiB file written in 16 KiB pieces, each word a function of its
 * offset, read back whole and unlinked; then the same again. The grader
 * runs it on an 18 MiB disk, where the second file fits only if the
 * first one's blocks came back.
 */
static void hugefile(void)
{
	for (uint pass = 1; pass <= 2; pass++) {
		write_huge(pass);
		check_huge(pass);
		EXPECT_OK(unlink("ut.huge"));
	}
}

#define NCREATORS 8
#define NFILES 8

/* Several processes (more than harts) make, check and remove files at
 * once, some with names of their own, some with names they all use. */
static void concreate(void)
{
	int pids[NCREATORS];
	char name[32];

	for (int c = 0; c < NCREATORS; c++) {
		pids[c] = xfork();
		if (pids[c])
			continue;
		for (int round = 0; round < 2; round++) {
			for (int i = 0; i < NFILES; i++) {
				snprintf(name, sizeof(name), "ut.cc%d.%d", c, i);
				int fd = open(name, O_CREATE | O_RDWR | O_TRUNC);
				if (fd < 0 || write(fd, name, 32) != 32)
					exit(1);
				close(fd);
				snprintf(name, sizeof(name), "ut.cs%d", i);
				fd = open(name, O_CREATE | O_RDWR);
				if (fd < 0)
					exit(2);
				close(fd);
			}
			for (int i = 0; i < NFILES; i++) {
				char got[32];
				snprintf(name, sizeof(name), "ut.cc%d.%d", c, i);
				int fd = open(name, O_RDONLY);
				if (fd < 0 || read(fd, got, 32) != 32 || strcmp(got, name) != 0)
					exit(3);
				close(fd);
				if (unlink(name) < 0)
					exit(4);
				snprintf(name, sizeof(name), "ut.cs%d", i);
				unlink(name);	/* a sibling may have beaten us to it */
			}
		}
		exit(0);
	}
	for (int c = 0; c < NCREATORS; c++) {
		int status;
		check(wait(&status) > 0, "wait");
		check(status == 0, "a creator failed at step %d", status);
	}
	/* Nothing left behind, and no name twice. */
	struct dirent de;
	int fd = open(".", O_RDONLY), left = 0;
	while (read(fd, &de, sizeof(de)) == sizeof(de))
		if (de.inum && strncmp(de.name, "ut.c", 4) == 0)
			left++;
	close(fd);
	check(left == 0, "%d ut.c* files left behind", left);
}

/* Write until the disk is full, free it, and check the space came back. */
static int fill_disk(const char *name)
{
	int fd = make_file(name, 0, 0), n, total = 0;

	memset(buf, 'F', sizeof(buf));
	for (;;) {
		n = write(fd, buf, 8192);
		if (n < 0)
			break;
		total += n;
		if (n < 8192) {
			n = write(fd, buf, 8192);	/* short: the next one fails */
			check(n < 0, "a write after a short write returned %d", n);
			break;
		}
	}
	check(errno == ENOSPC || errno == EFBIG, "writing stopped with %s, expected ENOSPC",
	      strerror(errno));
	check(file_size(fd) == total, "the file holds %d of the %d bytes written",
	      file_size(fd), total);
	close(fd);
	return total;
}

static void fulldisk(void)
{
	int first, second, fd;

	first = fill_disk("ut.full1");
	check(first > 1024 * 1024, "the disk was full after %d bytes", first);
	/* While full: creating a file may work (a free inode), writing not. */
	fd = open("ut.full2", O_CREATE | O_RDWR);
	if (fd >= 0) {
		EXPECT_ERR2(write(fd, buf, 4096), ENOSPC, EFBIG);
		close(fd);
		unlink("ut.full2");
	}
	EXPECT_OK(unlink("ut.full1"));
	second = fill_disk("ut.full1");
	check(second >= first - 16 * BSIZE, "only %d bytes fit after freeing %d", second, first);
	EXPECT_OK(unlink("ut.full1"));
}

/* Create empty files until no inode is left; free them; all come back. */
static int fill_inodes(void)
{
	char name[32];
	int n;

	for (n = 0;; n++) {
		snprintf(name, sizeof(name), "ut.in%d", n);
		int fd = open(name, O_CREATE | O_RDWR);
		if (fd < 0)
			break;
		close(fd);
		check(n < 70000, "70000 files and no end of inodes");
	}
	check(errno == ENOSPC, "creating files stopped with %s, expected ENOSPC",
	      strerror(errno));
	return n;
}

static void unlink_inodes(int n)
{
	char name[32];

	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "ut.in%d", i);
		EXPECT_OK(unlink(name));
	}
}

static void inodes_full(void)
{
	int first = fill_inodes(), second;

	EXPECT_ERR(mkdir("ut.indir"), ENOSPC);
	EXPECT_ERR(open("ut.inx", O_CREATE | O_RDWR), ENOSPC);
	unlink_inodes(first);
	second = fill_inodes();
	check(second == first, "%d files fit after freeing %d", second, first);
	unlink_inodes(second);
}

