"""Grade tests typed at the shell: the shell itself, the programs, /proc.

All run on one machine (group "shell", root disk with snapshot=on, so
files they make vanish with the machine). Each test makes its own files
under names of its own, so any one of them can run alone:

    python3 grading/grade.py shell_pipe
"""
import re
import time

from gradelib import Failure, grade_test, machine_group

SHELL = machine_group('shell', cpus=4, mem='512M', append='movablecore=64M')

# Three lines, four words, 24 bytes; made with echo and cat.
FRUIT = 'apple\nbanana\ncherry pie\n'


def make_fruit(t, name):
    t.check('echo apple > %s.1; echo banana > %s.2; echo cherry pie > %s.3'
            % (name, name, name), '')
    t.check('cat %s.1 %s.2 %s.3 > %s' % (name, name, name, name), '')
    t.check('cat %s' % name, FRUIT)


def wc_regex(lines, words, chars, name=''):
    """wc's counts, whatever the padding (xv6: "3 4 24 f", Linux: " 3  4 24 f")."""
    return r'^\s*%d\s+%d\s+%d\s*%s\s*$' % (lines, words, chars, re.escape(name))


def complains(t, cmd, about):
    """`cmd` must fail with a message that names `about`; the shell lives on."""
    out = t.run(cmd)
    if about not in out:
        raise Failure('%r printed %r: no error message naming %r' % (cmd, out, about))
    return out


@grade_test(2, group=SHELL, timeout=90)
def shell_echo(t):
    t.check('echo hello world', 'hello world\n')
    t.check('echo', '\n')
    t.check('echo a   b', 'a b\n')


@grade_test(2, group=SHELL, timeout=90)
def console_fast_typing(t):
    """A whole line arriving at once (pasted, not typed): the UART's
    receive FIFO is 16 bytes, so the kernel must drain it on each
    interrupt, or characters are lost. Every other test types a few
    characters at a time. The line stays under the line discipline's
    128-character buffer."""
    words = ' '.join('w%02d-abcdefgh' % i for i in range(8))
    t.check('echo ' + words, words + '\n', paced=False)


@grade_test(2, group=SHELL, timeout=90)
def shell_cat(t):
    t.check('echo one two > cat.f', '')
    t.check('cat cat.f', 'one two\n')
    t.check('cat cat.f cat.f', 'one two\none two\n')
    complains(t, 'cat no-such-file', 'no-such-file')


@grade_test(2, group=SHELL, timeout=90)
def shell_ls(t):
    out = t.run('ls')
    for name in ('.', '..', 'init', 'sh', 'cat', 'echo', 'ls', 'usertests'):
        if not re.search(r'^%s\s' % re.escape(name), out + '\n', re.M):
            raise Failure('ls of / does not list %r:\n%s' % (name, out))
    t.check('mkdir ls.d; echo x > ls.d/one; echo yy > ls.d/two', '')
    out = t.run('ls ls.d')
    names = sorted(l.split()[0] for l in out.splitlines() if l.strip())
    if names != ['.', '..', 'one', 'two']:
        raise Failure('ls ls.d listed %r, expected . .. one two' % names)


@grade_test(3, group=SHELL, timeout=90)
def shell_redirect(t):
    t.check('echo abc > rd.a', '')
    t.check('cat < rd.a', 'abc\n')
    t.check('cat < rd.a > rd.b', '')
    t.check('cat rd.b', 'abc\n')
    t.check('echo shorter > rd.b; echo x > rd.b', '')
    t.check('cat rd.b', 'x\n')              # > truncates
    complains(t, 'cat < rd.none', 'rd.none')


@grade_test(3, group=SHELL, timeout=90)
def shell_pipe(t):
    make_fruit(t, 'pp')
    t.check('cat pp | grep an | wc', regex=wc_regex(1, 1, 7))
    t.check('echo apple banana cherry | grep banana | wc', regex=wc_regex(1, 3, 20))
    t.check('cat pp | cat | cat | cat', FRUIT)


