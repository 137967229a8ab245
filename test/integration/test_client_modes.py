"""The distcc client's invocation modes and its own options (doc/client.md §1,
§5, §14-16), against Debian's distccd 3.4: explicit, implicit and masquerade modes,
recursion detection, compiler-name rewriting, --help/--version/--show-hosts/-j,
exit codes, and the lock and state files it shares with distcc 3.4 clients."""
import os
import subprocess

import pytest

from dcctest import objects, paths, procs
from dcctest.clientrun import distcc, distcc_lines, local_object, read, write
from dcctest.fixtures import clean_client_env

# No macro expands in a code line and no header is included, so plain mode must give
# a byte-identical object even at -O2 -g (spec README, "Object identity").
HELLO = "int square(int x) { return x * x; }\nint main(void) { return square(3) - 9; }\n"

pytestmark = pytest.mark.skipif(not paths.ours("distcc"), reason="our distcc has not been built")


def rewritten_gcc(env, cwd):
    """The name our client sends for gcc: '<triple>-gcc' when the build's triple
    (DCC_TARGET_TRIPLE, `$CC -dumpmachine` at configure time) names a program on
    PATH, else 'gcc' (a clang-built client has x86_64-pc-linux-gnu, for instance)."""
    r = distcc(["gcc", "-c", "-E", "x.c"], dict(env, DISTCC_VERBOSE="1"), cwd)
    for line in r.stderr.splitlines():
        if "Re-writing call to 'gcc' to '" in line:
            return line.split("Re-writing call to 'gcc' to '")[1].split("'")[0]
    return "gcc"


@pytest.fixture
def hello(scratch):
    write(os.path.join(scratch, "hello.c"), HELLO)
    local_object(["gcc", "-O2", "-g", "-c", "hello.c", "-o", "local.o"], scratch)
    return scratch


def test_explicit_mode_distributes_and_matches_local(hello, debian_daemon):
    env = clean_client_env(hello, hosts=debian_daemon.host_spec())
    r = distcc(["gcc", "-O2", "-g", "-c", "hello.c", "-o", "hello.o"], env, hello)
    assert r.returncode == 0, r.stderr
    assert distcc_lines(r.stderr) == []
    assert len(debian_daemon.summaries_in()) == 1, debian_daemon.log_text()
    assert debian_daemon.summaries_in()[0]["compiler"] == rewritten_gcc(env, hello)
    assert read(os.path.join(hello, "hello.o")) == read(os.path.join(hello, "local.o"))


def test_implicit_mode_runs_cc(hello, debian_daemon):
    env = clean_client_env(hello, hosts=debian_daemon.host_spec())
    r = distcc(["-O2", "-g", "-c", "hello.c", "-o", "hello.o"], env, hello)
    assert r.returncode == 0, r.stderr
    jobs = debian_daemon.summaries_in()
    assert len(jobs) == 1
    # cc -> gcc (Debian's alternatives) -> the triple-prefixed name the whitelist has
    assert jobs[0]["compiler"] == rewritten_gcc(env, hello)
    assert read(os.path.join(hello, "hello.o")) == read(os.path.join(hello, "local.o"))


def test_implied_output_name(hello, debian_daemon):
    env = clean_client_env(hello, hosts=debian_daemon.host_spec())
    os.remove(os.path.join(hello, "local.o"))
    r = distcc(["gcc", "-O2", "-g", "-c", "hello.c"], env, hello)
    assert r.returncode == 0, r.stderr
    assert os.path.exists(os.path.join(hello, "hello.o"))
    assert len(debian_daemon.summaries_in()) == 1


def test_no_rewrite_cross_keeps_the_name(hello, debian_daemon):
    env = clean_client_env(hello, hosts=debian_daemon.host_spec(), DISTCC_NO_REWRITE_CROSS="1")
    r = distcc(["gcc", "-O2", "-g", "-c", "hello.c", "-o", "hello.o"], env, hello)
    assert r.returncode == 0, r.stderr
    assert debian_daemon.summaries_in()[0]["compiler"] == "gcc"


def line_table_file_header(obj):
    dump = procs.run(["readelf", "--debug-dump=rawline", obj]).stdout
    return dump[dump.find("The File Name Table"):dump.find("Line Number Statements")]


