"""Self-test of the namespace harness (dcctest.netns): the faults the other tests
inject really cut a host off and repair really restores it, shaping installs a
token bucket, closing a network leaves no namespace and no process behind, and the
root namespace's links, addresses and routes stay as they were.
If these fail, the fault scenarios prove nothing."""
import os
import subprocess

import pytest

from dcctest import netns, procs

pytestmark = pytest.mark.needs_root


@pytest.fixture
def usable(namespace_problem):
    if namespace_problem:
        pytest.skip(namespace_problem)
    for tool in ("nft", "tc"):
        if not procs.tool_exists(tool):
            pytest.skip(f"'{tool}' is not installed (test/install-deps.sh installs it)")


@pytest.fixture
def network(usable):
    net = netns.Network()
    yield net
    net.close()


def listener(host):
    """A listening socket inside host's namespace (connects complete in the kernel's
    backlog; nobody needs to accept)."""
    s = host.socket()
    s.bind((host.address, 0))
    s.listen(16)
    return s, s.getsockname()[1]


def test_faults_cut_the_host_off_and_repairs_restore_it(network):
    client = network.add_host("client")
    server = network.add_host("server")
    s, port = listener(server)
    with s:
        assert client.port_accepts(server.address, port)
        server.drop_all_packets()
        assert not client.port_accepts(server.address, port, timeout=1)
        server.accept_packets()
        assert client.port_accepts(server.address, port)
        server.set_link(False)
        assert not client.port_accepts(server.address, port, timeout=1)
        server.set_link(True)
        procs.wait_until(lambda: client.port_accepts(server.address, port), 10, what="the link to come back")


def test_shaping_installs_a_token_bucket_on_both_ends(network):
    host = network.add_host("h")
    host.shape(rate="10mbit")
    assert "tbf" in host.run(["tc", "qdisc", "show", "dev", "eth0"]).stdout
    bridge_side = procs.run(["tc", "-n", network.bridge_ns, "qdisc", "show", "dev", host.port]).stdout
    assert "tbf" in bridge_side and "10Mbit" in bridge_side


def test_close_leaves_no_namespace_and_no_process(network):
    host = network.add_host("h")
    sleeper = subprocess.Popen(host.argv(["sleep", "60"], as_user=True))
    procs.wait_until(lambda: sleeper.pid in netns.namespace_pids(host.ns), 10, what="sleep in the namespace")
    names = list(network.namespaces)
    network.close()
    assert sleeper.wait(timeout=10) != 0
    assert not set(names) & set(os.listdir(netns.NETNS_DIR))


def root_namespace_state():
    links = procs.run(["ip", "-o", "link", "show"]).stdout
    names = sorted(line.split(":")[1].strip() for line in links.splitlines())
    return names, procs.run(["ip", "route", "show"]).stdout, procs.run(["ip", "-o", "addr", "show"]).stdout


def test_the_root_namespace_is_never_touched(usable):
    before = root_namespace_state()
    with netns.Network() as net:
        for label in ("a", "b", "c"):
            net.add_host(label)
        net.hosts[0].drop_all_packets()
        net.hosts[1].set_link(False)
        net.hosts[2].shape()
        assert root_namespace_state() == before
    assert root_namespace_state() == before
