"""Self-tests for the grader (gradelib.py, machine.py, grade.py and the
usertests batches), against a fake QEMU that plays a tiny shell.

The fake boots ("Pagoda: boot complete", then "$ "), echoes what is typed,
and understands: echo, panic (prints a panic and exits 3), hang (stops
answering), warn (prints a kernel WARNING), usertests NAME... (OK, or
FAILED for names with "bad", a hang for "hang", a panic for "panic");
after "hang" it answers only ^P, with a line standing for show_state().
Every boot appends a line to $FAKE_BOOTS, so tests can count boots.
"""
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest
import xml.etree.ElementTree as ET

import qemu

HERE = os.path.dirname(os.path.abspath(__file__))

FAKE_SHELL = r'''#!/usr/bin/env python3
import os, sys, time
argv = sys.argv
def say(s):
    sys.stdout.write(s.replace('\n', '\r\n'))
    sys.stdout.flush()
with open(os.environ['FAKE_BOOTS'], 'a') as f:
    f.write(' '.join(argv) + '\n')
if os.environ.get('FAKE_CHILD_PIDS'):
    # A helper process of our own, as QEMU may have: it must not outlive us.
    import subprocess
    helper = subprocess.Popen(['sleep', '300'])
    with open(os.environ['FAKE_CHILD_PIDS'], 'a') as f:
        f.write('%d\n' % helper.pid)
say('OpenSBI v1.1\nBoot HART ID              : 0\n')
say('[    0.200000] Pagoda: boot complete in 150 ms\n$ ')
def read_line():
    # Echo each character as it comes, as the kernel's line discipline does.
    line = b''
    while True:
        c = os.read(0, 1)
        if not c:
            return None
        if c == b'\n':
            say('\n')
            return line.decode()
        say(c.decode())
        line += c
while True:
    line = read_line()
    if line is None:
        break
    cmd = line.strip()
    w = cmd.split()
    if not w:
        pass
    elif w[0] == 'echo':
        say(' '.join(w[1:]) + '\n')
    elif w[0] == 'panic':
        say('Kernel panic - not syncing: fake panic\n')
        sys.exit(3)
    elif w[0] == 'hang':
        # Never prompt again, but answer ^P as the kernel does.
        while True:
            c = os.read(0, 1)
            if not c:
                sys.exit(0)
            if c == b'\x10':
                say('fake show_state: sh S sleeping in hang\n')
    elif w[0] == 'ubench':
        say('fork      1000.0 ops/s\nBENCH user_fork 1000.0 900.5 1100.0 ops/s\n')
        say('BENCH user_pipe 55.5 50.0 60.0 MB/s\nubench: done\n')
    elif w[0] == 'vmbench':
        say('BENCH_RATIO demandzero 2.500 2.000 3.000 <=3\nvmbench: done\n')
    elif w[0] == 'lazy':
        say('DEMO lazy faults=16 expected=16\n')
    elif w[0] == 'warn':
        say('WARNING: CPU: 0 at fake.c:1: fake warning\n')
    elif w[0] == 'usertests':
        for n in w[1:]:
            if 'hang' in n:
                time.sleep(60)
            if 'panic' in n:
                say('Kernel panic - not syncing: in %s\n' % n)
                sys.exit(3)
            say('test %s: %s\n' % (n, 'FAILED it was bad' if 'bad' in n else 'OK'))
        say('memfree: before 100 kB, after 100 kB, tolerance 0 kB: OK\n')
        say('pagetables: before 8 kB, after 8 kB, tolerance 0 kB: OK\n')
    else:
        say('exec %s failed\n' % w[0])
    say('$ ')
'''

