/*
 * xv6compat: does an xv6 program build and run unchanged on Pagoda?
 *
 * Written as an xv6-riscv user program: xv6's include lines, xv6's
 * library calls with xv6's argument types, every system call of xv6's
 * user/user.h and every ulib function, each result checked. The only
 * Pagoda addition it looks at is errno, at the end. Prints one line per
 * failed check and "xv6compat: ok" at the end; exits 1 if anything failed.
 *
 * Run it from a writable directory: it makes and removes files named xv6c.*.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "user/user.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/syscall.h"

int failures;
int checks;

void
check(int ok, char *what, int line)
{
  checks++;
  if(!ok){
    failures++;
    printf("xv6compat: FAIL line %d: %s\n", line, what);
  }
}

#define CHECK(e) check((e) != 0, #e, __LINE__)

// Read everything from fd into buf (at most n-1 bytes), NUL-terminated.
int
readall(int fd, char *buf, int n)
{
  int got = 0, r;
  while(got < n - 1 && (r = read(fd, buf + got, n - 1 - got)) > 0)
    got += r;
  buf[got] = 0;
  return got;
}

void
test_strings(void)
{
  char a[32], b[32];

  CHECK(strlen("") == 0);
  CHECK(strlen("hello") == 5);
  CHECK(strcpy(a, "hello") == a);
  CHECK(strcmp(a, "hello") == 0);
  CHECK(strcmp("abc", "abd") < 0);
  CHECK(strcmp("abd", "abc") > 0);
  CHECK(strcmp("ab", "abc") < 0);
  CHECK(strchr(a, 'l') == a + 2);
  CHECK(strchr(a, 'z') == 0);
  CHECK(memset(b, 'x', 10) == b);
  CHECK(b[0] == 'x' && b[9] == 'x');
  b[10] = 0;
  CHECK(strcmp(b, "xxxxxxxxxx") == 0);
  CHECK(memcmp("abc", "abc", 3) == 0);
  CHECK(memcmp("abc", "abd", 3) < 0);
  CHECK(memcmp("abd", "abc", 2) == 0);

  // memmove copes with overlap both ways; memcpy copies.
  strcpy(a, "0123456789");
  memmove(a + 2, a, 5);
  CHECK(strcmp(a, "0101234789") == 0);
  strcpy(a, "0123456789");
  memmove(a, a + 3, 5);
  CHECK(strcmp(a, "3456756789") == 0);
  CHECK(memcpy(b, "copy", 5) == b);
  CHECK(strcmp(b, "copy") == 0);

  CHECK(atoi("0") == 0);
  CHECK(atoi("1234") == 1234);
  CHECK(atoi("42abc") == 42);
}

void
test_malloc(void)
{
  char *p[64];
  int i, j, ok = 1;

  for(i = 0; i < 64; i++){
    p[i] = malloc(i * 37 + 1);
    if(p[i] == 0 || ((uint64)p[i] & 7) != 0)
      ok = 0;
    else
      memset(p[i], i, i * 37 + 1);
  }
  CHECK(ok);
  for(i = 0; i < 64 && ok; i++)
    for(j = 0; j < i * 37 + 1; j++)
      if(p[i][j] != (char)i)
        ok = 0;
  CHECK(ok);   // no two blocks overlap
  for(i = 0; i < 64; i += 2)
    free(p[i]);
  for(i = 0; i < 64; i += 2)
    p[i] = malloc(100);
  for(i = 0; i < 64; i++)
    free(p[i]);
  char *big = malloc(1024 * 1024);
  CHECK(big != 0);
  if(big){
    big[0] = 1;
    big[1024 * 1024 - 1] = 2;
    free(big);
  }
}

void
test_files(void)
{
  struct stat st;
  char buf[64];
  int fd;

  unlink("xv6c.f");
  CHECK(open("xv6c.f", O_RDONLY) < 0);
  fd = open("xv6c.f", O_CREATE | O_RDWR);
  CHECK(fd >= 0);
  CHECK(write(fd, "hello, xv6\n", 11) == 11);
  CHECK(fstat(fd, &st) == 0);
  CHECK(st.type == T_FILE);
  CHECK(st.size == 11);
  CHECK(st.nlink == 1);
  CHECK(close(fd) == 0);

  fd = open("xv6c.f", O_RDONLY);
  CHECK(fd >= 0);
  CHECK(readall(fd, buf, sizeof(buf)) == 11);
  CHECK(strcmp(buf, "hello, xv6\n") == 0);
  CHECK(write(fd, "x", 1) < 0);      // opened read-only
  close(fd);

  CHECK(stat("xv6c.f", &st) == 0);
  CHECK(st.type == T_FILE && st.size == 11);

  // O_TRUNC empties the file.
  fd = open("xv6c.f", O_WRONLY | O_TRUNC);
  CHECK(fd >= 0);
  close(fd);
  CHECK(stat("xv6c.f", &st) == 0 && st.size == 0);

  // link: two names, one inode.
  CHECK(link("xv6c.f", "xv6c.g") == 0);
  struct stat st2;
  CHECK(stat("xv6c.g", &st2) == 0);
  CHECK(st2.ino == st.ino && st2.nlink == 2);
  CHECK(link("xv6c.f", "xv6c.g") < 0);   // the name exists
  CHECK(unlink("xv6c.g") == 0);
  CHECK(unlink("xv6c.f") == 0);
  CHECK(stat("xv6c.f", &st) < 0);
  CHECK(unlink("xv6c.f") < 0);

  // mkdir, chdir, and a directory's entries.
  CHECK(mkdir("xv6c.d") == 0);
  CHECK(mkdir("xv6c.d") < 0);
  CHECK(stat("xv6c.d", &st) == 0 && st.type == T_DIR);
  CHECK(chdir("xv6c.d") == 0);
  fd = open("inside", O_CREATE | O_WRONLY);
  CHECK(fd >= 0);
  close(fd);
  CHECK(chdir("..") == 0);
  CHECK(stat("xv6c.d/inside", &st) == 0);
  fd = open("xv6c.d", O_RDONLY);
  struct dirent de;
  int found = 0;
  while(read(fd, &de, sizeof(de)) == sizeof(de))
    if(de.inum != 0 && strcmp(de.name, "inside") == 0)
      found = 1;
  close(fd);
  CHECK(found);
  CHECK(unlink("xv6c.d") < 0);           // not empty
  CHECK(unlink("xv6c.d/inside") == 0);
  CHECK(unlink("xv6c.d") == 0);
  CHECK(chdir("xv6c.nonexistent") < 0);

  // mknod makes a device file; the console is major 1.
  CHECK(mknod("xv6c.dev", 1, 0) == 0);
  CHECK(stat("xv6c.dev", &st) == 0 && st.type == T_DEVICE);
  CHECK(unlink("xv6c.dev") == 0);
}

void
test_pipe_dup_printf(void)
{
  char buf[256];
  int p[2], fd;

  CHECK(pipe(p) == 0);
  fprintf(p[1], "%d %d %x %s %c %% %ld %lu %p\n", 42, -7, 0xbeef, "str", 'c',
          -123456789012L, 18446744073709551615UL, (void*)0x1234);
  close(p[1]);
  readall(p[0], buf, sizeof(buf));
  close(p[0]);
  CHECK(strcmp(buf, "42 -7 beef str c % -123456789012 18446744073709551615 0x0000000000001234\n") == 0);

  // dup gives the lowest free descriptor, sharing the offset.
  CHECK(pipe(p) == 0);
  fd = dup(p[1]);
  CHECK(fd > p[1]);
  CHECK(write(fd, "ab", 2) == 2);
  CHECK(write(p[1], "cd", 2) == 2);
  close(fd);
  close(p[1]);
  CHECK(readall(p[0], buf, sizeof(buf)) == 4 && strcmp(buf, "abcd") == 0);
  close(p[0]);

  // gets reads standard input a line at a time.
  int saved = dup(0);
  CHECK(pipe(p) == 0);
  write(p[1], "first line\nsecond\n", 18);
  close(p[1]);
  close(0);
  CHECK(dup(p[0]) == 0);
  close(p[0]);
  gets(buf, sizeof(buf));
  CHECK(strcmp(buf, "first line\n") == 0);
  gets(buf, 4);
  CHECK(strcmp(buf, "sec") == 0);
  gets(buf, sizeof(buf));
  CHECK(strcmp(buf, "ond\n") == 0);
  gets(buf, sizeof(buf));
  CHECK(buf[0] == 0);                 // end of file
  close(0);
  dup(saved);
  close(saved);
}

void
test_processes(void)
{
  int pid, status, p[2], t0;
  char buf[64];

  CHECK(getpid() > 0);

  pid = fork();
  if(pid == 0)
    exit(7);
  CHECK(pid > 0);
  status = -1;
  CHECK(wait(&status) == pid);
  CHECK(status == 7);
  CHECK(wait(0) < 0);                 // no children left

  // The child has its own copy of memory.
  int shared = 1;
  pid = fork();
  if(pid == 0){
    shared = 2;
    exit(shared == 2 ? 0 : 1);
  }
  CHECK(wait(&status) == pid && status == 0);
  CHECK(shared == 1);

  // exec replaces the child; its output comes through the pipe.
  CHECK(pipe(p) == 0);
  pid = fork();
  if(pid == 0){
    char *argv[] = { "echo", "from", "exec", 0 };
    close(1);
    dup(p[1]);
    close(p[0]);
    close(p[1]);
    exec("echo", argv);
    exec("/echo", argv);
    exit(99);
  }
  close(p[1]);
  readall(p[0], buf, sizeof(buf));
  close(p[0]);
  CHECK(wait(&status) == pid && status == 0);
  CHECK(strcmp(buf, "from exec\n") == 0);
  char *bad[] = { "xv6c.none", 0 };
  CHECK(exec("xv6c.none", bad) < 0);

  // kill ends a sleeping child.
  pid = fork();
  if(pid == 0){
    for(;;)
      sleep(1);
  }
  sleep(2);
  CHECK(kill(pid) == 0);
  CHECK(wait(0) == pid);
  CHECK(kill(pid) < 0);               // gone

  // sleep and uptime count the same ticks.
  t0 = uptime();
  CHECK(t0 >= 0);
  CHECK(sleep(3) == 0);
  CHECK(uptime() >= t0 + 3);
}

void
test_sbrk(void)
{
  char *a, *b, *c;

  a = sbrk(0);
  b = sbrk(PGSIZE * 3);
  CHECK(b == a);
  c = sbrk(0);
  CHECK(c == a + PGSIZE * 3);
  b[0] = 1;
  b[PGSIZE * 3 - 1] = 2;
  CHECK(b[0] == 1 && b[PGSIZE * 3 - 1] == 2);
  CHECK(sbrk(-(PGSIZE * 3)) == c);
  CHECK(sbrk(0) == a);
  CHECK(sbrk(-0x7fffffff) == (char*)-1);  // below the start of the heap
  CHECK(sbrk(0) == a);
}

void
test_constants(void)
{
  CHECK(SYS_fork == 1 && SYS_close == 21);
  CHECK(sizeof(struct dirent) == 2 + DIRSIZ);
  CHECK(PGSIZE == 4096 && MAXPATH >= 128 && NOFILE >= 16 && MAXARG >= 32);
  CHECK((uint64)test_constants >= USER_TEXT_START);
  CHECK(MAXVA > USER_TEXT_START);
  CHECK(sizeof(uint64) == 8 && sizeof(uint) == 4);
}

// Pagoda's addition: a failed call says why in errno.
void
test_errno(void)
{
  CHECK(open("xv6c.none", O_RDONLY) < 0 && errno == 2);        // ENOENT
  CHECK(close(1000) < 0 && errno == 9);                        // EBADF
  CHECK(strcmp(strerror(2), "No such file or directory") == 0);
}

int
main(int argc, char *argv[])
{
  test_strings();
  test_malloc();
  test_constants();
  test_files();
  test_pipe_dup_printf();
  test_processes();
  test_sbrk();
  test_errno();
  if(failures){
    printf("xv6compat: %d of %d checks failed\n", failures, checks);
    exit(1);
  }
  printf("xv6compat: ok (%d checks)\n", checks);
  exit(0);
}
