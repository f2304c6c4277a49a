"""Host-side tests of the user library and the user-program build.

Run with the other harness self-tests (`python3 -m unittest discover -s
grading -p 'test_*.py'`). No kernel needed:

  - usys.S: every SYS_ number in kernel/syscall.h gets a wrapper, and every
    system call user/user.h declares has a number;
  - user/errno.h has kernel/errno.h's numbers, and strerror() a message for each;
  - printf.c's snprintf agrees with the host C library's on many formats;
  - umalloc.c's malloc/free (over a fake sbrk) never hands out overlapping
    or misaligned blocks, keeps contents, and merges freed neighbours;
  - ulib.c and string.c agree with the host C library;
  - with the RISC-V cross compiler: `make user` builds every program with
    -Werror, each an ELF for 0x10000 with no floating-point ABI.

The library files are compiled with the host's gcc, and their public names
renamed in the object file (objcopy --redefine-sym malloc=u_malloc) so they
do not meet the host libc's.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(TOP, 'scripts'))

import usys  # noqa: E402

HOST_CC = shutil.which('gcc') or shutil.which('cc')


def read(path):
    with open(os.path.join(TOP, path)) as f:
        return f.read()


def defines(text, prefix):
    """{NAME: value} for every `#define PREFIXxxx number`."""
    return {m.group(1): int(m.group(2), 0) for m in
            re.finditer(r'^\s*#\s*define\s+(%s\w*)\s+(\d+|0x[0-9a-fA-F]+)\b' % prefix,
                        text, re.M)}


def user_syscalls():
    """The names user/user.h declares in its system call section."""
    text = read('user/user.h')
    section = text.split('/* System calls')[1].split('/* user/lib')[0]
    return re.findall(r'\b(\w+)\s*\([^)]*\)\s*(?:__attribute__[^;]*)?;', section)


class UsysTest(unittest.TestCase):
    def test_every_syscall_number_gets_a_wrapper(self):
        header = read('kernel/syscall.h')
        out = usys.generate(header)
        numbers = defines(header, 'SYS_')
        self.assertGreaterEqual(len(numbers), 21)
        for name in numbers:
            short = name[len('SYS_'):]
            self.assertIn('\n%s:\n' % short, out)
            self.assertIn('li a7, %s\n' % name, out)
            self.assertIn('.globl %s\n' % short, out)

    def test_every_declared_syscall_has_a_number(self):
        numbers = defines(read('kernel/syscall.h'), 'SYS_')
        declared = user_syscalls()
        self.assertEqual(len(declared), 21, declared)
        for name in declared:
            self.assertIn('SYS_' + name, numbers)

    def test_xv6_numbers(self):
        numbers = defines(read('kernel/syscall.h'), 'SYS_')
        xv6 = ['fork', 'exit', 'wait', 'pipe', 'read', 'kill', 'exec', 'fstat', 'chdir',
               'dup', 'getpid', 'sbrk', 'sleep', 'uptime', 'open', 'write', 'mknod',
               'unlink', 'link', 'mkdir', 'close']
        for i, name in enumerate(xv6, 1):
            self.assertEqual(numbers['SYS_' + name], i)

    def test_a_new_syscall_needs_only_its_number(self):
        out = usys.generate('#define SYS_fork 1\n#define SYS_frobnicate 40\n'
                            '#define NR_syscalls 41\n')
        self.assertIn('\nfrobnicate:\n', out)
        self.assertNotIn('NR_syscalls', out.split('#include')[1])
        # The error test: -4095..-1 (unsigned >= -4095) goes to __syscall_error.
        self.assertIn('li t0, -4095', out)
        self.assertIn('tail __syscall_error', out)

    @unittest.skipUnless(shutil.which('riscv64-unknown-elf-gcc'), 'no RISC-V cross compiler')
    def test_assembles_with_each_wrapper_global(self):
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, 'usys.S')
            with open(src, 'w') as f:
                f.write(usys.generate(read('kernel/syscall.h')))
            obj = os.path.join(tmp, 'usys.o')
            subprocess.run(['riscv64-unknown-elf-gcc', '-march=rv64imac_zicsr', '-mabi=lp64',
                            '-I', TOP, '-c', src, '-o', obj], check=True)
            nm = subprocess.run(['riscv64-unknown-elf-nm', obj], check=True,
                                capture_output=True, text=True).stdout
            for name in user_syscalls():
                self.assertRegex(nm, r'\bT %s\n' % name)
            self.assertRegex(nm, r'\bU __syscall_error\n')


class ErrnoTest(unittest.TestCase):
    def test_user_errno_matches_kernel(self):
        kernel = defines(read('kernel/errno.h'), 'E')
        user = defines(read('user/errno.h'), 'E')
        self.assertTrue(kernel)
        for name, value in kernel.items():
            self.assertEqual(user.get(name), value, name)

    def test_every_errno_has_a_message(self):
        text = read('user/lib/errno.c')
        for name in defines(read('user/errno.h'), 'E'):
            self.assertRegex(text, r'\[%s\] = "[A-Z]' % name)


def host_build(tmp, sources, harness, renames):
    """Compile library sources with a C harness on the host; the program's path."""
    flags = ['-std=gnu11', '-O1', '-g', '-Wall', '-Werror', '-fno-builtin', '-I', TOP,
             '-fsanitize=address,undefined', '-fno-sanitize-recover=all',
             '-Wno-builtin-declaration-mismatch']
    objs = []
    for i, src in enumerate(sources):
        obj = os.path.join(tmp, 'lib%d.o' % i)
        subprocess.run([HOST_CC] + flags + ['-c', os.path.join(TOP, src), '-o', obj],
                       check=True)
        subprocess.run(['objcopy'] + ['--redefine-sym=%s=u_%s' % (n, n) for n in renames] +
                       [obj], check=True)
        objs.append(obj)
    hsrc = os.path.join(tmp, 'harness.c')
    with open(hsrc, 'w') as f:
        f.write(harness)
    exe = os.path.join(tmp, 'harness')
    subprocess.run([HOST_CC, '-std=gnu11', '-O1', '-g', '-Wall', '-Wno-format',
                    '-Wno-format-security', '-fsanitize=address,undefined',
                    '-o', exe, hsrc] + objs, check=True)
    return exe


