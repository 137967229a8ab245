// SPDX-License-Identifier: GPL-2.0-or-later
// auth-peer: one half of the GSS-API layer as a program, for the integration tests
// (test/integration/test_gssapi_*.py), which run it against the other half or
// against Debian's distcc 3.4 with a real KDC.
//
//   auth-peer client HOST PORT [--name NAME] [--compile COMPILER]
//       connect, authenticate (DISTCC_PRINCIPAL honoured), and with --compile send
//       a protocol-1 job for a one-line C file and read the reply.  Exit status:
//       0, or the distcc exit code of the failure.
//   auth-peer available
//       print "yes" or "no": whether this build has GSS-API.
//   auth-peer server [--blacklist FILE | --whitelist FILE] [--connections N]
//       listen on 127.0.0.1 (port printed as "port N"), authenticate N clients
//       (DISTCCD_PRINCIPAL), print "authenticated NAME" or "refused CODE: MESSAGE"
//       per client, and answer each authenticated job with a canned object.
//
// It is a test tool, not part of the installed programs.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "auth/auth.hpp"
#include "common/environment.hpp"
#include "common/fd.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"
#include "proto/messages.hpp"

using namespace dcc;

namespace {

constexpr int k_io_timeout_ms = 10000;
constexpr const char* k_canned_object = "canned object from auth-peer\n";

int fail(const Error& error) {
    std::printf("failed %s: %s\n", exit_code_name(error.code), error.message.c_str());
    std::fflush(stdout);
    return to_int(error.code);
}

// The value after `flag` in argv, or `fallback`.
std::string option(const std::vector<std::string>& args, const std::string& flag, const std::string& fallback = "") {
    for (std::size_t i = 0; i + 1 < args.size(); ++i)
        if (args[i] == flag) return args[i + 1];
    return fallback;
}

Result<UniqueFd> connect_to(const std::string& host, int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    if (::inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1)
        return make_error(ExitCode::bad_arguments, "HOST must be an IPv4 address: " + host);
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd || ::connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
        return make_error(ExitCode::connect_failed, strings::format("connect: %s", std::strerror(errno)));
    return fd;
}

Status send_probe_job(int fd, const std::string& compiler) {
    proto::Request request;
    request.argv = {compiler, "-c", "probe.c", "-o", "probe.o"};
    request.doti = "int probe(void) { return 42; }\n";
    proto::FdSink sink(fd, k_io_timeout_ms);
    DCC_TRY(proto::write_request(sink, request));
    proto::FdSource source(fd, k_io_timeout_ms);
    auto reply = proto::read_reply(source, 1, proto::WantDotd::no, proto::Limits{});
    if (!reply) return std::move(reply).error();
    std::printf("status %u doto %zu\n", reply->status, reply->doto.size());
    if (reply->status != 0 || reply->doto.empty())
        return make_error(ExitCode::compiler_crashed, "the job failed: " + reply->serr);
    return {};
}

int run_client(const std::vector<std::string>& args, const env::Snapshot& env) {
    if (args.size() < 2) return fail(make_error(ExitCode::bad_arguments, "usage: client HOST PORT [options]"));
    auto fd = connect_to(args[0], std::atoi(args[1].c_str()));
    if (!fd) return fail(fd.error());
    auth::ClientSettings settings;
    settings.server_name = option(args, "--name");
    if (auto principal = env.get(env::Var::distcc_principal)) settings.service_principal = std::string(*principal);
    settings.io_timeout_ms = k_io_timeout_ms;
    auto status = auth::authenticate_to_server(fd->get(), fd->get(), settings);
    if (!status) return fail(status.error());
    std::printf("authenticated\n");
    std::string compiler = option(args, "--compile");
    if (!compiler.empty()) {
        auto job = send_probe_job(fd->get(), compiler);
        if (!job) return fail(job.error());
    }
    std::fflush(stdout);
    return 0;
}

Result<UniqueFd> listen_on_loopback() {
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (!fd || ::bind(fd.get(), reinterpret_cast<sockaddr*>(&address), length) != 0 || ::listen(fd.get(), 8) != 0 ||
        ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&address), &length) != 0)
        return make_error(ExitCode::bind_failed, strings::format("listen: %s", std::strerror(errno)));
    std::printf("port %d\n", ntohs(address.sin_port));
    std::fflush(stdout);
    return fd;
}

// One connection: authenticate, then answer the job with a canned object.
void serve_one(const auth::Acceptor& acceptor, int fd) {
    auto client = acceptor.authenticate_client(fd, fd);
    if (!client) {
        std::printf("refused %s: %s\n", exit_code_name(client.error().code), client.error().message.c_str());
        return;
    }
    std::printf("authenticated %s\n", client->c_str());
    proto::FdSource source(fd, k_io_timeout_ms);
    auto request = proto::read_request(source, proto::Limits{});
    if (!request) {
        std::printf("no job: %s\n", request.error().message.c_str());
        return;
    }
    proto::Reply reply;
    reply.version = request->version;
    reply.doto = k_canned_object;
    proto::FdSink sink(fd, k_io_timeout_ms);
    auto sent = proto::write_reply(sink, reply);
    std::printf("served %s%s\n", strings::join(request->argv, " ").c_str(), sent ? "" : " (reply failed)");
}

int run_server(const std::vector<std::string>& args, const env::Snapshot& env) {
    auth::ServerSettings settings;
    if (auto principal = env.get(env::Var::distccd_principal)) settings.principal = std::string(*principal);
    if (std::string path = option(args, "--blacklist"); !path.empty()) {
        settings.list_kind = auth::ListKind::blacklist;
        settings.list_path = path;
    } else if (std::string white = option(args, "--whitelist"); !white.empty()) {
        settings.list_kind = auth::ListKind::whitelist;
        settings.list_path = white;
    }
    settings.io_timeout_ms = k_io_timeout_ms;
    auto acceptor = auth::Acceptor::create(settings);
    if (!acceptor) return fail(acceptor.error());
    auto listener = listen_on_loopback();
    if (!listener) return fail(listener.error());
    int connections = std::atoi(option(args, "--connections", "1").c_str());
    for (int i = 0; i < connections; ++i) {
        UniqueFd fd(::accept4(listener->get(), nullptr, nullptr, SOCK_CLOEXEC));
        if (!fd) return fail(make_error(ExitCode::io_error, strings::format("accept: %s", std::strerror(errno))));
        serve_one(*acceptor, fd.get());
        std::fflush(stdout);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    log::set_program_name("auth-peer");
    log::to_stderr();
    log::set_level(log::Level::info);
    std::vector<std::string> args(argv + 1, argv + argc);
    env::Snapshot env = env::Snapshot::from_process();
    if (args.size() == 1 && args[0] == "available") {
        std::printf("%s\n", auth::available() ? "yes" : "no");
        return 0;
    }
    if (!args.empty() && args[0] == "client") return run_client({args.begin() + 1, args.end()}, env);
    if (!args.empty() && args[0] == "server") return run_server({args.begin() + 1, args.end()}, env);
    std::fprintf(stderr, "usage: auth-peer available\n"
                         "       auth-peer client HOST PORT [--name NAME] [--compile CC]\n"
                         "       auth-peer server [--blacklist FILE | --whitelist FILE] [--connections N]\n");
    return to_int(ExitCode::bad_arguments);
}
