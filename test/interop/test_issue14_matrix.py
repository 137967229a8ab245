"""Issue 14's features in the interop matrix: {our client, Debian 3.4 client} x {our
daemon, Debian 3.4 daemon} x {warning-faithful preprocessing (a -Werror fallthrough
case, a macro-note case; doc/client.md §9.1), side outputs (-gsplit-dwarf .dwo,
-fstack-usage .su, clang -ftime-trace JSON, clang --coverage .gcno) and declared
extra inputs (gcc -fprofile-use=DIR, clang -fsanitize-ignorelist=FILE;
doc/protocol.md §16)}.

Every cell compiles one command in the same directory as its local reference compile
(so paths recorded in objects match), with the client's default DISTCC_PREPROCESS:
  * our client, our daemon: remote (the client's job journal says so), every file
    there and equal to the local one -- the .o, the .su and gcc's .dwo byte-identical
    (with -g in faithful mode up to DW_AT_producer, which records -fdirectives-only,
    in the .dwo too; the split-dwarf-full case checks the bytes), the JSON a time
    trace; the declared input is shown to be used (the profile changes the code
    against a compile without it, the ignorelist removes the ASan check the object
    has without it);
  * our client, 3.4 daemon: the faithful cases remote with the local diagnostics and
    exit status; the side-file cases local, the warning naming why, the files equal
    to the local ones;
  * 3.4 client, our daemon: what 3.4 client with 3.4 daemon does -- the same exit
    status, the same files (the object's code and data), the same job verdict in the
    daemon's log and the same compiler diagnostics; one deliberate difference: a
    client-named data file (-fsanitize-ignorelist=) is refused where 3.4's compiler
    fails to open it, and 3.4's client compiles locally either way (doc/security.md
    §2).  The 3.4 x 3.4 cell, run once for that comparison, also states what 3.4
    does (peer_only).  3.4's client keeps coverage local itself (its scanner's
    profiling rule), so the clang-coverage cells are local with 3.4's client.
One daemon of each kind for the module."""
import collections
import json
import os
import shutil

import pytest

from dcctest import daemons, objects, outputs, paths, procs, warning_corpus
from dcctest.fixtures import clean_client_env, kept_on_failure, peer_only_unless

# preprocess: DISTCC_PREPROCESS for the distributed compile (None: the default).
Feature = collections.namedtuple("Feature", "compiler flags source suffixes kind preprocess", defaults=[None])

FALLTHROUGH = """\
int f(int x) {
    int r = 0;
    switch (x) {
    case 1:
        r += 2;
        /* FALLTHRU */
    case 2:
        r += 3;
        break;
    default:
        r = -1;
    }
    return r;
}
"""
MACRO_NOTE = """\
#define HALF(v) ((v) / 0)
int f(int x) { return HALF(x); }
"""
PROFILED = """\
int table[4] = {1, 2, 3, 4};
int f(int x) { return x > 2 ? table[x & 3] * x : x - 1; }
int main(void) { int s = 0; for (int i = 0; i < 100; i++) s += f(i); return s == 7; }
"""
CHECKED = "int f(int *p) { return p[1]; }\n"

FEATURES = {
    "fallthrough-werror": Feature("gcc", ["-O2", "-Wimplicit-fallthrough", "-Werror"], FALLTHROUGH, [".o"],
                                  "faithful"),
    "macro-note": Feature("gcc", ["-O2", "-Wall"], MACRO_NOTE, [".o"], "faithful"),
    "split-dwarf": Feature("gcc", ["-O2", "-g", "-gsplit-dwarf"], PROFILED, [".o", ".dwo"], "side"),
    # Full preprocessing: gcc's object and .dwo byte-identical (doc/protocol.md §16.4 item 2).
    "split-dwarf-full": Feature("gcc", ["-O2", "-g", "-gsplit-dwarf"], PROFILED, [".o", ".dwo"], "side", "full"),
    "stack-usage": Feature("gcc", ["-O2", "-fstack-usage"], PROFILED, [".o", ".su"], "side"),
    "time-trace": Feature("clang", ["-O1", "-ftime-trace"], PROFILED, [".o", ".json"], "side"),
    "profile-use": Feature("gcc", ["-O2", "-fprofile-use=prof", "-Wmissing-profile"], PROFILED, [".o"],
                           "declared"),
    "ignorelist": Feature("clang", ["-O1", "-fsanitize=address", "-fsanitize-ignorelist=ign.txt"], CHECKED,
                          [".o"], "declared"),
    # clang coverage (doc/protocol.md §16.7): object and note byte-identical; local
    # with any 3.4 peer (3.4's scanner keeps coverage local itself).
    "clang-coverage": Feature("clang", ["-O1", "--coverage"], PROFILED, [".o", ".gcno"], "side"),
}
# Every suffix any case can leave beside sub/t.o, so a cell sees exactly what it made.
ALL_SUFFIXES = (".o", ".dwo", ".su", ".json", ".gcno")