def sanitizers_work():
    if not HOST_CC or not shutil.which('objcopy'):
        return False
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, 't.c')
        with open(src, 'w') as f:
            f.write('int main(void) { return 0; }\n')
        p = subprocess.run([HOST_CC, '-fsanitize=address,undefined', src, '-o',
                            os.path.join(tmp, 't')], capture_output=True)
        return p.returncode == 0


HAVE_HOST_CC = sanitizers_work()

PRINTF_NAMES = ['snprintf', 'vsnprintf', 'printf', 'fprintf', 'vfprintf', 'write']

PRINTF_HARNESS = r'''
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int u_snprintf(char *, unsigned long, const char *, ...);
void u_fprintf(int, const char *, ...);
static char sink[4096];
static int sunk;
int u_write(int fd, const void *p, int n) { memcpy(sink + sunk, p, n); sunk += n; return n; }
static int bad;
#define T(...) do { char a[256], b[256]; int ra = u_snprintf(a, sizeof(a), __VA_ARGS__); \
	int rb = snprintf(b, sizeof(b), __VA_ARGS__); \
	if (ra != rb || strcmp(a, b)) { bad++; printf("MISMATCH %s: ours [%s] %d, libc [%s] %d\n", \
	#__VA_ARGS__, a, ra, b, rb); } } while (0)
int main(void)
{
	char small[8];
	T("plain"); T("%d", 0); T("%d", -1); T("%d", 2147483647); T("%d", (int)-2147483648LL);
	T("%i|%u", 42, 4294967295U); T("%x|%X|%o", 0xbeefu, 0xbeefu, 8u);
	T("%ld", -9223372036854775807L - 1); T("%lu", 18446744073709551615UL);
	T("%lld|%llx", -5LL, 0xffffffffffffffffULL); T("%zu", (size_t)123); T("%hd|%hhu", 70000, 300);
	T("[%5d]", 42); T("[%-5d]", 42); T("[%05d]", -42); T("[%+d]", 5); T("[% d]", 5);
	T("[%.3d]", 7); T("[%8.3d]", -7); T("[%.0d]", 0); T("[%#x]", 255u); T("[%#o]", 8u);
	T("[%*d]", 6, 1); T("[%-*d]", 6, 1); T("[%*d]", -6, 1); T("[%.*s]", 3, "abcdef");
	T("[%s]", "str"); T("[%10s]", "str"); T("[%-10s]", "str"); T("[%.2s]", "str");
	T("[%c]", 'x'); T("[%3c]", 'x'); T("[%-3c]", 'x'); T("100%%"); T("%s%s%s", "a", "", "c");
	T("%d %s %x %c", 1, "two", 3u, '4');
	/* truncation: the return value is what would have been written */
	int n = u_snprintf(small, sizeof(small), "%s", "0123456789");
	if (n != 10 || strcmp(small, "0123456")) { bad++; printf("MISMATCH truncation [%s] %d\n", small, n); }
	if (u_snprintf(0, 0, "%d", 12345) != 5) { bad++; printf("MISMATCH size 0\n"); }
	/* xv6's %p: 0x and 16 digits; the fd writer gathers the whole line. */
	u_fprintf(1, "%p|%s", (void *)0x1234, (char *)0);
	if (strcmp(sink, "0x0000000000001234|(null)")) { bad++; printf("MISMATCH fprintf [%s]\n", sink); }
	/* longer than the fprintf buffer: must arrive whole, in order */
	char long_text[1001]; memset(long_text, 'z', 1000); long_text[1000] = 0; sunk = 0;
	memset(sink, 0, sizeof(sink));
	u_fprintf(2, "<%s>", long_text);
	if (sunk != 1002 || sink[0] != '<' || sink[1001] != '>') { bad++; printf("MISMATCH long %d\n", sunk); }
	printf("%s\n", bad ? "FAILED" : "PASSED");
	return bad != 0;
}
'''

