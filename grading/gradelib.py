"""The grading library: registering grade tests, running them, scoring.

A grade test is a function taking a TestContext, registered with its
points, its time limit and, usually, a group:

    SHELL = machine_group('shell')            # one boot shared by its tests

    @grade_test(2, group=SHELL, timeout=20)
    def echo(t):
        t.check('echo hello world', 'hello world\\n')

Tests of a group run one after another on one booted machine (t.sh);
the machine boots when the group's first test asks for it and is
stopped after its last test. A test that leaves it dead or wedged (a
panic, an oops, a hang, a time-out) fails, and the next test of the
group gets a freshly booted machine. Tests without a group boot their
own machines with t.boot() (or t.machine(...)).

A failing check raises Failure; a console time-out or a dead QEMU
raises ConsoleError; either fails the test with its message, and the
report adds the last 30 console lines. A kernel panic, oops, BUG or
WARNING printed while a test ran fails that test too.
"""
import json
import os
import re
import threading
import time
import xml.etree.ElementTree as ET

import machine
from console import ConsoleError
from machine import Machine, kernel_error, FATAL, SWAP_AUTO

TAIL_LINES = 30
TESTS = []          # Test objects in the order they run
GROUPS = {}


class Failure(Exception):
    """A grade test's check did not hold."""


class Group:
    """A machine shape shared by the tests of a group."""

    def __init__(self, name, cpus=4, mem='512M', numa=1, append='',
                 disk=True, snapshot=True, boot_timeout=60, fs_img=None,
                 swap_img=SWAP_AUTO):
        self.name = name
        # The root disk: grade.py's --fs-img, or fs_img(args) -> a path.
        self.fs_img = fs_img
        # The swap disk (vdb): grade.py's --swap-img, a path, or None for none.
        self.swap_img = swap_img
        self.cpus, self.mem, self.numa, self.append = cpus, mem, numa, append
        self.disk, self.snapshot, self.boot_timeout = disk, snapshot, boot_timeout
        self.machine = None     # the running machine, between tests
        self.boots = 0
        self.state = {}         # what tests of the group share (results...)


def machine_group(name, **shape):
    GROUPS[name] = Group(name, **shape)
    return GROUPS[name]


class Test:
    def __init__(self, name, points, timeout, fn, group):
        self.name, self.points, self.timeout = name, points, timeout
        self.fn, self.group = fn, group


def grade_test(points, timeout=60, group=None, name=None):
    """Register a grade test worth `points`; `timeout` bounds the whole
    test, booting included."""
    def register(fn):
        TESTS.append(Test(name or fn.__name__, points, timeout, fn, group))
        return fn
    return register


def add_test(name, points, timeout, fn, group=None):
    """Register a test made at run time (one per usertests test)."""
    TESTS.append(Test(name, points, timeout, fn, group))


