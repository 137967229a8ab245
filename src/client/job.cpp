// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of job.hpp (upstream dcc_build_somewhere).  Differences from 3.4,
// all deliberate: a host that failed is not picked again for the same job; the
// preprocessor runs once per job however many hosts are tried; a failing local
// preprocessor ends the job with its own status; and a job that falls back gets one
// warning naming the reason (fallback_notice.hpp), a command local by nature none.
#include "client/job.hpp"

#include <unistd.h>

#include <algorithm>
#include <optional>
#include <variant>

#include "client/discrepancy.hpp"
#include "client/fallback.hpp"
#include "client/fallback_notice.hpp"
#include "client/local_compile.hpp"
#include "client/preprocess.hpp"
#include "client/pump_plan.hpp"
#include "client/remote_compile.hpp"
#include "client/side_capability.hpp"
#include "common/clock.hpp"
#include "common/exec.hpp"
#include "common/files.hpp"
#include "common/io.hpp"
#include "common/log.hpp"
#include "common/path.hpp"
#include "common/strings.hpp"
#include "compiler/argument_policy.hpp"
#include "compiler/client_argv.hpp"
#include "compiler/compiler_name.hpp"
#include "compiler/preprocess_style.hpp"
#include "compiler/scan_args.hpp"
#include "compiler/side_files.hpp"
#include "compiler/source_kind.hpp"

namespace dcc::client {
namespace {

using Role = StateWriter::Role;

class JobRunner {
public:
    JobRunner(JobContext& context, compiler::ScanResult scan)
        : m_context(context),
          m_scan(std::move(scan)),
          m_backoff(context.backoff_store, context.config.backoff_period_sec),
          m_style(choose_style()) {}

    int run();

private:
    void load_hosts();
    int distribute();
    std::optional<int> attempt_on(HostPick& pick, LocalRun& last, std::string& server_stderr);
    std::optional<LocalRun> refused_by_argument_policy(const HostSpec& host) const;
    compiler::PreprocessStyle choose_style() const;
    std::vector<std::string> plain_server_argv(const compiler::SidePlan* policy = nullptr) const;
    std::optional<LocalRun> prepare_side_files();
    std::optional<LocalRun> side_files_unsupported(const HostSpec& host, const RemoteSettings& settings);
    Status ensure_source();
    int run_locally(const LocalRun& why, SlotLock slot = SlotLock());
    void note_different_result();
    int fall_back(const LocalRun& why, const std::string& server_stderr, const HostSpec* host);
    std::vector<const HostSpec*> candidates();
    const PumpPlan* pump_plan(int& stop_code);
    int scan_includes(HostPick& pick);
    // The job journal (journal.hpp), when DISTCC_JOURNAL is set.
    void enter(JournalPhase phase) {
        if (m_context.journal) m_context.journal->enter(phase);
    }
    void note_attempt(const HostSpec& host, int slot, const PumpPlan* plan);
    void note_attempt_end(const HostSpec& host, const RemoteOutcome& outcome, const NextStep& next);
    void note_backed_off(const std::vector<const HostSpec*>& usable);
    void observe(const HostSpec& host, const AttemptResult& attempt, const NextStep& next, double seconds);