MALLOC_HARNESS = r'''
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
void *u_malloc(unsigned int);
void u_free(void *);
static char arena[8 << 20] __attribute__((aligned(16)));
static long brk_off = 8, sbrk_calls;      /* start misaligned, as a real break may be */
char *u_sbrk(int n)
{
	if (brk_off + n > (long)sizeof(arena) || brk_off + n < 0) return (char *)-1;
	char *old = arena + brk_off; brk_off += n; sbrk_calls++; return old;
}
#define N 500
int main(void)
{
	static char *p[N]; static unsigned sz[N]; int bad = 0;
	srand(1);
	for (int round = 0; round < 20000; round++) {
		int i = rand() % N;
		if (p[i]) {
			for (unsigned k = 0; k < sz[i]; k++)
				if (p[i][k] != (char)(i + k)) { bad++; break; }
			u_free(p[i]); p[i] = 0;
		} else {
			sz[i] = rand() % 3 == 0 ? rand() % 20000 : rand() % 200;
			p[i] = u_malloc(sz[i]);
			if (!p[i] || ((uintptr_t)p[i] & 15)) { bad++; printf("bad block %p\n", p[i]); continue; }
			for (unsigned k = 0; k < sz[i]; k++) p[i][k] = (char)(i + k);
		}
	}
	for (int i = 0; i < N; i++) {
		if (!p[i]) continue;
		for (unsigned k = 0; k < sz[i]; k++)
			if (p[i][k] != (char)(i + k)) { bad++; printf("block %d corrupted\n", i); break; }
		u_free(p[i]);
	}
	/* Everything is free and merged again: a block as big as the heap fits without growing. */
	long used = brk_off, calls = sbrk_calls;
	void *all = u_malloc((unsigned)(used - 64 - 32));
	if (!all || sbrk_calls != calls) { bad++; printf("freed blocks not merged (%ld sbrk calls more)\n", sbrk_calls - calls); }
	u_free(all);
	if (u_malloc(0xfffffff0u) != 0) { bad++; printf("a 4 GiB malloc succeeded\n"); }
	void *z = u_malloc(0); if (!z) { bad++; printf("malloc(0) failed\n"); } u_free(z);
	u_free(0);
	printf("%s\n", bad ? "FAILED" : "PASSED");
	return bad != 0;
}
'''

ULIB_NAMES = ['strcpy', 'strcmp', 'strlen', 'strchr', 'memset', 'memcmp', 'memmove', 'memcpy',
              'gets', 'stat', 'atoi', 'read', 'open', 'fstat', 'close', 'strncmp', 'strncpy',
              'strrchr', 'strcat', 'parse_int', 'parse_size', 'errno']

ULIB_HARNESS = r'''
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
int u_errno;
unsigned u_strlen(const char *); char *u_strcpy(char *, const char *); int u_strcmp(const char *, const char *);
char *u_strchr(const char *, char); void *u_memset(void *, int, unsigned); int u_memcmp(const void *, const void *, unsigned);
void *u_memmove(void *, const void *, int); void *u_memcpy(void *, const void *, unsigned); int u_atoi(const char *);
char *u_gets(char *, int); int u_strncmp(const char *, const char *, unsigned); char *u_strncpy(char *, const char *, unsigned);
char *u_strrchr(const char *, int); char *u_strcat(char *, const char *); int u_parse_int(const char *, int *);
int u_parse_size(const char *, int, unsigned long *);
int u_open(const char *p, int f) { return -1; } int u_fstat(int fd, void *st) { return -1; } int u_close(int fd) { return 0; }
static const char *input = "one\ntwo\n"; static int pos;
int u_read(int fd, void *buf, int n) { if (!input[pos]) return 0; *(char *)buf = input[pos++]; return 1; }
static int sign(int x) { return (x > 0) - (x < 0); }
int bad;
#define CHECK(c) do { if (!(c)) { bad++; printf("FAILED: %s\n", #c); } } while (0)
int main(void)
{
	const char *words[] = { "", "a", "abc", "abd", "ab", "\xff", "hello world" };
	char a[64], b[64]; int v;
	for (int i = 0; i < 7; i++) {
		CHECK(u_strlen(words[i]) == strlen(words[i]));
		for (int j = 0; j < 7; j++) {
			CHECK(sign(u_strcmp(words[i], words[j])) == sign(strcmp(words[i], words[j])));
			for (unsigned n = 0; n < 5; n++)
				CHECK(sign(u_strncmp(words[i], words[j], n)) == sign(strncmp(words[i], words[j], n)));
			CHECK(sign(u_memcmp(words[i], words[j], 1)) == sign(memcmp(words[i], words[j], 1)));
		}
	}
	CHECK(u_strchr("hello", 'l') == strchr("hello", 'l') || strcmp(u_strchr("hello", 'l'), "llo") == 0);
	CHECK(u_strchr("hello", 'z') == 0);
	const char *h = "hello"; CHECK(u_strchr(h, 0) == h + 5); CHECK(u_strrchr(h, 'l') == h + 3);
	CHECK(u_strrchr(h, 'z') == 0); CHECK(u_strrchr(h, 0) == h + 5);
	u_strcpy(a, "abc"); u_strcat(a, "def"); CHECK(strcmp(a, "abcdef") == 0);
	memset(b, 'x', sizeof(b)); u_strncpy(b, "ab", 5); CHECK(memcmp(b, "ab\0\0\0x", 6) == 0);
	u_strncpy(b, "abcdef", 3); CHECK(memcmp(b, "abc\0", 4) == 0);
	for (int off = -4; off <= 4; off++) {
		char x[32], y[32];
		for (int i = 0; i < 32; i++) x[i] = y[i] = (char)i;
		u_memmove(x + 8 + off, x + 8, 12); memmove(y + 8 + off, y + 8, 12);
		CHECK(memcmp(x, y, 32) == 0);
	}
	CHECK(u_memset(a, 'q', 3) == a && memcmp(a, "qqqdef", 6) == 0);
	CHECK(u_memcpy(a, "xyz", 3) == a && memcmp(a, "xyzdef", 6) == 0);
	CHECK(u_atoi("123") == 123 && u_atoi("12ab") == 12 && u_atoi("") == 0);
	CHECK(u_parse_int("123", &v) == 0 && v == 123);
	CHECK(u_parse_int("-45", &v) == 0 && v == -45);
	CHECK(u_parse_int("2147483647", &v) == 0 && v == 2147483647);
	CHECK(u_parse_int("-2147483648", &v) == 0 && v == (int)-2147483648LL);
	CHECK(u_parse_int("2147483648", &v) == -1 && u_errno == 34);
	CHECK(u_parse_int("99999999999999999999", &v) == -1 && u_errno == 34);
	CHECK(u_parse_int("12x", &v) == -1 && u_errno == 22);
	CHECK(u_parse_int("", &v) == -1 && u_parse_int("-", &v) == -1);
	unsigned long sz;
	CHECK(u_parse_size("64", 20, &sz) == 0 && sz == 64UL << 20);
	CHECK(u_parse_size("64", 0, &sz) == 0 && sz == 64);
	CHECK(u_parse_size("512K", 20, &sz) == 0 && sz == 512UL << 10);
	CHECK(u_parse_size("3m", 0, &sz) == 0 && sz == 3UL << 20);
	CHECK(u_parse_size("2GiB", 20, &sz) == 0 && sz == 2UL << 30);
	CHECK(u_parse_size("5MB", 20, &sz) == 0 && sz == 5UL << 20);
	CHECK(u_parse_size("0", 20, &sz) == 0 && sz == 0);
	CHECK(u_parse_size("12x", 20, &sz) == -1 && u_errno == 22);
	CHECK(u_parse_size("", 20, &sz) == -1 && u_parse_size("-5", 20, &sz) == -1);
	CHECK(u_parse_size("M", 20, &sz) == -1 && u_parse_size("1.5G", 20, &sz) == -1);
	CHECK(u_parse_size("64Ki", 20, &sz) == -1 && u_parse_size("64 M", 20, &sz) == -1);
	CHECK(u_parse_size("262144G", 20, &sz) == 0 && sz == 1UL << 48);
	CHECK(u_parse_size("262145G", 20, &sz) == -1 && u_errno == 34);
	CHECK(u_parse_size("99999999999999999999", 0, &sz) == -1 && u_errno == 34);
	/* gets keeps the newline, stops at max-1, and is empty at end of input */
	CHECK(strcmp(u_gets(a, sizeof(a)), "one\n") == 0);
	CHECK(strcmp(u_gets(a, 3), "tw") == 0);
	CHECK(strcmp(u_gets(a, sizeof(a)), "o\n") == 0);
	CHECK(strcmp(u_gets(a, sizeof(a)), "") == 0);
	printf("%s\n", bad ? "FAILED" : "PASSED");
	return bad != 0;
}
'''