@pytest.mark.skipif(not paths.tool("clang"), reason="clang is not installed")
def test_clang_gets_a_target_and_matches_local(hello, debian_daemon):
    env = clean_client_env(hello, hosts=debian_daemon.host_spec())
    local_object(["clang", "-O2", "-g", "-c", "hello.c", "-o", "clang-local.o"], hello)
    r = distcc(["clang", "-O2", "-g", "-c", "hello.c", "-o", "hello.o"], env, hello)
    assert r.returncode == 0, r.stderr
    assert debian_daemon.summaries_in()[0]["compiler"] == "clang"
    remote, local = os.path.join(hello, "hello.o"), os.path.join(hello, "clang-local.o")
    # Code and data are identical.  The DWARF differs in two known ways (Debian 3.4
    # gives the same): clang records the MD5 of each source file in the DWARF 5 line
    # table (DW_LNCT_MD5) only when it reads the source itself, and it takes
    # DW_AT_comp_dir from its own working directory -- the daemon's TMPDIR -- not from
    # the .i's line markers as gcc does.  File indices, string tables and their
    # relocations follow from those two.
    verdict, sections = objects.compare(remote, local)
    assert verdict in ("identical", "debug-only"), sections
    assert set(sections) <= {".debug_info", ".debug_line", ".debug_line_str", ".debug_str",
                             ".rela.debug_line", ".rela.debug_str_offsets"}, sections
    if verdict == "debug-only":
        assert "MD5" in line_table_file_header(local)
        assert "MD5" not in line_table_file_header(remote)
        assert debian_daemon.tmpdir in procs.run(["readelf", "-p", ".debug_line_str", remote]).stdout


def make_masquerade_dir(scratch):
    masq = os.path.join(scratch, "masq")
    os.makedirs(masq)
    for name in ("gcc", "cc", "g++"):
        os.symlink(paths.OUR_DISTCC, os.path.join(masq, name))
    return masq


def test_masquerade_distributes_and_trims_path(hello, debian_daemon):
    masq = make_masquerade_dir(hello)
    env = clean_client_env(hello, hosts=debian_daemon.host_spec())
    env["PATH"] = masq + ":" + env["PATH"]
    r = procs.run(["gcc", "-O2", "-g", "-c", "hello.c", "-o", "hello.o"], env=env, cwd=hello)
    assert r.returncode == 0, r.stderr
    assert len(debian_daemon.summaries_in()) == 1
    assert read(os.path.join(hello, "hello.o")) == read(os.path.join(hello, "local.o"))
    # Not a compile: passed to the real gcc (found after the masquerade directory).
    version = procs.run(["gcc", "--version"], env=env, cwd=hello)
    assert version.returncode == 0, version.stderr
    assert "gcc" in version.stdout.splitlines()[0]


def test_masquerade_through_a_relative_path(hello, debian_daemon):
    make_masquerade_dir(hello)
    env = clean_client_env(hello, hosts=debian_daemon.host_spec())
    env["PATH"] = os.path.join(hello, "masq") + ":" + env["PATH"]
    r = procs.run(["./masq/gcc", "-O2", "-g", "-c", "hello.c", "-o", "hello.o"], env=env, cwd=hello)
    assert r.returncode == 0, r.stderr
    assert len(debian_daemon.summaries_in()) == 1


def test_masquerade_started_by_distcc_runs_the_real_compiler(hello):
    """distcc (or distccd) running a masqueraded gcc: level 1 and a trimmed PATH mean
    'just run the compiler', no hosts looked at."""
    masq = make_masquerade_dir(hello)
    env = clean_client_env(hello, hosts="127.0.0.1:1", _DISTCC_SAFEGUARD="1")
    env["PATH"] = masq + ":" + env["PATH"]
    r = procs.run(["gcc", "-O2", "-g", "-c", "hello.c", "-o", "hello.o"], env=env, cwd=hello)
    assert r.returncode == 0, r.stderr
    assert distcc_lines(r.stderr) == []
    assert read(os.path.join(hello, "hello.o")) == read(os.path.join(hello, "local.o"))


def test_recursion_is_an_error(hello):
    """A "compiler" that calls distcc again: the inner distcc exits 111 and the outer
    one reports it (doc/client.md §14)."""
    wrapper = write(os.path.join(hello, "wrapper.sh"),
                    f"#!/bin/sh\nexec {paths.OUR_DISTCC} cc -c hello.c -o inner.o\n", mode=0o755)
    env = clean_client_env(hello, hosts="localhost")
    r = distcc([wrapper, "-o", "prog", "hello.o"], env, hello)
    assert r.returncode == 111, r.stderr
    assert "distcc seems to have invoked itself recursively!" in r.stderr
    assert "failed with exit code 111" in r.stderr


