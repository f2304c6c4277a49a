/*
 * sh: the shell (Linux: /bin/sh, e.g. dash; xv6: user/sh.c).
 *
 * Reads a line from standard input, parses it into a tree, runs it, and
 * repeats until end of file, so `sh < script` runs a script. It knows
 *
 *   cmd args...        run a program: cmd as given, then /cmd if that fails
 *   a | b              a's standard output into b's standard input
 *   < file  > file     redirect standard input / output (no >>: open() has no O_APPEND)
 *   a ; b    a &       one after the other / without waiting
 *   ( list )           a list run in a child, which may be redirected as a whole
 *   'quoted' "words"   spaces and special characters kept as they are
 *   # comment          to the end of the line
 *   cd dir   exit [n]  built into the shell
 *
 * A line is parsed whole before anything runs, so a syntax error runs
 * nothing. Each program runs in a child; the shell waits for it (and reaps
 * finished background jobs on the way). Nothing a command does can end
 * the shell, except `exit`. Unlike dash there are no variables, globbing,
 * job control or control flow.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/errno.h"

#define MAXLINE   1024
#define MAXARGS   MAXARG		/* exec's limit, kernel/param.h */
#define MAXTOKENS 256
#define MAXNODES  64
#define MAXREDIRS 4

/* ---- tokens ---- */

enum token_kind { T_WORD, T_PIPE, T_SEMI, T_AMP, T_IN, T_OUT, T_APPEND, T_LPAREN, T_RPAREN, T_END };

struct token {
	enum token_kind kind;
	char *word;		/* T_WORD: the word, quotes removed */
};

static const char *const token_text[] = {
	[T_WORD] = "word", [T_PIPE] = "|", [T_SEMI] = ";", [T_AMP] = "&", [T_IN] = "<",
	[T_OUT] = ">", [T_APPEND] = ">>", [T_LPAREN] = "(", [T_RPAREN] = ")",
	[T_END] = "end of line",
};

/* ---- the command tree ---- */

enum node_kind { N_CMD, N_PIPE, N_SEQ, N_BACK, N_GROUP };

struct redir {
	int fd;			/* 0 or 1 */
	int flags;		/* for open() */
	char *file;
};

struct node {
	enum node_kind kind;
	int argc;
	char *argv[MAXARGS + 1];	/* N_CMD */
	int nredirs;
	struct redir redirs[MAXREDIRS];	/* N_CMD, N_GROUP */
	struct node *left, *right;	/* N_PIPE, N_SEQ: both; N_BACK, N_GROUP: left */
};

/* One line's worth of everything: filled by parse_line(), reused for the next line. */
static struct {
	char words[2 * MAXLINE];
	struct token tokens[MAXTOKENS];
	int ntokens, pos;
	struct node nodes[MAXNODES];
	int nnodes;
	bool error;
} line;

/* Only the first error of a line is reported: the rest usually follow from it. */
static void syntax_error(const char *what)
{
	if (!line.error)
		fprintf(2, "sh: syntax error: %s\n", what);
	line.error = true;
}

static void syntax_error_near(enum token_kind kind)
{
	if (!line.error)
		fprintf(2, "sh: syntax error near '%s'\n", token_text[kind]);
	line.error = true;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v';
}

static bool is_special(char c)
{
	return strchr("|;&<>()", c) != 0 && c != '\0';
}

static void add_token(enum token_kind kind, char *word)
{
	if (line.ntokens == MAXTOKENS - 1) {	/* keep a slot for T_END */
		syntax_error("too many words");
		return;
	}
	line.tokens[line.ntokens++] = (struct token){ kind, word };
}

/* Copy one word at s into *out (quotes removed); returns where it ends. */
static const char *scan_word(const char *s, char **out)
{
	while (*s && !is_space(*s) && !is_special(*s)) {
		if (*s == '\'' || *s == '"') {
			char quote = *s++;

			while (*s && *s != quote)
				*(*out)++ = *s++;
			if (*s != quote) {
				syntax_error("unterminated quote");
				break;
			}
			s++;
		} else {
			if (*s == '\\' && s[1])
				s++;
			*(*out)++ = *s++;
		}
	}
	*(*out)++ = '\0';
	return s;
}

static void tokenize(const char *s)
{
	char *out = line.words;

	for (;;) {
		while (is_space(*s))
			s++;
		if (*s == '\0' || *s == '#')
			break;
		switch (*s) {
		case '|': add_token(T_PIPE, 0); s++; break;
		case ';': add_token(T_SEMI, 0); s++; break;
		case '&': add_token(T_AMP, 0); s++; break;
		case '<': add_token(T_IN, 0); s++; break;
		case '(': add_token(T_LPAREN, 0); s++; break;
		case ')': add_token(T_RPAREN, 0); s++; break;
		case '>':
			if (s[1] == '>') {
				add_token(T_APPEND, 0);
				s += 2;
			} else {
				add_token(T_OUT, 0);
				s++;
			}
			break;
		default: {
			char *word = out;

			s = scan_word(s, &out);
			add_token(T_WORD, word);
		}
		}
	}
	line.tokens[line.ntokens++] = (struct token){ T_END, 0 };
}

