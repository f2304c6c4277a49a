/*
 * usertests: descriptors, open flags, dup, and pipes.
 *
 * Part of usertests.c, which #includes every file of this directory
 * into one program (one translation unit, so the helpers in common.c
 * stay static); nothing here is built on its own. Linux's
 * counterpart is LTP's testcases/kernel/syscalls, a directory per call.
 */

static void badfd(void)
{
	static const int fds[] = { -1, -1000, NOFILE, NOFILE + 1, 1000000, 0x7fffffff,
				   (int)0x80000000, 40 };
	struct stat st;
	char c;

	for (int i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
		int fd = fds[i];

		EXPECT_ERR(read(fd, &c, 1), EBADF);
		EXPECT_ERR(write(fd, "x", 1), EBADF);
		EXPECT_ERR(close(fd), EBADF);
		EXPECT_ERR(fstat(fd, &st), EBADF);
		EXPECT_ERR(dup(fd), EBADF);
	}
	int fd = make_file("ut.fd", "x", 1);
	EXPECT_OK(close(fd));
	EXPECT_ERR(close(fd), EBADF);
	EXPECT_ERR(read(fd, &c, 1), EBADF);
	unlink("ut.fd");
}

static void openflags(void)
{
	int fd;
	char c[4];

	EXPECT_ERR(open("/", O_WRONLY), EISDIR);
	EXPECT_ERR(open("/", O_RDWR), EISDIR);
	EXPECT_ERR(open("/", O_CREATE | O_RDWR), EISDIR);
	fd = open("/", O_RDONLY);
	check(fd >= 0, "open / read-only: %s", strerror(errno));
	EXPECT_ERR(write(fd, "x", 1), EBADF);	/* not open for writing */
	close(fd);
	EXPECT_ERR(open("ut.none", O_RDONLY), ENOENT);
	EXPECT_ERR(open("", O_RDONLY), ENOENT);
	EXPECT_ERR(open("ut.nodir/f", O_CREATE | O_RDWR), ENOENT);

	put_file("ut.of", "abc", 3);
	EXPECT_ERR(open("ut.of/x", O_RDONLY), ENOTDIR);
	EXPECT_ERR(open("ut.of/x", O_CREATE | O_RDWR), ENOTDIR);
	fd = open("ut.of", O_RDONLY);
	EXPECT_ERR(write(fd, "x", 1), EBADF);
	close(fd);
	fd = open("ut.of", O_WRONLY);
	EXPECT_ERR(read(fd, c, 1), EBADF);
	close(fd);
	/* O_CREATE on an existing file opens it as it is... */
	fd = open("ut.of", O_CREATE | O_RDWR);
	check(fd >= 0 && file_size(fd) == 3, "O_CREATE of an existing file changed it");
	close(fd);
	/* ...and O_TRUNC empties it. */
	fd = open("ut.of", O_RDWR | O_TRUNC);
	check(fd >= 0 && file_size(fd) == 0, "O_TRUNC left %d bytes", file_size(fd));
	close(fd);
	unlink("ut.of");
}

static void dup_fds(void)
{
	int fd, fd2, fds[NOFILE], n = 0;

	fd = make_file("ut.dup", 0, 0);
	fd2 = dup(fd);
	check(fd2 >= 0 && fd2 != fd, "dup returned %d", fd2);
	/* The two descriptors share one offset. */
	write(fd, "ab", 2);
	write(fd2, "cd", 2);
	close(fd);
	check(file_size(fd2) == 4, "writes through dup'd descriptors overlapped");
	close(fd2);
	fd = open("ut.dup", O_RDONLY);
	check(read(fd, buf, 10) == 4 && memcmp(buf, "abcd", 4) == 0, "content after dup writes");
	close(fd);
	/* Until the table is full, then EMFILE; all usable again after. */
	while ((fd = dup(0)) >= 0)
		fds[n++] = fd;
	check(errno == EMFILE, "dup stopped with %s, expected EMFILE", strerror(errno));
	check(n >= NOFILE - 8, "only %d dups fit in a table of %d", n, NOFILE);
	int p[2];
	EXPECT_ERR(pipe(p), EMFILE);
	EXPECT_ERR(open("/", O_RDONLY), EMFILE);
	for (int i = 0; i < n; i++)
		close(fds[i]);
	fd = open("/", O_RDONLY);
	check(fd >= 0, "open after closing the dups: %s", strerror(errno));
	close(fd);
	unlink("ut.dup");
}

static void manypipes(void)
{
	int fds[NOFILE + 2][2], n = 0, again = 0;

	while (pipe(fds[n]) == 0)
		n++;
	check(errno == EMFILE, "pipe failed with %s, expected EMFILE", strerror(errno));
	check(n >= (NOFILE - 8) / 2, "only %d pipes fit", n);
	for (int i = 0; i < n; i++) {
		write(fds[i][1], &i, sizeof(i));
		int got = -1;
		check(read(fds[i][0], &got, sizeof(got)) == sizeof(got) && got == i, "pipe %d", i);
	}
	for (int i = 0; i < n; i++) {
		close(fds[i][0]);
		close(fds[i][1]);
	}
	while (pipe(fds[again]) == 0)
		again++;
	check(again == n, "%d pipes fit the second time, %d the first", again, n);
	for (int i = 0; i < again; i++) {
		close(fds[i][0]);
		close(fds[i][1]);
	}
}

