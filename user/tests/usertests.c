/*
 * usertests: Pagoda's system-call test suite, run from the shell.
 *
 *   usertests              every test, then the leak check
 *   usertests NAME...      only these tests (then the leak check)
 *   usertests -l           list the tests
 *
 * Every system call is tried with good and bad arguments (bad and kernel
 * pointers, huge lengths, bad descriptors and flags, broken ELF files),
 * and the kernel is pushed to its limits (out of memory, out of
 * processes, out of file descriptors, a full disk) to check it fails
 * cleanly and recovers. In the spirit of xv6's usertests, written afresh.
 *
 * Each test runs in a child process of its own, so a test that crashes
 * takes only itself down. It prints "test NAME: OK" or
 * "test NAME: FAILED why"; at the end "ALL TESTS PASSED" or the names of
 * those that failed. grading/grade_usertests.py reads the table at the
 * bottom (one `{ "name", function, seconds },` per line: the seconds are
 * the test's time limit under grading) and runs the tests in batches.
 *
 * The leak check reads MemFree from /proc/meminfo (plus the pages on the
 * per-CPU lists, from /proc/zoneinfo) before the first test and after the
 * last: docs/testing.md says why they may differ by up to LEAK_TOLERANCE_KB.
 *
 * Tests make files named ut.* in the current directory (run it from /)
 * and remove them.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "kernel/param.h"
#include "kernel/memlayout.h"
#include "kernel/syscall.h"
#include "user/user.h"
#include "user/errno.h"
#include "user/proc.h"

/* The tests, one file per kind: see usertests/common.c for why #include. */
#include "usertests/common.c"
#include "usertests/badptr.c"
#include "usertests/fds.c"
#include "usertests/exec.c"
#include "usertests/mem.c"
#include "usertests/proc.c"
#include "usertests/files.c"
#include "usertests/vm.c"
#include "usertests/vm_mmap.c"

/* ---- the runner ---- */

struct test {
	const char *name;
	void (*fn)(void);
	int limit;		/* seconds, for grading/grade_usertests.py */
};