/* ---- parser: list := pipeline {(';'|'&') pipeline}; pipeline := command {'|' command} ---- */

static struct token *peek(void)
{
	return &line.tokens[line.pos];
}

static struct token *next(void)
{
	struct token *t = &line.tokens[line.pos];

	if (t->kind != T_END)
		line.pos++;
	return t;
}

static struct node *new_node(enum node_kind kind, struct node *left, struct node *right)
{
	struct node *n;

	if (line.nnodes == MAXNODES) {
		syntax_error("line too complex");
		return 0;
	}
	n = &line.nodes[line.nnodes++];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->left = left;
	n->right = right;
	return n;
}

static void parse_redir(struct node *n)
{
	enum token_kind kind = next()->kind;
	struct token *file = next();
	struct redir *r;

	if (kind == T_APPEND) {
		syntax_error(">> is not supported (open() has no O_APPEND)");
		return;
	}
	if (file->kind != T_WORD) {
		syntax_error("redirection without a file name");
		return;
	}
	if (n->nredirs == MAXREDIRS) {
		syntax_error("too many redirections");
		return;
	}
	r = &n->redirs[n->nredirs++];
	r->file = file->word;
	r->fd = kind == T_IN ? 0 : 1;
	r->flags = kind == T_IN ? O_RDONLY : O_WRONLY | O_CREATE | O_TRUNC;
}

static bool is_redir(enum token_kind k)
{
	return k == T_IN || k == T_OUT || k == T_APPEND;
}

static struct node *parse_list(void);

static struct node *parse_command(void)
{
	struct node *n;

	if (peek()->kind == T_LPAREN) {
		next();
		n = new_node(N_GROUP, parse_list(), 0);
		if (next()->kind != T_RPAREN)
			syntax_error("missing )");
		while (n && is_redir(peek()->kind))
			parse_redir(n);
		return n;
	}
	n = new_node(N_CMD, 0, 0);
	while (n && !line.error) {
		if (is_redir(peek()->kind)) {
			parse_redir(n);
		} else if (peek()->kind == T_WORD) {
			if (n->argc == MAXARGS) {
				syntax_error("too many arguments");
				break;
			}
			n->argv[n->argc++] = next()->word;
		} else {
			break;
		}
	}
	if (n && n->argc == 0 && n->nredirs == 0)
		syntax_error_near(peek()->kind);
	return n;
}

static struct node *parse_pipeline(void)
{
	struct node *n = parse_command();

	if (peek()->kind == T_PIPE) {
		next();
		n = new_node(N_PIPE, n, parse_pipeline());
	}
	return n;
}

static bool ends_list(enum token_kind k)
{
	return k == T_END || k == T_RPAREN;
}

static struct node *parse_list(void)
{
	struct node *n = parse_pipeline();

	while (!line.error && (peek()->kind == T_SEMI || peek()->kind == T_AMP)) {
		if (next()->kind == T_AMP)
			n = new_node(N_BACK, n, 0);
		if (ends_list(peek()->kind))
			break;
		n = new_node(N_SEQ, n, parse_list());
	}
	return n;
}

/* The tree for one line, or 0 if it is empty or has a syntax error. */
static struct node *parse_line(const char *text)
{
	struct node *n;

	line.ntokens = line.pos = line.nnodes = 0;
	line.error = false;
	tokenize(text);
	if (line.error || peek()->kind == T_END)
		return 0;
	n = parse_list();
	if (peek()->kind != T_END)
		syntax_error_near(peek()->kind);
	return line.error ? 0 : n;
}

/* ---- running ---- */

static int eval(struct node *n);

/* Wait for pid, reaping any finished background job on the way; its exit status. */
static int wait_for(int pid)
{
	int status, got;

	for (;;) {
		got = wait(&status);
		if (got == pid)
			return status;
		if (got < 0)
			return 1;
	}
}

static int fork_or_complain(void)
{
	int pid = fork();

	if (pid < 0)
		fprintf(2, "sh: fork failed: %s\n", strerror(errno));
	return pid;
}

/* Make n's redirections; on failure say why and return -1. */
static int redirect(struct node *n)
{
	for (int i = 0; i < n->nredirs; i++) {
		struct redir *r = &n->redirs[i];
		int fd = open(r->file, r->flags);

		if (fd < 0) {
			fprintf(2, "sh: %s: %s\n", r->file, strerror(errno));
			return -1;
		}
		if (fd != r->fd) {
			close(r->fd);
			if (dup(fd) != r->fd) {
				fprintf(2, "sh: %s: cannot redirect\n", r->file);
				return -1;
			}
			close(fd);
		}
	}
	return 0;
}

