// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of job.hpp (upstream dcc_service_job / dcc_run_job, serve.c).
#include "daemon/job.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "common/cleanup.hpp"
#include "common/clock.hpp"
#include "common/exec.hpp"
#include "common/files.hpp"
#include "common/io.hpp"
#include "common/log.hpp"
#include "common/path.hpp"
#include "common/strings.hpp"
#include "compiler/gcno.hpp"
#include "compiler/server_argv.hpp"
#include "compiler/source_names.hpp"
#include "daemon/compiler_process.hpp"
#include "daemon/job_files.hpp"
#include "daemon/reply.hpp"
#include "daemon/sandbox_plan.hpp"
#include "proto/buffered_source.hpp"
#include "proto/messages.hpp"

namespace dcc::daemon {
namespace {

uint32_t synthetic_status(ExitCode code) { return static_cast<uint32_t>(to_int(code)) << 8; }

JobCategory category_of(const Refusal& refusal) {
    switch (refusal.code) {
    case ExitCode::protocol_error: return JobCategory::rej_bad_req;
    case ExitCode::io_error: return JobCategory::cli_disconn;
    default: return JobCategory::other;
    }
}

// Upstream's ret: field is 0 for a policy refusal and the error's code otherwise.
int ret_of(const Refusal& refusal) {
    return refusal.code == ExitCode::distcc_failed ? 0 : to_int(refusal.code);
}

// "x86_64-linux-gnu-gcc hello.c on localhost completed ok" (upstream
// dcc_critique_status), in the one wording of exec::critique, always at info level.
void log_critique(const std::string& compiler, const std::string& input, uint32_t status) {
    DCC_INFO("%s", exec::critique(static_cast<int>(status), compiler + " " + input + " on localhost").c_str());
}

}  // namespace

JobServer::JobServer(JobSettings settings, const compiler::FileProbe& probe)
    : m_settings(std::move(settings)),
      m_probe(probe),
      m_locator(m_settings.search_path, probe),
      m_dev_null(::open("/dev/null", O_RDONLY | O_CLOEXEC)),
      m_environment(m_settings.compiler_environment),
      m_read_buffer(new char[proto::BufferedFdSource::k_capacity]) {}

JobOutcome JobServer::refused(const std::string& client, const Refusal& refusal) {
    DCC_LOG_AT(refusal.level, "%s", describe_refusal(client, refusal).c_str());
    JobOutcome outcome;
    outcome.category = category_of(refusal);
    outcome.ret = ret_of(refusal);
    outcome.refusal = refusal.rule;
    return outcome;
}

bool JobServer::authenticate(int in_fd, int out_fd, const PeerAddress& peer) const {
    if (!m_settings.acceptor) return true;
    auto principal = m_settings.acceptor->authenticate_client(in_fd, out_fd);
    if (principal) {
        DCC_INFO("client %s authenticated as %s", describe_peer(peer).c_str(), principal->c_str());
        return true;
    }
    DCC_ERROR("GSS-API authentication of client '%s' failed: %s", describe_peer(peer).c_str(),
              principal.error().message.c_str());
    return false;
}

JobOutcome JobServer::serve(int in_fd, int out_fd, const PeerAddress& peer) {
    return serve_from(in_fd, in_fd, out_fd, peer);
}

JobOutcome JobServer::serve_received(int request_fd, int client_fd, const PeerAddress& peer) {
    return serve_from(request_fd, client_fd, client_fd, peer);
}

JobOutcome JobServer::serve_from(int request_fd, int in_fd, int out_fd, const PeerAddress& peer) {
    int64_t start_ms = clock::monotonic_ms();
    std::string client = describe_peer(peer);
    DCC_INFO("connection from %s", client.c_str());
    // A client that stalls while sending is bounded by the I/O timeout per read and,
    // with --job-lifetime, by the lifetime plus 30 s for the whole request (upstream
    // armed alarm(lifetime + 30) per connection).
    int64_t request_deadline = m_settings.job_lifetime_sec > 0 ? start_ms + (m_settings.job_lifetime_sec + 30) * 1000LL : -1;
    proto::BufferedFdSource source(request_fd, m_settings.io_timeout_ms, request_deadline, m_read_buffer.get());
    CheckedOrRefused checked = read_and_check_header(source, m_settings.limits, m_settings.admission, m_probe);
    JobOutcome outcome;
    if (const Refusal* refusal = std::get_if<Refusal>(&checked))
        outcome = refused(client, *refusal);
    else if (std::get<CheckedRequest>(checked).version == proto::k_probe_version)
        outcome = answer_probe(out_fd);
    else
        outcome = compile(client, source, in_fd, out_fd, std::get<CheckedRequest>(checked), start_ms);
    outcome.elapsed_ms = static_cast<long>(clock::monotonic_ms() - start_ms);
    DCC_NOTICE("%s", format_summary(client, outcome).c_str());
    return outcome;
}

Result<Sandbox*> JobServer::sandbox_for(const JobFiles& files) {
    if (m_settings.confinement != Confinement::namespaces) return nullptr;
    if (m_sandbox && m_sandbox->running() && m_sandbox->layout().job_dir == files.dir()) return &*m_sandbox;
    m_sandbox.reset();
    Sandbox::Settings settings{plan_layout(files.dir(), m_settings.tmpdir), sandbox_limits(m_settings.job_lifetime_sec),
                               m_environment.entries()};
    settings.environment.back() = "TMPDIR=" + settings.layout.inside_dir;  // ChildEnvironment keeps it last
    auto started = Sandbox::start(settings);
    if (started) return &m_sandbox.emplace(std::move(*started));
    if (m_settings.sandbox_mode == SandboxMode::required) return std::move(started).error();
    // auto: the kernel allowed one at startup; say once per process that it no longer does.
    static bool warned = false;
    if (!std::exchange(warned, true))
        DCC_WARNING("%s; compilers of this process run unconfined", started.error().message.c_str());
    return nullptr;
}

Result<JobServer::Launched> JobServer::spawn_compiler(const CheckedRequest& request, const JobFiles& files,
                                                      const PumpJob* pump, const SideJob* side) {
    auto sandbox = sandbox_for(files);
    if (!sandbox) return std::move(sandbox).error();
    // The compiler's own temporary files go to the work directory, which is cleared
    // after the job even when the compiler was killed.  Unconfined, it runs in the
    // daemon's working directory ($TMPDIR), as upstream's does: clang records that as
    // DW_AT_comp_dir, so objects stay reproducible.  In the sandbox the work
    // directory is mounted over $TMPDIR and is its working directory
    // (sandbox_plan.hpp): relative output paths land in it, DW_AT_comp_dir is the same.
    std::vector<std::string> argv =
        pump       ? pump->argv
        : side     ? side->argv
        : *sandbox ? compiler::plain_server_argv(request.scan, inside_path((*sandbox)->layout(), files.input_path()),
                                                 inside_path((*sandbox)->layout(), files.output_path()))
                   : compiler::plain_server_argv(request.scan, files.input_path(), files.output_path());
    argv[0] = request.compiler;
    if (!*sandbox) m_environment.set_tmpdir(files.dir());
    std::string cwd = pump ? pump->cwd : side ? side->cwd : std::string();
    CompilerRun run{{}, std::move(argv), m_dev_null.get(), files.stdout_fd(), files.stderr_fd(), &m_environment,
                    std::move(cwd)};
    Result<Launched> launched = make_error(ExitCode::compiler_missing, "");
    // A remembered program may have vanished since (compiler upgrade): look it up again once.
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto located = m_locator.locate(request.compiler);
        if (!located) return std::move(located).error();
        if (attempt == 0 && located->warning) DCC_WARNING("%s", located->warning->c_str());
        run.program = std::move(located->program);
        if (*sandbox) {
            Status started = (*sandbox)->launch(run);
            launched = started ? Result<Launched>(Launched{-1, *sandbox}) : Result<Launched>(started.error());
        } else {
            auto pid = start_compiler(run);
            launched = pid ? Result<Launched>(Launched{*pid, nullptr}) : Result<Launched>(pid.error());
        }
        if (launched || launched.error().code != ExitCode::compiler_missing) break;
        m_locator.forget(request.compiler);
    }
    return launched;
}

