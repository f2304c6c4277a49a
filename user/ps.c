/*
 * ps: one line for every process, from /proc (Linux: procps-ng ps).
 *
 *   PID  PPID STATE  RSS(kB) NAME
 *     1     0 S           24 init
 *
 * The processes are the numeric entries of /proc; the columns come from
 * /proc/<pid>/status (Pid, PPid, State, VmRSS, Name; a kernel thread has
 * no VmRSS and shows 0). Sorted by PID. A process that exits while we
 * look is skipped. Linux's ps reads /proc/<pid>/stat and has many more
 * columns and options; this is `ps -e -o pid,ppid,state,rss,comm`.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "user/user.h"
#include "user/proc.h"

struct proc_line {
	int pid, ppid;
	char state;
	unsigned long rss_kb;
	char name[32];
};

static struct proc_line *procs;
static int nprocs, capacity;

static bool is_number(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Copy the rest of the line at v (0: absent) into dst, at most size-1 bytes. */
static void copy_line(char *dst, int size, const char *v)
{
	int n = 0;

	while (v && v[n] && v[n] != '\n' && n < size - 1) {
		dst[n] = v[n];
		n++;
	}
	dst[n] = '\0';
}

static struct proc_line *new_line(void)
{
	if (nprocs == capacity) {
		int more = capacity ? 2 * capacity : 64;
		struct proc_line *p = malloc(more * sizeof(*p));

		if (!p)
			return 0;
		if (procs)
			memmove(p, procs, nprocs * sizeof(*p));
		free(procs);
		procs = p;
		capacity = more;
	}
	return &procs[nprocs++];
}

static void read_status(const char *pid)
{
	char path[64], text[2048];
	const char *v;
	struct proc_line *p;

	snprintf(path, sizeof(path), "/proc/%s/status", pid);
	if (proc_read(path, text, sizeof(text)) < 0)
		return;		/* it exited since we listed /proc */
	p = new_line();
	if (!p) {
		fprintf(2, "ps: out of memory\n");
		exit(1);
	}
	v = proc_field(text, "Pid");
	p->pid = v ? (int)proc_number(v, 0) : atoi(pid);
	v = proc_field(text, "PPid");
	p->ppid = v ? (int)proc_number(v, 0) : 0;
	v = proc_field(text, "State");
	p->state = v && *v && *v != '\n' ? *v : '?';
	v = proc_field(text, "VmRSS");
	p->rss_kb = v ? proc_number(v, 0) : 0;
	copy_line(p->name, sizeof(p->name), proc_field(text, "Name"));
}

static void sort_by_pid(void)
{
	for (int i = 1; i < nprocs; i++) {
		struct proc_line key = procs[i];
		int j = i - 1;

		for (; j >= 0 && procs[j].pid > key.pid; j--)
			procs[j + 1] = procs[j];
		procs[j + 1] = key;
	}
}

int main(int argc, char *argv[])
{
	char name[DIRSIZ + 1];
	struct dirent de;
	int fd, n;

	if (argc > 1) {
		fprintf(2, "usage: ps\n");
		exit(1);
	}
	fd = open("/proc", O_RDONLY);
	if (fd < 0) {
		fprintf(2, "ps: /proc: %s\n", strerror(errno));
		exit(1);
	}
	while ((n = read(fd, &de, sizeof(de))) == sizeof(de)) {
		if (de.inum == 0)
			continue;
		memmove(name, de.name, DIRSIZ);
		name[DIRSIZ] = '\0';
		if (is_number(name))
			read_status(name);
	}
	if (n < 0) {
		fprintf(2, "ps: /proc: %s\n", strerror(errno));
		exit(1);
	}
	close(fd);
	sort_by_pid();
	printf("%5s %5s %-5s %8s %s\n", "PID", "PPID", "STATE", "RSS(kB)", "NAME");
	for (int i = 0; i < nprocs; i++)
		printf("%5d %5d %-5c %8lu %s\n", procs[i].pid, procs[i].ppid, procs[i].state,
		       procs[i].rss_kb, procs[i].name);
	exit(0);
}