CLIENTS = {"our-client": paths.OUR_DISTCC, "debian-client": paths.DEBIAN_DISTCC}
CELLS = [pytest.param(c, d, f, id=f"{c}-{d}-{f}", marks=peer_only_unless("our-" in c + d))
         for c in CLIENTS for d in ("our-daemon", "debian-daemon") for f in FEATURES]

Outcome = collections.namedtuple("Outcome", "returncode stderr files verdicts journal")


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


class Matrix:
    """The work directory, the local reference of every feature, both daemons."""

    def __init__(self, path):
        self.path = path
        self.work = os.path.join(path, "work")
        os.makedirs(os.path.join(self.work, "sub"))
        self.sources = {}
        for name, feature in FEATURES.items():
            source = f"{name}.c"
            write(os.path.join(self.work, source), feature.source)
            self.sources[name] = source
        write(os.path.join(self.work, "ign.txt"), "fun:f\n")
        self._profile()
        self.local = {name: self._compile_locally(name) for name in FEATURES}
        # What the declared inputs must change: the same compiles without them.
        self.without = {
            "profile-use": self._compile_locally("profile-use", drop="-fprofile-use=prof")[1][".o"],
            "ignorelist": self._compile_locally("ignorelist", drop="-fsanitize-ignorelist=ign.txt")[1][".o"],
        }
        self.daemons = {}
        self.results = {}

    def argv(self, name, drop=None):
        feature = FEATURES[name]
        return [feature.compiler, *[f for f in feature.flags if f != drop], "-c", self.sources[name],
                "-o", "sub/t.o"]

    def _profile(self):
        """gcc's profile of profile-use.c, where -fprofile-use=prof looks for it: in
        prof/, named by gcc's mangling of the absolute object path without suffix."""
        source = self.sources["profile-use"]
        run_ok(["gcc", "-O2", "-fprofile-generate", source, "-o", "prog"], self.work)
        run_ok(["./prog"], self.work, ok=(0, 1))
        gcda = [p for p in os.listdir(self.work) if p.endswith(".gcda")]
        assert len(gcda) == 1, os.listdir(self.work)
        os.makedirs(os.path.join(self.work, "prof"))
        mangled = os.path.join(self.work, "sub", "t").replace("/", "#") + ".gcda"
        shutil.move(os.path.join(self.work, gcda[0]), os.path.join(self.work, "prof", mangled))

    def clear(self):
        for suffix in ALL_SUFFIXES:
            try:
                os.unlink(os.path.join(self.work, "sub", "t" + suffix))
            except FileNotFoundError:
                pass

    def collect(self):
        files = {}
        for suffix in ALL_SUFFIXES:
            p = os.path.join(self.work, "sub", "t" + suffix)
            if os.path.exists(p):
                files[suffix] = objects.read(p)
        return files

    def _compile_locally(self, name, drop=None):
        self.clear()
        r = procs.run(self.argv(name, drop), cwd=self.work, timeout=120)
        return r, self.collect()

    def daemon(self, kind):
        if kind not in self.daemons:
            binary = paths.OUR_DISTCCD if kind == "our-daemon" else paths.DEBIAN_DISTCCD
            self.daemons[kind] = daemons.Daemon(binary, self.path, name=kind).start()
        return self.daemons[kind]

    def outcome(self, client, daemon_kind, name):
        """One cell, run once and remembered (the 3.4 x 3.4 cell serves two tests)."""
        key = (client, daemon_kind, name)
        if key not in self.results:
            daemon = self.daemon(daemon_kind)
            # A fresh DISTCC_DIR per cell: 3.4's client backs a host off after a
            # remote failure (the fallthrough case), which must not move later cells.
            home = os.path.join(self.path, "-".join(key))
            os.makedirs(home)
            journal = os.path.join(home, "journal.jsonl")
            env = clean_client_env(home, hosts=daemon.host_spec("/2,lzo"), DISTCC_PREPROCESS=FEATURES[name].preprocess,
                                   DISTCC_JOURNAL=journal)
            before = len(jobs(daemon))
            self.clear()
            r = procs.run([CLIENTS[client], *self.argv(name)], cwd=self.work, env=env, timeout=120)
            files = self.collect()
            entries, remote, wait = [], 1, 3  # 3.4's client: at most one job, logged at once
            if client == "our-client":
                entries = [json.loads(line) for line in procs.read_text(journal).splitlines() if line.strip()]
                remote, wait = sum(1 for e in entries if e.get("outcome") == "remote"), 10
            try:
                procs.wait_until(lambda: len(jobs(daemon)) >= before + remote, wait, what="job summaries")
            except procs.Timeout:
                pass
            verdicts = jobs(daemon)[before:]
            self.results[key] = Outcome(r.returncode, r.stderr, files, verdicts, entries)
        return self.results[key]

    def stop(self):
        for d in self.daemons.values():
            d.stop()