def test_exit_code_and_diagnostics_pass_through(scratch, debian_daemon):
    write(os.path.join(scratch, "bad.c"), "int f(void) { return undeclared_thing; }\n")
    env = clean_client_env(scratch, hosts=debian_daemon.host_spec())
    r = distcc(["gcc", "-c", "bad.c", "-o", "bad.o"], env, scratch)
    assert r.returncode == 1
    assert r.stderr.count("undeclared (first use in this function)") == 1, r.stderr
    assert len(distcc_lines(r.stderr)) == 2, "the retry warning and the local compile's failure"
    assert not os.path.exists(os.path.join(scratch, "bad.o"))


def test_localhost_in_the_list_compiles_here(hello):
    env = clean_client_env(hello, hosts="localhost")
    r = distcc(["gcc", "-O2", "-g", "-c", "hello.c", "-o", "hello.o"], env, hello)
    assert r.returncode == 0, r.stderr
    assert distcc_lines(r.stderr) == [], "planned local work is not warned about"
    assert read(os.path.join(hello, "hello.o")) == read(os.path.join(hello, "local.o"))


def test_non_distributable_job_is_silent_but_verbose_names_the_reason(hello, debian_daemon):
    env = clean_client_env(hello, hosts=debian_daemon.host_spec())
    r = distcc(["gcc", "-march=native", "-c", "hello.c", "-o", "hello.o"], env, hello)
    assert r.returncode == 0, r.stderr
    assert distcc_lines(r.stderr) == [], "as distcc 3.4: no warning for a job local by nature"
    verbose = distcc(["gcc", "-march=native", "-c", "hello.c", "-o", "hello.o"], dict(env, DISTCC_VERBOSE="1"), hello)
    assert "locally: -march=native" in verbose.stderr
    assert debian_daemon.summaries_in(expected=0) == []
    link = distcc(["gcc", "-o", "prog", "hello.o"], env, hello)
    assert link.returncode == 0 and distcc_lines(link.stderr) == [], link.stderr


def test_lock_and_state_files(hello, debian_daemon):
    env = clean_client_env(hello, hosts=debian_daemon.host_spec())
    r = distcc(["gcc", "-c", "hello.c", "-o", "hello.o"], env, hello)
    assert r.returncode == 0, r.stderr
    lock_dir = os.path.join(env["DISTCC_DIR"], "lock")
    names = sorted(os.listdir(lock_dir))
    assert f"cpu_tcp_127.0.0.1_{debian_daemon.port}_0" in names
    assert "cpu_localhost_0" in names, "the local cpp slot"
    assert not any(n.startswith("backoff_") for n in names)
    state = os.path.join(env["DISTCC_DIR"], "state")
    assert not os.path.isdir(state) or os.listdir(state) == [], "the state file is removed at exit"


# --- distcc's own options ---------------------------------------------------------

def test_help_and_version(scratch):
    env = clean_client_env(scratch)
    version = distcc(["--version"], env, scratch)
    assert version.returncode == 0
    assert version.stdout.startswith("distcc 3.4 ")
    assert "(protocols 1, 2 and 3) (default port 3632)" in version.stdout
    usage = distcc(["--help"], env, scratch)
    assert usage.returncode == 0
    assert usage.stdout.startswith(version.stdout.splitlines()[0])
    for phrase in ("Usage:", "--show-hosts", "--scan-includes", "HOST:PORT", "3632", "--randomize"):
        assert phrase in usage.stdout, phrase


def test_show_hosts_and_concurrency(scratch):
    env = clean_client_env(scratch, hosts="localhost/3 127.0.0.1:3701/6,lzo @host1/2:/opt/distccd,lzo "
                                           "[::1]:3633 host2/7 # comment")
    hosts = distcc(["--show-hosts"], env, scratch)
    assert hosts.returncode == 0
    assert hosts.stdout.splitlines() == ["localhost/3", "127.0.0.1:3701/6,lzo", "@host1/2:/opt/distccd,lzo",
                                         "[::1]:3633", "host2/7"]
    jobs = distcc(["-j"], env, scratch)
    assert (jobs.returncode, jobs.stdout) == (0, "22\n")


def test_same_answers_as_distcc_34(scratch):
    if not paths.have_debian_distcc():
        pytest.skip("Debian's distcc 3.4 is not installed")
    env = clean_client_env(scratch, hosts="localhost/3 127.0.0.1:3701/6,lzo @h/2:/x,lzo [::1]:3633 h2/7")
    for option in ("--show-hosts", "-j"):
        ours = distcc([option], env, scratch)
        theirs = distcc([option], env, scratch, binary=paths.DEBIAN_DISTCC)
        assert ours.stdout == theirs.stdout, option