@grade_test(3, group=SHELL, timeout=90)
def shell_semicolon_and_background(t):
    t.check('echo a; echo b;echo c', 'a\nb\nc\n')
    # A background job must not hold the prompt: snooze sleeps 5 s, long
    # enough that its "bg-done" cannot land inside the typing of "echo fg".
    start = time.monotonic()
    out = t.run('snooze 500 bg-done &', timeout=10)
    if time.monotonic() - start > 3:
        raise Failure('the prompt came back only after %.1fs: & waited'
                      % (time.monotonic() - start))
    t.check('echo fg', regex=r'fg$')
    if 'bg-done' in out:
        raise Failure('the background job finished too early: %r' % out)
    # The command's own echo is behind us: any "bg-done" now is the job's.
    t.sh.expect(r'bg-done\n', timeout=30, what='the background job to finish')


@grade_test(3, group=SHELL, timeout=90)
def shell_cd(t):
    t.check('mkdir cd.d', '')
    t.check('cd cd.d', '')
    t.check('/echo inside > f', '')
    t.check('/cat f', 'inside\n')
    t.check('/mkdir sub; cd sub; /echo deeper > g; cd ../..', '')
    t.check('cat cd.d/f cd.d/sub/g', 'inside\ndeeper\n')
    t.check('cd cd.d/sub; /cat ../f ../../cd.d/sub/g; cd /', 'inside\ndeeper\n')
    complains(t, 'cd no-such-dir', 'no-such-dir')
    t.check('cat cd.d/f', 'inside\n')       # the failed cd left us in /


@grade_test(4, group=SHELL, timeout=90)
def shell_mkdir_rm_ln(t):
    t.check('mkdir fs.d', '')
    complains(t, 'mkdir fs.d', 'fs.d')                  # exists
    t.check('echo data > fs.d/f; ln fs.d/f fs.l', '')
    t.check('cat fs.l', 'data\n')
    complains(t, 'ln fs.d/f fs.l', 'fs.l')              # target exists
    complains(t, 'ln fs.none fs.l2', 'fs.none')
    complains(t, 'rm fs.d', 'fs.d')                     # not empty
    t.check('rm fs.d/f', '')
    t.check('cat fs.l', 'data\n')                       # the other link lives
    complains(t, 'cat fs.d/f', 'fs.d/f')
    t.check('rm fs.d', '')
    complains(t, 'ls fs.d', 'fs.d')
    complains(t, 'rm fs.d', 'fs.d')
    t.check('rm fs.l', '')
    complains(t, 'cat fs.l', 'fs.l')


@grade_test(2, group=SHELL, timeout=90)
def shell_grep(t):
    make_fruit(t, 'gr')
    t.check('grep an gr', 'banana\n')
    t.check('grep e gr', 'apple\ncherry pie\n')
    t.check('grep zzz gr', '')
    t.check('grep ^c gr', 'cherry pie\n')
    t.check('grep a$ gr', 'banana\n')
    t.check('grep p.e gr', 'apple\ncherry pie\n')


@grade_test(2, group=SHELL, timeout=90)
def shell_wc(t):
    make_fruit(t, 'wc.f')      # not "wc": sh would run the file
    t.check('wc wc.f', regex=wc_regex(3, 4, 24, 'wc.f'))
    t.check('wc < wc.f', regex=wc_regex(3, 4, 24))
    t.check('echo > wc.e; wc wc.e', regex=wc_regex(1, 0, 1, 'wc.e'))


def pid_of(t, out, name):
    """The pid a background job prints; wait for its whole line, so that
    what we type next does not land in the middle of it."""
    m = re.search(r'%s: pid (\d+)\n' % name, out)
    if m is None:       # printed after the prompt came back
        m = t.sh.expect(r'%s: pid (\d+)\n' % name, timeout=10,
                        what='%s to say its pid' % name)
    return int(m.group(1))


def ps_pids(t):
    """{pid: line} from ps, whatever its columns, PID first."""
    out = t.run('ps')
    pids = {}
    for line in out.splitlines():
        f = line.split()
        if f and f[0].isdigit():
            pids[int(f[0])] = line
    return pids