static void pipe_data(void)
{
	static const int sizes[] = { 1, 7, 512, 4096, 5000, 16384 };
	int p[2], pid, total = 0, n;
	uint sum = 0, want = 0;
	char c;

	EXPECT_OK(pipe(p));
	pid = xfork();
	if (pid == 0) {
		close(p[0]);
		for (int round = 0, k = 0; round < 20; round++)
			for (int s = 0; s < 6; s++) {
				for (int i = 0; i < sizes[s]; i++)
					buf[i] = (char)(k++ * 13);
				if (write(p[1], buf, sizes[s]) != sizes[s])
					exit(1);
			}
		exit(0);
	}
	close(p[1]);
	while ((n = read(p[0], buf, 3000)) > 0) {
		for (int i = 0; i < n; i++)
			sum = sum * 31 + (uchar)buf[i];
		total += n;
	}
	check(n == 0, "pipe read at the end: %d (%s)", n, strerror(errno));
	for (int k = 0; k < total; k++)
		want = want * 31 + (uchar)(char)(k * 13);
	check(wait_for(pid) == 0, "the writer failed");
	check(total == 20 * (1 + 7 + 512 + 4096 + 5000 + 16384), "%d bytes came through", total);
	check(sum == want, "the bytes came through changed");
	check(read(p[0], &c, 1) == 0, "read after EOF");
	close(p[0]);
	/* No reader left: the writer gets EPIPE (xv6: -1; no SIGPIPE here). */
	EXPECT_OK(pipe(p));
	close(p[0]);
	EXPECT_ERR(write(p[1], "x", 1), EPIPE);
	EXPECT_ERR(read(p[1], &c, 1), EBADF);
	close(p[1]);
	EXPECT_OK(pipe(p));
	EXPECT_ERR(write(p[0], "x", 1), EBADF);
	close(p[0]);
	close(p[1]);
}

/* Closing one end wakes a process asleep on the other. */
static void pipe_close_wakes(void)
{
	int p[2], pid;
	char c;

	/* A writer asleep on a full pipe gets EPIPE when the reader goes. */
	EXPECT_OK(pipe(p));
	pid = xfork();
	if (pid == 0) {
		close(p[0]);
		for (;;)
			if (write(p[1], buf, sizeof(buf)) < 0)
				exit(errno == EPIPE ? 0 : 1);
	}
	close(p[1]);
	sleep(10);		/* let it fill the pipe and sleep */
	close(p[0]);
	check(wait_for(pid) == 0, "the blocked writer did not get EPIPE");

	/* A reader asleep on an empty pipe gets 0 (EOF) when the writer goes. */
	EXPECT_OK(pipe(p));
	pid = xfork();
	if (pid == 0) {
		close(p[1]);
		exit(read(p[0], &c, 1) == 0 ? 0 : 1);
	}
	close(p[0]);
	sleep(10);
	close(p[1]);
	check(wait_for(pid) == 0, "the blocked reader did not see end of file");
}

#define NFILE_PROCS 24		/* 24 * 61 descriptors: more than NFILE */

/*
 * The system-wide file table (NFILE) runs out before any one process's
 * descriptor table: some process gets ENFILE, none crashes, and all of
 * it is free again once they exit.
 */
static void nfile_limit(void)
{
	int go[2], done[2], saw_enfile = 0, p[2], n = 0;
	char c;

	EXPECT_OK(pipe(go));
	EXPECT_OK(pipe(done));
	for (int i = 0; i < NFILE_PROCS; i++) {
		if (xfork() == 0) {
			close(go[1]);
			while (pipe(p) == 0)
				;
			int err = errno;
			write(done[1], "x", 1);
			read(go[0], &c, 1);	/* hold them until the parent says */
			exit(err == ENFILE ? 1 : err == EMFILE ? 0 : 2);
		}
	}
	close(go[0]);
	for (int i = 0; i < NFILE_PROCS; i++)
		check(read(done[0], &c, 1) == 1, "a child never finished opening");
	close(go[1]);
	for (int i = 0; i < NFILE_PROCS; i++) {
		int status;
		check(wait(&status) > 0, "wait: %s", strerror(errno));
		check(status == 0 || status == 1, "a child's pipe() failed with neither "
		      "EMFILE nor ENFILE");
		saw_enfile |= status == 1;
	}
	close(done[0]);
	close(done[1]);
	check(saw_enfile, "%d processes opened %d descriptors each, and no ENFILE",
	      NFILE_PROCS, NOFILE - 3);
	while (pipe(p) == 0)
		n++;
	check(errno == EMFILE && n >= (NOFILE - 8) / 2,
	      "after they exit, only %d pipes fit (%s)", n, strerror(errno));
}

