// SPDX-License-Identifier: GPL-2.0-or-later
// Start-up, readiness and shutdown (upstream's Main, _SetUp and _CleanOut).
#include "include_server/program.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/times.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/environment.hpp"
#include "common/fd.hpp"
#include "common/files.hpp"
#include "common/io.hpp"
#include "common/strings.hpp"
#include "include_server/analyzer.hpp"
#include "include_server/client_root.hpp"
#include "include_server/options.hpp"
#include "include_server/server.hpp"

namespace dcc::include_server {
namespace {

void print(int fd, const std::string& text) { (void)io::write_all(fd, text, 1000); }

int usage_exit(const OptionsOutcome& outcome) {
    using Action = OptionsOutcome::Action;
    if (outcome.action == Action::not_implemented) {
        print(STDERR_FILENO, "Not implemented\n");
        return 1;
    }
    if (outcome.action == Action::no_port)
        print(STDERR_FILENO, "INCLUDE_SERVER_PORT not provided. Aborting.\n"
                             "------------------------------------------- \n\n");
    print(STDOUT_FILENO, usage_text());
    return 1;
}

std::string email_sender() {
    std::string user = "unknown";
    if (passwd* pw = getpwuid(getuid())) user = pw->pw_name;
    char host[256] = "localhost";
    gethostname(host, sizeof host - 1);
    return user + "@" + host;
}

// Many concurrent clients each hold a descriptor while they wait.
void raise_descriptor_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

// SIGTERM and SIGINT arrive on a descriptor the accept loop polls; every thread
// inherits the blocked mask.
UniqueFd block_termination_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    signal(SIGPIPE, SIG_IGN);
    return UniqueFd(signalfd(-1, &set, SFD_CLOEXEC));
}

void print_times(double start) {
    tms t{};
    times(&t);
    double tick = double(sysconf(_SC_CLK_TCK));
    double user = double(t.tms_utime + t.tms_cutime) / tick;
    double system = double(t.tms_stime + t.tms_cstime) / tick;
    double elapsed = clock::monotonic_seconds() - start;
    print(STDERR_FILENO, strings::format("Include server timing.\nElapsed: %3.1fs User: %3.1fs System: %3.1fs "
                                         "User + System: %3.1fs\n",
                                         elapsed, user, system, user + system));
}

AnalyzerSettings analyzer_settings(const Options& o, const env::Snapshot& env) {
    AnalyzerSettings s;
    s.absolute_includes = o.unsafe_absolute_includes ? AbsolutePaths::ignore_with_warning : AbsolutePaths::refuse;
    s.unexpanded_functions = !o.unsafe_no_unexpanded_functions;
    s.force_dirs = !o.no_force_dirs;
    s.verify = o.verify;
    s.write_include_closure = o.write_include_closure;
    s.statistics = o.statistics;
    if (o.has_path_observation_re) s.path_observation_re = o.path_observation_re;
    s.stat_reset_triggers = o.stat_reset_triggers;
    s.path_variable = env.get_or(env::Var::path, "");
    s.tmpdir = env.get_or(env::Var::tmpdir, "/tmp");
    return s;
}

// The serving child: returns the process's exit status.
int serve_child(const Options& options, const env::Snapshot& env, const std::string& base, int ready_fd,
                double start) {
    UniqueFd ready(ready_fd);
    UniqueFd signals = block_termination_signals();
    raise_descriptor_limit();
    ReportSettings report;
    report.debug_pattern = options.debug_pattern;
    report.email = options.email;
    report.email_bound = options.email_bound;
    report.email_to = env.get_or(env::Var::distcc_emaillog_whom_to_blame, "distcc-pump-errors");
    report.email_from = email_sender();
    Reporter reporter(report, std::make_unique<SendmailTransport>());
    PosixFileSystem fs;
    ProcessCompilerRunner runner;
    ClientRoots roots(base);
    roots.remove_stale_roots();
    Analyzer analyzer(analyzer_settings(options, env), fs, runner, roots, reporter);
    ServerSettings server_settings;
    server_settings.threads = options.threads;
    server_settings.statistics = options.statistics;
    Server server(analyzer, reporter, server_settings);
    Status started = analyzer.start();
    if (started.ok()) started = server.listen(options.port);
    if (!started.ok()) {
        print(STDERR_FILENO, started.error().message + "\n");
        roots.remove_own_roots();
        return 1;
    }
    print(ready.get(), "\n");
    ready.reset();
    Server::Ending ending = server.serve(signals.get());
    analyzer.request_stop();
    {
        // Let requests in progress finish writing into the roots before they go.
        std::unique_lock<std::timed_mutex> lock(server.analysis_lock(), std::chrono::seconds(5));
        std::unique_lock<std::shared_timed_mutex> copies(server.copies_lock(), std::chrono::seconds(5));
        roots.remove_own_roots();
        ::unlink(options.port.c_str());
    }
    if (options.print_times) print_times(start);
    if (ending == Server::Ending::fatal) {
        print(STDERR_FILENO, "Now terminating include server.\n");
        return 1;
    }
    return 0;
}

}  // namespace

int run_program(int argc, char** argv) {
    double start = clock::monotonic_seconds();
    OptionsOutcome outcome = parse_options(std::vector<std::string>(argv + 1, argv + argc));
    if (outcome.action != OptionsOutcome::Action::serve) return usage_exit(outcome);
    const Options& options = outcome.options;
    env::Snapshot env = env::Snapshot::from_process();
    auto client_tmp = env.get(env::Var::distcc_client_tmp);
    auto base = choose_client_tmp(client_tmp ? std::optional<std::string>(std::string(*client_tmp)) : std::nullopt,
                                  dev_shm_usable());
    if (!base.ok()) {
        print(STDERR_FILENO, base.error().message + "\n");
        return 1;
    }
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return 1;
    std::fflush(nullptr);
    pid_t pid = ::fork();
    if (pid < 0) return 1;
    if (pid == 0) {
        ::close(fds[0]);
        std::_Exit(serve_child(options, env, *base, fds[1], start));
    }
    ::close(fds[1]);
    UniqueFd ready(fds[0]);
    if (!options.pid_file.empty()) {
        Status written = files::write_file(options.pid_file, std::to_string(pid) + "\n");
        if (!written.ok()) print(STDERR_FILENO, written.error().message + "\n");
    }
    // Return only once the child's socket accepts (or the child gave up).
    char byte = 0;
    auto got = io::read_some(ready.get(), &byte, 1, io::k_no_timeout);
    return got.ok() && *got == 1 && byte == '\n' ? 0 : 1;
}

}  // namespace dcc::include_server