@grade_test(3, group=SHELL, timeout=90)
def shell_kill(t):
    out = t.run('snooze 3000 never-printed &', timeout=5)
    pid = pid_of(t, out, 'snooze')
    if pid not in ps_pids(t):
        raise Failure('ps does not list the sleeping snooze (pid %d)' % pid)
    t.check('kill %d' % pid, '')
    for _ in range(20):
        line = ps_pids(t).get(pid)
        if line is None:
            break
        time.sleep(0.5)
    else:
        raise Failure('pid %d still listed by ps 10s after kill: %r' % (pid, line))
    if re.search(r'(?m)^never-printed$', t.sh.con.since(0)):
        raise Failure('the killed snooze woke up and carried on')
    complains(t, 'kill 99999', '99999')


@grade_test(2, group=SHELL, timeout=90)
def shell_free_ps(t):
    out = t.run('free')
    if not re.search(r'^\s+total\s+used\s+free\b', out, re.M):
        raise Failure('free: no "total used free" header:\n' + out)
    m = re.search(r'^Mem:\s+(\d+)\s+(\d+)\s+(\d+)', out, re.M)
    if m is None:
        raise Failure('free: no "Mem:" line with numbers:\n' + out)
    total, used, free = (int(x) for x in m.groups())
    if not (0 < free <= total and used <= total):
        raise Failure('free: total %d used %d free %d do not add up' % (total, used, free))
    # free's numbers are /proc/meminfo's, in kB by default (procps's too).
    info = meminfo(t)
    if total != info.get('MemTotal'):
        raise Failure('free says total %d kB, /proc/meminfo MemTotal %s kB'
                      % (total, info.get('MemTotal')))
    m = re.search(r'^Mem:\s+(\d+)', t.run('free -m'), re.M)
    if m is None or int(m.group(1)) != total >> 10:
        raise Failure('free -m: total %s MiB, expected %d'
                      % (m and m.group(1), total >> 10))
    out = t.run('ps')
    header = out.splitlines()[0] if out.strip() else ''
    if not re.match(r'^\s*PID\b', header):
        raise Failure('ps: the first line is not a header starting with PID: %r' % header)
    for name in ('init', 'sh', 'ps'):
        if not re.search(r'^\s*\d+\s.*\b%s\s*$' % name, out, re.M):
            raise Failure('ps does not list %s:\n%s' % (name, out))
    rows = {l.split()[-1]: l.split() for l in out.splitlines()[1:] if l.strip()}
    if rows['init'][0] != '1':
        raise Failure('ps: init is not pid 1: %r' % rows['init'])
    # The PPID column (ps's second): init started sh, sh started ps.
    if rows['sh'][1] != '1' or rows['ps'][1] != rows['sh'][0]:
        raise Failure('ps: parents wrong (sh %r, ps %r)' % (rows['sh'], rows['ps']))


# /proc: the files a student compares with Linux's, with Linux's field
# names and layouts (Linux: Documentation/filesystems/proc.rst).
MEMINFO_FIELDS = ['MemTotal', 'MemFree', 'MemAvailable', 'Buffers', 'Cached',
                  'Active', 'Inactive', 'Slab']
PROC_FORMATS = {
    'meminfo': [r'^MemTotal:\s+\d+ kB$', r'^MemFree:\s+\d+ kB$',
                r'^MemAvailable:\s+\d+ kB$'],
    'vmstat': [r'^nr_free_pages \d+$', r'^pgfault \d+$'],
    'buddyinfo': [r'^Node 0, zone\s+\S+(\s+\d+){11}\s*$'],
    'zoneinfo': [r'^Node 0, zone\s+\S+', r'^\s+pages free\s+\d+', r'^\s+min\s+\d+',
                 r'^\s+low\s+\d+', r'^\s+high\s+\d+', r'^\s+count:\s+\d+'],
    'pagetypeinfo': [r'^Page block order: \d+', r'^Pages per block:\s+\d+'],
    'slabinfo': [r'^slabinfo - version: 2\.1$', r'^# name\s+<active_objs>',
                 r'^kmalloc-64\s+\d+\s+\d+\s+64\s'],
    'cpuinfo': [r'^processor\s+: 0$', r'^hart\s+: \d+$', r'^isa\s+: rv64',
                r'^mmu\s+: sv48$'],
    'uptime': [r'^\d+\.\d\d \d+\.\d\d$'],
    'vmallocinfo': [r'^(0x[0-9a-f]+-0x[0-9a-f]+\s+\d+\s.*)?$'],
    'mounts': [r'^\S+ / pgfs rw 0 0$', r'^\S+ /proc proc rw 0 0$'],
    'devices': [r'^Character devices:$', r'^\s*1 \S+$'],
    'sys/fs/file-nr': [r'^\d+\s+\d+\s+\d+$'],
    'sys/vm/min_free_kbytes': [r'^\d+$'],
    '1/status': [r'^Name:\s+init$', r'^State:\s+S', r'^Pid:\s+1$', r'^PPid:\s+0$',
                 r'^VmRSS:\s+\d+ kB$'],
    'self/status': [r'^Name:\s+cat$', r'^PPid:\s+\d+$'],
    '1/stat': [r'^1 \(init\) S 0 '],
    '1/statm': [r'^\d+ \d+ \d+ \d+ 0 \d+ 0$'],
    '1/maps': [r'^[0-9a-f]+-[0-9a-f]+ r-xp '],
}