JobServer::CompileStatus JobServer::run_compiler(const CheckedRequest& request, const JobFiles& files,
                                                 const PumpJob* pump, const SideJob* side, int in_fd,
                                                 int64_t start_ms) {
    CompileStatus result;
    auto launched = spawn_compiler(request, files, pump, side);
    if (!launched) {
        // Reported to the client as the compiler's status, the message in SERR (upstream
        // dcc_execvp failing in the child).
        DCC_ERROR("%s", launched.error().message.c_str());
        result.status = synthetic_status(launched.error().code);
        return result;
    }
    int64_t deadline = m_settings.job_lifetime_sec > 0 ? start_ms + m_settings.job_lifetime_sec * 1000LL : -1;
    auto supervised = launched->sandbox ? launched->sandbox->supervise(in_fd, deadline)
                                        : supervise_compiler(launched->pid, in_fd, deadline);
    if (!supervised) {
        DCC_ERROR("%s", supervised.error().message.c_str());
        result.end = RunEnd::client_gone;
        return result;
    }
    result.end = supervised->end;
    result.group_survives = supervised->group_survives;
    if (result.end == RunEnd::client_gone) {
        DCC_ERROR("Client fd disconnected, killing job");
    } else if (result.end == RunEnd::deadline) {
        DCC_ERROR("Compilation takes too long, timeout.");
        result.status = synthetic_status(ExitCode::timeout);
    } else {
        result.status = static_cast<uint32_t>(supervised->wait_status);
    }
    return result;
}