# A grade script of our own, on the library, with tests that misbehave.
LIB_TESTS = r'''
import sys
sys.path.insert(0, sys.argv[1])
import argparse, gradelib
from gradelib import grade_test, machine_group, Failure
G = machine_group('g')

@grade_test(1, group=G)
def first(t):
    t.check('echo one', 'one\n')

@grade_test(2, group=G)
def wrong(t):
    t.check('echo two', 'three\n')

@grade_test(1, group=G)
def panics(t):
    t.run('panic')

@grade_test(1, group=G)
def after_panic(t):
    t.check('echo back', 'back\n')

@grade_test(1, group=G, timeout=3)
def hangs(t):
    t.run('hang', timeout=30)

@grade_test(1, group=G, timeout=30)
def hangs_a_step(t):
    t.run('hang', timeout=2)

@grade_test(1, group=G)
def warns(t):
    t.run('warn')

@grade_test(1, group=G)
def last(t):
    t.check('echo end', 'end\n')

args = argparse.Namespace(kernel=sys.argv[2], fs_img=None, out=sys.argv[3],
                          verbose=False)
results, seconds = gradelib.run_tests(gradelib.TESTS, args)
gradelib.write_reports(results, seconds, args.out)
'''

UT_TABLE = textwrap.dedent('''\
    static struct test tests[] = {
    	{ "alpha", alpha, 2 },
    	{ "bad", bad, 2 },
    	{ "hang", hang, 1 },
    	{ "gamma", gamma, 2 },
    	{ "slow", slow, 30 },
    	{ 0, 0, 0 },
    };
    ''')


@unittest.skipUnless(any(os.path.isfile(p) for p in qemu.FIRMWARE_PATHS),
                     'OpenSBI firmware not installed')
class GradeTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        fake = os.path.join(self.dir, 'fake-qemu')
        with open(fake, 'w') as f:
            f.write(FAKE_SHELL)
        os.chmod(fake, 0o755)
        self.kernel = os.path.join(self.dir, 'kernel.bin')
        open(self.kernel, 'w').close()
        open(os.path.join(self.dir, 'fs.img'), 'w').close()
        self.boots = os.path.join(self.dir, 'boots')
        open(self.boots, 'w').close()
        src = os.path.join(self.dir, 'usertests.c')
        with open(src, 'w') as f:
            f.write(UT_TABLE)
        self.env = dict(os.environ, PAGODA_QEMU=fake, FAKE_BOOTS=self.boots,
                        PAGODA_USERTESTS_SRC=src, PAGODA_TIME_SCALE='1')

    def tearDown(self):
        self.tmp.cleanup()

    def run_py(self, argv):
        p = subprocess.run([sys.executable] + argv, cwd=self.dir, env=self.env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=120)
        return p.returncode, p.stdout

    def grade(self, *tests):
        return self.run_py([os.path.join(HERE, 'grade.py'), '--kernel',
                            self.kernel, '--out', 'build'] + list(tests))

    def nboots(self):
        with open(self.boots) as f:
            return len(f.read().splitlines())

    def results(self):
        with open(os.path.join(self.dir, 'build', 'results.json')) as f:
            return {t['name']: t for t in json.load(f)['tests']}

    def test_boot_and_shell(self):
        rc, out = self.grade('boot', 'boot_numa2', 'shell_echo*')
        self.assertRegex(out, r'boot: OK \(\d+\.\ds\)')
        self.assertIn('boot_numa2: OK', out)
        self.assertRegex(out, r'shell_echo: OK')
        self.assertEqual(out.splitlines()[-1], '3 passed, 0 failed')
        self.assertIn('Score: 4/4', out)
        with open(self.boots) as f:
            argv = f.read()
        self.assertIn('file=%s' % os.path.join(self.dir, 'fs.img'), argv)
        self.assertIn('snapshot=on', argv)
        suite = ET.parse(os.path.join(self.dir, 'build', 'junit.xml')).getroot()
        self.assertEqual(suite.get('failures'), '0')
        with open(os.path.join(self.dir, 'build', 'grade.summary')) as f:
            self.assertEqual(f.read().split(), ['3', '0'])

    def test_swap_disk(self):
        """swap.img beside the kernel is every machine's vdb, snapshot=on;
        --swap-img none leaves it off; a missing one is an error."""
        swap = os.path.join(self.dir, 'swap.img')
        open(swap, 'w').close()
        rc, out = self.grade('boot')
        self.assertEqual(rc, 0, out)
        with open(self.boots) as f:
            argv = f.read().split()
        self.assertIn('file=%s,if=none,format=raw,id=disk1,snapshot=on' % swap, argv)
        open(self.boots, 'w').close()
        rc, out = self.grade('--swap-img', 'none', 'boot')
        self.assertEqual(rc, 0, out)
        with open(self.boots) as f:
            self.assertNotIn('swap.img', f.read())
        rc, out = self.grade('--swap-img', 'no-such.img', 'boot')
        self.assertEqual(rc, 1)
        self.assertIn('no swap disk at no-such.img', out)

    def test_shell_failure(self):
        rc, out = self.grade('shell_echo', 'shell_cat')  # the fake has no >
        self.assertEqual(rc, 1)
        self.assertIn('shell_cat: FAIL', out)
        self.assertIn("'echo one two > cat.f' printed 'one two > cat.f\\n', "
                      "expected ''", out)
        self.assertIn('| $ echo one two > cat.f', out)
        self.assertEqual(out.splitlines()[-1], '1 passed, 1 failed')
        self.assertEqual(self.nboots(), 1)     # a failed check keeps the machine
        with open(os.path.join(self.dir, 'build', 'grade.summary')) as f:
            self.assertEqual(f.read().splitlines(), ['1 1', 'shell_cat'])

    def test_library(self):
        script = os.path.join(self.dir, 'lib_tests.py')
        with open(script, 'w') as f:
            f.write(LIB_TESTS)
        rc, out = self.run_py([script, HERE, self.kernel, 'build'])
        r = self.results()
        self.assertEqual([n for n, t in r.items() if t['status'] == 'passed'],
                         ['first', 'after_panic', 'last'], out)
        self.assertIn("'echo two' printed 'two\\n', expected 'three\\n'",
                      r['wrong']['output'])
        self.assertIn('kernel panic: Kernel panic - not syncing: fake panic',
                      r['panics']['output'])
        self.assertIn('| Kernel panic - not syncing: fake panic', r['panics']['output'])
        self.assertIn('took longer than its limit of 3s', r['hangs']['output'])
        self.assertIn("hang: waited 2s for a prompt after 'hang'",
                      r['hangs_a_step']['output'])
        self.assertIn('| fake show_state: sh S sleeping in hang',
                      r['hangs_a_step']['output'])
        self.assertIn('kernel warning: WARNING: CPU: 0 at fake.c:1',
                      r['warns']['output'])
        # One boot, a reboot after the panic, one after each hang.
        self.assertEqual(self.nboots(), 4)
        with open(os.path.join(self.dir, 'build', 'results.json')) as f:
            self.assertEqual(json.load(f)['score'], 3)

    def test_usertests_batches(self):
        rc, out = self.grade('usertests_*')
        self.assertEqual(rc, 1)
        r = self.results()
        status = {n: t['status'] for n, t in r.items()}
        self.assertEqual(status, {
            'usertests_alpha': 'passed', 'usertests_bad': 'failed',
            'usertests_hang': 'failed', 'usertests_gamma': 'passed',
            'usertests_slow': 'passed', 'usertests_leak': 'passed'}, out)
        self.assertIn('test bad: FAILED it was bad', r['usertests_bad']['output'])
        self.assertIn('hang: waited 3s for "test hang: OK"', r['usertests_hang']['output'])
        self.assertIn('| test bad: FAILED', r['usertests_hang']['output'])
        # The hang cost one reboot; gamma and slow ran on the second machine.
        self.assertEqual(self.nboots(), 2)
        self.assertIn('Score: 5/7', out)

    def test_bench_boot_and_user(self):
        rc, out = self.run_py([os.path.join(HERE, 'bench.py'), '--kernel', self.kernel,
                               '--skip-micro', '--skip-meminit', '--repeat', '2'])
        self.assertEqual(rc, 0, out)
        with open(os.path.join(self.dir, 'build', 'bench.json')) as f:
            report = json.load(f)
        self.assertEqual(report['boot']['kernel_s']['median'], 0.15)
        self.assertEqual(len(report['boot']['host_s']['samples']), 2)
        self.assertTrue(report['boot']['pass'])
        self.assertEqual([(u['name'], u['median'], u['unit']) for u in report['user']],
                         [('user_fork', 1000.0, 'ops/s'), ('user_pipe', 55.5, 'MB/s')])
        self.assertRegex(out, r'user_pipe\s+55.500\s+50.000\s+60.000\s+MB/s')
        self.assertEqual([(r['name'], r['median'], r['pass']) for r in report['ratios']],
                         [('demandzero', 2.5, True)])
        self.assertEqual(report['demos'], [{'name': 'lazy', 'faults': 16, 'expected': 16}])
        self.assertEqual(self.nboots(), 3)

    def test_no_leftovers(self):
        pids = os.path.join(self.dir, 'pids')
        self.env['FAKE_CHILD_PIDS'] = pids
        rc, out = self.grade('boot', 'shell_echo', 'shell_cat')
        with open(pids) as f:
            helpers = [int(l) for l in f.read().split()]
        self.assertEqual(len(helpers), 2, out)     # boot's machine, the shell group's
        for pid in helpers:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                continue
            # A zombie whose parent has gone is reaped by init; not ours.
            try:
                with open('/proc/%d/stat' % pid) as f:
                    state = f.read().split()[2]
            except FileNotFoundError:
                continue        # reaped just now
            self.assertEqual(state, 'Z', 'helper %d lives on' % pid)

    def test_list_and_unknown(self):
        rc, out = self.grade('--list')
        self.assertIn('usertests_slow', out)
        self.assertIn('crash_consistency', out)
        rc, out = self.grade('no_such_test')
        self.assertNotEqual(rc, 0)
        self.assertIn('no test named no_such_test', out)


