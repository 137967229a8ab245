// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of state_record.hpp over a struct laid out like upstream's
// struct dcc_task_state, so the compiler produces the native layout for us.
#include "proto/state_record.hpp"

#include <cstring>

#include "common/strings.hpp"

namespace dcc::proto {
namespace {

// Upstream struct dcc_task_state (state.h); `next` is a pointer in upstream's
// in-memory list and is written as whatever it held (zero in practice).
struct NativeRecord {
    std::size_t struct_size;
    unsigned long magic;
    unsigned long cpid;
    char file[k_state_name_size];
    char host[k_state_name_size];
    int slot;
    int curr_phase;
    void* next;
};

static_assert(sizeof(void*) != 8 || sizeof(NativeRecord) == 296, "LP64 state record must be 296 bytes");
static_assert(sizeof(void*) != 4 || sizeof(NativeRecord) == 280, "ILP32 state record must be 280 bytes");

void copy_name(char (&out)[k_state_name_size], std::string_view name) {
    std::size_t n = name.size() < k_state_name_size - 1 ? name.size() : k_state_name_size - 1;
    std::memcpy(out, name.data(), n);
    out[n] = '\0';
}

std::string read_name(const char (&in)[k_state_name_size]) {
    return std::string(in, strnlen(in, k_state_name_size));
}

StateRecord from_native(const NativeRecord& native, Phase phase) {
    StateRecord record;
    record.pid = static_cast<long>(native.cpid);
    record.file = read_name(native.file);
    record.host = read_name(native.host);
    record.slot = native.slot;
    record.phase = phase;
    return record;
}

}  // namespace

std::size_t state_record_size() { return sizeof(NativeRecord); }

const char* phase_name(Phase phase) {
    static const char* const k_names[] = {"Startup", "Blocked", "Connect", "Preprocess",
                                          "Send",    "Compile", "Receive", "Done"};
    int index = static_cast<int>(phase);
    return index >= 0 && index <= static_cast<int>(Phase::done) ? k_names[index] : "Unknown";
}

std::string encode_state_record(const StateRecord& record) {
    NativeRecord native;
    std::memset(&native, 0, sizeof native);
    native.struct_size = sizeof native;
    native.magic = k_state_magic;
    native.cpid = static_cast<unsigned long>(record.pid);
    copy_name(native.file, record.file);
    copy_name(native.host, record.host);
    native.slot = record.slot;
    native.curr_phase = static_cast<int>(record.phase);
    return std::string(reinterpret_cast<const char*>(&native), sizeof native);
}

Result<StateRecord> decode_state_record(std::string_view bytes) {
    NativeRecord native;
    if (bytes.size() != sizeof native)
        return make_error(ExitCode::protocol_error,
                          strings::format("state record of %zu bytes, expected %zu", bytes.size(), sizeof native));
    std::memcpy(&native, bytes.data(), sizeof native);
    if (native.struct_size != sizeof native || native.magic != k_state_magic)
        return make_error(ExitCode::protocol_error, "state record has a wrong size field or magic");
    if (native.curr_phase < 0 || native.curr_phase > static_cast<int>(Phase::done))
        return make_error(ExitCode::protocol_error, strings::format("state record has phase %d", native.curr_phase));
    return from_native(native, static_cast<Phase>(native.curr_phase));
}

MonitorReading read_state_record_for_monitor(std::string_view bytes) {
    NativeRecord native;
    std::memset(&native, 0, sizeof native);
    std::memcpy(&native, bytes.data(), bytes.size() < sizeof native ? bytes.size() : sizeof native);
    if (native.magic != k_state_magic) return {StateRecordFault::wrong_magic, {}};
    if (native.struct_size != sizeof native) return {StateRecordFault::wrong_size, {}};
    auto phase = static_cast<unsigned>(native.curr_phase);
    bool known = phase <= static_cast<unsigned>(Phase::done);
    return {StateRecordFault::none, from_native(native, known ? static_cast<Phase>(phase) : Phase::compile)};
}

}  // namespace dcc::proto