static struct test tests[] = {
	{ "badptr_read", badptr_read, 5 },
	{ "badptr_write", badptr_write, 5 },
	{ "badptr_pipe", badptr_pipe, 5 },
	{ "badptr_fstat", badptr_fstat, 5 },
	{ "badptr_path", badptr_path, 5 },
	{ "badptr_exec_argv", badptr_exec_argv, 5 },
	{ "badptr_wait", badptr_wait, 5 },
	{ "badptr_readonly", badptr_readonly, 5 },
	{ "hugelen", hugelen, 5 },
	{ "badfd", badfd, 5 },
	{ "openflags", openflags, 5 },
	{ "dup_fds", dup_fds, 5 },
	{ "exec_badelf", exec_badelf, 10 },
	{ "exec_args", exec_args, 10 },
	{ "sbrk_basic", sbrk_basic, 5 },
	{ "sbrk_huge", sbrk_huge, 30 },
	{ "sbrk_shrink", sbrk_shrink, 5 },
	{ "fork_memory", fork_memory, 5 },
	{ "stack_overflow", stack_overflow, 10 },
	{ "wait_semantics", wait_semantics, 5 },
	{ "orphans", orphans, 10 },
	{ "kill_sleeping", kill_sleeping, 10 },
	{ "kill_running", kill_running, 5 },
	{ "smp_fork_pipe", smp_fork_pipe, 10 },
	{ "wild_store", wild_store, 10 },
	{ "sleep_uptime", sleep_uptime, 5 },
	{ "manypipes", manypipes, 5 },
	{ "pipe_data", pipe_data, 10 },
	{ "pipe_close_wakes", pipe_close_wakes, 5 },
	{ "nfile_limit", nfile_limit, 10 },
	{ "linkunlink", linkunlink, 5 },
	{ "unlink_open", unlink_open, 5 },
	{ "dirs", dirs, 5 },
	{ "removed_cwd", removed_cwd, 10 },
	{ "deepdir", deepdir, 10 },
	{ "longnames", longnames, 5 },
	{ "mknod_dev", mknod_dev, 5 },
	{ "bigfile", bigfile, 10 },
	{ "hugefile", hugefile, 60 },
	{ "concreate", concreate, 10 },
	{ "cow_many_children", cow_many_children, 10 },
	{ "fork_then_exec", fork_then_exec, 10 },
	{ "read_into_cow", read_into_cow, 5 },
	{ "read_into_untouched", read_into_untouched, 5 },
	{ "write_from_untouched", write_from_untouched, 5 },
	{ "sbrk_regrow", sbrk_regrow, 5 },
	{ "lazy_sbrk_rss", lazy_sbrk_rss, 5 },
	{ "stack_growth", stack_growth, 5 },
	{ "stack_guard", stack_guard, 5 },
	{ "mmap_anon_private", mmap_anon_private, 5 },
	{ "mmap_anon_shared", mmap_anon_shared, 5 },
	{ "mmap_file_private", mmap_file_private, 5 },
	{ "mmap_file_shared", mmap_file_shared, 5 },
	{ "mmap_offsets", mmap_offsets, 5 },
	{ "mmap_partial_munmap", mmap_partial_munmap, 5 },
	{ "mprotect_readonly_kills", mprotect_readonly_kills, 5 },
	{ "mprotect_restores", mprotect_restores, 5 },
	{ "munmap_access_kills", munmap_access_kills, 5 },
	{ "mmap_bad_args", mmap_bad_args, 5 },
	{ "madvise_dontneed", madvise_dontneed, 5 },
	{ "mmap_past_eof_sigbus", mmap_past_eof_sigbus, 5 },
	{ "mmap_truncate_sigbus", mmap_truncate_sigbus, 5 },
	{ "pagecache_coherence", pagecache_coherence, 5 },
	{ "exec_changed_binary", exec_changed_binary, 10 },
	{ "exec_etxtbsy", exec_etxtbsy, 10 },
	{ "fsync_basic", fsync_basic, 5 },
	{ "fork_bomb", fork_bomb, 40 },
	{ "sbrk_oom", sbrk_oom, 30 },
	{ "oom_fork_exec", oom_fork_exec, 30 },
	{ "oom_fault", oom_fault, 30 },
	{ "fulldisk", fulldisk, 90 },
	{ "inodes_full", inodes_full, 60 },
	{ 0, 0, 0 },
};

static int run(struct test *t)
{
	int pid, status;

	current = t->name;
	pid = fork();
	if (pid < 0) {
		printf("test %s: FAILED fork: %s\n", t->name, strerror(errno));
		return 0;
	}
	if (pid == 0) {
		t->fn();
		exit(0);
	}
	if (wait(&status) != pid) {
		printf("test %s: FAILED wait: %s\n", t->name, strerror(errno));
		return 0;
	}
	if (status == 0)
		printf("test %s: OK\n", t->name);
	else if (status != FAILED_STATUS)
		printf("test %s: FAILED the test process died (exit status %d)\n",
		       t->name, status);
	return status == 0;
}

static int strspn_blank(const char *s)
{
	int n = 0;

	while (s[n] == ' ' || s[n] == '\t')
		n++;
	return n;
}

/* MemFree from /proc/meminfo, kB; -1 if it cannot be read. */
static long memfree_kb(void)
{
	static char text[4096];
	const char *v;

	if (proc_read("/proc/meminfo", text, sizeof(text)) < 0)
		return -1;
	v = proc_field(text, "MemFree");
	return v ? (long)proc_number(v, 0) : -1;
}

/* Pages on the per-CPU free lists: the "count:" lines under "pagesets"
 * in /proc/zoneinfo, summed over CPUs and zones; 0 if unreadable. */
static long pcp_pages(void)
{
	static char text[32768];
	long pages = 0;

	if (proc_read("/proc/zoneinfo", text, sizeof(text)) < 0)
		return 0;
	for (char *p = text; (p = strchr(p, 'c')) != 0; p++)
		if (strncmp(p, "count:", 6) == 0)
			pages += proc_number(p + 6 + strspn_blank(p + 6), 0);
	return pages;
}

