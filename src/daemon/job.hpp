// SPDX-License-Identifier: GPL-2.0-or-later
// JobServer: serves one connection from request to reply (doc/protocol.md §8.1),
// the same way in a prefork worker, in --no-fork mode and in inetd/ssh mode.  It
// judges the request (request.hpp), receives the source into the process's private
// work directory under $TMPDIR (job_files.hpp) -- for protocol 3, the client's file
// tree under a per-job root in it or, unconfined, in the process's pump area
// (pump_tree.hpp, pump_area.hpp) --, runs the compiler
// (compiler_process.hpp), replies (reply.hpp), clears the directory, and logs the
// one-line job summary.  Access control happens before (the caller knows the peer),
// and so does --auth's handshake (authenticate()); statistics after (the caller gets
// the JobOutcome).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/auth.hpp"
#include "common/fd.hpp"
#include "compiler/file_probe.hpp"
#include "daemon/admission.hpp"
#include "daemon/compiler_locator.hpp"
#include "daemon/compiler_process.hpp"
#include "daemon/job_files.hpp"
#include "daemon/job_summary.hpp"
#include "daemon/peer.hpp"
#include "daemon/pump_area.hpp"
#include "daemon/pump_tree.hpp"
#include "daemon/refusal.hpp"
#include "daemon/request.hpp"
#include "daemon/sandbox.hpp"
#include "daemon/sandbox_policy.hpp"
#include "proto/limits.hpp"
#include "proto/messages.hpp"
#include "proto/stream.hpp"

namespace dcc::daemon {

// Everything a job needs that is fixed for the daemon's lifetime.
struct JobSettings {
    proto::Limits limits;
    AdmissionPolicy admission;
    std::string tmpdir = "/tmp";
    std::string pump_tmpdir;  // --pump-tmpdir: where unconfined pump trees go; "": the work directory
    std::string search_path;  // PATH (after DISTCCD_PATH)
    int io_timeout_ms = 300 * 1000;
    int job_lifetime_sec = 0;  // 0: unlimited
    bool tcp_cork = true;
    bool keep_temps = false;                    // DISTCC_SAVE_TEMPS
    const auth::Acceptor* acceptor = nullptr;   // --auth; owned by the server
    std::vector<std::string> compiler_environment;  // NAME=value, _DISTCC_SAFEGUARD raised;
                                                    // TMPDIR becomes the work directory
    // --sandbox and what the server decided from it (sandbox_policy.hpp): with
    // namespaces every compiler runs in the worker's Sandbox (doc/security.md §3).
    SandboxMode sandbox_mode = SandboxMode::off;
    Confinement confinement = Confinement::none;
};

class JobServer {
public:
    JobServer(JobSettings settings, const compiler::FileProbe& probe);

    // With --auth, the GSS-API handshake (doc/protocol.md §11) that must succeed
    // before serve(); always true without --auth.  A refused client gets no reply,
    // no summary line and no statistics entry (it never became a job, as upstream):
    // the caller just closes the connection.
    bool authenticate(int in_fd, int out_fd, const PeerAddress& peer) const;

    // Serve one job.  TCP: in_fd == out_fd, a non-blocking socket.  inetd: 0 and 1.
    JobOutcome serve(int in_fd, int out_fd, const PeerAddress& peer);

    // Serve one job whose request the intake received already (doc/security.md §1):
    // `request_fd` holds its bytes from offset 0; `client_fd` is the connection,
    // watched while the compiler runs and where the reply goes.
    JobOutcome serve_received(int request_fd, int client_fd, const PeerAddress& peer);

    const JobSettings& settings() const { return m_settings; }