def jobs(daemon):
    """The verdicts of the daemon's compile jobs so far (not of probes or of the
    connection that saw it listen)."""
    return [s["category"] for s in daemon.summaries() if s["category"].startswith("COMPILE")]


def run_ok(argv, cwd, ok=(0,)):
    r = procs.run(argv, cwd=cwd, timeout=120)
    assert r.returncode in ok, f"{argv}: {r.returncode}\n{r.stderr}"
    return r


@pytest.fixture(scope="module")
def matrix(request):
    for tool in ("gcc", "clang"):
        if not paths.tool(tool):
            pytest.skip(f"{tool} is not installed")
    with kept_on_failure("dcc-issue14-", "scratch directory", lambda: request.session.testsfailed) as path:
        m = Matrix(path)
        try:
            yield m
        finally:
            m.stop()


def require(client, daemon_kind):
    if "debian" in client + daemon_kind and not paths.have_debian_distcc():
        pytest.skip("Debian's distcc 3.4 is not installed (apt-get install distcc)")
    for name, used in (("distcc", client == "our-client"), ("distccd", daemon_kind == "our-daemon")):
        if used and not paths.ours(name):
            pytest.skip(f"our {name} has not been built")


def compiler_messages(stderr):
    """The compiler's diagnostics of a 3.4 client's stderr: its own "distcc[PID]"
    lines (which name the daemon's port) dropped."""
    return [l for l in stderr.splitlines() if not outputs.CLIENT_LINE.match(l)]