def meminfo(t):
    out = t.run('cat /proc/meminfo')
    return {m.group(1): int(m.group(2))
            for m in re.finditer(r'^(\w+):\s+(\d+) kB$', out, re.M)}


@grade_test(3, group=SHELL, timeout=90)
def proc_files(t):
    out = t.run('ls /proc')
    listed = {l.split()[0] for l in out.splitlines() if l.strip()}
    for name, patterns in PROC_FORMATS.items():
        if name.split('/')[0] not in listed:
            raise Failure('ls /proc does not list %s:\n%s' % (name.split('/')[0], out))
        text = t.run('cat /proc/%s' % name)
        for p in patterns:
            if not re.search(p, text, re.M):
                raise Failure('/proc/%s has no line matching %r:\n%s'
                              % (name, p, '\n'.join(text.splitlines()[:20])))
    info = meminfo(t)
    for field in MEMINFO_FIELDS:
        if field not in info:
            raise Failure('/proc/meminfo has no %s' % field)
    if not 0 < info['MemFree'] <= info['MemTotal'] <= 512 * 1024:
        raise Failure('/proc/meminfo: MemFree %d kB, MemTotal %d kB on a 512 MiB machine'
                      % (info['MemFree'], info['MemTotal']))


def min_watermarks(t):
    out = t.run('cat /proc/zoneinfo')
    return sum(int(x) for x in re.findall(r'^\s+min\s+(\d+)', out, re.M))


@grade_test(3, group=SHELL, timeout=90)
def proc_min_free_kbytes(t):
    path = '/proc/sys/vm/min_free_kbytes'
    old = t.check('cat ' + path, regex=r'^\d+\n$')
    old = int(old)
    mins = min_watermarks(t)
    new = old * 2 + 1024
    t.run('echo %d > %s' % (new, path))
    t.check('cat ' + path, '%d\n' % new)
    grown = min_watermarks(t)
    # The min watermarks (pages) are min_free_kbytes spread over the zones.
    if not grown > mins:
        raise Failure('min_free_kbytes %d -> %d left the zones\' min watermarks '
                      'at %d pages (was %d)' % (old, new, grown, mins))
    # More than all of RAM (Linux takes it, and no fork works after).
    over_ram = meminfo(t)['MemTotal'] + 1
    for bad in ('abc', '-5', '99999999999999999999', '12x', str(over_ram), '2147483647'):
        out = t.run('echo %s > %s' % (bad, path))
        if 'Invalid argument' not in out:
            raise Failure('writing %r to %s: no EINVAL reported (echo printed %r)'
                          % (bad, path, out))
        got = t.run('cat ' + path)
        if got != '%d\n' % new:
            raise Failure('writing %r to %s was taken: it now reads %r'
                          % (bad, path, got))
    t.run('echo %d > %s' % (old, path))
    t.check('cat ' + path, '%d\n' % old)


ZONE_RE = re.compile(r'^Node (\d+), zone\s+(\w+)$(.*?)(?=^Node |\Z)', re.M | re.S)


