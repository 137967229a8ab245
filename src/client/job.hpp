// SPDX-License-Identifier: GPL-2.0-or-later
// The life of one compile (doc/client.md §6): scan, rewrite the compiler name, then
// either run locally under a local slot or choose a host, preprocess, send, receive,
// and on failure retry another host or fall back to a local compile.  Every outside
// resource arrives through JobContext (host files, locks, backoff marks, the pause
// between passes, the monitor record, the file probe and JobEffects), so the flow
// holds no global state and test/unit/client/job_test.cpp runs it against fakes.  It
// does not parse distcc's own options or set up logging (program.hpp does).
#pragma once

#include <string>
#include <vector>

#include "client/host_file.hpp"
#include "client/job_effects.hpp"
#include "client/journal.hpp"
#include "client/lock_store.hpp"
#include "client/slots.hpp"
#include "client/state_writer.hpp"
#include "common/config.hpp"
#include "compiler/file_probe.hpp"

namespace dcc::client {

struct JobContext {
    const Config& config;
    HostListSources host_sources;
    HostSpecFeatures features;
    std::string target_triple;  // for compiler-name rewriting
    unsigned random_seed = 0;   // --randomize (upstream: the PID)
    FileReader& reader;
    LockService& locks;
    BackoffStore& backoff_store;
    Pauser& pauser;
    StateWriter& state;
    const compiler::FileProbe& probe;
    JobEffects& effects;
    // `distcc --scan-includes`: print the pump file list instead of compiling.
    bool scan_includes = false;
    // DISTCC_JOURNAL: the record of this job (doc/client.md §19), or nullptr.
    JobRecorder* journal = nullptr;
    // The load-aware host choice (doc/client.md §8.1); nullptr: 3.4's list order.
    HostKnowledge* knowledge = nullptr;
};

// Compile `command` (command[0] = compiler) and return the process exit code.
int run_compile_job(JobContext& context, const std::vector<std::string>& command);

// Run `command` as it is, with no scanning, hosts or locks (the recursion case: we
// were started by distcc or distccd as the compiler itself).
int run_command_directly(const std::vector<std::string>& command);

}  // namespace dcc::client