JobOutcome JobServer::compile(const std::string& client, proto::Source& source, int in_fd, int out_fd,
                              const CheckedRequest& request, int64_t start_ms) {
    JobOutcome outcome;
    outcome.compiler = request.scan.argv[0];
    outcome.input = request.scan.input;
    auto dir = work_dir();
    auto files = dir ? JobFiles::create(**dir, input_extension(request.scan.input)) : Result<JobFiles>(dir.error());
    if (!files) {
        DCC_ERROR("%s", files.error().message.c_str());
        outcome.ret = to_int(files.error().code);
        return outcome;
    }
    DCC_INFO("compile from %s to %s", request.scan.input.c_str(), request.scan.output.c_str());
    // Declared after `files`, so the tree goes before the work directory is cleared.
    std::optional<PumpJob> pump;
    if (proto::server_preprocesses(request.version)) {
        auto received = receive_pump_job(source, request, *files);
        if (!received) {
            Refusal refusal = refusal_from_error(received.error());
            refusal.argument = "NFIL";
            return refused(client, refusal);
        }
        pump.emplace(std::move(*received));
    }
    std::optional<SideJob> side;
    if (proto::carries_side_files(request.version)) {
        auto received = receive_side_job(source, request, *files);
        if (!received) {
            Refusal refusal = refusal_from_error(received.error());
            refusal.argument = "XINS";
            return refused(client, refusal);
        }
        side.emplace(std::move(*received));
    }
    if (!pump) {
        if (Status received = receive_input(source, request, *files); !received) {
            Refusal refusal = refusal_from_error(received.error());
            refusal.argument = "DOTI";
            JobOutcome failed = refused(client, refusal);
            return failed;
        }
    }
    if (side) {
        Status placed = place_side_job(request, *files, *side);
        // A source this daemon cannot prepare (bounds of §16.7) is not the host's fault.
        if (!placed && placed.error().code == ExitCode::protocol_error)
            return unserved(out_fd, request, placed.error(), std::move(outcome));
        if (!placed) {
            Refusal refusal = refusal_from_error(placed.error());
            refusal.argument = "XINS";
            return refused(client, refusal);
        }
    }
    CompileStatus run = run_compiler(request, *files, pump ? &*pump : nullptr, side ? &*side : nullptr, in_fd,
                                     start_ms);
    // A compiler that exited (not one killed by a signal) and left nothing running
    // removed its own temporary files and no longer writes to its streams.
    if (run.end == RunEnd::exited && WIFEXITED(static_cast<int>(run.status)) && !run.group_survives)
        files->note_compiler_exited();
    if (run.end == RunEnd::client_gone) {
        outcome.category = JobCategory::cli_disconn;
        outcome.ret = to_int(ExitCode::io_error);
        return outcome;
    }
    log_critique(outcome.compiler, outcome.input, run.status);
    UniqueFd object;
    const std::string& object_path = side ? side->output_path : files->output_path();
    if (run.status == 0) {
        object.reset(::open(object_path.c_str(), O_RDONLY | O_CLOEXEC));
        if (!object) {
            DCC_ERROR("compiler produced no output %s: %s", object_path.c_str(), std::strerror(errno));
            outcome.category = JobCategory::compile_error;
            outcome.ret = to_int(ExitCode::io_error);
            return outcome;
        }
    }
    std::string dotd;
    if (pump && run.status == 0) {
        auto rewritten = pump_dotd(*pump);
        if (!rewritten) {
            DCC_ERROR("%s", rewritten.error().message.c_str());
            outcome.category = JobCategory::compile_error;
            outcome.ret = to_int(rewritten.error().code);
            return outcome;
        }
        dotd = std::move(*rewritten);
    }
    std::vector<proto::Reply::SideFile> side_files;
    if (side && run.status == 0) {
        auto collected = collect_side_files(request, *side);
        if (!collected) return unserved(out_fd, request, collected.error(), std::move(outcome));
        side_files = std::move(*collected);
    }
    ReplyFiles reply{request.version, run.status, files->stderr_fd(), files->stdout_fd(),
                     object.get(),    &dotd,      &side_files};
    if (Status sent = send_reply(out_fd, reply, m_settings.tcp_cork, m_settings.io_timeout_ms); !sent) {
        DCC_ERROR("failed to send the reply: %s", sent.error().message.c_str());
        outcome.category = JobCategory::compile_error;
        outcome.ret = to_int(sent.error().code);
        return outcome;
    }
    DCC_INFO("job complete");
    if (run.end == RunEnd::deadline) {
        outcome.category = JobCategory::compile_timeout;
        outcome.ret = to_int(ExitCode::timeout);
    } else {
        outcome.category = run.status == 0 ? JobCategory::compile_ok : JobCategory::compile_error;
    }
    outcome.wait_status = static_cast<int>(run.status);
    return outcome;
}