@unittest.skipUnless(HAVE_HOST_CC, 'no host gcc with -fsanitize=address,undefined')
class HostLibraryTest(unittest.TestCase):
    def run_harness(self, sources, harness, renames):
        with tempfile.TemporaryDirectory() as tmp:
            exe = host_build(tmp, sources, harness, renames)
            p = subprocess.run([exe], capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn('PASSED', p.stdout)

    def test_snprintf_agrees_with_libc(self):
        self.run_harness(['user/lib/printf.c'], PRINTF_HARNESS, PRINTF_NAMES)

    def test_malloc_blocks_are_sound_and_merge(self):
        self.run_harness(['user/lib/umalloc.c'], MALLOC_HARNESS, ['malloc', 'free', 'sbrk'])

    def test_string_functions_agree_with_libc(self):
        self.run_harness(['user/lib/ulib.c', 'user/lib/string.c'], ULIB_HARNESS, ULIB_NAMES)


SYSCALL_NAMES = ['fork', 'exit', 'wait', 'pipe', 'write', 'read', 'close', 'kill', 'exec', 'open',
                 'mknod', 'unlink', 'fstat', 'link', 'mkdir', 'chdir', 'dup', 'getpid', 'sbrk',
                 'sleep', 'uptime']
LIB_NAMES = ['stat', 'strcpy', 'memmove', 'strchr', 'strcmp', 'fprintf', 'printf', 'gets', 'strlen',
             'memset', 'atoi', 'memcmp', 'memcpy', 'malloc', 'free', 'errno', 'strerror', 'perror',
             'strncmp', 'strncpy', 'strrchr', 'strcat', 'snprintf', 'vsnprintf', 'vfprintf',
             'parse_int', 'parse_size', 'pause', 'sbrklazy', 'proc_read', 'proc_field', 'proc_number']
# Under user/; a program of user/tests/ is built and run by its base name.
HOST_PROGRAMS = ['sh', 'echo', 'cat', 'grep', 'wc', 'mkdir', 'rm', 'ln', 'kill', 'free', 'ls', 'ps',
                 'vmstat', 'memhog', 'thrash', 'tests/hotcold']


@unittest.skipUnless(HAVE_HOST_CC, 'no host gcc')
class HostProgramsTest(unittest.TestCase):
    """The shell and the tools, built for the host over grading/userhost/shim.c
    (xv6's calls done with Linux's), run on scripts in a scratch directory."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix='pagoda-host-')
        cls.bin = os.path.join(cls.tmp, 'bin')
        os.mkdir(cls.bin)
        renames = ['--redefine-sym=%s=x_%s' % (n, n) for n in SYSCALL_NAMES]
        renames += ['--redefine-sym=%s=u_%s' % (n, n) for n in LIB_NAMES]
        flags = ['-std=gnu11', '-O1', '-g', '-Wall', '-Werror', '-fno-builtin', '-I', TOP,
                 '-Wno-builtin-declaration-mismatch', '-fno-tree-loop-distribute-patterns']
        libs = [os.path.join('user', 'lib', f) for f in sorted(os.listdir(os.path.join(TOP, 'user', 'lib')))
                if f.endswith('.c')]

        def compile_renamed(src, obj):
            subprocess.run([HOST_CC] + flags + ['-c', os.path.join(TOP, src), '-o', obj], check=True)
            subprocess.run(['objcopy'] + renames + [obj], check=True)
            return obj

        objs = [compile_renamed(src, os.path.join(cls.tmp, os.path.basename(src) + '.o'))
                for src in libs]
        shim = os.path.join(cls.tmp, 'shim.o')
        subprocess.run([HOST_CC, '-O1', '-g', '-Wall', '-c',
                        os.path.join(HERE, 'userhost', 'shim.c'), '-o', shim], check=True)
        for name in HOST_PROGRAMS:
            base = os.path.basename(name)
            obj = compile_renamed(os.path.join('user', name + '.c'),
                                  os.path.join(cls.tmp, base + '.o'))
            subprocess.run([HOST_CC, '-o', os.path.join(cls.bin, base), obj, shim] + objs,
                           check=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def sh(self, script, stdin_is_file=True, timeout=20):
        """Run `sh` on script in a fresh directory: (stdout, stderr, status)."""
        work = tempfile.mkdtemp(dir=self.tmp)
        env = dict(os.environ, PAGODA_HOSTBIN=self.bin)
        if stdin_is_file:
            path = os.path.join(work, '.script')
            with open(path, 'w') as f:
                f.write(script)
            with open(path) as f:
                p = subprocess.run([os.path.join(self.bin, 'sh')], stdin=f, cwd=work, env=env,
                                   capture_output=True, text=True, timeout=timeout)
        else:
            p = subprocess.run([os.path.join(self.bin, 'sh')], input=script, cwd=work, env=env,
                               capture_output=True, text=True, timeout=timeout)
        return p.stdout, p.stderr, p.returncode

    def check(self, script, out, err=''):
        got_out, got_err, _ = self.sh(script)
        self.assertEqual(got_out, out, 'stdout of %r (stderr %r)' % (script, got_err))
        self.assertEqual(got_err, err, 'stderr of %r' % script)

    def test_echo_and_sequence(self):
        self.check('echo hello world\necho a   b;echo c ; echo\n', 'hello world\na b\nc\n\n')
        self.check('echo -n x; echo y\n', 'xy\n')

    def test_redirection_and_pipes(self):
        fruit = 'apple\nbanana\ncherry pie\n'
        self.check('echo apple > f; echo banana > g; echo cherry pie > h\n'
                   'cat f g h > all\ncat < all\ncat all | grep an | wc\n'
                   'cat all | cat | cat | cat\nwc < all\nwc all\n',
                   fruit + '1 1 7 \n' + fruit + '3 4 24 \n3 4 24 all\n')
        self.check('echo long line > t; echo x > t; cat t\n', 'x\n')   # > truncates
        self.check('< nothing-here cat\n', '', 'sh: nothing-here: No such file or directory\n')

    def test_groups_quotes_comments(self):
        self.check('(echo a; echo b) > g; cat g\n', 'a\nb\n')
        self.check("echo 'a  b' \"c|d;e\" f\\&g # not this\n", 'a  b c|d;e f&g\n')
        self.check('# only a comment\n\n   \necho done\n', 'done\n')

    def test_a_command_reads_the_rest_of_the_script(self):
        # sh reads its input a byte at a time, so cat gets what follows its line.
        self.check('echo first\ncat\nline for cat\nlast line\n', 'first\nline for cat\nlast line\n')

    def test_cd_and_exit(self):
        self.check('mkdir d; cd d; echo in > f; cd ..; cat d/f\ncd /; cd\n', 'in\n')
        out, err, status = self.sh('cd no-such-dir\necho alive\nexit 3\necho not reached\n')
        self.assertEqual(out, 'alive\n')
        self.assertEqual(err, 'cd: no-such-dir: No such file or directory\n')
        self.assertEqual(status, 3)
        self.assertEqual(self.sh('echo x\n')[2], 0)     # end of file: status 0

    def test_errors_do_not_kill_the_shell(self):
        out, err, _ = self.sh('no-such-program a b\n/no/such/prog\necho |\n| echo\n'
                              'echo a >\necho a >> b\necho "open\n(echo a\necho still alive\n')
        self.assertEqual(out, 'still alive\n')
        self.assertIn('exec no-such-program failed: No such file or directory\n', err)
        self.assertIn('exec /no/such/prog failed: No such file or directory\n', err)
        self.assertEqual(err.count('sh: syntax error'), 6, err)

    def test_limits(self):
        out, err, _ = self.sh('echo ' + 'x' * 2000 + '\necho ok\n')
        self.assertEqual(out, 'ok\n')
        self.assertIn('sh: line longer than 1023 characters ignored', err)
        out, err, _ = self.sh('echo' + ' a' * 40 + '\necho' + ' b' * 31 + '\n')
        self.assertEqual(out, ' '.join(['b'] * 31) + '\n')
        self.assertIn('sh: syntax error: too many arguments', err)

    def test_status_of_a_missing_program(self):
        self.assertEqual(self.sh('no-such-program\nexit\n')[2], 0)
        out, _, _ = self.sh('(no-such-program) ; echo after\n')
        self.assertEqual(out, 'after\n')

    def test_background(self):
        out, _, _ = self.sh('echo bg &\nsleep-not-here &\necho fg\n')
        self.assertEqual(sorted(out.split()), ['bg', 'fg'])

    def test_prompt_only_when_interactive(self):
        self.assertNotIn('$ ', self.sh('echo a\n')[1])
        _, err, _ = self.sh('echo a\n', stdin_is_file=False)   # a pipe: prompt as on a console
        self.assertEqual(err, '$ $ ')

    def test_tools_report_errors(self):
        _, err, _ = self.sh('cat none\nmkdir d\nmkdir d\nrm none\nln none x\nkill abc\n'
                            'grep a none\nwc none\n')
        for line in ['cat: none: No such file or directory', 'mkdir: cannot create directory d: File exists',
                     'rm: cannot remove none: No such file or directory',
                     'ln: failed to create hard link x => none: No such file or directory',
                     'kill: abc: not a process id', 'grep: none: No such file or directory',
                     'wc: none: No such file or directory']:
            self.assertIn(line, err)

    def test_exit_statuses(self):
        path = os.path.join(self.tmp, 'status.in')
        with open(path, 'w') as f:
            f.write('x\n')
        for argv, status in [(['cat', 'none'], 1), (['cat', path], 0), (['grep', 'y', path], 1),
                             (['grep', 'x', path], 0), (['grep', 'x', 'none'], 2),
                             (['mkdir'], 1), (['rm'], 1), (['rm', 'none'], 1), (['kill'], 1),
                             (['kill', '0x10'], 1), (['ln', 'a'], 1), (['wc', 'none'], 1),
                             (['echo'], 0)]:
            p = subprocess.run([os.path.join(self.bin, argv[0])] + argv[1:], cwd=self.tmp,
                               capture_output=True)
            self.assertEqual(p.returncode, status, argv)
        self.check('echo data > f\nln f g\nrm f\ncat g\n', 'data\n')

    @unittest.skipUnless(os.path.exists('/proc/meminfo'), 'no /proc/meminfo on this host')
    def test_free_reads_meminfo_as_procps_does(self):
        with open('/proc/meminfo') as f:
            total = int(re.search(r'^MemTotal:\s+(\d+) kB', f.read(), re.M).group(1))
        out = subprocess.run([os.path.join(self.bin, 'free')], capture_output=True, text=True,
                             check=True).stdout.splitlines()
        self.assertEqual(out[0], ' ' * 15 + 'total        used        free      shared  '
                         'buff/cache   available')
        self.assertRegex(out[1], r'^Mem: {4}( {0,11}\d+){6}$')
        self.assertEqual(int(out[1].split()[1]), total)
        self.assertRegex(out[2], r'^Swap: {3}( {0,11}\d+){3}$')
        mib = subprocess.run([os.path.join(self.bin, 'free'), '-m'], capture_output=True,
                             text=True, check=True).stdout.splitlines()
        self.assertEqual(int(mib[1].split()[1]), total // 1024)
        human = subprocess.run([os.path.join(self.bin, 'free'), '-h'], capture_output=True,
                               text=True, check=True).stdout.splitlines()
        self.assertRegex(human[1], r'^Mem:(\s+\d+(\.\d)?(B|Ki|Mi|Gi|Ti)){6}$')
        bad = subprocess.run([os.path.join(self.bin, 'free'), '-x'], capture_output=True, text=True)
        self.assertEqual(bad.returncode, 1)
        self.assertIn('usage: free', bad.stderr)
        if shutil.which('free') and subprocess.run(['free', '-V'], capture_output=True,
                                                   text=True).stdout.find('procps') >= 0:
            real = subprocess.run(['free'], capture_output=True, text=True).stdout.splitlines()
            self.assertEqual(out[0], real[0])               # the very same header
            self.assertEqual(out[1].split()[1], real[1].split()[1])

    def run_bin(self, *argv, timeout=30):
        return subprocess.run([os.path.join(self.bin, argv[0])] + list(argv[1:]),
                              capture_output=True, text=True, timeout=timeout)

    @unittest.skipUnless(os.path.exists('/proc/stat'), 'no Linux /proc on this host')
    def test_vmstat_reads_proc_as_procps_does(self):
        header = ['procs -----------memory---------- ---swap-- -----io---- -system-- '
                  '-------cpu-------',
                  ' r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st']
        p = self.run_bin('vmstat', '1', '2')
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stdout.splitlines()
        self.assertEqual(lines[:2], header)
        self.assertEqual(len(lines), 4, p.stdout)
        with open('/proc/meminfo') as f:
            info = {k: int(v) for k, v in re.findall(r'^(\w+):\s+(\d+) kB', f.read(), re.M)}
        for line in lines[2:]:
            self.assertRegex(line, r'^(\s*\d+){17}$')
            f = [int(x) for x in line.split()]
            self.assertGreaterEqual(f[0], 1)                 # vmstat itself runs
            self.assertTrue(97 <= sum(f[12:]) <= 103, line)   # us sy id wa st
            # free is MemFree, swpd SwapTotal - SwapFree, give or take what moved since.
            self.assertLess(abs(f[3] - info['MemFree']), max(info['MemTotal'] // 10, 65536))
            self.assertLess(abs(f[2] - (info['SwapTotal'] - info['SwapFree'])), 65536)
        # procps-ng's own header (4.0.4 adds a "gu" column at the end).
        if shutil.which('vmstat'):
            real = subprocess.run(['vmstat'], capture_output=True, text=True).stdout.splitlines()
            if len(real) >= 2 and real[0].startswith('procs'):
                self.assertTrue(real[1].startswith(header[1]), real[1])
                self.assertEqual(real[0][:45], header[0][:45])
        for bad in (['0'], ['x'], ['1', '0'], ['1', '2', '3'], ['-a']):
            p = self.run_bin('vmstat', *bad)
            self.assertEqual(p.returncode, 1, bad)
            self.assertIn('usage: vmstat', p.stderr)

    @unittest.skipUnless(os.path.exists('/proc/self/stat'), 'no Linux /proc on this host')
    def test_memhog_and_thrash(self):
        p = self.run_bin('memhog', '-v', '-p', '3', '8M')
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertRegex(p.stdout, r'(?m)^memhog: 8 MiB x 3 passes: 32 MiB touched in \d+\.\d\d s, '
                         r'\d+ major faults, verify OK$')
        self.assertEqual(p.stdout.count('memhog: pass '), 3)
        p = self.run_bin('memhog', '512K')
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn('memhog: 0 MiB x 1 pass', p.stdout)
        for bad in (['12x'], ['0'], ['1K'], [''], ['-p', '0', '8M'], ['-p', 'x', '8M'], [],
                    ['-q', '8M'], ['8M', '9M'], ['99999999999999999G']):
            p = self.run_bin('memhog', *bad)
            self.assertEqual(p.returncode, 1, bad)
            self.assertIn('usage: memhog', p.stderr)
        p = self.run_bin('thrash', '-s', '8M', '-n', '2', '-H', '50')
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn('thrash: 8 MiB, 2048 pages (hot 1024)', p.stdout)
        self.assertRegex(p.stdout, r'(?m)^thrash: 2 passes, 4096 pages touched in \d+\.\d\d s, '
                         r'\d+ major faults$')
        for bad in (['-H', '0'], ['-H', '101'], ['-n', '0'], ['-s', 'x'], ['-s'], ['x']):
            p = self.run_bin('thrash', *bad)
            self.assertEqual(p.returncode, 1, bad)
            self.assertIn('usage: thrash', p.stderr)

    def test_hotcold_simulators(self):
        # Textbook counts for Belady's string (FIFO's anomaly: 9 faults with
        # 3 frames, 10 with 4), OPT's heap against a plain look-ahead, A0
        # keeping a hot set, and A0 with none being FIFO.
        p = self.run_bin('hotcold', '-t')
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        demos = re.findall(r'^DEMO (\w+) faults=(\d+) expected=(\d+)$', p.stdout, re.M)
        self.assertEqual([(n, int(e)) for n, _, e in demos][:6],
                         [('belady_opt3', 7), ('belady_opt4', 6), ('belady_fifo3', 9),
                          ('belady_fifo4', 10), ('belady_lru3', 10), ('belady_lru4', 8)])
        self.assertEqual([n for n, _, _ in demos[6:]],
                         ['opt_heap_vs_scan', 'a0_keeps_hot', 'a0_no_hot_is_fifo'])
        self.assertGreater(int(demos[6][1]), 0)
        self.assertEqual(demos[7][2], '0')
        self.assertGreater(int(demos[8][1]), 0)
        for name, got, want in demos:
            self.assertEqual(got, want, name)
        for bad in (['-n', '0'], ['-n', '16'], ['-n'], ['-x'], ['-t', '1']):
            p = self.run_bin('hotcold', *bad)
            self.assertEqual(p.returncode, 1, bad)
            self.assertIn('usage: hotcold', p.stderr)

    def test_ls_format(self):
        work = tempfile.mkdtemp(dir=self.tmp)
        os.mkdir(os.path.join(work, 'sub'))
        with open(os.path.join(work, 'file'), 'w') as f:
            f.write('12345')
        p = subprocess.run([os.path.join(self.bin, 'ls'), work, os.path.join(work, 'file')],
                           capture_output=True, text=True, check=True)
        lines = p.stdout.splitlines()
        self.assertEqual(sorted(l.split()[0] for l in lines[:-1]), ['.', '..', 'file', 'sub'])
        for line in lines:
            self.assertRegex(line, r'^\S+ +[123] \d+ \d+$')
            self.assertEqual(len(line.split()[0].ljust(30)), 30)
            self.assertEqual(line[30], ' ')       # names padded to DIRSIZ
        self.assertRegex(p.stdout, r'(?m)^file {26} 2 \d+ 5$')
        self.assertRegex(p.stdout, r'(?m)^sub {27} 1 \d+ \d+$')
        self.assertEqual(lines[-1].split()[0], 'file')   # a file names itself
        bad = subprocess.run([os.path.join(self.bin, 'ls'), 'no-such'], capture_output=True,
                             text=True)
        self.assertEqual(bad.returncode, 1)
        self.assertIn('ls: cannot access no-such: No such file or directory', bad.stderr)

    @unittest.skipUnless(os.path.exists('/proc/self/status'), 'no Linux /proc on this host')
    def test_ps_reads_proc_status(self):
        p = subprocess.run([os.path.join(self.bin, 'ps')], capture_output=True, text=True,
                           check=True)
        lines = p.stdout.splitlines()
        self.assertEqual(lines[0].split(), ['PID', 'PPID', 'STATE', 'RSS(kB)', 'NAME'])
        rows = [l.split(None, 4) for l in lines[1:]]
        pids = [int(r[0]) for r in rows]
        self.assertEqual(pids, sorted(pids))
        mine = [r for r in rows if int(r[1]) == os.getpid() and r[4] == 'ps']
        self.assertEqual(len(mine), 1, p.stdout)            # ps sees itself, our child
        self.assertEqual(mine[0][2], 'R')
        self.assertGreater(int(mine[0][3]), 0)
        me = [r for r in rows if int(r[0]) == os.getpid()]
        self.assertEqual(len(me), 1)

    def test_grep_patterns(self):
        text = 'apple\nbanana\ncherry pie\na.b\nxyz\n\n'
        cases = {'an': 'banana\n', 'e': 'apple\ncherry pie\n', '^c': 'cherry pie\n',
                 'a$': 'banana\n', 'p.e': 'apple\ncherry pie\n', 'zzz': '',
                 '^$': '\n', 'ap*le': 'apple\n', 'x.*z': 'xyz\n', '^a.b$': 'a.b\n',
                 'a\\.b': 'a.b\n', '^.*$': text, 'b*': text, '*y': ''}
        with open(os.path.join(self.tmp, 'grep.in'), 'w') as f:
            f.write(text)
        for pattern, want in cases.items():
            p = subprocess.run([os.path.join(self.bin, 'grep'), pattern,
                                os.path.join(self.tmp, 'grep.in')], capture_output=True, text=True)
            self.assertEqual(p.stdout, want, 'grep %r' % pattern)
            self.assertEqual(p.returncode, 0 if want else 1, 'grep %r' % pattern)

    def test_grep_long_lines_and_several_files(self):
        path = os.path.join(self.tmp, 'long.in')
        with open(path, 'w') as f:
            f.write('a' * 5000 + 'needle\nshort needle\n')
        p = subprocess.run([os.path.join(self.bin, 'grep'), 'needle', path, path],
                           capture_output=True, text=True)
        self.assertEqual(p.stdout.count(path + ':'), 4, p.stdout[:200])
        self.assertIn(path + ':short needle\n', p.stdout)


CROSS = 'riscv64-unknown-elf-'


@unittest.skipUnless(shutil.which(CROSS + 'gcc') and shutil.which('make'),
                     'no RISC-V cross compiler')
class UserBuildTest(unittest.TestCase):
    """`make user` into a scratch build directory: every program, -Werror."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix='pagoda-user-')
        cls.build = os.path.join(cls.tmp, 'build')
        cls.make = subprocess.run(['make', '-s', '-j2', 'BUILD=' + cls.build, 'CROSS_COMPILE=' + CROSS,
                                   'user'], cwd=TOP, capture_output=True, text=True, timeout=600)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def programs(self):
        names = [os.path.splitext(f)[0] for f in os.listdir(os.path.join(TOP, 'user'))
                 if f.endswith('.c')]
        tests = os.path.join(TOP, 'user', 'tests')
        if os.path.isdir(tests):
            names += [os.path.splitext(f)[0] for f in os.listdir(tests) if f.endswith('.c')]
        return names

    def test_make_user_builds_every_program(self):
        self.assertEqual(self.make.returncode, 0, self.make.stdout + self.make.stderr)
        for name in self.programs():
            self.assertTrue(os.path.isfile(os.path.join(self.build, 'user', name)), name)
            self.assertTrue(os.path.isfile(os.path.join(self.build, 'user', 'stripped', name)), name)

    def test_programs_are_soft_float_elfs_at_0x10000(self):
        self.assertEqual(self.make.returncode, 0, self.make.stderr)
        for name in ('init', 'sh', 'xv6compat'):
            path = os.path.join(self.build, 'user', name)
            if not os.path.exists(path):
                continue
            hdr = subprocess.run([CROSS + 'readelf', '-h', '-l', path], capture_output=True,
                                 text=True, check=True).stdout
            self.assertRegex(hdr, r'Entry point address:\s+0x10000\n')
            self.assertIn('soft-float ABI', hdr)
            self.assertRegex(hdr, r'LOAD\s+0x[0-9a-f]+ 0x0*10000 ')
            self.assertNotIn('RWE', hdr)
            asm = subprocess.run([CROSS + 'objdump', '-d', path], capture_output=True,
                                 text=True, check=True).stdout
            self.assertNotRegex(asm, r'\tf(ld|sd|lw|sw|mv\.|add\.|mul\.|cvt)\b', name)


if __name__ == '__main__':
    unittest.main()