/* Replace this process by the program argv[0]; never returns. */
static __noreturn void exec_program(char **argv)
{
	char path[MAXPATH];
	int err;

	exec(argv[0], argv);
	err = errno;
	if (!strchr(argv[0], '/') && strlen(argv[0]) + 2 <= sizeof(path)) {
		path[0] = '/';
		strcpy(path + 1, argv[0]);
		exec(path, argv);
		if (err == ENOENT)
			err = errno;	/* the more interesting of the two failures */
	}
	fprintf(2, "exec %s failed: %s\n", argv[0], strerror(err));
	exit(err == ENOENT ? 127 : 126);	/* as POSIX shells do */
}

/* cd and exit change the shell itself, so they run in it. */
static bool builtin(struct node *n, int *status)
{
	if (n->kind != N_CMD || n->argc == 0)
		return false;
	if (strcmp(n->argv[0], "cd") == 0) {
		const char *dir = n->argc > 1 ? n->argv[1] : "/";

		*status = 0;
		if (n->argc > 2) {
			fprintf(2, "cd: too many arguments\n");
			*status = 1;
		} else if (chdir(dir) < 0) {
			fprintf(2, "cd: %s: %s\n", dir, strerror(errno));
			*status = 1;
		}
		return true;
	}
	if (strcmp(n->argv[0], "exit") == 0) {
		int code = 0;

		if (n->argc > 1 && parse_int(n->argv[1], &code) < 0) {
			fprintf(2, "exit: %s: numeric argument required\n", n->argv[1]);
			code = 2;	/* as bash */
		}
		exit(code);
	}
	return false;
}

/* Become n: this process is a child the shell forked; never returns. */
static __noreturn void run(struct node *n)
{
	int p[2], left, right, status;

	switch (n->kind) {
	case N_CMD:
		if (redirect(n) < 0)
			exit(1);
		if (n->argc == 0)
			exit(0);
		if (builtin(n, &status))	/* cd in a pipeline: changes nothing after */
			exit(status);
		exec_program(n->argv);
		break;
	case N_PIPE:
		if (pipe(p) < 0) {
			fprintf(2, "sh: pipe failed: %s\n", strerror(errno));
			exit(1);
		}
		left = fork_or_complain();
		if (left == 0) {
			close(1);
			dup(p[1]);
			close(p[0]);
			close(p[1]);
			run(n->left);
		}
		right = left < 0 ? -1 : fork_or_complain();
		if (right == 0) {
			close(0);
			dup(p[0]);
			close(p[0]);
			close(p[1]);
			run(n->right);
		}
		close(p[0]);
		close(p[1]);
		if (left > 0)
			wait_for(left);
		exit(right > 0 ? wait_for(right) : 1);	/* a pipeline's status is its last command's */
		break;
	case N_GROUP:
		if (redirect(n) < 0)
			exit(1);
		exit(eval(n->left));
		break;
	default:
		exit(eval(n));
	}
	exit(1);
}

/* Run n from the shell: lists and builtins here, everything else in a child. */
static int eval(struct node *n)
{
	int pid, status;

	switch (n->kind) {
	case N_SEQ:
		eval(n->left);
		return eval(n->right);
	case N_BACK:
		pid = fork_or_complain();
		if (pid == 0)
			run(n->left);
		return pid < 0 ? 1 : 0;
	default:
		if (builtin(n, &status))
			return status;
		pid = fork_or_complain();
		if (pid == 0)
			run(n);
		return pid < 0 ? 1 : wait_for(pid);
	}
}

/* ---- reading ---- */

/*
 * One line from standard input, a byte at a time so that the rest stays
 * for the programs we start (`sh < script` where a command reads stdin).
 * -1 at end of file; a line too long is thrown away whole, with a message.
 */
static int read_line(char *buf, int size)
{
	int n = 0, r;
	bool too_long = false;
	char c;

	for (;;) {
		r = read(0, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (c == '\n')
			break;
		if (n + 1 < size)
			buf[n++] = c;
		else
			too_long = true;
	}
	buf[n] = '\0';
	if (r <= 0 && n == 0)
		return -1;
	if (too_long) {
		fprintf(2, "sh: line longer than %d characters ignored\n", size - 1);
		buf[0] = '\0';
	}
	return n;
}

/* Prompt unless commands come from a file (`sh < script`). */
static bool interactive(void)
{
	struct stat st;

	return fstat(0, &st) < 0 || (st.type != T_FILE && st.type != T_DIR);
}

int main(void)
{
	static char buf[MAXLINE];
	bool prompt = interactive();
	struct node *tree;

	for (;;) {
		if (prompt)
			fprintf(2, "$ ");
		if (read_line(buf, sizeof(buf)) < 0)
			break;
		tree = parse_line(buf);
		if (tree)
			eval(tree);
	}
	exit(0);
}
