"""A parser for KTAP v1, the test output format of KUnit (and of Pagoda's
kernel/kunit/). See docs/testing.md and Linux's
Documentation/dev-tools/ktap.rst.

    KTAP version 1                 <- a test with subtests begins
    1..2                           <- plan: how many results will follow
        KTAP version 1             <- each nesting level indents 4 spaces
        # Subtest: buddy
        1..2
        # buddy_merges: EXPECTATION FAILED at ...   <- diagnostics come
        not ok 1 buddy_merges                           before the result
        ok 2 buddy_every_order # SKIP needs 2 nodes
    not ok 1 buddy                 <- the suite's own result closes it
    ...

The top level holds suites, suites hold cases (a parameterised case may
hold subcases of its own). Lines that are not KTAP, such as the boot log,
are ignored, so the parser can be fed the whole console.

    p = Parser()
    for line in console: done = p.feed(line)      # a Test when one ends
    run = p.finish(exit_status=0, timed_out=False)
    run.errors                                    # [] means the run passed
"""
import re

VERSION_RE = re.compile(r'K?TAP version (\d+)$')
PLAN_RE = re.compile(r'1\.\.(\d+)$')
RESULT_RE = re.compile(r'(not ok|ok) (\d+)(?: -)?(?: ([^#]*?))?\s*(?:#\s*(.*))?$')
SUBTEST_RE = re.compile(r'# Subtest: (.*)$')
PANIC = 'Kernel panic'
INDENT = 4

OK, NOT_OK, SKIP = 'ok', 'not ok', 'skip'


class Test:
    """One KTAP test: the run itself, a suite, a case or a subcase."""

    def __init__(self, depth, parent=None, name=''):
        self.depth = depth      # 0 = the whole run, 1 = suite, 2 = case
        self.parent = parent
        self.name = name
        self.number = None
        self.status = None      # OK, NOT_OK or SKIP once its result is seen
        self.directive = ''     # e.g. 'SKIP needs 2 nodes'
        self.plan = None
        self.children = []
        self.diag = []          # '# ...' lines, without the '# '

    def full_name(self):
        """'suite.case', as kunit.filter_glob spells it."""
        names = []
        t = self
        while t.parent is not None:
            names.append(t.name)
            t = t.parent
        return '.'.join(reversed(names))

    def cases(self):
        """Every test two levels down: the cases of every suite."""
        return [c for s in self.children for c in s.children]

    def __repr__(self):
        return 'Test(%r, %r)' % (self.full_name(), self.status)


class Run:
    """The outcome of one boot: the test tree and what went wrong."""

    def __init__(self, root, errors, panicked):
        self.root = root
        self.suites = root.children
        self.errors = errors    # [(test or None, message)]
        self.panicked = panicked

    def cases(self):
        return self.root.cases()

    def count(self, status):
        return sum(1 for c in self.cases() if c.status == status)

    def machine_errors(self):
        """Errors other than a case reporting 'not ok' (a suite's 'not ok'
        counts here only when none of its cases explains it)."""
        return [(t, msg) for t, msg in self.errors if not explained(t)]

    def failures(self):
        """Failed cases, plus one if the run itself went wrong (a panic,
        a hang, a missing plan...), so a broken run never counts as 0."""
        return self.count(NOT_OK) + (1 if self.machine_errors() else 0)


def explained(test):
    """Is this a 'not ok' that a failing case accounts for?"""
    if test is None or test.status != NOT_OK:
        return False
    return test.depth >= 2 or any(c.status == NOT_OK for c in test.children)