    JobContext& m_context;
    compiler::ScanResult m_scan;
    Backoff m_backoff;
    compiler::PreprocessStyle m_style;  // plain mode's preprocessing (doc/client.md §9.1)
    Result<HostList> m_hosts = make_error(ExitCode::no_hosts, "not loaded");
    std::vector<std::string> m_failed_hosts;  // lock keys of hosts that failed this job
    std::optional<PreprocessedSource> m_source;
    // Pump mode (doc/pump.md): decided once per job, at the first `,cpp` host.
    std::optional<std::variant<PumpPlan, PumpRefusal>> m_pump;
    bool m_last_attempt_pumped = false;
    // Side outputs and declared inputs (doc/protocol.md §16): set when the job needs
    // the extension; m_policy what the argument policy sees differently (the words the
    // daemon serves itself, a climbing output word).
    std::optional<SidePayload> m_side;
    compiler::SidePlan m_policy;  // only served_words and placed_output
};

void JobRunner::load_hosts() {
    m_hosts = load_host_list(m_context.host_sources, m_context.features, m_context.reader, m_context.random_seed);
}

int JobRunner::run() {
    if (JobRecorder* journal = m_context.journal) {
        journal->record().input = m_scan.input;
        journal->record().output = m_scan.output;
    }
    load_hosts();
    if (!m_scan.distribute()) {
        LocalRun why;
        why.cause = LocalCause::not_distributable;
        why.scan_reason = m_scan.reason;
        return run_locally(why);
    }
    if (auto why = prepare_side_files()) return run_locally(*why);
    return distribute();
}

// Plan the side files of the argv that would be sent, exactly as the daemon will
// (doc/protocol.md §16.5), and read the declared inputs.  A reason to stay local when
// the job needs the extension but cannot use it.
std::optional<LocalRun> JobRunner::prepare_side_files() {
    auto sent = compiler::scan_args(compiler::strip_local_args(m_scan.argv));
    if (!sent || !sent->distribute()) return std::nullopt;
    compiler::SidePlan plan = compiler::plan_side_files(*sent);
    if (!plan.needed()) return std::nullopt;
    LocalRun why{LocalCause::side_files, {}, "", ""};
    if (plan.unusable) {
        why.detail = "side outputs or declared inputs cannot be served: " + *plan.unusable;
        return why;
    }
    SidePayload side;
    // The name the local gcc records (getpwd), for -fdebug-prefix-map and coverage.
    side.cwd = path::logical_current_directory(m_context.config.env.get(env::Var::pwd));
    if (side.cwd.empty()) {
        why.detail = "cannot determine the current directory";
        return why;
    }
    for (const compiler::ExtraInput& input : plan.inputs) {
        std::string file = input.value;
        if (input.form == compiler::InputForm::gcc_profile_bare)
            file = plan.output_stem + ".gcda";
        else if (input.form == compiler::InputForm::gcc_profile_dir)
            file = path::join(input.value,
                              compiler::gcc_mangled_gcda_name(path::make_absolute(plan.output_stem, side.cwd)));
        else if (files::is_directory(file))
            file = path::join(file, "default.profdata");
        auto body = files::read_file(file, proto::Limits{}.max_item_size);
        if (!body) {
            why.detail = strings::format("declared input %s of %s: %s", file.c_str(), input.option.c_str(),
                                         body.error().message.c_str());
            return why;
        }
        side.inputs.push_back(std::move(*body));
    }
    side.outputs = std::move(plan.outputs);
    side.coverage = plan.coverage;
    side.clang_coverage = plan.clang_coverage;
    m_policy.served_words = std::move(plan.served_words);
    m_policy.placed_output = std::move(plan.placed_output);
    m_side = std::move(side);
    return std::nullopt;
}

// A side-file job goes only to a host that speaks the extension (doc/protocol.md
// §16.1); any other host is skipped for this job, not backed off.
std::optional<LocalRun> JobRunner::side_files_unsupported(const HostSpec& host, const RemoteSettings& settings) {
    if (!m_side) return std::nullopt;
    // Bit 2 also stands for the nested job directory of a climbing output word
    // (doc/protocol.md §16.7), which older daemons of ours refuse.
    bool climbs = m_policy.placed_output.has_value();
    std::uint32_t needed = proto::k_cap_side_files | (m_side->clang_coverage ? proto::k_cap_clang_coverage : 0) |
                           (m_side->coverage && !m_side->clang_coverage ? proto::k_cap_coverage : 0) |
                           (climbs ? proto::k_cap_clang_coverage : 0);
    SideSupport support = side_support(
        lock_host_key(host), m_context.locks, m_context.backoff_store, m_context.pauser,
        [&] { return m_context.effects.probe_side_files(host, settings, m_context.state); }, needed);
    if (support == SideSupport::yes) return std::nullopt;
    LocalRun why{LocalCause::side_files, {}, host.text, ""};
    if (support == SideSupport::unknown)
        why.detail = "could not ask the host whether it returns side outputs and takes declared inputs";
    else if (m_side->clang_coverage)
        why.detail = "the host does not serve clang coverage jobs (distcc 3.4 or an older distccd)";
    else if (climbs)
        why.detail = "the host does not serve output paths that climb with \"..\" (distcc 3.4 or an older distccd)";
    else if (m_side->coverage)
        why.detail = "the host does not serve coverage jobs (distcc 3.4 or an older distccd)";
    else
        why.detail = "the host does not return side outputs or take declared inputs (distcc 3.4 or an older distccd)";
    return why;
}

std::vector<const HostSpec*> JobRunner::candidates() {
    std::vector<const HostSpec*> usable = m_backoff.usable(m_hosts->hosts);
    std::erase_if(usable, [this](const HostSpec* h) {
        return std::find(m_failed_hosts.begin(), m_failed_hosts.end(), lock_host_key(*h)) != m_failed_hosts.end();
    });
    // A +zeroconf host that announced its compilers gets only jobs for one of them.
    std::string compiler = m_scan.argv.empty() ? std::string() : std::string(path::basename(m_scan.argv.front()));
    std::erase_if(usable, [&compiler](const HostSpec* h) {
        return !h->compilers.empty() &&
               std::find(h->compilers.begin(), h->compilers.end(), compiler) == h->compilers.end();
    });
    return usable;
}

int JobRunner::distribute() {
    LocalRun last;
    if (!m_hosts) {
        last.cause = m_hosts.error().code == ExitCode::no_hosts ? LocalCause::no_host_list : LocalCause::bad_host_list;
        last.detail = m_hosts.error().message;
        return fall_back(last, std::string(), nullptr);
    }
    if (!m_context.config.io_timeout_sec) {
        DCC_ERROR("%s", m_context.config.io_timeout_sec.error().message.c_str());
        return to_int(ExitCode::bad_arguments);
    }
    last.cause = LocalCause::no_usable_host;
    std::string server_stderr;
    bool first = true;
    while (true) {
        std::vector<const HostSpec*> usable = candidates();
        if (first) note_backed_off(usable);
        first = false;
        if (usable.empty()) break;
        enter(JournalPhase::slot_wait);
        auto pick = m_context.knowledge
                        ? choose_slot(usable, m_context.locks, *m_context.knowledge, m_context.pauser,
                                      m_context.config.pause_time_msec, m_context.random_seed)
                        : wait_for_slot(usable, m_context.locks, m_context.pauser, m_context.config.pause_time_msec);
        enter(JournalPhase::other);
        if (!pick) {
            last = LocalRun{LocalCause::local_error, {}, "", pick.error().message};
            break;
        }
        if (pick->host->mode == HostMode::local) {
            LocalRun why{LocalCause::localhost_chosen, {}, "localhost", ""};
            return run_locally(why, std::move(pick->lock));
        }
        if (auto code = attempt_on(*pick, last, server_stderr)) return *code;
    }
    return fall_back(last, server_stderr, nullptr);
}

// Shared observations for the load-aware choice (doc/client.md §8.2): the time of a
// job the host ran (successfully or with a compile error), or a failure of its own.
void JobRunner::observe(const HostSpec& host, const AttemptResult& attempt, const NextStep& next, double seconds) {
    if (!m_context.knowledge) return;
    if (attempt.kind == AttemptResult::Kind::success || attempt.kind == AttemptResult::Kind::compile_failed)
        m_context.knowledge->job_done(host, seconds);
    else if (next.dislike_host)
        m_context.knowledge->job_failed(host);
}

// One remote attempt and what follows from it; nullopt means "try another host".
std::optional<int> JobRunner::attempt_on(HostPick& pick, LocalRun& last, std::string& server_stderr) {
    const HostSpec& host = *pick.host;
    if (m_context.scan_includes) return scan_includes(pick);
    if (auto refused = refused_by_argument_policy(host)) {
        pick.lock.release();
        return fall_back(*refused, std::string(), nullptr);
    }
    RemoteSettings settings{
        TransportSettings{k_connect_timeout_ms, m_context.config.ssh_command, m_context.config.tcp_cork},
        m_context.config.io_timeout_ms(),
        host.auth ? m_context.config.env.get(env::Var::distcc_principal) : std::nullopt};
    if (auto unsupported = side_files_unsupported(host, settings)) {
        pick.lock.release();
        m_failed_hosts.push_back(lock_host_key(host));
        DCC_INFO("%s: %s; trying another host", host.text.c_str(), unsupported->detail.c_str());
        last = std::move(*unsupported);
        return std::nullopt;
    }
    RemoteOutcome outcome;
    int stop_code = 0;
    const PumpPlan* plan = host.cpp && !m_side ? pump_plan(stop_code) : nullptr;
    if (stop_code != 0) {
        pick.lock.release();
        return stop_code;
    }
    m_last_attempt_pumped = plan != nullptr;
    note_attempt(host, pick.slot, plan);
    double started = clock::monotonic_seconds();
    if (plan) {
        RemoteRequest request{&host, pick.slot, plan->server_argv, m_scan.input, m_scan.output};
        outcome = m_context.effects.attempt_pump(request, plan->payload, settings, m_context.state);
    } else {
        if (auto started = ensure_source(); !started) {
            LocalRun why{LocalCause::local_error, {}, host.text, started.error().message};
            pick.lock.release();
            return fall_back(why, std::string(), nullptr);
        }
        RemoteRequest request{&host,        pick.slot,     plain_server_argv(),
                              m_scan.input, m_scan.output, m_side ? &*m_side : nullptr};
        outcome = m_context.effects.attempt_remote(request, *m_source, settings, m_context.state);
        if (m_side && outcome.attempt.kind == AttemptResult::Kind::no_answer)
            forget_side_support(lock_host_key(host), m_context.backoff_store);
    }
    int attempts = static_cast<int>(m_failed_hosts.size()) + 1;
    PolicySettings policy{m_context.config.fallback, m_context.config.skip_local_retry, m_backoff.enabled()};
    NextStep next = decide_next_step(outcome.attempt, host.text, attempts, policy);
    note_attempt_end(host, outcome, next);
    observe(host, outcome.attempt, next, clock::monotonic_seconds() - started);
    if (next.dislike_host) {
        m_backoff.dislike(host);
        m_failed_hosts.push_back(lock_host_key(host));
    }
    if (next.enjoy_host) m_backoff.enjoy(host);
    pick.lock.release_to_waiters();
    switch (next.action) {
    case NextStep::Action::done: return 0;
    case NextStep::Action::exit_with_code: return next.exit_code;
    case NextStep::Action::retry:
        // Info only: if no other host works either, the fallback warning names it.
        DCC_INFO("%s failed: %s; trying another host", host.text.c_str(), next.local.detail.c_str());
        last = next.local;
        server_stderr = std::move(outcome.server_stderr);
        return std::nullopt;
    case NextStep::Action::run_locally:
    case NextStep::Action::exit_with_server_output:
        break;
    }
    if (next.action == NextStep::Action::exit_with_server_output && m_context.config.skip_local_retry &&
        outcome.attempt.kind == AttemptResult::Kind::compile_failed) {
        (void)io::write_all(2, outcome.server_stderr, io::k_no_timeout);
        return next.exit_code;
    }
    return fall_back(next.local, outcome.server_stderr, &host);
}

// The journal's view of an attempt: where it goes and how.
void JobRunner::note_attempt(const HostSpec& host, int slot, const PumpPlan* plan) {
    if (!m_context.journal) return;
    JournalRecord& record = m_context.journal->record();
    record.host = host.text;
    record.slot = slot;
    record.mode = plan ? "pump" : host.cpp ? "plain-after-pump" : host.mode == HostMode::ssh ? "ssh" : "tcp";
    record.protocol = plan ? 3 : std::min(host.protocol(), 2);
    record.compression = host.lzo ? "lzo" : "none";
}

void JobRunner::note_attempt_end(const HostSpec& host, const RemoteOutcome& outcome, const NextStep& next) {
    if (!m_context.journal) return;
    JournalRecord& record = m_context.journal->record();
    record.bytes_sent += outcome.bytes_sent;
    record.bytes_received += outcome.bytes_received;
    bool remote_result = outcome.attempt.kind == AttemptResult::Kind::success ||
                         next.action == NextStep::Action::exit_with_server_output;
    if (remote_result) record.outcome = "remote";
    if (outcome.attempt.kind != AttemptResult::Kind::success)
        record.failed_attempts.push_back({host.text, local_run_reason(next.local)});
}

// Hosts of the list skipped because they are in backoff (or marked ,down).
void JobRunner::note_backed_off(const std::vector<const HostSpec*>& usable) {
    if (!m_context.journal || !m_hosts) return;
    for (const HostSpec& host : m_hosts->hosts)
        if (std::find(usable.begin(), usable.end(), &host) == usable.end())
            m_context.journal->record().backed_off.push_back(host.text);
}

// distccd would refuse the job and close without a word (doc/security.md §2); run
// the same allow-list on the argv that would be sent, so that the user learns why,
// and the host, which is not at fault, is not backed off.
std::optional<LocalRun> JobRunner::refused_by_argument_policy(const HostSpec& host) const {
    auto refusal = compiler::check_arguments(plain_server_argv(&m_policy));
    if (!refusal) return std::nullopt;
    LocalRun why{LocalCause::argument_policy, {}, host.text,
                 strings::format("distccd's argument policy refuses \"%s\": %s",
                                 strings::printable_prefix(refusal->argument, 200).c_str(), refusal->reason.c_str())};
    why.stop_code = to_int(ExitCode::distcc_failed);
    return why;
}

// The pump plan for this job, or nullptr for plain mode (the refusal was told once).
// `stop_code` is set when DISTCC_TESTING_INCLUDE_SERVER makes a refusal fatal.
const PumpPlan* JobRunner::pump_plan(int& stop_code) {
    if (!m_pump) {
        // The include server's analysis stands in for the local preprocessor: it
        // runs under a local cpp slot, as the preprocessor would (doc/pump.md).
        SlotLock lock;
        enter(JournalPhase::slot_wait);
        if (m_hosts) {
            auto slot = wait_for_local_slot(m_hosts->local_slots_cpp, m_context.locks, m_context.pauser,
                                            m_context.config.pause_time_msec);
            if (slot) {
                m_context.state.note(Role::local, proto::Phase::preprocess, m_scan.input, "localhost", slot->slot);
                lock = std::move(slot->lock);
            }
        }
        enter(JournalPhase::preprocess);
        m_pump = plan_pump_job(m_scan, m_context.config);
        lock.release();
        enter(JournalPhase::other);
        if (auto* refusal = std::get_if<PumpRefusal>(&*m_pump)) {
            if (refusal->fatal) {
                DCC_ERROR("%s", refusal->warning.c_str());
                stop_code = to_int(refusal->code);
                return nullptr;
            }
            DCC_WARNING("%s", refusal->warning.c_str());
        }
    }
    return std::get_if<PumpPlan>(&*m_pump);
}

// `distcc --scan-includes` (doc/pump.md): print what would be sent to the chosen host.
int JobRunner::scan_includes(HostPick& pick) {
    const HostSpec& host = *pick.host;
    pick.lock.release();
    if (!host.cpp) {
        DCC_ERROR("'--scan_includes' specified, but distcc wouldn't have used include server (make sure hosts list "
                  "includes ',cpp' option?)");
        return to_int(ExitCode::distcc_failed);
    }
    auto plan = plan_pump_job(m_scan, m_context.config);
    if (auto* refusal = std::get_if<PumpRefusal>(&plan)) {
        DCC_ERROR("failed to get includes from include server (%s)", refusal->warning.c_str());
        return refusal->include_server_failed ? 1 : to_int(ExitCode::distcc_failed);
    }
    std::string text;
    for (const MirrorEntry& entry : std::get<PumpPlan>(plan).entries)
        text += scan_includes_line(entry.kind, entry.wire.name) + "\n";
    if (Status printed = io::write_all(STDOUT_FILENO, text, io::k_no_timeout); !printed) {
        DCC_ERROR("%s", printed.error().message.c_str());
        return to_int(ExitCode::io_error);
    }
    return 0;
}

// DISTCC_PREPROCESS for this job's compiler and input (doc/client.md §9.1).  A name
// that says nothing ("cc", "c++") is looked up as the cross-compiler rewrite does.
compiler::PreprocessStyle JobRunner::choose_style() const {
    if (!m_scan.distribute()) return compiler::PreprocessStyle::full;
    auto mode = compiler::parse_preprocess_mode(m_context.config.preprocess);
    if (!mode) {
        DCC_WARNING("DISTCC_PREPROCESS=\"%s\" is not one of faithful, full, auto; using auto",
                    m_context.config.preprocess.c_str());
        mode = compiler::PreprocessMode::automatic;
    }
    auto family = compiler::compiler_family(m_scan.argv[0]);
    if (family == compiler::CompilerFamily::either && *mode == compiler::PreprocessMode::automatic)
        family = compiler::compiler_family(compiler::resolve_generic_compiler(path::basename(m_scan.argv[0]),
                                                                              m_context.config.search_path,
                                                                              m_context.probe));
    return compiler::choose_preprocess_style(*mode, family, m_scan.input, m_scan.argv);
}

// The argv a plain-mode server gets: local-only options stripped, plus what the
// faithful style needs to compile its text.
// The argv a plain-mode server gets; with `policy`, as the argument policy sees it
// (compiler::policy_view of the stripped argv: the side-file words the daemon serves
// itself left out, a climbing output word placed).
std::vector<std::string> JobRunner::plain_server_argv(const compiler::SidePlan* policy) const {
    std::string cwd = m_style == compiler::PreprocessStyle::rewrite_includes ? path::current_directory() : "";
    std::vector<std::string> argv = compiler::strip_local_args(m_scan.argv);
    return compiler::faithful_server_argv(policy ? compiler::policy_view(std::move(argv), *policy) : argv, m_style,
                                          cwd);
}

Status JobRunner::ensure_source() {
    if (m_source) return {};
    if (compiler::is_preprocessed(m_scan.input)) {
        m_source.emplace(PreprocessedSource::already_preprocessed(m_scan.input));
        return {};
    }
    const HostList& list = *m_hosts;
    enter(JournalPhase::slot_wait);
    auto slot = wait_for_local_slot(list.local_slots_cpp, m_context.locks, m_context.pauser,
                                    m_context.config.pause_time_msec);
    enter(JournalPhase::preprocess);
    SlotLock lock;
    if (slot) {
        m_context.state.note(Role::local, proto::Phase::preprocess, m_scan.input, "localhost", slot->slot);
        lock = std::move(slot->lock);
    }
    std::string extension(compiler::preprocessed_extension(m_scan.input).value_or(".i"));
    auto started = m_context.effects.start_preprocessor(compiler::preprocessor_argv(m_scan, m_style),
                                                        m_context.config.tmpdir, extension, std::move(lock));
    if (!started) return std::move(started).error();
    if (m_style == compiler::PreprocessStyle::rewrite_includes)
        started->drop_first_line(compiler::k_rewrite_includes_first_line);
    m_source.emplace(std::move(*started));
    return {};
}

int JobRunner::fall_back(const LocalRun& why, const std::string& server_stderr, const HostSpec* host) {
    if (!m_context.config.fallback) {
        DCC_ERROR("failed to distribute and fallbacks are disabled%s%s", why.detail.empty() ? "" : ": ",
                  why.detail.c_str());
        if (m_context.journal) m_context.journal->record().reason = local_run_reason(why);
        if (!server_stderr.empty() && !io::write_all(2, server_stderr, io::k_no_timeout))
            return to_int(ExitCode::distcc_failed);
        return why.stop_code;
    }
    m_source.reset();  // a preprocessor still running is of no use now
    int code = run_locally(why);
    if (why.cause == LocalCause::remote_failed && host) {
        if (code == why.remote_code)
            m_backoff.enjoy(*host);  // the source was at fault, not the host
        else
            note_different_result();
    }
    return code;
}

void JobRunner::note_different_result() {
    DCC_WARNING("remote compilation of '%s' failed, retried locally and got a different result.",
                m_scan.input.c_str());
    if (!m_last_attempt_pumped || !m_pump) return;
    if (const auto* plan = std::get_if<PumpPlan>(&*m_pump))
        handle_discrepancy(m_context.config, m_scan.input, plan->payload.dotd_path, m_scan.argv);
}

int JobRunner::run_locally(const LocalRun& why, SlotLock slot) {
    for (const Notice& notice : render_local_run(why, m_scan.input))
        DCC_LOG_AT(notice.level, "%s", notice.text.c_str());
    bool cpp_only = !m_scan.distribute() && m_scan.reason == compiler::LocalReason::preprocess_only;
    int slot_number = slot.held() ? 0 : -1;
    if (!slot.held()) {
        int pool = m_hosts ? (cpp_only ? m_hosts->local_slots_cpp : m_hosts->local_slots)
                           : (cpp_only ? k_default_local_slots_cpp : k_default_local_slots);
        enter(JournalPhase::slot_wait);
        auto pick = wait_for_local_slot(pool, m_context.locks, m_context.pauser, m_context.config.pause_time_msec);
        if (pick) {
            m_context.state.note(Role::local, proto::Phase::compile, m_scan.input, "localhost", pick->slot);
            slot = std::move(pick->lock);
            slot_number = pick->slot;
        } else {
            DCC_DEBUG("running without a local slot: %s", pick.error().message.c_str());
        }
    }
    if (JobRecorder* journal = m_context.journal) {
        JournalRecord& record = journal->record();
        bool by_nature = why.cause == LocalCause::recursion || why.cause == LocalCause::not_distributable ||
                         why.cause == LocalCause::localhost_chosen;
        record.mode = "local";
        record.host = "localhost";
        record.slot = slot_number;
        record.protocol = 0;
        record.compression.clear();
        record.outcome = by_nature ? "local" : "fallback";
        record.reason = local_run_reason(why);
        journal->enter(JournalPhase::local_compile);
    }
    auto status = m_context.effects.run_compiler(m_scan.argv);
    if (!status) {
        DCC_ERROR("%s", status.error().message.c_str());
        return to_int(status.error().code);
    }
    log_critique(*status, "compile", m_scan.distribute() ? m_scan.input : "", "localhost");
    return exec::exit_code_of(*status);
}

}  // namespace

int run_compile_job(JobContext& context, const std::vector<std::string>& command) {
    auto scan = compiler::scan_args(command);
    if (!scan) {
        DCC_ERROR("%s", scan.error().message.c_str());
        return to_int(scan.error().code);
    }
    if (!context.config.no_rewrite_cross) {
        compiler::RewriteResult rewritten =
            compiler::rewrite_compiler_name(scan->argv, context.target_triple, context.config.search_path, context.probe);
        if (rewritten.renamed && log::enabled(log::Level::info)) DCC_INFO("%s", rewritten.log_message().c_str());
        scan->argv = std::move(rewritten.argv);
    }
    JobRunner runner(context, std::move(*scan));
    return runner.run();
}

int run_command_directly(const std::vector<std::string>& command) {
    auto status = run_compiler(command);
    if (!status) {
        DCC_ERROR("%s", status.error().message.c_str());
        return to_int(status.error().code);
    }
    return exec::exit_code_of(*status);
}

}  // namespace dcc::client
