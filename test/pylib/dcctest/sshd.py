"""Sshd: a real OpenSSH server on a loopback port, with throwaway host and user keys.

The client side is a config file: DISTCC_SSH="ssh -F <dir>/ssh_config" reaches the
server as the current user with a key, no prompts and no known_hosts writes.  The
server accepts only that key.  Works as root and as an unprivileged user (then only
logins as that same user are possible, which is all the tests need).
"""
import getpass
import os
import subprocess

from . import procs

SSHD = "/usr/sbin/sshd"


class Sshd:
    def __init__(self, workdir, environment=None):
        self.dir = os.path.join(workdir, "sshd")
        self.port = procs.free_port()
        self.user = getpass.getuser()
        self.environment = environment or {}
        self.proc = None

    @staticmethod
    def available():
        return os.access(SSHD, os.X_OK) and procs.tool_exists("ssh")

    def _keygen(self, path):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path],
                       check=True, timeout=30, stdin=subprocess.DEVNULL)

    def _write_configs(self):
        os.makedirs(self.dir, mode=0o755, exist_ok=True)
        host_key = os.path.join(self.dir, "host_key")
        user_key = os.path.join(self.dir, "user_key")
        self._keygen(host_key)
        self._keygen(user_key)
        authorized = os.path.join(self.dir, "authorized_keys")
        with open(user_key + ".pub") as src, open(authorized, "w") as dst:
            dst.write(src.read())
        os.chmod(authorized, 0o600)
        env_lines = "".join(f"SetEnv {k}={v}\n" for k, v in self.environment.items())
        with open(os.path.join(self.dir, "sshd_config"), "w") as f:
            f.write(f"""Port {self.port}
ListenAddress 127.0.0.1
HostKey {host_key}
PidFile {self.dir}/sshd.pid
AuthorizedKeysFile {authorized}
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
LogLevel ERROR
""")
        with open(os.path.join(self.dir, "ssh_config"), "w") as f:
            f.write(f"""Host *
  Port {self.port}
  IdentityFile {user_key}
  IdentitiesOnly yes
  StrictHostKeyChecking no
  UserKnownHostsFile /dev/null
  BatchMode yes
  LogLevel ERROR
{env_lines}""")

    def start(self, timeout=15):
        self._write_configs()
        if os.geteuid() == 0:
            os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # privilege-separation dir
        self.proc = subprocess.Popen([SSHD, "-D", "-e", "-f", os.path.join(self.dir, "sshd_config")],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=open(os.path.join(self.dir, "sshd.log"), "w"))
        procs.wait_for_port(self.port, timeout=timeout, proc=self.proc)
        return self

    def stop(self):
        if self.proc is not None:
            procs.stop_pid(self.proc.pid)
            self.proc = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def ssh_command(self):
        """Value for DISTCC_SSH."""
        return f"ssh -F {self.dir}/ssh_config"

    def host_spec(self, distccd=None, user=None, options=""):
        """ssh host spec, e.g. 'root@127.0.0.1:/path/distccd,lzo'."""
        spec = f"{user or ''}@127.0.0.1"
        if distccd:
            spec += f":{distccd}"
        return spec + options

    def run(self, command, timeout=30):
        """Run a command over this server (for checks)."""
        return procs.run(["ssh", "-F", f"{self.dir}/ssh_config", "127.0.0.1", command], timeout=timeout)