/*
 * Free memory, kB: MemFree (the buddy lists only, as in Linux) plus the
 * pages resting on the per-CPU lists, which come and go by the hundred
 * with no leak at all, once the caches are dropped. See docs/testing.md
 * for what the tolerance covers.
 */
static long free_kb(void)
{
	long kb;

	/* What the kernel keeps on purpose (page cache, unused inodes) is not a leak. */
	sync();
	drop_caches("3");
	kb = memfree_kb();
	return kb < 0 ? kb : kb + pcp_pages() * (PGSIZE / 1024);
}

/* Page-table pages in use, kB (meminfo's PageTables): a leaked table shows here. */
static long pagetables_kb(void)
{
	static char text[4096];
	const char *v;

	if (proc_read("/proc/meminfo", text, sizeof(text)) < 0)
		return -1;
	v = proc_field(text, "PageTables");
	return v ? (long)proc_number(v, 0) : -1;
}

/* Orphans of the tests may still be exiting and being reaped by init:
 * give free memory three seconds to come back before calling it a leak. */
static int leak_check(long before, long pt_before)
{
	long after = free_kb(), pt_after = pagetables_kb();

	for (int i = 0; i < 30 && (before - after > LEAK_TOLERANCE_KB ||
				   pt_after - pt_before > PAGETABLE_TOLERANCE_KB); i++) {
		sleep(10);
		after = free_kb();
		pt_after = pagetables_kb();
	}
	if (before < 0 || after < 0 || pt_before < 0 || pt_after < 0) {
		printf("memfree: cannot read /proc/meminfo: FAILED\n");
		return 0;
	}
	int ok = before - after <= LEAK_TOLERANCE_KB;
	int pt_ok = pt_after - pt_before <= PAGETABLE_TOLERANCE_KB;
	printf("memfree: before %ld kB, after %ld kB (MemFree + per-CPU lists, caches dropped), "
	       "tolerance %d kB: %s\n", before, after, LEAK_TOLERANCE_KB, ok ? "OK" : "FAILED");
	printf("pagetables: before %ld kB, after %ld kB, tolerance %d kB: %s\n", pt_before,
	       pt_after, PAGETABLE_TOLERANCE_KB, pt_ok ? "OK" : "FAILED");
	return ok && pt_ok;
}

int main(int argc, char *argv[])
{
	static char failed[1024];
	int nfailed = 0, n = 0, leaks_ok;
	long before, pt_before;

	if (argc >= 2 && strcmp(argv[1], "-argc") == 0)
		exit(check_argc(argc, argv));
	if (argc == 2 && strcmp(argv[1], "-l") == 0) {
		for (struct test *t = tests; t->name; t++)
			printf("%s\n", t->name);
		exit(0);
	}
	for (int i = 1; i < argc; i++) {
		struct test *t;
		for (t = tests; t->name && strcmp(t->name, argv[i]) != 0; t++)
			;
		if (!t->name) {
			fprintf(2, "usertests: no test named %s (usertests -l lists them)\n", argv[i]);
			exit(1);
		}
	}
	before = free_kb();
	pt_before = pagetables_kb();
	for (struct test *t = tests; t->name; t++) {
		int chosen = argc == 1;
		for (int i = 1; i < argc; i++)
			chosen |= strcmp(t->name, argv[i]) == 0;
		if (!chosen)
			continue;
		n++;
		if (!run(t)) {
			nfailed++;
			if (strlen(failed) + strlen(t->name) + 2 < sizeof(failed)) {
				strcat(failed, " ");
				strcat(failed, t->name);
			}
		}
	}
	leaks_ok = leak_check(before, pt_before);
	if (nfailed == 0 && leaks_ok)
		printf("ALL TESTS PASSED\n");
	else
		printf("SOME TESTS FAILED:%s%s\n", failed, leaks_ok ? "" : " (memory leak)");
	exit(nfailed || !leaks_ok);
}