def zones(t):
    """/proc/zoneinfo as [(node, zone name, {min, low, high, managed:
    pages, protection: tuple})], in its order (zone index within a node)."""
    out = t.run('cat /proc/zoneinfo')
    found = []
    for m in ZONE_RE.finditer(out):
        z = {k: int(v) for k, v in re.findall(r'^\s+(min|low|high|managed)\s+(\d+)$',
                                              m.group(3), re.M)}
        p = re.search(r'protection: \(([-\d, ]+)\)', m.group(3))
        if len(z) != 4 or p is None:
            raise Failure('/proc/zoneinfo: zone %s lacks min/low/high/managed/protection:\n%s'
                          % (m.group(2), m.group(0)[:600]))
        z['protection'] = tuple(int(x) for x in p.group(1).split(','))
        found.append((int(m.group(1)), m.group(2), z))
    if not found:
        raise Failure('/proc/zoneinfo lists no zones:\n' + out[:600])
    return found


def refuses(t, path, bad, value, zones_now, what):
    """Each of `bad` written to `path` is refused with EINVAL; the file
    still reads `value` and `what` of every zone is as in `zones_now`."""
    for text in bad:
        out = t.run('echo %s > %s' % (text, path))
        if 'Invalid argument' not in out:
            raise Failure('writing %r to %s: no EINVAL reported (echo printed %r)'
                          % (text, path, out))
    got = t.run('cat ' + path)
    if got != value:
        raise Failure('a bad write to %s was taken: it reads %r, not %r' % (path, got, value))
    if [(n, z, what(d)) for n, z, d in zones(t)] != [(n, z, what(d)) for n, z, d in zones_now]:
        raise Failure('bad writes to %s changed /proc/zoneinfo' % path)


def wmarks(zone):
    return zone['min'], zone['low'], zone['high']


