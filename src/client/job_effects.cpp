// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of job_effects.hpp: SystemEffects forwards to the real
// preprocessor, remote attempt and local compiler.
#include "client/job_effects.hpp"

#include "client/local_compile.hpp"

namespace dcc::client {

Result<PreprocessedSource> SystemEffects::start_preprocessor(const std::vector<std::string>& cpp_argv,
                                                             const std::string& tmpdir, const std::string& extension,
                                                             SlotLock cpp_slot) {
    return PreprocessedSource::start(cpp_argv, tmpdir, extension, std::move(cpp_slot));
}

RemoteOutcome SystemEffects::attempt_remote(const RemoteRequest& request, PreprocessedSource& source,
                                            const RemoteSettings& settings, StateWriter& state) {
    NetworkConnector network;
    return run_remote_attempt(request, source, settings, state, network);
}

RemoteOutcome SystemEffects::attempt_pump(const RemoteRequest& request, const PumpPayload& payload,
                                          const RemoteSettings& settings, StateWriter& state) {
    NetworkConnector network;
    return run_pump_attempt(request, payload, settings, state, network);
}

Result<int> SystemEffects::run_compiler(const std::vector<std::string>& argv) { return client::run_compiler(argv); }

std::optional<std::uint32_t> SystemEffects::probe_side_files(const HostSpec& host, const RemoteSettings& settings,
                                                             StateWriter& state) {
    NetworkConnector network;
    return run_side_probe(host, settings, state, network);
}

}  // namespace dcc::client
