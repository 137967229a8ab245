// SPDX-License-Identifier: GPL-2.0-or-later
// Whether one job on a `,cpp` host goes out in pump mode, and if so with what
// (doc/pump.md "When a job is not pumped"): the discrepancy counter below
// DISTCC_MAX_DISCREPANCY, a source that still needs preprocessing, none of CPATH,
// C_INCLUDE_PATH, CPLUS_INCLUDE_PATH set, and an include server that answers with a
// readable file list.  Otherwise the job is sent in plain mode and the refusal says
// why, in one warning.  The server argv is the whole scanned argv plus `-MT <target>`
// when the compile writes a .d file and names no target.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "client/pump_files.hpp"
#include "client/remote_compile.hpp"
#include "common/config.hpp"
#include "common/exit_code.hpp"
#include "compiler/dotd.hpp"
#include "compiler/scan_args.hpp"

namespace dcc::client {

struct PumpPlan {
    std::vector<std::string> server_argv;
    PumpPayload payload;
    std::vector<MirrorEntry> entries;  // what --scan-includes prints
};

struct PumpRefusal {
    std::string warning;  // the line the user sees (plain mode follows)
    // DISTCC_TESTING_INCLUDE_SERVER=1 and the include server failed: stop the job
    // with `code` instead of preprocessing locally.
    bool fatal = false;
    ExitCode code = ExitCode::distcc_failed;
    bool include_server_failed = false;  // the include server could not help
};

// The server argv for a pump job: `scan.argv`, plus "-MT <target>" when `dotd.needed`
// and not `dotd.sets_target` (target per compiler::pump_dotd_target).  Pure.
std::vector<std::string> pump_server_argv(const compiler::ScanResult& scan, const compiler::DotdInfo& dotd);

// Decide and prepare.  Asks the include server (or INCLUDE_SERVER_STUB).
std::variant<PumpPlan, PumpRefusal> plan_pump_job(const compiler::ScanResult& scan, const Config& config);

}  // namespace dcc::client