class Parser:
    def __init__(self):
        self.root = None        # created by the first 'KTAP version' line
        self.stack = []         # tests still open, outermost first
        self.pending = {}       # depth -> diagnostics awaiting a result
        self.errors = []
        self.panicked = False

    def feed(self, line):
        """Take one console line. Returns the Test whose result line this
        was, if any."""
        line = line.rstrip('\r\n')
        if PANIC in line:
            self.panicked = True
        stripped = line.lstrip(' ')
        indent = len(line) - len(stripped)
        if indent % INDENT:
            return None
        depth = indent // INDENT
        if self.root is None:
            if depth == 0 and VERSION_RE.match(stripped):
                self.root = Test(0)
                self.stack = [self.root]
            return None
        if VERSION_RE.match(stripped):
            if depth == len(self.stack):
                self._open(depth)
            return None
        m = SUBTEST_RE.match(stripped)
        if m:
            if depth == len(self.stack):
                self._open(depth)
            if depth == len(self.stack) - 1 and depth > 0:
                self.stack[depth].name = m.group(1).strip()
            return None
        m = PLAN_RE.match(stripped)
        if m:
            if depth == len(self.stack):     # subtest without a header
                self._open(depth)
            if depth == len(self.stack) - 1:
                self.stack[depth].plan = int(m.group(1))
            return None
        m = RESULT_RE.match(stripped)
        if m and depth < len(self.stack):
            return self._result(depth, m)
        if stripped.startswith('#') and depth <= len(self.stack):
            self.pending.setdefault(depth, []).append(stripped[1:].strip())
        return None

    def _open(self, depth):
        parent = self.stack[depth - 1]
        self.stack.append(Test(depth, parent))
        self.pending.pop(depth, None)

    def _result(self, depth, m):
        """A result line at `depth` ends a child of stack[depth]."""
        parent = self.stack[depth]
        while len(self.stack) > depth + 2:   # a subtest that never finished
            lost = self.stack.pop()
            self._error(lost, 'no result line for %s' % lost.full_name())
            lost.parent.children.append(lost)
        if len(self.stack) == depth + 2:     # closes the open subtest
            test = self.stack.pop()
            test.diag += self.pending.pop(depth + 1, [])
        else:
            test = Test(depth + 1, parent)
        test.diag += self.pending.pop(depth, [])
        ok, number, name, directive = m.groups()
        test.number = int(number)
        test.name = (name or '').strip() or test.name
        test.directive = (directive or '').strip()
        if test.directive.upper().startswith('SKIP'):
            test.status = SKIP
        else:
            test.status = OK if ok == 'ok' else NOT_OK
        parent.children.append(test)
        if test.status == NOT_OK:
            self._error(test, '%s: not ok' % test.full_name())
        return test

    def _error(self, test, message):
        self.errors.append((test, message))

    def finish(self, exit_status=0, timed_out=False):
        """Check plans and counts once the console has ended."""
        root = self.root or Test(0)
        if self.root is None:
            self._error(None, 'no KTAP output (is kunit.enable=1 honoured?)')
        while len(self.stack) > 1:
            lost = self.stack.pop()
            self._error(lost, 'output ends inside %s' %
                        (lost.full_name() or 'an unnamed suite'))
            lost.parent.children.append(lost)
        if self.root is not None:
            self._check_plans(root)
        if self.panicked:
            self._error(None, 'kernel panic')
        if timed_out:
            self._error(None, 'timed out')
        elif exit_status:
            # Status 1 is the kernel saying "tests failed": when a failing
            # test is on record, blame the status on it, not on the machine.
            failed = [t for t, _ in self.errors if explained(t)]
            blame = failed[0] if exit_status == 1 and failed else None
            self._error(blame, 'QEMU exit status %d%s' % (exit_status, {
                1: ' (tests failed)', 3: ' (kernel panic)'}.get(exit_status, '')))
        return Run(root, self.errors, self.panicked)

    def _check_plans(self, test):
        what = test.full_name() or 'top level'
        # Plans are required of the run and of suites; a parameterised
        # case, like KUnit's, may list its subcases without one.
        if test.depth <= 1 or test.plan is not None:
            if test.plan is None:
                self._error(test, '%s: missing plan line' % what)
            elif len(test.children) < test.plan:
                self._error(test, '%s: %d of %d results (output truncated?)'
                            % (what, len(test.children), test.plan))
            elif len(test.children) > test.plan:
                self._error(test, '%s: %d results but the plan says %d'
                            % (what, len(test.children), test.plan))
        for child in test.children:
            self._check_plans(child)


def parse(lines, exit_status=0, timed_out=False):
    """Parse a whole console log (a string or a list of lines)."""
    if isinstance(lines, str):
        lines = lines.splitlines()
    p = Parser()
    for line in lines:
        p.feed(line)
    return p.finish(exit_status, timed_out)