class TestContext:
    """What a grade test gets: machines, checks, and the options."""

    def __init__(self, test, args):
        self.test = test
        self.name = test.name
        self.args = args
        self.machines = []      # every machine this test touched
        self.marks = {}         # machine -> console position at our start
        self.stopped = False
        self.seconds = None     # a test may report its own duration
        self.no_tail = False    # True: the test's message has its own console tail

    # ---- machines -------------------------------------------------------

    def log_path(self, suffix=''):
        return os.path.join(self.args.out, 'logs', 'grade-%s%s.log'
                            % (self.name, suffix))

    def swap_img(self, swap_img=SWAP_AUTO):
        """The swap disk to attach: grade.py's --swap-img unless the test
        names one (or None: no swap)."""
        if swap_img == SWAP_AUTO:
            return getattr(self.args, 'swap_img', SWAP_AUTO)
        return swap_img

    def machine(self, cpus=4, mem='512M', numa=1, append='', disk=True,
                snapshot=True, fs_img=None, log_suffix='', swap_img=SWAP_AUTO):
        """A new machine of this test's own, not booted yet."""
        n = len(self.machines)
        m = Machine(self.args.kernel, cpus, mem, numa, append,
                    (fs_img or self.args.fs_img) if disk else None, snapshot,
                    log=self.log_path(log_suffix or ('-%d' % n if n else '')),
                    echo='[%s] ' % self.name if self.args.verbose else None,
                    swap_img=self.swap_img(swap_img))
        self._adopt(m)
        return m

    def _adopt(self, m):
        self.machines.append(m)
        self.marks[m] = 0
        if self.stopped:
            m.kill()

    def boot(self, cpus=4, mem='512M', numa=1, append='', disk=True):
        """Start a machine of this test's own; returns its Console (for
        tests that read the boot log rather than use the shell)."""
        return self.machine(cpus, mem, numa, append, disk).start()

    @property
    def sh(self):
        """The group's machine, booted and at a prompt."""
        g = self.test.group
        if g is None:
            raise Failure('test %s has no group: use t.machine()' % self.name)
        if g.machine is None or not g.machine.alive():
            if g.machine is not None:
                g.machine.close()
            g.boots += 1
            suffix = '' if g.boots == 1 else '-%d' % g.boots
            image = g.fs_img(self.args) if g.fs_img else self.args.fs_img
            g.machine = Machine(
                self.args.kernel, g.cpus, g.mem, g.numa, g.append,
                image if g.disk else None, g.snapshot,
                log=os.path.join(self.args.out, 'logs',
                                 'grade-%s%s.log' % (g.name, suffix)),
                echo='[%s] ' % g.name if self.args.verbose else None,
                swap_img=self.swap_img(g.swap_img))
            self._adopt(g.machine)
            g.machine.boot(g.boot_timeout)
        elif g.machine not in self.marks:
            self.machines.append(g.machine)
            self.marks[g.machine] = g.machine.con.mark()
        return g.machine

    # ---- checks ---------------------------------------------------------

    def run(self, cmd, timeout=20, paced=True):
        return self.sh.run(cmd, timeout, paced)

    def check(self, cmd, want=None, regex=None, absent=None, timeout=20,
              paced=True):
        """Run `cmd`; its output must equal `want` exactly, and/or match
        the regex `regex` (re.M), and not match `absent`. Returns it."""
        out = self.run(cmd, timeout, paced)
        if want is not None and out != want:
            raise Failure('%r printed %r, expected %r' % (cmd, out, want))
        if regex is not None and not re.search(regex, out, re.M):
            raise Failure('%r printed %r, which does not match %r'
                          % (cmd, out, regex))
        if absent is not None and re.search(absent, out, re.M):
            raise Failure('%r printed %r, which should not match %r'
                          % (cmd, out, absent))
        return out

    def expect_exit(self, con, status, timeout):
        got = con.wait(timeout)
        if got is None:
            raise Failure('QEMU still running %gs later (kernel hung?)'
                          % max(timeout, 0))
        if got != status:
            raise Failure('QEMU exit status %d, expected %d%s' % (
                got, status, ' (kernel panic)' if got == 3 else ''))

    # ---- the runner's side ----------------------------------------------

    def stop_all(self):
        """The watchdog: the test ran out of time; stop its machines so
        that whatever it waits on fails at once."""
        self.stopped = True
        for m in self.machines:
            m.kill()

    def kernel_trouble(self):
        """A kernel error printed by one of our machines during this test."""
        for m in self.machines:
            if m.con is not None:
                err = kernel_error(m.con.since(self.marks[m]))
                if err:
                    return err
        return None


