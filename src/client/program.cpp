// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of program.hpp (upstream distcc.c main).  Nothing here initialises
// zeroconf or GSS-API: a plain compile touches neither.
#include "client/program.hpp"

#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <unistd.h>

#include <optional>
#include <string>
#include <vector>

#include "client/config.hpp"
#include "client/fallback_notice.hpp"
#include "client/info_commands.hpp"
#include "client/invocation.hpp"
#include "client/job.hpp"
#include "client/journal.hpp"
#include "client/load_probe.hpp"
#include "client/lock_store.hpp"
#include "client/release_wait.hpp"
#include "common/cleanup.hpp"
#include "common/clock.hpp"
#include "common/config.hpp"
#include "common/log.hpp"
#include "common/path.hpp"
#include "common/signals.hpp"
#include "common/strings.hpp"
#include "compiler/file_probe.hpp"
#include "compiler/response_file.hpp"

namespace dcc::client {
namespace {

// doc/client.md §2: DISTCC_LOG (info), else UNCACHED_ERR_FD, else stderr
// (warning); DISTCC_VERBOSE=1 means debug.
void set_up_logging(const Config& config) {
    log::set_program_name("distcc");
    log::Level level = log::Level::warning;
    if (!config.log_file.empty()) {
        std::string error;
        if (log::to_file(config.log_file, &error)) {
            level = log::Level::info;
        } else {
            log::to_stderr();
            DCC_ERROR("failed to open logfile %s: %s", config.log_file.c_str(), error.c_str());
        }
    } else if (config.uncached_err_fd > 0) {
        log::to_fd(config.uncached_err_fd);
    } else {
        log::to_stderr();
    }
    log::set_level(config.verbose ? log::Level::debug : level);
}

double seconds(const timeval& tv) { return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6; }

// "exit: code N; self: U user S sys; children: U user S sys" (info).
void log_exit(int code) {
    if (!log::enabled(log::Level::info)) return;
    rusage self{}, children{};
    ::getrusage(RUSAGE_SELF, &self);
    ::getrusage(RUSAGE_CHILDREN, &children);
    log::writef(log::Level::info, "dcc_exit", "exit: code %d; self: %f user %f sys; children: %f user %f sys", code,
                seconds(self.ru_utime), seconds(self.ru_stime), seconds(children.ru_utime), seconds(children.ru_stime));
}

// Masquerade: make children find the real compiler; everyone: tell children how
// deep they are (doc/client.md §14).  Returns whether PATH was trimmed.
bool prepare_child_environment(const Invocation& invocation, const std::string& argv0, Config& config,
                               const compiler::FileProbe& probe) {
    bool trimmed = false;
    if (invocation.mode == InvocationMode::masquerade) {
        std::string cwd = argv0.find('/') != std::string::npos ? path::current_directory() : std::string();
        if (auto path = trimmed_search_path(argv0, config.search_path, cwd, probe)) {
            DCC_DEBUG("trimmed PATH to %s", path->c_str());
            ::setenv("PATH", path->c_str(), 1);
            config.search_path = std::move(*path);
            trimmed = true;
        }
    }
    ::setenv("_DISTCC_SAFEGUARD", std::to_string(config.safeguard_level + 1).c_str(), 1);
    return trimmed;
}

// Run the compile of `invocation` (the recursion case directly).
int run_job(const Invocation& invocation, RecursionVerdict verdict, Config& config, StateWriter& state,
            const compiler::SystemFileProbe& probe, bool scan_includes, JobRecorder* journal) {
    if (verdict == RecursionVerdict::run_locally) {
        if (journal) {
            journal->record().outcome = "local";
            journal->record().reason = local_run_reason(LocalRun{LocalCause::recursion, {}, "", ""});
            journal->enter(JournalPhase::local_compile);
        }
        return run_command_directly(invocation.command);
    }

    DiskFileReader reader;
    LockDirectory locks(config.distcc_dir, !config.distcc_dir_explicit);
    ObservationStore observations(config.distcc_dir, !config.distcc_dir_explicit);
    SharedHostKnowledge knowledge(observations, config.load_port);
    ReleaseWaiter pauser(config.load_aware && !config.distcc_dir.empty() ? path::join(config.distcc_dir, "lock")
                                                                         : std::string());
    SystemEffects effects;
    JobContext context{config,
                       host_list_sources(config),
                       build_features(),
                       target_triple(),
                       static_cast<unsigned>(::getpid()),
                       reader,
                       locks,
                       locks,
                       pauser,
                       state,
                       probe,
                       effects,
                       scan_includes};
    context.journal = journal;
    if (config.load_aware) context.knowledge = &knowledge;
    return run_compile_job(context, invocation.command);
}

// Detect the invocation, guard against recursion, and run the job, recording it in
// the job journal when DISTCC_JOURNAL is set (doc/client.md §19).
int compile(const std::vector<std::string>& argv, Config& config, StateWriter& state, bool scan_includes) {
    compiler::SystemFileProbe probe;
    auto invocation = detect_invocation(argv);
    if (!invocation) {
        DCC_ERROR("%s", invocation.error().message.c_str());
        return to_int(invocation.error().code);
    }
    bool trimmed = prepare_child_environment(*invocation, argv[0], config, probe);
    auto verdict = check_recursion(config.safeguard_level, trimmed);
    if (!verdict) {
        DCC_CRITICAL("%s", verdict.error().message.c_str());
        return to_int(verdict.error().code);
    }
    std::optional<JobRecorder> journal;
    if (!config.journal_file.empty()) {
        journal.emplace();
        journal->record().pid = static_cast<long>(::getpid());
        journal->record().cwd = path::current_directory();
        journal->record().argv = invocation->command;
        state.set_observer(&*journal);
    }
    int code = run_job(*invocation, *verdict, config, state, probe, scan_includes, journal ? &*journal : nullptr);
    if (journal) {
        state.set_observer(nullptr);
        write_journal(*journal, config.journal_file, code);
    }
    return code;
}

int run(std::vector<std::string> argv, Config& config) {
    if (!argv.empty()) {
        auto expanded = compiler::expand_response_files(argv, compiler::disk_response_file_reader());
        if (!expanded) {
            DCC_ERROR("%s", expanded.error().message.c_str());
            return to_int(expanded.error().code);
        }
        argv = std::move(*expanded);
    }
    if (argv.empty() || invoked_as_distcc(argv[0])) {
        DiskFileReader reader;
        InfoContext info{config, host_list_sources(config), build_features(), reader,
                         static_cast<unsigned>(::getpid())};
        if (auto code = run_info_command(argv, info)) return *code;
    }
    // `distcc --scan-includes COMPILER ARGS...`: the rest is an explicit-mode compile.
    bool scan_includes = argv.size() > 2 && invoked_as_distcc(argv[0]) && argv[1] == "--scan-includes";
    if (scan_includes) argv.erase(argv.begin() + 1);
    StateWriter state(config.distcc_dir, static_cast<long>(::getpid()));
    double start = clock::monotonic_seconds();
    int code = compile(argv, config, state, scan_includes);
    state.remove();
    if (log::enabled(log::Level::info))
        log::writef(log::Level::info, nullptr, "elapsed compilation time %fs", clock::monotonic_seconds() - start);
    return code;
}

}  // namespace

int run_client(int argc, char** argv) {
    signals::install_termination_handlers(nullptr);
    signals::ignore_sigpipe();
    Config config = load_config(env::Snapshot::from_process());
    set_up_logging(config);
    cleanup::set_keep(config.save_temps);
    int code = run(std::vector<std::string>(argv, argv + argc), config);
    log_exit(code);
    cleanup::run();
    return code;
}

}  // namespace dcc::client