@grade_test(3, group=SHELL, timeout=90)
def proc_watermark_scale_factor(t):
    path = '/proc/sys/vm/watermark_scale_factor'
    old = int(t.check('cat ' + path, regex=r'^\d+\n$'))
    before = zones(t)
    new = 1000 if old != 1000 else 500
    t.run('echo %d > %s' % (new, path))
    t.check('cat ' + path, '%d\n' % new)
    after = zones(t)
    # low = min + gap, high = low + gap, gap at least managed * factor / 10000.
    for (_, name, b), (_, _, a) in zip(before, after):
        gap = a['low'] - a['min']
        if a['min'] != b['min'] or a['high'] - a['low'] != gap:
            raise Failure('watermark_scale_factor %d: zone %s min/low/high %s (was %s): '
                          'min moved or the two gaps differ' % (new, name, wmarks(a), wmarks(b)))
        if a['managed'] and gap < a['managed'] * new // 10000:
            raise Failure('watermark_scale_factor %d: zone %s (%d pages) has low - min = %d, '
                          'under %d' % (new, name, a['managed'], gap, a['managed'] * new // 10000))
    if [wmarks(z) for _, _, z in after] == [wmarks(z) for _, _, z in before]:
        raise Failure('watermark_scale_factor %d -> %d changed no watermark' % (old, new))
    refuses(t, path, ('0', '3001', 'abc'), '%d\n' % new, after, wmarks)
    t.run('echo %d > %s' % (old, path))
    t.check('cat ' + path, '%d\n' % old)
    if [wmarks(z) for _, _, z in zones(t)] != [wmarks(z) for _, _, z in before]:
        raise Failure('watermark_scale_factor back at %d, the watermarks are not' % old)


def protection_of(zone):
    return zone['protection']


@grade_test(3, group=SHELL, timeout=90)
def proc_lowmem_reserve_ratio(t):
    path = '/proc/sys/vm/lowmem_reserve_ratio'
    old = [int(x) for x in t.check('cat ' + path, regex=r'^\d+(\t\d+)*\n$').split()]
    before = zones(t)
    ratios = [64 if old[0] != 64 else 128] + old[1:]
    t.run('echo %s > %s' % (' '.join(map(str, ratios)), path))
    t.check('cat ' + path, '\t'.join(map(str, ratios)) + '\n')
    after = zones(t)
    # Zone i keeps back from allocations that could use zone j > i the
    # pages of zones i+1..j over its ratio (0 if either zone is empty).
    for node in sorted({n for n, _, _ in after}):
        zs = [(name, z) for n, name, z in after if n == node]
        for i, (name, z) in enumerate(zs):
            want, upper = [], 0
            for j in range(len(zs)):
                if j > i:
                    upper += zs[j][1]['managed']
                empty = not z['managed'] or not zs[j][1]['managed'] or not ratios[i]
                want.append(0 if j <= i or empty else upper // ratios[i])
            if list(z['protection']) != want:
                raise Failure('lowmem_reserve_ratio %s: node %d zone %s has protection %s, '
                              'expected %s' % (ratios, node, name, z['protection'], tuple(want)))
    if [z['protection'] for _, _, z in after] == [z['protection'] for _, _, z in before]:
        raise Failure('lowmem_reserve_ratio %s -> %s changed no protection line '
                      '(the machine has ZONE_MOVABLE pages to protect against)' % (old, ratios))
    refuses(t, path, ('-1', '256 32 0 7', '256 x 0'),
            '\t'.join(map(str, ratios)) + '\n', after, protection_of)
    t.run('echo %s > %s' % (' '.join(map(str, old)), path))
    t.check('cat ' + path, '\t'.join(map(str, old)) + '\n')
    if [z['protection'] for _, _, z in zones(t)] != [z['protection'] for _, _, z in before]:
        raise Failure('lowmem_reserve_ratio back at %s, the protection lines are not' % old)


@grade_test(2, group=SHELL, timeout=90)
def shell_exec_missing(t):
    complains(t, 'no-such-program', 'no-such-program')
    complains(t, 'no-such-program a b c', 'no-such-program')
    complains(t, '/no/such/path/prog', 'prog')
    t.check('echo still alive', 'still alive\n')


@grade_test(2, group=SHELL, timeout=90)
def user_xv6compat(t):
    """user/tests/xv6compat.c: an xv6 program, built unchanged, gets xv6's
    answers from every system call and library function."""
    out = t.run('xv6compat', timeout=60)
    if not re.search(r'^xv6compat: ok\b', out, re.M):
        raise Failure('xv6compat did not end with "xv6compat: ok":\n' + out)


# ---- the virtual-memory demos (user/lazy.c ...): their numbers are checked ----

DEMO_LINE = re.compile(r'^DEMO (\S+) faults=(\d+) expected=(\d+)$', re.M)


def demo_faults(t, cmd):
    out = t.run(cmd, timeout=60)
    m = DEMO_LINE.search(out)
    if not m:
        raise Failure('%s printed no DEMO line:\n%s' % (cmd, out))
    if m.group(2) != m.group(3):
        raise Failure('%s counted %s page faults, expected %s:\n%s'
                      % (cmd, m.group(2), m.group(3), out))
    return out


@grade_test(3, group=SHELL, timeout=120)
def vm_demos(t):
    """lazy, zeropage and cowdemo count exactly the faults demand paging
    and copy-on-write should take; zeropage's reads cost no memory."""
    demo_faults(t, 'lazy 16 32')
    out = demo_faults(t, 'zeropage 8')
    m = re.search(r'VmRSS (\d+) -> (\d+) kB', out)
    if not m or int(m.group(2)) - int(m.group(1)) > 64:
        raise Failure('reading 8 MiB of untouched heap grew VmRSS:\n' + out)
    out = demo_faults(t, 'cowdemo 8 32')
    if 'unchanged' not in out:
        raise Failure("the child's writes reached the parent:\n" + out)


@grade_test(2, group=SHELL, timeout=90)
def vm_mmap_demos(t):
    """mmapcat shows a file as cat does; mmapshare's two processes see one
    page of a file and one of shared anonymous memory."""
    t.check('echo mapped through mmap > mc.f', '')
    t.check('mmapcat mc.f', 'mapped through mmap\n')
    out = t.run('mmapshare ms.dat', timeout=60)
    for want in ('the same page, seen three ways', 'holds 400 (expected 400)'):
        if want not in out:
            raise Failure('mmapshare did not say %r:\n%s' % (want, out))