def run_one(test, args):
    """Run one test; returns (passed, seconds, lines for the report)."""
    t = TestContext(test, args)
    start = time.monotonic()
    reason = None
    watchdog = threading.Timer(test.timeout * machine.TIME_SCALE, t.stop_all)
    watchdog.daemon = True
    watchdog.start()
    try:
        test.fn(t)
    except (Failure, ConsoleError) as e:
        reason = str(e)
    except Exception as e:           # a bug in the test itself still fails it
        reason = '%s: %s' % (type(e).__name__, e)
    watchdog.cancel()
    seconds = t.seconds if t.seconds is not None else time.monotonic() - start
    trouble = t.kernel_trouble()
    if t.stopped:
        reason = 'took longer than its limit of %gs, machine stopped (%s)' % (
            test.timeout * machine.TIME_SCALE, reason or 'no error seen')
    elif trouble and reason is None:
        reason = '%s: %s' % trouble
    output = []
    if reason is not None:
        output.append(reason)
        if reason.startswith('hang:'):
            for m in t.machines:
                m.show_state()
        shown = [m for m in t.machines if m.con is not None]
        for m in ([] if t.no_tail else shown[-2:]):
            output.append('last %d console lines%s:' % (
                TAIL_LINES, ' (%s)' % m.log if m.log else ''))
            output += ['| ' + l for l in m.tail(TAIL_LINES)]
    finish(t, reason, trouble)
    return reason is None, seconds, output


def finish(t, reason, trouble):
    """Stop the test's own machines; keep the group's only if it is sound."""
    g = t.test.group
    for m in t.machines:
        if g is not None and m is g.machine:
            continue
        m.close()
    if g is not None and g.machine is not None:
        # A hang leaves the shell busy: reboot rather than wait on it again.
        broken = t.stopped or (trouble and trouble[0] in FATAL) or \
            (reason is not None and (reason.startswith('hang:') or not sound(g.machine)))
        if broken:
            g.machine.close()
            g.machine = None


def sound(m):
    """After a failed check: does the shell still answer?"""
    if not m.alive():
        return False
    try:
        return m.run('echo still-here', timeout=5) == 'still-here\n'
    except ConsoleError:
        return False


def close_group(group):
    if group is not None and group.machine is not None:
        group.machine.close()
        group.machine = None


def run_tests(chosen, args):
    results = []
    start = time.monotonic()
    last_of_group = {}
    for i, test in enumerate(chosen):
        last_of_group[test.group] = i
    for i, test in enumerate(chosen):
        ok, seconds, output = run_one(test, args)
        print('%s: %s' % (test.name, 'OK (%.1fs)' % seconds if ok else 'FAIL'),
              flush=True)
        for line in output:
            print('    ' + line)
        results.append({'name': test.name, 'score': test.points if ok else 0,
                        'max_score': test.points, 'time': round(seconds, 1),
                        'status': 'passed' if ok else 'failed',
                        'output': '\n'.join(output)})
        if last_of_group[test.group] == i:
            close_group(test.group)
    return results, time.monotonic() - start


def write_reports(results, total_seconds, out):
    os.makedirs(out, exist_ok=True)
    score = sum(r['score'] for r in results)
    gradescope = {
        'score': score,
        'max_score': sum(r['max_score'] for r in results),
        'execution_time': round(total_seconds, 1),
        'tests': [{k: v for k, v in r.items() if k != 'time'} for r in results],
    }
    with open(os.path.join(out, 'results.json'), 'w') as f:
        json.dump(gradescope, f, indent=2)
        f.write('\n')

    failures = sum(1 for r in results if r['status'] == 'failed')
    suite = ET.Element('testsuite', name='grade', tests=str(len(results)),
                       failures=str(failures),
                       time='%.1f' % total_seconds)
    for r in results:
        case = ET.SubElement(suite, 'testcase', classname='grade',
                             name=r['name'], time='%.1f' % r['time'])
        if r['status'] == 'failed':
            fail = ET.SubElement(case, 'failure',
                                 message=(r['output'] or 'failed').splitlines()[0])
            fail.text = r['output']
    ET.ElementTree(suite).write(os.path.join(out, 'junit.xml'),
                                encoding='unicode', xml_declaration=True)

    passed = len(results) - failures
    with open(os.path.join(out, 'grade.summary'), 'w') as f:
        f.write('%d %d\n' % (passed, failures))
        for r in results:	# then the failed tests, a line each
            if r['status'] == 'failed':
                f.write('%s\n' % r['name'])
    return passed, failures
