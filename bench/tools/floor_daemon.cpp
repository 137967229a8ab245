// SPDX-License-Identifier: GPL-2.0-or-later
// bench/floor-daemon: the least work any distcc server must do per plain-mode job,
// as a yardstick for distccd's own CPU (bench/benchlib/daemon_throughput.py).
// WORKERS forked processes each accept a connection, read the request, write the
// source to a kept input file, run the compiler (vfork + execve) and wait for it,
// read the object, send the reply, close, and unlink the object.  It deliberately
// leaves out everything a real daemon owes its users -- access control, whitelist,
// flag checks, watching the client during the compile, timeouts, logging, privilege
// drop, statistics -- so it must never be used as a server.
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "common/exec.hpp"
#include "common/fd.hpp"
#include "common/files.hpp"
#include "common/signals.hpp"
#include "common/strings.hpp"
#include "common/tempfile.hpp"
#include "compiler/scan_args.hpp"
#include "compiler/server_argv.hpp"
#include "proto/limits.hpp"
#include "proto/messages.hpp"
#include "proto/stream.hpp"

namespace {

using namespace dcc;

constexpr int k_io_timeout_ms = 30000;
constexpr std::size_t k_max_object = 256u << 20;

struct Worker {
    std::string compiler;  // absolute path run for every job
    std::string input;
    std::string output;
    UniqueFd input_fd;
    UniqueFd stderr_fd;
};

// One job on `client`; false when the request could not be served.
bool serve(Worker& w, int client) {
    proto::FdSource source(client, k_io_timeout_ms);
    auto request = proto::read_request(source, proto::Limits{});
    if (!request) return false;
    auto scan = compiler::scan_args(request->argv);
    if (!scan || !scan->distribute()) return false;
    if (::pwrite(w.input_fd.get(), request->doti.data(), request->doti.size(), 0) < 0 ||
        ::ftruncate(w.input_fd.get(), static_cast<off_t>(request->doti.size())) != 0)
        return false;
    exec::SpawnOptions options;
    options.search_path = false;
    options.program = w.compiler;
    options.stderr_fd = w.stderr_fd.get();
    auto pid = exec::spawn(compiler::plain_server_argv(*scan, w.input, w.output), options);
    if (!pid) return false;
    auto status = exec::wait_for(*pid);
    if (!status) return false;
    proto::Reply reply;
    reply.version = request->version;
    reply.status = static_cast<uint32_t>(*status);
    if (*status == 0) {
        auto object = files::read_file(w.output, k_max_object);
        if (!object) return false;
        reply.doto = std::move(*object);
    }
    proto::FdSink sink(client, k_io_timeout_ms);
    bool sent = proto::write_reply(sink, reply).ok();
    ::unlink(w.output.c_str());
    return sent;
}

[[noreturn]] void run_worker(int listen_fd, const std::string& compiler, const std::string& tmpdir) {
    // Die with the parent; the termination handler removes the work directory.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    signals::install_termination_handlers(nullptr);
    auto dir = make_temp_dir(tmpdir, "floor");
    if (!dir) ::_exit(1);
    Worker w{compiler, *dir + "/input.i", *dir + "/output.o", {}, {}};
    w.input_fd.reset(::open(w.input.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
    w.stderr_fd.reset(::open("/dev/null", O_WRONLY | O_CLOEXEC));
    while (true) {
        UniqueFd client(::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC));
        if (client) serve(w, client.get());
    }
}

UniqueFd listen_on(int port) {
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    int one = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd.get(), 64) != 0)
        fd.reset();
    return fd;
}

}  // namespace

int main(int argc, char** argv) {
    auto port = argc == 5 ? strings::parse_int(argv[1]) : std::nullopt;
    auto workers = argc == 5 ? strings::parse_int(argv[2]) : std::nullopt;
    if (!port || !workers || *workers < 1 || argv[3][0] != '/') {
        std::fprintf(stderr, "usage: floor-daemon PORT WORKERS /ABSOLUTE/COMPILER TMPDIR (loopback only; not a server)\n");
        return 2;
    }
    UniqueFd listen_fd = listen_on(static_cast<int>(*port));
    if (!listen_fd) {
        std::perror("floor-daemon: listen");
        return 1;
    }
    std::vector<pid_t> children;
    for (long long i = 0; i < *workers; ++i) {
        pid_t pid = ::fork();
        if (pid == 0) run_worker(listen_fd.get(), argv[3], argv[4]);
        if (pid > 0) children.push_back(pid);
    }
    // Stopped by SIGTERM to this process; the workers follow (PR_SET_PDEATHSIG).
    for (pid_t pid : children) ::waitpid(pid, nullptr, 0);
    return 0;
}
