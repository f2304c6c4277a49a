/*
 * grep PATTERN [FILE...]: print the lines that match PATTERN
 * (Linux: GNU grep, basic regular expressions).
 *
 * PATTERN knows  c (itself)  .  (any character)  x* (zero or more x)
 * ^ at its start and $ at its end (anchors), and \c for c taken literally.
 * The pattern becomes a list of atoms, and a line is matched by keeping the
 * set of atoms the match could have reached so far (a Thompson NFA): time
 * proportional to line length times pattern length, with no backtracking.
 * GNU grep adds [classes], \(groups\), alternation and a DFA.
 *
 * With several files each line is printed after its file's name, as GNU
 * grep does. Exit status: 0 a line matched, 1 none did, 2 an error.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"

#define MAXATOMS 256
#define MAXLINE  1024

struct atom {
	char ch;
	bool any;	/* '.' */
	bool star;	/* followed by '*' */
};

static struct {
	struct atom atoms[MAXATOMS];
	int n;
	bool anchor_start, anchor_end;
} re;

static int compile(const char *p)
{
	if (*p == '^') {
		re.anchor_start = true;
		p++;
	}
	for (; *p; p++) {
		if (*p == '$' && p[1] == '\0') {
			re.anchor_end = true;
			break;
		}
		if (*p == '*' && re.n > 0 && !re.atoms[re.n - 1].star) {
			re.atoms[re.n - 1].star = true;
			continue;
		}
		if (re.n == MAXATOMS)
			return -1;
		if (*p == '\\' && p[1])
			p++;
		else if (*p == '.')
			re.atoms[re.n].any = true;
		re.atoms[re.n++].ch = *p;	/* a leading '*' is literal, as in POSIX */
	}
	return 0;
}

/* Add state i and what it reaches without input: past every starred atom. */
static void add_state(bool *set, int i)
{
	for (; i < re.n && !set[i]; i++) {
		set[i] = true;
		if (!re.atoms[i].star)
			return;
	}
	set[i] = true;	/* i == re.n: the whole pattern matched */
}

static bool match(const char *s, int len)
{
	bool a[MAXATOMS + 1], b[MAXATOMS + 1], *cur = a, *nxt = b, *t;
	const struct atom *at;

	memset(cur, 0, sizeof(a));
	add_state(cur, 0);
	for (int k = 0;; k++) {
		if (cur[re.n] && (!re.anchor_end || k == len))
			return true;
		if (k == len)
			return false;
		memset(nxt, 0, sizeof(a));
		for (int i = 0; i < re.n; i++) {
			at = &re.atoms[i];
			if (cur[i] && (at->any || at->ch == s[k]))
				add_state(nxt, at->star ? i : i + 1);
		}
		if (!re.anchor_start)	/* a match may also start at the next character */
			add_state(nxt, 0);
		t = cur;
		cur = nxt;
		nxt = t;
	}
}

static char buf[MAXLINE];

/* Print the line if it matches; 1 if it did. The line ends at s[len] ('\n' or the buffer's end). */
static int check_line(char *s, int len, bool has_newline, const char *name, bool show_name)
{
	if (!match(s, len))
		return 0;
	if (show_name)
		printf("%s:", name);
	if (has_newline)
		write(1, s, len + 1);
	else {
		write(1, s, len);
		write(1, "\n", 1);
	}
	return 1;
}

/* 1 if a line matched, 0 if not, -1 on a read error. */
static int grep(int fd, const char *name, bool show_name)
{
	int have = 0, n, found = 0, start;

	for (;;) {
		n = read(fd, buf + have, sizeof(buf) - have);
		if (n < 0) {
			fprintf(2, "grep: %s: %s\n", name, strerror(errno));
			return -1;
		}
		have += n;
		start = 0;
		for (int i = 0; i < have; i++) {
			if (buf[i] == '\n') {
				found |= check_line(buf + start, i - start, true, name, show_name);
				start = i + 1;
			}
		}
		have -= start;
		memmove(buf, buf + start, have);
		/* At end of file, or when a line fills the buffer, what is left is one line. */
		if (n == 0 || have == (int)sizeof(buf)) {
			if (have > 0)
				found |= check_line(buf, have, false, name, show_name);
			have = 0;
			if (n == 0)
				return found;
		}
	}
}

int main(int argc, char *argv[])
{
	int status = 1, fd, r;

	if (argc < 2) {
		fprintf(2, "usage: grep PATTERN [FILE...]\n");
		exit(2);
	}
	if (compile(argv[1]) < 0) {
		fprintf(2, "grep: pattern too long\n");
		exit(2);
	}
	if (argc == 2)
		exit(grep(0, "(standard input)", false) > 0 ? 0 : 1);
	for (int i = 2; i < argc; i++) {
		fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			fprintf(2, "grep: %s: %s\n", argv[i], strerror(errno));
			status = 2;
			continue;
		}
		r = grep(fd, argv[i], argc > 3);
		close(fd);
		if (r < 0)
			status = 2;
		else if (r > 0 && status == 1)
			status = 0;
	}
	exit(status);
}
