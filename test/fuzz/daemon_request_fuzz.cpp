// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: distccd's request handling, as a hostile client drives it -- the
// header judged by read_and_check_header (protocol, the scanner re-run, whitelist,
// argument allow-list, caps), the argv the daemon would run, DOTI reception (streaming
// LZO), and the intake's framer agreeing with the reader on where a request ends.
// Nothing is executed.  Whatever the bytes, an accepted request must name a whitelisted
// compiler, carry no refused flag, and write its output only to the job's path.
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <variant>

#include "compiler/argument_policy.hpp"
#include "compiler/file_probe.hpp"
#include "compiler/server_argv.hpp"
#include "compiler/side_files.hpp"
#include "daemon/request.hpp"
#include "proto/messages.hpp"
#include "proto/request_framer.hpp"
#include "proto/stream.hpp"

namespace {

// Only gcc and cc are "in the masquerade directory".
class FuzzProbe final : public dcc::compiler::FileProbe {
public:
    bool is_executable(const std::string& path) const override { return whitelisted(path); }
    std::optional<std::string> read_link(const std::string&) const override { return std::nullopt; }
    bool is_regular_file(const std::string& path) const override { return whitelisted(path); }

private:
    static bool whitelisted(const std::string& path) {
        return path == "/usr/lib/distcc/gcc" || path == "/usr/lib/distcc/cc";
    }
};

void check_accepted(const dcc::daemon::CheckedRequest& request) {
    std::string_view name = dcc::daemon::whitelist_name(request.compiler);
    if (name != "gcc" && name != "cc") std::abort();
    const std::string input = "/job/input.i";
    const std::string output = "/job/output.o";
    // Versions 5/6: the words the daemon serves are not the allow-list's (doc/protocol.md §16.4).
    std::vector<std::string> received = dcc::compiler::without_served_words(request.scan.argv,
                                                                            request.side.served_words);
    received[0] = request.compiler;
    if (dcc::compiler::check_arguments(received)) std::abort();  // the allow-list passed it
    std::vector<std::string> argv = dcc::compiler::plain_server_argv(request.scan, input, output);
    argv[0] = request.compiler;
    const std::string& out_word = argv[request.scan.output_index];
    if (out_word != output && out_word != "-o" + output) std::abort();
    if (argv[request.scan.input_index] != input) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace dcc;
    static FuzzProbe probe;
    static const int sink_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    proto::Limits limits;
    limits.max_argc = 64;
    limits.max_arg_length = 4096;
    limits.max_argv_total = 16384;
    limits.max_item_size = 1 << 20;
    daemon::AdmissionPolicy policy;
    policy.whitelist_dirs = {"/usr/lib/distcc"};

    proto::MemorySource source(std::string_view(reinterpret_cast<const char*>(data), size));
    daemon::CheckedOrRefused checked = daemon::read_and_check_header(source, limits, policy, probe);
    if (const auto* refusal = std::get_if<daemon::Refusal>(&checked)) {
        if (describe_refusal("fuzz", *refusal).empty()) std::abort();
        return 0;
    }
    const auto& request = std::get<daemon::CheckedRequest>(checked);
    if (request.version == proto::k_probe_version) {
        // The capability probe is DIST alone (doc/protocol.md §16.1).
        proto::RequestFramer framer(limits);
        if (framer.feed(std::string_view(reinterpret_cast<const char*>(data), size)) != proto::k_header_size ||
            framer.state() != proto::RequestFramer::State::complete)
            std::abort();
        return 0;
    }
    check_accepted(request);
    if (proto::carries_side_files(request.version) && !proto::read_extra_inputs(source, request.version, limits))
        return 0;
    if (!daemon::receive_doti(source, request.version, limits, sink_fd)) return 0;
    // The intake's framer (doc/security.md §1) must find the end of every request the
    // reader accepts exactly where the reader stopped: never earlier (the worker would
    // see a truncated request) and never later (the intake would wait forever).
    proto::RequestFramer framer(limits);
    std::size_t used = framer.feed(std::string_view(reinterpret_cast<const char*>(data), size));
    if (framer.state() != proto::RequestFramer::State::complete || used != size - source.remaining()) std::abort();
    return 0;
}
