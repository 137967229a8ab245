"""kdc -- a throwaway MIT Kerberos realm for the GSS-API tests.

Kdc creates a realm database in a scratch directory (kdb5_util), adds principals
and exports their keytabs (kadmin.local), and runs krb5kdc in the foreground on a
free loopback port, stopped by its PID.  Nothing outside the scratch directory is
read or written: every program gets KRB5_CONFIG / KRB5_KDC_PROFILE pointing into
it (env()).  The client library is told not to canonicalize host names, so
"host/localhost" means exactly that.  Works as any user; probe() says why not.
"""
import os
import shutil
import subprocess

from . import procs

REALM = "DCC.TEST"
TOOLS = ("kdb5_util", "kadmin.local", "krb5kdc", "kinit")


def probe():
    """None when a KDC can be run here, else the reason why not."""
    missing = [t for t in TOOLS if not shutil.which(t)]
    if missing:
        return f"MIT Kerberos tools missing: {', '.join(missing)} (apt-get install krb5-kdc krb5-admin-server krb5-user)"
    return None


class Kdc:
    def __init__(self, workdir, realm=REALM):
        self.dir = os.path.join(workdir, "kdc")
        self.realm = realm
        self.port = procs.free_port()
        self.proc = None
        self.krb5_conf = os.path.join(self.dir, "krb5.conf")
        self.kdc_conf = os.path.join(self.dir, "kdc.conf")
        self.log_path = os.path.join(self.dir, "kdc.log")
        self.rcache_dir = os.path.join(self.dir, "rcache")

    def env(self, **extra):
        """The process environment with this realm's configuration (plus `extra`)."""
        env = dict(os.environ)
        env.update({"KRB5_CONFIG": self.krb5_conf, "KRB5_KDC_PROFILE": self.kdc_conf,
                    "KRB5RCACHEDIR": self.rcache_dir})
        env.pop("KRB5CCNAME", None)
        env.pop("KRB5_KTNAME", None)
        env.update({k: str(v) for k, v in extra.items()})
        return env

    def _write_config(self):
        os.makedirs(self.dir, exist_ok=True)
        os.makedirs(self.rcache_dir, exist_ok=True)
        # Daemons that drop root privileges must still read keytabs and configuration.
        os.chmod(self.dir, 0o755)
        os.chmod(self.rcache_dir, 0o1777)
        with open(self.krb5_conf, "w") as f:
            f.write(f"""[libdefaults]
  default_realm = {self.realm}
  dns_lookup_kdc = false
  dns_lookup_realm = false
  rdns = false
  dns_canonicalize_hostname = false
  udp_preference_limit = 1
[realms]
  {self.realm} = {{
    kdc = 127.0.0.1:{self.port}
  }}
""")
        with open(self.kdc_conf, "w") as f:
            f.write(f"""[kdcdefaults]
  kdc_ports = {self.port}
  kdc_tcp_ports = {self.port}
[realms]
  {self.realm} = {{
    database_name = {self.dir}/principal
    key_stash_file = {self.dir}/stash
    acl_file = {self.dir}/kadm5.acl
    kdc_listen = 127.0.0.1:{self.port}
    kdc_tcp_listen = 127.0.0.1:{self.port}
  }}
[logging]
  kdc = FILE:{self.log_path}
""")
        for path in (self.krb5_conf, self.kdc_conf):
            os.chmod(path, 0o644)

    def _run(self, argv, what):
        r = procs.run(argv, env=self.env(), timeout=60)
        if r.returncode != 0:
            raise RuntimeError(f"{what} failed ({r.returncode}): {r.stderr.strip()}")
        return r

    def start(self, timeout=15):
        self._write_config()
        self._run(["kdb5_util", "create", "-s", "-r", self.realm, "-P", "dcc-test-master"], "kdb5_util create")
        self.proc = subprocess.Popen(["krb5kdc", "-n", "-r", self.realm], env=self.env(),
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE)
        try:
            procs.wait_for_port(self.port, timeout=timeout, proc=self.proc)
        except Exception:
            self.stop()
            raise
        return self

    def stop(self):
        if self.proc is not None:
            procs.stop_pid(self.proc.pid)
            if self.proc.stderr:
                self.proc.stderr.close()
            self.proc = None

    def add_principal(self, name):
        """Add `name` with a random key and export it to <dir>/<name>.keytab (mode
        0644); returns the keytab path."""
        self._run(["kadmin.local", "-r", self.realm, "-q", f"addprinc -randkey {name}"], f"addprinc {name}")
        keytab = os.path.join(self.dir, name.replace("/", "_") + ".keytab")
        self._run(["kadmin.local", "-r", self.realm, "-q", f"ktadd -k {keytab} {name}"], f"ktadd {name}")
        os.chmod(keytab, 0o644)
        return keytab

    def kinit(self, name, keytab):
        """Get `name`'s initial ticket from its keytab into a private credential
        cache (mode 0644 so a test can hand it to another user); returns the
        KRB5CCNAME value."""
        cache = "FILE:" + os.path.join(self.dir, name.replace("/", "_") + ".ccache")
        r = procs.run(["kinit", "-k", "-t", keytab, name], env=self.env(KRB5CCNAME=cache), timeout=30)
        if r.returncode != 0:
            raise RuntimeError(f"kinit {name} failed: {r.stderr.strip()}")
        return cache

    def log_text(self):
        return procs.read_text(self.log_path)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class TestRealm:
    """A started Kdc with what the distcc tests need: the host principal of
    "localhost" (what a client derives from 127.0.0.1) and of a second server name,
    each with its own keytab, and two users with ticket caches.

      realm.kdc                      the Kdc
      realm.host_keytab              host/localhost
      realm.other_host_keytab        host/build.dcc.test
      realm.ccache["alice"|"bob"]    KRB5CCNAME values
    """

    OTHER_HOST = "build.dcc.test"

    def __init__(self, workdir):
        self.kdc = Kdc(workdir).start()
        try:
            self.host_keytab = self.kdc.add_principal("host/localhost")
            self.other_host_keytab = self.kdc.add_principal(f"host/{self.OTHER_HOST}")
            self.ccache = {user: self.kdc.kinit(user, self.kdc.add_principal(user)) for user in ("alice", "bob")}
        except Exception:
            self.kdc.stop()
            raise

    def server_env(self, principal="host/localhost", keytab=None, **extra):
        """Environment of a daemon holding `principal`'s key."""
        return self.kdc.env(DISTCCD_PRINCIPAL=principal, KRB5_KTNAME="FILE:" + (keytab or self.host_keytab), **extra)

    def client_env(self, user="alice", **extra):
        return self.kdc.env(KRB5CCNAME=self.ccache[user], **extra)

    def stop(self):
        self.kdc.stop()
