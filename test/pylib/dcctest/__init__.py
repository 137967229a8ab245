"""dcctest -- the shared Python test library of distcc-cpp.

Used by every pytest tier (test/integration, test/interop, test/multihost) and by the
benchmarks.  Modules:

  paths     where our built binaries and Debian's distcc 3.4 live (absolute paths)
  hermetic  the same run however it was started: no inherited make flags, LC_ALL=C,
            umask 022 (applied by fixtures.pytest_configure)
  procs     start a process, wait for a TCP port, stop it by PID (bounded waits)
  daemons   Daemon: one distccd (ours or Debian's) on a loopback port
  sshd      Sshd: an OpenSSH server on a loopback port with throwaway keys
  objects   compare object files (byte-identical, or code+data identical and which
            DWARF sections differ)
  trees     copy the sample source trees of test/fixtures/trees into a scratch dir
  fixtures  pytest fixtures (scratch dirs kept on failure, daemons, sshd, client env)

Markers (registered in fixtures.pytest_configure):
  needs_root   skipped with a printed reason unless running as root; CI runs the
               suites as an unprivileged user and then `-m needs_root` as root
  slow         longer scenarios; still part of `make check`
"""