JobOutcome JobServer::unserved(int out_fd, const CheckedRequest& request, const Error& why, JobOutcome outcome) {
    // The client compiles locally, naming `why`, and does not back this host off
    // (doc/protocol.md §16.2 reply_x_unserved).
    std::string message = "cannot serve this job's side outputs: " + why.message;
    DCC_WARNING("%s", message.c_str());
    outcome.category = JobCategory::other;
    outcome.ret = to_int(why.code);
    if (Status sent = send_unserved_reply(out_fd, request.version, message, m_settings.io_timeout_ms); !sent)
        DCC_ERROR("failed to send the reply: %s", sent.error().message.c_str());
    return outcome;
}

Status JobServer::receive_input(proto::Source& source, const CheckedRequest& request, const JobFiles& files) {
    auto input = files.open_input();
    if (!input) return std::move(input).error();
    auto size = receive_doti(source, request.version, m_settings.limits, input->fd.get());
    if (!size) return std::move(size).error();
    return files.finish_input(*input, *size);
}

JobOutcome JobServer::answer_probe(int out_fd) {
    JobOutcome outcome;
    outcome.compiler = "(probe)";
    proto::MemorySink answer;
    Status written = proto::write_probe_answer(answer, proto::k_cap_side_files | proto::k_cap_coverage |
                                                           proto::k_cap_clang_coverage);
    if (written) written = io::write_all(out_fd, answer.data(), m_settings.io_timeout_ms);
    if (!written) {
        DCC_ERROR("failed to answer the capability probe: %s", written.error().message.c_str());
        outcome.category = JobCategory::cli_disconn;
        outcome.ret = to_int(written.error().code);
        return outcome;
    }
    DCC_INFO("answered a capability probe");
    outcome.category = JobCategory::other;
    return outcome;
}

JobServer::SideJob::~SideJob() {
    if (keep) return;
    if (!dir.empty()) cleanup::remove_tree(dir.c_str());
    if (!inputs_dir.empty()) cleanup::remove_tree(inputs_dir.c_str());
}

namespace {

Status make_directory(const std::string& path) {
    if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST)
        return make_error(ExitCode::io_error, "mkdir " + path + ": " + std::strerror(errno));
    return {};
}

// An empty placeholder for each relative source name of a clang coverage job, so
// that clang records the name as given (doc/protocol.md §16.7).  Only directories and
// regular files are made, in a fresh directory, so nothing leads outside it; a name
// that collides with another (a file where a directory is needed) or is deeper than
// `max_depth` directories is skipped.
void make_placeholders(const std::string& root, const std::vector<std::string>& names, std::size_t depth,
                       std::size_t max_depth) {
    for (const std::string& name : names) {
        if (!compiler::needs_placeholder(name)) continue;
        auto placement = compiler::place_in_job(name, depth);
        if (!placement || placement->directories.size() > max_depth) continue;
        bool made = true;
        for (const std::string& directory : placement->directories)
            if (!make_directory(root + "/" + directory)) made = false;
        std::string file = root + "/" + placement->file;
        int fd = made ? ::open(file.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600) : -1;
        if (fd >= 0)
            ::close(fd);
        else
            DCC_DEBUG("no placeholder for %s", name.c_str());
    }
}

}  // namespace