class CrashModelTest(unittest.TestCase):
    """grade_crash's model of the fscrash sequence."""

    def listing(self, steps, ops_of_next=0, cut=None):
        import grade_crash as gc
        state = {}
        for i in range(steps):
            for op in gc.step_ops(i):
                state = gc.apply(state, op)
        for op in gc.step_ops(steps)[:ops_of_next]:
            state = gc.apply(state, op)
        out = {}
        for name, data in state.items():
            if name == cut:
                data = data[:len(data) // 2]
            out[name] = (len(data), gc.fnv1a(data))
        return out

    def test_states(self):
        import grade_crash as gc
        self.assertEqual(gc.fnv1a(b''), 0x811c9dc5)
        self.assertEqual(gc.fnv1a(b'a'), 0xe40c292c)      # FNV-1a's published value
        self.assertEqual(gc.acceptable(30, self.listing(30)), 'after 30 steps')
        self.assertIsNotNone(gc.acceptable(30, self.listing(35)))
        self.assertIsNotNone(gc.acceptable(30, self.listing(30, 1)))   # mid-step
        # Step 48 (slot 0, kind 0) writes f0: half its data is a valid crash.
        self.assertIsNotNone(gc.acceptable(48, self.listing(48, 2, cut='f0')))
        # ...but half the data of a committed write is not.
        self.assertIsNone(gc.acceptable(49, self.listing(49, 0, cut='f0')))
        # A committed step undone, or far too many done, is not.
        self.assertIsNone(gc.acceptable(30, self.listing(25)))
        self.assertIsNone(gc.acceptable(30, self.listing(30 + gc.SLACK + 8)))
        extra = self.listing(30)
        extra['zz'] = (0, gc.fnv1a(b''))
        self.assertIsNone(gc.acceptable(30, extra))


if __name__ == '__main__':
    unittest.main()
