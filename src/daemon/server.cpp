// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of server.hpp (upstream distccd main, dcc_setup_startup_log,
// dcc_should_be_inetd, dcc_setup_daemon_path, dcc_standalone_server's start).
#include "daemon/server.hpp"

#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>

#include "auth/auth.hpp"
#include "common/cleanup.hpp"
#include "common/config.hpp"
#include "common/exec.hpp"
#include "common/files.hpp"
#include "common/log.hpp"
#include "common/signals.hpp"
#include "common/strings.hpp"
#include "common/version.hpp"
#include "compiler/file_probe.hpp"
#include "daemon/admission.hpp"
#include "daemon/cached_probe.hpp"
#include "daemon/daemonize.hpp"
#include "daemon/dispatcher.hpp"
#include "daemon/options.hpp"
#include "daemon/privileges.hpp"
#include "daemon/pump_area.hpp"
#include "daemon/sandbox_policy.hpp"
#include "daemon/sandbox_probe.hpp"
#include "daemon/serve_modes.hpp"
#include "daemon/socket_activation.hpp"
#include "daemon/worker.hpp"
#include "zeroconf/zeroconf.hpp"

namespace dcc::daemon {
namespace {

bool is_socket(int fd) {
    struct stat st{};
    return ::fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
}

// Messages before the log destination is final go to stderr, unless stderr is a
// socket (inetd), where syslog is the only sensible place.
void start_provisional_logging() {
    log::set_program_name("distccd");
    if (is_socket(STDERR_FILENO))
        log::to_syslog("distccd");
    else
        log::to_stderr();
    log::set_level(log::Level::info);
}

Mode choose_mode(const Options& options) {
    if (options.mode != Mode::unspecified) return options.mode;
    if (is_socket(STDIN_FILENO)) {
        DCC_INFO("stdin is socket; assuming --inetd mode");
        return Mode::inetd;
    }
    return Mode::daemon;
}

std::vector<AllowEntry> access_list(const Options& options, Mode mode) {
    std::vector<AllowEntry> allow = options.allow;
    bool want_private = options.allow_private;
    if (allow.empty() && !want_private && mode == Mode::daemon) {
        DCC_WARNING("No --allow option specified. Defaulting to --allow-private. Allowing non-Internet (globally "
                    "routable) addresses.");
        want_private = true;
    }
    if (want_private)
        for (AllowEntry& e : private_networks()) allow.push_back(std::move(e));
    return allow;
}

// The final log destination (after dropping root, so the file belongs to the daemon's
// user): --log-stderr, else --log-file, else syslog.
void start_final_logging(const Options& options) {
    log::set_level(options.log_level);
    if (options.log_stderr) {
        log::to_stderr();
    } else if (!options.log_file.empty()) {
        std::string why;
        if (!log::to_file(options.log_file, &why)) {
            log::to_syslog("distccd");
            DCC_ERROR("failed to open %s: %s", options.log_file.c_str(), why.c_str());
        }
    } else {
        log::to_syslog("distccd");
    }
    for (const std::string& warning : options.warnings) DCC_WARNING("%s", warning.c_str());
}

// Room for many connections being received: raise the soft descriptor limit to the hard one.
void raise_fd_limit() {
    struct rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

Status check_whitelist_dirs(const Options& options, const std::vector<std::string>& dirs) {
    if (options.enable_tcp_insecure) return {};
    for (const std::string& dir : dirs) {
        struct stat st{};
        if (::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return {};
    }
    return make_error(ExitCode::compiler_missing, missing_whitelist_message(dirs));
}

int fail(const Error& error, log::Level level = log::Level::error) {
    DCC_LOG_AT(level, "%s", error.message.c_str());
    return to_int(error.code);
}

// The environment of every compiler: ours with _DISTCC_SAFEGUARD one higher
// (doc/client.md §14), so a masqueraded distcc on the server compiles locally.
std::vector<std::string> compiler_environment(const Config& config) {
    return exec::environment_with({{"_DISTCC_SAFEGUARD", std::to_string(config.safeguard_level + 1)}});
}

struct Startup {
    Options options;
    Activation activation;  // sockets passed by a service manager
    Mode mode = Mode::daemon;
    std::vector<AllowEntry> allow;
    Config config;
    std::unique_ptr<CommandList> command_list;
    std::optional<auth::Acceptor> acceptor;  // --auth
    Confinement confinement = Confinement::none;  // from --sandbox (choose_confinement)
    std::vector<ListenSocket> more_job_sockets;    // passed job ports after the first
};

BuiltFeatures built_features() { return BuiltFeatures{zeroconf::available(), auth::available()}; }

// Step 9 of doc/daemon.md §3: --auth's credentials and principal list, acquired
// once and used by every connection (exit 119 when that fails).
Status start_authentication(Startup& s) {
    auth::ServerSettings settings;
    if (auto principal = s.config.env.get(env::Var::distccd_principal)) settings.principal = std::string(*principal);
    if (!s.options.blacklist_file.empty()) {
        settings.list_kind = auth::ListKind::blacklist;
        settings.list_path = s.options.blacklist_file;
    } else if (!s.options.whitelist_file.empty()) {
        settings.list_kind = auth::ListKind::whitelist;
        settings.list_path = s.options.whitelist_file;
    }
    settings.io_timeout_ms = s.config.io_timeout_ms();
    auto acceptor = auth::Acceptor::create(settings);
    if (!acceptor) return std::move(acceptor).error();
    s.acceptor = std::move(*acceptor);
    return {};
}

void terminate_daemon(int sig) {
    remove_pid_file();
    ::kill(0, sig);  // the whole process group: every worker (each kills its compiler)
}

Result<JobSettings> job_settings(Startup& s) {
    JobSettings settings;
    settings.limits = s.options.limits;
    settings.tmpdir = s.config.tmpdir;
    auto pump_tmpdir = choose_pump_tmpdir(s.options.pump_tmpdir);
    if (!pump_tmpdir) return std::move(pump_tmpdir).error();
    settings.pump_tmpdir = std::move(*pump_tmpdir);
    settings.search_path = s.config.search_path;
    settings.io_timeout_ms = s.config.io_timeout_ms();
    settings.job_lifetime_sec = s.options.job_lifetime_sec;
    settings.tcp_cork = s.config.tcp_cork;
    settings.keep_temps = s.config.save_temps;
    settings.compiler_environment = compiler_environment(s.config);
    settings.sandbox_mode = s.options.sandbox;
    settings.confinement = s.confinement;
    settings.admission.whitelist_dirs = default_whitelist_dirs();
    settings.admission.check_whitelist = !s.options.enable_tcp_insecure;
    settings.admission.sysroot = s.options.sysroot;
    settings.acceptor = s.acceptor ? &*s.acceptor : nullptr;
    if (s.config.cmdlist) {
        auto text = files::read_file(*s.config.cmdlist, 1u << 20);
        if (!text) return make_error(ExitCode::bad_arguments, "DISTCC_CMDLIST: " + text.error().message);
        s.command_list = std::make_unique<CommandList>(*text, s.config.cmdlist_numwords);
        settings.admission.command_list = s.command_list.get();
    }
    return settings;
}

// Standalone mode's sockets: those a service manager passed (doc/systemd.md), else
// bound here -- before dropping root, so that a port below 1024 works.
Status open_listeners(Startup& s, std::optional<ListenSocket>& job_socket, std::optional<ListenSocket>& stats_socket) {
    bool want_stats = s.options.stats && !s.options.no_fork;
    if (s.activation.kind == Activation::Kind::listening) {
        job_socket = adopt_listen_socket(s.activation.job_fd);
        for (int fd : s.activation.more_job_fds) s.more_job_sockets.push_back(adopt_listen_socket(fd));
        if (s.activation.stats_fd >= 0 && want_stats) stats_socket = adopt_listen_socket(s.activation.stats_fd);
        if (s.activation.stats_fd >= 0 && !want_stats) DCC_WARNING("a \"stats\" socket was passed without --stats");
    } else {
        auto socket = listen_on(s.options.listen_address, s.options.port, s.config.tcp_defer_accept);
        if (!socket) return std::move(socket).error();
        job_socket = std::move(*socket);
    }
    if (want_stats && !stats_socket) {
        auto stats = listen_on(s.options.listen_address, s.options.stats_port, false);
        if (!stats) return std::move(stats).error();
        stats_socket = std::move(*stats);
    }
    return {};
}

// --sandbox (doc/security.md §3): after dropping root, because the sandbox's user
// namespace must belong to the daemon's user; logged once here.  required without a
// usable sandbox refuses to start (ExitCode::distcc_failed).
Status choose_confinement(Startup& s) {
    KernelSupport support;
    if (s.options.sandbox != SandboxMode::off) support = probe_kernel_support(s.config.tmpdir);
    SandboxDecision decision = decide_sandbox(s.options.sandbox, support);
    if (!decision.message.empty()) DCC_LOG_AT(decision.level, "%s", decision.message.c_str());
    if (decision.refusal) return *decision.refusal;
    s.confinement = decision.confinement;
    return {};
}

// Steps 3-11 of doc/daemon.md §3, up to the point where serving starts.
Status prepare(Startup& s, std::optional<ListenSocket>& job_socket, std::optional<ListenSocket>& stats_socket) {
    if (s.options.lifetime_sec > 0) ::alarm(static_cast<unsigned>(s.options.lifetime_sec));
    errno = 0;
    if (::nice(s.options.nice) == -1 && errno != 0) DCC_WARNING("nice %d failed: %s", s.options.nice, std::strerror(errno));
    if (s.mode == Mode::daemon) DCC_TRY(open_listeners(s, job_socket, stats_socket));
    DCC_TRY(drop_privileges(s.options.user));
    start_final_logging(s.options);
    if (::chdir(s.config.tmpdir.c_str()) != 0)
        return make_error(ExitCode::io_error,
                          strings::format("failed to chdir to %s: %s", s.config.tmpdir.c_str(), std::strerror(errno)));
    if (s.config.daemon_path) {
        ::setenv("PATH", s.config.daemon_path->c_str(), 1);
        s.config.search_path = *s.config.daemon_path;
    } else {
        DCC_INFO("daemon's PATH is %s", s.config.search_path.c_str());
    }
    if (s.options.auth) DCC_TRY(start_authentication(s));
    if (!s.config.io_timeout_sec.ok()) return s.config.io_timeout_sec.error();
    DCC_TRY(check_whitelist_dirs(s.options, default_whitelist_dirs()));
    return choose_confinement(s);
}

// What --zeroconf announces (doc/daemon.md §12): the compilers of the whitelist
// directories, unless there is no whitelist (--enable-tcp-insecure) or
// DISTCC_CMDLIST decides what runs; then only 3.4's `cc` records.
zeroconf::ServiceSettings zeroconf_settings(const Startup& s, int cpus, int max_jobs) {
    zeroconf::ServiceSettings settings;
    settings.port = static_cast<uint16_t>(s.options.port);
    settings.cpus = cpus;
    settings.jobs = max_jobs;
    settings.auth = s.options.auth;
    if (!s.options.enable_tcp_insecure && !s.config.cmdlist) settings.whitelist_dirs = default_whitelist_dirs();
    settings.search_path = s.config.search_path;
    return settings;
}

int serve_standalone(Startup& s, ListenSocket job_socket, std::optional<ListenSocket> stats_socket, JobServer& jobs) {
    std::vector<ListenSocket> job_sockets;
    job_sockets.push_back(std::move(job_socket));
    for (ListenSocket& more : s.more_job_sockets) job_sockets.push_back(std::move(more));
    for (const ListenSocket& socket : job_sockets) DCC_INFO("listening on %s", socket.description.c_str());
    long cpus = std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN));
    int max_jobs = s.options.jobs.value_or(static_cast<int>(cpus) + 2);
    DCC_INFO("%ld CPU%s online on this server", cpus, cpus == 1 ? "" : "s");
    DCC_INFO("allowing up to %d active jobs", max_jobs);
    Status daemonized = become_daemon(s.options.no_detach ? Detach::no : Detach::yes, s.options.pid_file);
    if (!daemonized) return fail(daemonized.error());
    if (s.options.lifetime_sec > 0) ::alarm(static_cast<unsigned>(s.options.lifetime_sec));
    signals::install_termination_handlers(terminate_daemon, signals::CatchAlarm::yes);
    signals::ignore_sigpipe();
    // After detaching: Avahi's thread would not survive the fork.  Workers inherit a
    // copy that does nothing; the announcement ends with this process.  Any failure
    // to announce is exit 103 (doc/daemon.md §12), also in a build without Avahi.
    std::optional<zeroconf::Publisher> publisher;
    if (s.options.zeroconf) {
        auto started = zeroconf::Publisher::start(zeroconf_settings(s, static_cast<int>(cpus), max_jobs));
        if (!started)
            return fail(make_error(ExitCode::connect_failed, started.error().message), log::Level::critical);
        publisher = std::move(*started);
    }
    const char* kind = s.options.no_fork ? "non-forking" : "preforking";
    DCC_INFO("%s daemon started (%s %s, built %s)", kind, version_string(), gnu_host(), build_date().c_str());
    if (s.options.no_fork) {
        install_job_signal_handlers();
        return serve_without_forking(job_sockets, jobs, s.allow);
    }
    DispatcherSettings settings;
    settings.jobs = max_jobs;
    settings.allow = s.allow;
    settings.tmpdir = s.config.tmpdir;
    settings.oom_score_adj = s.options.oom_score_adj;
    settings.acceptor = s.acceptor ? &*s.acceptor : nullptr;
    settings.intake.limits = s.options.limits;
    settings.intake.spool_dir = s.config.tmpdir;
    settings.intake.idle_timeout_ms = s.config.io_timeout_ms();
    settings.intake.request_timeout_ms = s.options.request_timeout_sec * 1000LL;
    settings.intake.min_rate = static_cast<uint64_t>(s.options.min_rate);
    settings.intake.max_connections = static_cast<std::size_t>(s.options.max_pending);
    Dispatcher dispatcher(std::move(settings), std::move(job_sockets), std::move(stats_socket), jobs);
    Status ran = dispatcher.run();
    return ran ? 0 : fail(ran.error());
}

int print_and_exit(Action action) {
    switch (action) {
    case Action::help: std::fputs((version_banner("distccd", built_features()) + usage_text()).c_str(), stdout); break;
    case Action::version: std::fputs(version_banner("distccd", built_features()).c_str(), stdout); break;
    case Action::show_principal: {
        auto snapshot = env::Snapshot::from_process();
        if (auto p = snapshot.get(env::Var::distccd_principal))
            std::printf("Principal is\t: %.*s\n", static_cast<int>(p->size()), p->data());
        else
            std::printf("Principal\t: Not Set\n");
        break;
    }
    case Action::serve: break;
    }
    return 0;
}

}  // namespace

int run_distccd(int argc, char** argv) {
    start_provisional_logging();
    auto command_line = parse_command_line(argc, argv);
    if (!command_line) {
        std::fprintf(stderr, "distccd: ERROR: %s\n", command_line.error().message.c_str());
        return to_int(command_line.error().code);
    }
    if (command_line->action != Action::serve) return print_and_exit(command_line->action);
    Startup s;
    s.options = std::move(command_line->options);
    s.config = load_config(env::Snapshot::from_process());
    auto activation = take_activated_sockets(s.config.env);
    if (!activation) return fail(activation.error());
    s.activation = *activation;
    auto mode = activated_mode(s.options.mode, s.activation);
    if (!mode) return fail(mode.error());
    s.mode = *mode == Mode::unspecified ? choose_mode(s.options) : *mode;
    // A passed socket listens on the network as distccd's own would: same default.
    s.allow = access_list(s.options, s.activation.kind == Activation::Kind::none ? s.mode : Mode::daemon);
    cleanup::set_keep(s.config.save_temps);
    raise_fd_limit();

    std::optional<ListenSocket> job_socket, stats_socket;
    if (Status prepared = prepare(s, job_socket, stats_socket); !prepared)
        return fail(prepared.error(), prepared.error().code == ExitCode::compiler_missing ? log::Level::critical
                                                                                          : log::Level::error);
    auto settings = job_settings(s);
    if (!settings) return fail(settings.error());
    compiler::SystemFileProbe system_probe;
    CachingFileProbe probe(system_probe);
    JobServer jobs(std::move(*settings), probe);
    if (s.mode == Mode::inetd) {
        install_job_signal_handlers();
        return serve_inetd(jobs, s.allow);
    }
    return serve_standalone(s, std::move(*job_socket), std::move(stats_socket), jobs);
}

}  // namespace dcc::daemon