    // Before a worker exits without unwinding (it retires, or its dispatcher is
    // gone): stop the sandbox and remove the work directory and the pump area.
    void release_files();

private:
    JobOutcome serve_from(int request_fd, int in_fd, int out_fd, const PeerAddress& peer);
    JobOutcome refused(const std::string& client, const Refusal& refusal);
    JobOutcome compile(const std::string& client, proto::Source& source, int in_fd, int out_fd,
                       const CheckedRequest& request, int64_t start_ms);
    Status receive_input(proto::Source& source, const CheckedRequest& request, const JobFiles& files);
    // A protocol-3 job (doc/protocol.md §8.4-§8.5, §9): its file tree, the argv and
    // working directory the compiler gets, and what the .d rewrite needs.  Paths
    // named visible_* are as the compiler sees them (in the sandbox, if any).
    struct PumpJob {
        PumpTree tree;
        std::vector<std::string> argv;
        std::string cwd;
        std::string deps_path;  // as the daemon sees it
        std::string visible_root;
        std::string visible_output;
        std::string dotd_target;
    };
    // A job of versions 5/6 (doc/protocol.md §16.4): it runs in <work>/xcwd with the
    // client's relative output word; its declared inputs are files under <work>/xin.
    // Both directories go when it is destroyed.
    struct SideJob {
        std::vector<std::string> argv;
        std::string cwd;          // as the compiler sees it
        std::string dir;          // <work>/xcwd as the daemon sees it
        std::string run_dir;      // the compiler's working directory as the daemon sees it:
                                  // dir, or below it for paths with ".." (doc/protocol.md §16.7)
        std::string inputs_dir;   // <work>/xin
        std::string output_path;  // the object, as the daemon sees it
        std::vector<std::string> input_bodies;  // the XINP items until placed
        bool keep = false;
        SideJob() = default;
        SideJob(SideJob&&) = default;
        SideJob& operator=(SideJob&&) = delete;
        ~SideJob();
    };
    Result<SideJob> receive_side_job(proto::Source& source, const CheckedRequest& request, const JobFiles& files);
    // Once the source is in: the working directory, the clang coverage placeholders,
    // the declared inputs and the argv (doc/protocol.md §16.4, §16.7).
    Status place_side_job(const CheckedRequest& request, const JobFiles& files, SideJob& job);
    // The side outputs a successful side job left beside its object; an error when a
    // coverage note cannot be rewritten for the client (doc/protocol.md §16.6).
    Result<std::vector<proto::Reply::SideFile>> collect_side_files(const CheckedRequest& request,
                                                                   const SideJob& side) const;
    // Answer reply_x_unserved (doc/protocol.md §16.2) for a side job this daemon
    // cannot serve, and the job's outcome.
    JobOutcome unserved(int out_fd, const CheckedRequest& request, const Error& why, JobOutcome outcome);
    // The capability probe (doc/protocol.md §16.1): DONE(4) XCAP.
    JobOutcome answer_probe(int out_fd);
    Result<PumpJob> receive_pump_job(proto::Source& source, const CheckedRequest& request, const JobFiles& files);
    // The .d of a successful pump job, rewritten (doc/protocol.md §8.5).
    Result<std::string> pump_dotd(const PumpJob& pump);
    // The compiler's run as the reply reports it.
    struct CompileStatus {
        RunEnd end = RunEnd::exited;
        uint32_t status = 0;
        bool group_survives = false;
    };
    CompileStatus run_compiler(const CheckedRequest& request, const JobFiles& files, const PumpJob* pump,
                               const SideJob* side, int in_fd, int64_t start_ms);
    // A started compiler: a child of ours, or running in m_sandbox.
    struct Launched {
        pid_t pid = -1;
        Sandbox* sandbox = nullptr;
    };
    Result<Launched> spawn_compiler(const CheckedRequest& request, const JobFiles& files, const PumpJob* pump,
                                    const SideJob* side);
    // The sandbox for this job directory, started if need be; nullptr when compilers
    // run unconfined (--sandbox=off, or auto when a sandbox failed to start).
    Result<Sandbox*> sandbox_for(const JobFiles& files);

    Result<WorkDir*> work_dir();
    // Where this job's pump tree goes: the process's pump area when compilers run
    // unconfined (made on first use), else -- or when the area cannot be made --
    // the job's work directory.
    std::string pump_tree_parent(const JobFiles& files, bool confined);

    JobSettings m_settings;
    const compiler::FileProbe& m_probe;
    CompilerLocator m_locator;
    UniqueFd m_dev_null;
    ChildEnvironment m_environment;
    std::unique_ptr<char[]> m_read_buffer;  // lent to each request's BufferedFdSource
    std::optional<WorkDir> m_work_dir;  // made on the first job
    std::optional<PumpArea> m_pump_area;  // made on the first unconfined pump job
    bool m_pump_area_failed = false;      // said once; later trees go to the work directory
    std::optional<Sandbox> m_sandbox;   // started on the first job, per work directory
};

}  // namespace dcc::daemon
