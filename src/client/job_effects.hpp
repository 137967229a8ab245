// SPDX-License-Identifier: GPL-2.0-or-later
// The things the job flow (job.cpp) does to the world besides locks, backoff marks
// and host files: start the local preprocessor, make one remote attempt (plain or
// pump mode), and run the compiler here.  Behind one interface so that unit tests drive the flow's
// decisions (retry, backoff, fallback, waiting) with test/unit/client/fakes.hpp;
// SystemEffects is the real one (preprocess.hpp, remote_compile.hpp,
// local_compile.hpp).  doc/architecture.md §5 lists every seam of the client.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "client/lock_store.hpp"
#include "client/preprocess.hpp"
#include "client/remote_compile.hpp"
#include "client/state_writer.hpp"
#include "common/result.hpp"

namespace dcc::client {

class JobEffects {
public:
    virtual ~JobEffects() = default;

    // Start `cpp_argv` writing `<tmpdir>/distcc_XXXXXXXX<extension>`; `cpp_slot` is
    // held until it has finished (PreprocessedSource::start).
    virtual Result<PreprocessedSource> start_preprocessor(const std::vector<std::string>& cpp_argv,
                                                          const std::string& tmpdir, const std::string& extension,
                                                          SlotLock cpp_slot) = 0;

    // One remote attempt (run_remote_attempt): connect, send, receive, write outputs.
    virtual RemoteOutcome attempt_remote(const RemoteRequest& request, PreprocessedSource& source,
                                         const RemoteSettings& settings, StateWriter& state) = 0;

    // One pump-mode attempt (run_pump_attempt): protocol 3 with the include server's
    // file list, no preprocessor.
    virtual RemoteOutcome attempt_pump(const RemoteRequest& request, const PumpPayload& payload,
                                       const RemoteSettings& settings, StateWriter& state) = 0;

    // Run `argv` here and return its raw wait status (run_compiler).
    virtual Result<int> run_compiler(const std::vector<std::string>& argv) = 0;

    // Ask `host` whether it speaks the side-file extension (run_side_probe).
    virtual std::optional<std::uint32_t> probe_side_files(const HostSpec& host, const RemoteSettings& settings,
                                                          StateWriter& state) = 0;
};

class SystemEffects final : public JobEffects {
public:
    Result<PreprocessedSource> start_preprocessor(const std::vector<std::string>& cpp_argv, const std::string& tmpdir,
                                                  const std::string& extension, SlotLock cpp_slot) override;
    RemoteOutcome attempt_remote(const RemoteRequest& request, PreprocessedSource& source,
                                 const RemoteSettings& settings, StateWriter& state) override;
    RemoteOutcome attempt_pump(const RemoteRequest& request, const PumpPayload& payload,
                               const RemoteSettings& settings, StateWriter& state) override;
    Result<int> run_compiler(const std::vector<std::string>& argv) override;
    std::optional<std::uint32_t> probe_side_files(const HostSpec& host, const RemoteSettings& settings,
                                                  StateWriter& state) override;
};

}  // namespace dcc::client