Result<JobServer::SideJob> JobServer::receive_side_job(proto::Source& source, const CheckedRequest& request,
                                                       const JobFiles& files) {
    const compiler::SidePlan& plan = request.side;
    auto bodies = proto::read_extra_inputs(source, request.version, m_settings.limits);
    if (!bodies) return std::move(bodies).error();
    if (bodies->size() != plan.inputs.size())
        return make_error(ExitCode::protocol_error, strings::format("XINS %zu, but the command declares %zu inputs",
                                                                    bodies->size(), plan.inputs.size()));
    if (std::count(plan.output_stem.begin(), plan.output_stem.end(), '/') >=
        static_cast<long>(m_settings.limits.max_path_depth))
        return make_error(ExitCode::protocol_error, "output path too deep");
    SideJob job;
    job.keep = m_settings.keep_temps;
    job.dir = files.dir() + "/xcwd";
    job.inputs_dir = files.dir() + "/xin";
    for (const std::string& fresh : {job.dir, job.inputs_dir}) {
        cleanup::remove_tree(fresh.c_str());  // what a killed job may have left
        if (::mkdir(fresh.c_str(), 0700) != 0)
            return make_error(ExitCode::io_error, "mkdir " + fresh + ": " + std::strerror(errno));
    }
    job.input_bodies = std::move(*bodies);
    return job;
}

Status JobServer::place_side_job(const CheckedRequest& request, const JobFiles& files, SideJob& job) {
    const compiler::SidePlan& plan = request.side;
    // The working directory is nested deep enough for every ".." of the output word
    // and of a clang coverage job's source names to stay inside xcwd.
    std::size_t depth = compiler::climb_of(request.scan.output);
    std::vector<std::string> names;
    if (plan.clang_coverage) {
        auto text = files::read_file(files.input_path(), m_settings.limits.max_item_size);
        if (!text) return std::move(text).error();
        auto found = compiler::line_marker_names(*text);
        if (!found) return std::move(found).error();
        names = std::move(*found);
        for (const std::string& name : names)
            if (compiler::needs_placeholder(name)) depth = std::max(depth, compiler::climb_of(name));
    }
    if (depth > m_settings.limits.max_path_depth)
        return make_error(ExitCode::protocol_error, "paths climb too far with \"..\"");
    auto sandbox = sandbox_for(files);
    const SandboxLayout* layout = sandbox && *sandbox ? &(*sandbox)->layout() : nullptr;
    auto visible = [layout](const std::string& path) { return layout ? inside_path(*layout, path) : path; };
    job.run_dir = job.dir;
    for (std::size_t level = 1; level <= depth; ++level) {
        job.run_dir += "/d" + std::to_string(level);
        DCC_TRY(make_directory(job.run_dir));
    }
    job.cwd = visible(job.run_dir);
    make_placeholders(job.dir, names, depth, m_settings.limits.max_path_depth);
    auto output = compiler::place_in_job(request.scan.output, depth);
    if (!output) return make_error(ExitCode::protocol_error, "the output word names no file");
    for (const std::string& directory : output->directories) DCC_TRY(make_directory(job.dir + "/" + directory));
    job.output_path = job.dir + "/" + output->file;
    // Every name below is the daemon's own: nothing of the client's paths is used.
    std::vector<std::string> visible_inputs;
    for (std::size_t k = 0; k < plan.inputs.size(); ++k) {
        const compiler::ExtraInput& input = plan.inputs[k];
        std::string place = job.inputs_dir + "/" + std::to_string(k);
        std::string target = place;
        if (input.form == compiler::InputForm::gcc_profile_bare) {
            target = job.run_dir + "/" + plan.output_stem + ".gcda";
        } else if (input.form == compiler::InputForm::gcc_profile_dir) {
            DCC_TRY(make_directory(place));
            target = place + "/" + compiler::gcc_mangled_gcda_name(job.cwd + "/" + plan.output_stem);
        }
        DCC_TRY(files::write_file(target, job.input_bodies[k], 0600));
        visible_inputs.push_back(visible(place));
    }
    job.input_bodies.clear();
    job.argv = compiler::side_server_argv(request.scan, plan, visible(files.input_path()), visible_inputs, job.cwd,
                                          request.cwd);
    job.argv[0] = request.compiler;
    return {};
}