def test_bad_host_list(scratch):
    env = clean_client_env(scratch, hosts="good angry::")
    r = distcc(["--show-hosts"], env, scratch)
    assert r.returncode == 0 and r.stdout == ""
    assert "Failed to get host list" in r.stderr
    assert "angry::" in r.stderr, "the offending word is named"
    write(os.path.join(scratch, "x.c"), HELLO)
    compile_ = distcc(["gcc", "-c", "x.c", "-o", "x.o"], env, scratch)
    assert compile_.returncode == 0, compile_.stderr
    assert "angry::" in compile_.stderr
    strict = distcc(["gcc", "-c", "x.c", "-o", "x.o"], dict(env, DISTCC_FALLBACK="0"), scratch)
    assert strict.returncode == 116, strict.stderr


def test_missing_operands(scratch):
    env = clean_client_env(scratch)
    r = distcc([], env, scratch)
    assert r.returncode == 101
    assert "distcc: missing option/operand" in r.stderr
    assert "--help' for more information." in r.stderr
    r = distcc(["--scan-includes"], env, scratch)
    assert r.returncode == 101
    assert "missing operand" in r.stderr


def test_scan_includes_needs_pump_mode(scratch):
    """Without an include server (no INCLUDE_SERVER_PORT) there is nothing to print:
    exit 1; with a host that is not `,cpp`, exit 100 (doc/pump.md)."""
    env = clean_client_env(scratch, hosts="127.0.0.1:1,cpp,lzo")
    r = distcc(["--scan-includes", "gcc", "-c", "x.c"], env, scratch)
    assert r.returncode == 1
    assert "failed to get includes from include server" in r.stderr and "'pump'" in r.stderr
    r = distcc(["--scan-includes", "gcc", "-c", "x.c"], dict(env, DISTCC_HOSTS="127.0.0.1:1,lzo"), scratch)
    assert r.returncode == 100
    assert "wouldn't have used include server" in r.stderr


def test_show_principal(scratch):
    env = clean_client_env(scratch)
    r = distcc(["--show-principal"], env, scratch)
    if "Principal" not in r.stdout:
        pytest.skip("built without GSS-API")
    assert (r.returncode, r.stdout) == (0, "Principal\t: Not Set.\n")
    r = distcc(["--show-principal"], dict(env, DISTCC_PRINCIPAL="distccd"), scratch)
    assert r.stdout == "Principal is\t: distccd\n"


def test_unknown_option_goes_to_the_compiler(scratch):
    """Like distcc 3.4: `distcc --frobnicate ...` is implicit mode, so cc gets the
    option and reports it."""
    write(os.path.join(scratch, "x.c"), HELLO)
    env = clean_client_env(scratch)
    r = distcc(["--frobnicate", "-c", "x.c"], env, scratch)
    assert r.returncode == 1, r.stderr
    assert "--frobnicate" in r.stderr and "unrecognized command-line option" in r.stderr


def test_verbose_log_file(hello, debian_daemon):
    log = os.path.join(hello, "client.log")
    env = clean_client_env(hello, hosts=debian_daemon.host_spec(), DISTCC_LOG=log, DISTCC_VERBOSE="1")
    r = distcc(["gcc", "-c", "hello.c", "-o", "hello.o"], env, hello)
    assert r.returncode == 0
    assert r.stderr == ""
    text = open(log).read()
    assert "compile hello.c on 127.0.0.1:" in text and "completed ok" in text
    assert "exit: code 0;" in text
    assert "elapsed compilation time" in text


def test_uncached_err_fd_receives_the_log(hello):
    read_end, write_end = os.pipe()
    env = clean_client_env(hello, hosts="127.0.0.1:1", UNCACHED_ERR_FD=str(write_end))
    p = subprocess.run([paths.OUR_DISTCC, "gcc", "-c", "hello.c", "-o", "hello.o"], env=env, cwd=hello,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60,
                       pass_fds=(write_end,))
    os.close(write_end)
    with os.fdopen(read_end) as f:
        logged = f.read()
    assert p.returncode == 0
    assert "failed to distribute" in logged
    assert "failed to distribute" not in p.stderr