def written(directory, name, data):
    path = os.path.join(directory, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def has_asan_check(obj):
    symbols = procs.run(["nm", "-u", obj], timeout=60, check=True).stdout
    return "__asan_report_load4" in symbols


@pytest.mark.parametrize("client,daemon_kind,name", CELLS)
def test_issue14_cell(matrix, client, daemon_kind, name, tmp_path):
    require(client, daemon_kind)
    feature = FEATURES[name]
    local_run, local_files = matrix.local[name]
    got = matrix.outcome(client, daemon_kind, name)

    if client == "debian-client":
        return check_debian_client(matrix, daemon_kind, name, got, tmp_path)

    outcomes = [e.get("outcome") for e in got.journal]
    stays_local = daemon_kind == "debian-daemon" and feature.kind != "faithful"
    assert got.returncode == local_run.returncode, got.stderr
    if stays_local:
        assert "remote" not in outcomes, (outcomes, got.stderr)
        assert "distcc 3.4 or an older distccd" in got.stderr, got.stderr
        assert not any(v.startswith("COMPILE") for v in got.verdicts), got.verdicts
    else:
        assert outcomes == ["remote"], (got.journal, got.stderr)
        assert got.verdicts == ["COMPILE_OK"], got.verdicts

    # Diagnostics: the local compiler's, up to what plain mode may not quote.
    differ = warning_corpus.diagnostics_differences(local_run.stderr, got.stderr, feature.compiler, matrix.work)
    assert differ == [], f"{differ}\n--- local\n{local_run.stderr}\n--- distcc\n{got.stderr}"
    if name == "macro-note":
        assert "in expansion of macro 'HALF'" in got.stderr, got.stderr

    # Files: the same set, equal to the local ones.
    assert sorted(got.files) == sorted(local_files), (sorted(got.files), got.stderr)
    for suffix, data in local_files.items():
        if suffix == ".json":
            assert "traceEvents" in json.loads(got.files[suffix]), got.files[suffix][:200]
        elif suffix in (".o", ".dwo") and "-g" in feature.flags and not stays_local and not feature.preprocess:
            # Faithful mode at -g: gcc records -fdirectives-only in DW_AT_producer
            # (doc/client.md §9.1), in the .dwo too; everything else is the local bytes.
            a, b = written(tmp_path, "dist" + suffix, got.files[suffix]), written(tmp_path, "local" + suffix, data)
            if suffix == ".o":
                assert objects.compare_modulo_producer(a, b), objects.compare(a, b)
                continue
            try:
                assert objects.compare_dwo_modulo_producer(a, b), objects.differing_sections(a, b)
            except RuntimeError as e:  # no llvm-dwarfdump
                pytest.skip(str(e))
        else:
            assert got.files[suffix] == data, f"{suffix} differs from a local compile"
    if name == "profile-use":
        assert got.files[".o"] != matrix.without["profile-use"], "the profile was not used"
    if name == "ignorelist":
        obj = written(tmp_path, "t.o", got.files[".o"])
        without = written(tmp_path, "without.o", matrix.without["ignorelist"])
        assert has_asan_check(without) and not has_asan_check(obj), "the ignorelist was not used"


def check_debian_client(matrix, daemon_kind, name, got, tmp_path):
    feature = FEATURES[name]
    if daemon_kind == "our-daemon":
        want = matrix.outcome("debian-client", "debian-daemon", name)
        assert got.returncode == want.returncode, (got.stderr, want.stderr)
        assert sorted(got.files) == sorted(want.files), (sorted(got.files), sorted(want.files))
        if "-g" in feature.flags and want.verdicts == ["COMPILE_OK"]:
            # Each daemon's temp file name is the recorded .dwo name: debug info only.
            a, b = written(tmp_path, "ours.o", got.files[".o"]), written(tmp_path, "34.o", want.files[".o"])
            assert objects.compare(a, b)[0] in ("identical", "debug-only"), objects.compare(a, b)
        else:
            assert got.files[".o"] == want.files[".o"], "the object differs from 3.4 x 3.4's"
        if feature.kind == "declared" and want.verdicts:
            # The one deliberate difference (doc/security.md §2): a client-named data
            # file is refused outside the extension, where 3.4's compiler fails to open
            # it; 3.4's client compiles such a job locally either way.
            assert got.verdicts == [], got.verdicts
            assert want.verdicts == ["COMPILE_ERROR"], want.verdicts
            assert "input_path" in matrix.daemon(daemon_kind).log_text()
            assert "running locally instead" in got.stderr, got.stderr
        else:
            assert got.verdicts == want.verdicts, (got.verdicts, want.verdicts)
            assert compiler_messages(got.stderr) == compiler_messages(want.stderr), (got.stderr, want.stderr)
        return
    # What 3.4 does on its own (doc/protocol.md §16, doc/client.md §9.1): the same
    # exit status as a local compile; side outputs lost with the job remote; the
    # fallthrough and ignorelist jobs fail remotely (-E dropped the comment; the list
    # is not on the server) and are compiled again locally; -fprofile-use stays
    # local (3.4's own rule); macro notes missing from a fully preprocessed compile.
    local_run, local_files = matrix.local[name]
    assert got.returncode == local_run.returncode, got.stderr
    expected_verdicts = {"fallthrough-werror": ["COMPILE_ERROR"], "ignorelist": ["COMPILE_ERROR"],
                         "profile-use": [], "clang-coverage": []}.get(name, ["COMPILE_OK"])
    assert got.verdicts == expected_verdicts, (got.verdicts, got.stderr)
    if expected_verdicts == ["COMPILE_ERROR"]:
        assert "retrying locally" in got.stderr, got.stderr
    lost = [s for s in feature.suffixes if s not in got.files]
    assert lost == (feature.suffixes[1:] if feature.kind == "side" and expected_verdicts else []), (lost, got.stderr)
    if name == "macro-note":
        assert "in expansion of macro" in local_run.stderr and "in expansion of macro" not in got.stderr, got.stderr