Result<std::vector<proto::Reply::SideFile>> JobServer::collect_side_files(const CheckedRequest& request,
                                                                          const SideJob& side) const {
    std::vector<proto::Reply::SideFile> found;
    for (const compiler::SideOutput& output : request.side.outputs) {
        auto body = files::read_file(side.run_dir + "/" + output.path, m_settings.limits.max_item_size);
        if (!body) {
            DCC_DEBUG("no side output %s: %s", output.path.c_str(), body.error().message.c_str());
            continue;
        }
        if (output.kind == compiler::SideKind::gcov_note && !request.side.clang_coverage) {
            // The note records the compiler's working directory: the client's instead.
            auto rewritten = compiler::rewrite_gcno_cwd(*body, request.cwd);
            if (!rewritten) return std::move(rewritten).error();
            body = std::move(*rewritten);
        }
        found.push_back({static_cast<uint32_t>(output.kind), std::move(*body)});
    }
    return found;
}

Result<JobServer::PumpJob> JobServer::receive_pump_job(proto::Source& source, const CheckedRequest& request,
                                                       const JobFiles& files) {
    // The compiler sees the job directory where the sandbox mounts it; a sandbox that
    // fails to start fails the spawn later, with the message.
    auto sandbox = sandbox_for(files);
    const SandboxLayout* layout = sandbox && *sandbox ? &(*sandbox)->layout() : nullptr;
    auto tree = PumpTree::create(pump_tree_parent(files, layout != nullptr), m_settings.limits, m_settings.keep_temps);
    if (!tree) return std::move(tree).error();
    auto visible = [layout](const std::string& path) { return layout ? inside_path(*layout, path) : path; };
    std::string deps_path = files.dir() + "/pump.deps";
    PumpJob job{std::move(*tree), {}, {}, deps_path, {}, visible(files.output_path()), {}};
    job.visible_root = visible(job.tree.root());
    job.tree.set_visible_root(job.visible_root);
    DCC_TRY(job.tree.make_directory(request.cwd));
    DCC_TRY(receive_file_list(source, m_settings.limits, job.tree));
    std::string visible_deps = visible(deps_path);
    compiler::PumpJobPaths paths{job.visible_root, job.visible_output, visible_deps};
    auto argv = compiler::pump_server_argv_for_job(request.scan, paths);
    if (!argv) return std::move(argv).error();
    job.argv = std::move(argv->argv);
    job.argv.push_back(compiler::pump_prefix_map_argument(job.visible_root));
    job.argv[0] = request.compiler;
    job.dotd_target = std::move(argv->dotd_target);
    job.cwd = job.visible_root + (request.cwd == "/" ? std::string() : request.cwd);
    return job;
}

Result<std::string> JobServer::pump_dotd(const PumpJob& pump) {
    auto text = files::read_file(pump.deps_path, m_settings.limits.max_item_size);
    ::unlink(pump.deps_path.c_str());
    if (!text) return make_error(ExitCode::io_error, "the compiler's dependency file: " + text.error().message);
    return compiler::rewrite_server_dotd(*text, pump.visible_output, pump.dotd_target, pump.visible_root);
}

std::string JobServer::pump_tree_parent(const JobFiles& files, bool confined) {
    // DISTCC_SAVE_TEMPS keeps the trees with the rest of each job's files.
    if (confined || m_settings.keep_temps || m_settings.pump_tmpdir.empty() || m_pump_area_failed) return files.dir();
    if (!m_pump_area) {
        auto created = PumpArea::create(m_settings.pump_tmpdir);
        if (!created) {
            m_pump_area_failed = true;
            DCC_WARNING("%s; pump trees of this process go to its work directory", created.error().message.c_str());
            return files.dir();
        }
        m_pump_area.emplace(std::move(*created));
        DCC_DEBUG("pump trees of this process go to %s", m_pump_area->path().c_str());
    }
    return m_pump_area->path();
}

void JobServer::release_files() {
    m_sandbox.reset();
    m_pump_area.reset();
    m_work_dir.reset();
}

Result<WorkDir*> JobServer::work_dir() {
    // With DISTCC_SAVE_TEMPS every job keeps a directory of its own.
    if (m_work_dir && m_settings.keep_temps) m_work_dir.reset();
    if (!m_work_dir) {
        auto created = WorkDir::create(m_settings.tmpdir, m_settings.keep_temps);
        if (!created) return std::move(created).error();
        m_work_dir.emplace(std::move(*created));
    }
    return &*m_work_dir;
}

}  // namespace dcc::daemon