def test_pump_host_gets_plain_jobs_with_compression(hello, debian_daemon):
    """Outside `pump` (no INCLUDE_SERVER_PORT) a ,cpp,lzo host is sent the plain job
    in protocol 2, as upstream does when the include server cannot help, and the
    client says why (doc/pump.md)."""
    env = clean_client_env(hello, hosts=debian_daemon.host_spec(",cpp,lzo"))
    r = distcc(["gcc", "-O2", "-g", "-c", "hello.c", "-o", "hello.o"], env, hello)
    assert r.returncode == 0, r.stderr
    assert "INCLUDE_SERVER_PORT not set - did you forget to run under 'pump'?" in r.stderr
    assert len(debian_daemon.summaries_in()) == 1
    assert read(os.path.join(hello, "hello.o")) == read(os.path.join(hello, "local.o"))


def test_masquerade_finding_itself_again_is_recursion(hello):
    """The masquerade directory is the last PATH entry, so it cannot be trimmed: the
    compiler the client runs is distcc again, which stops with 111."""
    masq = make_masquerade_dir(hello)
    env = clean_client_env(hello, hosts="localhost")
    env["PATH"] = masq
    r = procs.run([os.path.join(masq, "gcc"), "-c", "hello.c", "-o", "hello.o"], env=env, cwd=hello)
    assert r.returncode == 111, r.stderr
    assert "distcc seems to have invoked itself recursively!" in r.stderr


def test_distcc_34_monitor_sees_our_jobs(scratch, debian_daemon):
    """distccmon-text 3.4 reads the binary state file our client writes."""
    monitor = "/usr/bin/distccmon-text"
    if not os.access(monitor, os.X_OK):
        pytest.skip("Debian's distccmon-text is not installed")
    from dcctest import gentree
    write(os.path.join(scratch, "slow.c"), gentree.unit_source(3, 120))
    env = clean_client_env(scratch, hosts=debian_daemon.host_spec())
    client = subprocess.Popen([paths.OUR_DISTCC, "gcc", "-O2", "-g", "-c", "slow.c", "-o", "slow.o"], cwd=scratch,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        def shown():
            out = procs.run([monitor], env=env).stdout
            return next((line for line in out.splitlines() if "slow.c" in line), None)
        line = procs.wait_until(shown, 30, interval=0.05, what="distccmon-text to show the job")
    finally:
        _, err = client.communicate(timeout=120)
    assert client.returncode == 0, err
    words = line.split()
    assert words[0] == str(client.pid)
    assert words[1] in ("Connect", "Preprocess", "Send", "Compile", "Receive")
    assert words[3] in ("127.0.0.1[0]", "localhost[0]"), line


def test_lock_files_are_shared_with_distcc_34(hello, debian_daemon):
    """The same jobs through our client and through distcc 3.4 create the same lock
    files, so both take turns on the same slots."""
    ours = clean_client_env(hello, hosts=debian_daemon.host_spec("/2"))
    r = distcc(["gcc", "-c", "hello.c", "-o", "hello.o"], ours, hello)
    assert r.returncode == 0, r.stderr
    ours_locks = sorted(os.listdir(os.path.join(ours["DISTCC_DIR"], "lock")))
    theirs = dict(ours, DISTCC_DIR=os.path.join(hello, "theirs"))
    os.makedirs(theirs["DISTCC_DIR"])
    r = distcc(["gcc", "-c", "hello.c", "-o", "hello.o"], theirs, hello, binary=paths.DEBIAN_DISTCC)
    assert r.returncode == 0, r.stderr
    assert sorted(os.listdir(os.path.join(theirs["DISTCC_DIR"], "lock"))) == ours_locks


def test_busy_slot_held_by_another_process_is_skipped(hello, debian_daemon):
    """A POSIX lock held by another process (as distcc 3.4 holds it) makes our client
    take the next slot."""
    env = clean_client_env(hello, hosts=debian_daemon.host_spec("/2"), DISTCC_PAUSE_TIME_MSEC="50")
    lock_dir = os.path.join(env["DISTCC_DIR"], "lock")
    os.makedirs(lock_dir)
    slot0 = os.path.join(lock_dir, f"cpu_tcp_127.0.0.1_{debian_daemon.port}_0")
    holder = subprocess.Popen(["/usr/bin/python3", "-c", f"""
import fcntl, sys, time
f = open({slot0!r}, "w")
fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
print("held", flush=True)
sys.stdin.readline()
"""], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        r = distcc(["gcc", "-c", "hello.c", "-o", "hello.o"], env, hello)
        assert r.returncode == 0, r.stderr
        assert os.path.exists(os.path.join(lock_dir, f"cpu_tcp_127.0.0.1_{debian_daemon.port}_1"))
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
        holder.stdout.close()
