// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: response-file expansion, the argument scanner and every argv rewrite
// built on a scan (client and daemon side), plus the daemon's .d rewrite.  Input:
// NUL-separated pieces; the first is the text of the response file "rsp" (also used
// as .d text), the rest are argv words.  Invariants that must hold for any command
// are checked, and a violation aborts.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/client_argv.hpp"
#include "compiler/dotd.hpp"
#include "compiler/response_file.hpp"
#include "compiler/scan_args.hpp"
#include "compiler/server_argv.hpp"
#include "compiler/source_kind.hpp"

namespace {

using namespace dcc;
using namespace dcc::compiler;

void require(bool condition) {
    if (!condition) std::abort();
}

bool contains(const std::vector<std::string>& argv, std::string_view word) {
    for (const std::string& w : argv)
        if (w == word) return true;
    return false;
}

void check_distributed(const ScanResult& scan, std::string_view dotd_text) {
    require(scan.input_index > 0 && scan.input_index < scan.argv.size());
    require(scan.output_index > 0 && scan.output_index < scan.argv.size());
    require(scan.argv[scan.input_index] == scan.input && is_source(scan.input));
    require(scan.argv[scan.output_index] == (scan.output_joined ? "-o" + scan.output : scan.output));
    require(scan.saw_dash_c || scan.saw_dash_S);
    require(scan.output != "-");

    // Scanning the scanned command changes nothing (what the daemon relies on), unless
    // an output derived from an input named ".../-Wp,x.c" brought a -Wp, word back.
    if (!scan.output.starts_with("-Wp,")) {
        auto again = scan_args(scan.argv);
        require(again.ok() && again->distribute() && again->argv == scan.argv && again->input == scan.input &&
                again->output == scan.output);
    }

    std::vector<std::string> cpp = preprocessor_argv(scan);
    require(contains(cpp, scan.input));
    for (std::size_t i = 1; i < cpp.size(); ++i) {
        // No -c/-S is left, except as the argument of an added -MF/-MQ (an output
        // named "-c" is silly but possible).
        if (cpp[i] == "-c" || cpp[i] == "-S") require(cpp[i - 1] == "-MF" || cpp[i - 1] == "-MQ");
    }
    std::vector<std::string> remote = plain_remote_argv(scan);
    require(!remote.empty() && remote[0] == scan.argv[0]);
    DotdInfo dotd = dotd_info(scan, std::nullopt);
    std::vector<std::string> pump = pump_server_argv(scan, dotd);
    require(pump.size() >= scan.argv.size());

    std::vector<std::string> plain = plain_server_argv(scan, "/tmp/in.i", "/tmp/out.o");
    require(plain.size() == scan.argv.size() && plain[scan.input_index] == "/tmp/in.i");
    PumpJobPaths paths{"/tmp/distccd_root", "/tmp/distccd_out.o", "/tmp/distcc_deps.deps"};
    auto job = pump_server_argv_for_job(scan, paths);
    if (job.ok()) require(job->argv.size() >= 3 && job->argv.back() == paths.deps_file);
    (void)rewrite_server_dotd(dotd_text, paths.temp_output, job.ok() ? job->dotd_target : scan.output, paths.root);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 16384) return 0;
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> pieces;
    for (std::size_t pos = 0;;) {
        std::size_t nul = input.find('\0', pos);
        pieces.emplace_back(input.substr(pos, nul == std::string_view::npos ? nul : nul - pos));
        if (nul == std::string_view::npos) break;
        pos = nul + 1;
    }
    const std::string file_text = pieces.front();
    std::vector<std::string> argv(pieces.begin() + 1, pieces.end());

    (void)split_response_text(file_text);
    int reads = 0;
    ResponseFileReader reader = [&](const std::string& path) -> Result<std::optional<std::string>> {
        // Bounded, so that a self-multiplying file stays cheap to fuzz.
        if (path == "dir") return make_error(ExitCode::bad_arguments, "error: @-file refers to a directory");
        if (path != "rsp" || ++reads > 32) return std::optional<std::string>();
        return std::optional<std::string>(file_text);
    };
    auto expanded = expand_response_files(argv, reader);
    if (!expanded.ok()) return 0;
    (void)expand_wp_options(*expanded);
    auto scan = scan_args(*expanded);
    if (!scan.ok()) {
        require(expanded->empty() || expanded->front().starts_with('-'));
        return 0;
    }
    if (scan->distribute()) check_distributed(*scan, file_text);
    return 0;
}
