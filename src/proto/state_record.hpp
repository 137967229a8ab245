// SPDX-License-Identifier: GPL-2.0-or-later
// The binary monitor record of doc/client.md §12: what a running client writes to
// $DISTCC_DIR/state/binstate_<pid> at every phase change and what distccmon-text
// reads.  The layout is upstream's in-memory struct dcc_task_state in *native* byte
// order and word size (296 bytes on LP64), so our monitors and distcc 3.4's read each
// other's files.  Encoding and decoding only; writing the file is the client's job.
//
//   offset  size  field (LP64)
//        0     8  record size (= 296)
//        8     8  magic 0x44494800
//       16     8  client pid
//       24   128  input file basename, NUL-terminated (truncated to 127 bytes)
//      152   128  host name, NUL-terminated (truncated to 127 bytes)
//      280     4  slot index
//      284     4  phase
//      288     8  unused pointer (always zero)
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace dcc::proto {

// Upstream enum dcc_phase.  Clients write only connect .. receive.
enum class Phase : int { startup = 0, blocked, connect, preprocess, send, compile, receive, done };

inline constexpr unsigned long k_state_magic = 0x44494800UL;
inline constexpr std::size_t k_state_name_size = 128;

struct StateRecord {
    long pid = 0;
    std::string file;  // basename of the input
    std::string host;
    int slot = 0;
    Phase phase = Phase::startup;
    bool operator==(const StateRecord&) const = default;
};

// Size of the native record (296 on LP64, 280 on ILP32).
std::size_t state_record_size();

// Phase name as distccmon-text prints it ("Startup", "Blocked", ...).
const char* phase_name(Phase phase);

// The record's bytes; names longer than 127 bytes are truncated.
std::string encode_state_record(const StateRecord& record);

// Parse a record; ExitCode::protocol_error when the size or magic field is wrong or the
// phase is out of range.
Result<StateRecord> decode_state_record(std::string_view bytes);

// What a monitor makes of the first state_record_size() bytes of a state file
// (upstream dcc_mon_load_state).  Unlike decode_state_record it tells a wrong magic
// number from a wrong size field (distccmon-text warns differently for each; magic
// is checked first) and, as distcc 3.4 does, shows any phase beyond Done -- negative
// ones included, the field being an unsigned enum there -- as Compile.
enum class StateRecordFault { none, wrong_magic, wrong_size };
struct MonitorReading {
    StateRecordFault fault = StateRecordFault::none;
    StateRecord record;  // meaningful when fault == none
};
// `bytes` must hold exactly state_record_size() bytes.
MonitorReading read_state_record_for_monitor(std::string_view bytes);

}  // namespace dcc::proto
