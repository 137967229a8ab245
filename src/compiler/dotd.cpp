// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of dotd.hpp (upstream dcc_get_dotd_info).  The naming rule of
// dotd_name_for_output was checked against gcc 12 and clang 14: "obj/m.o" ->
// "obj/m.d", "obj/m" -> "obj/m.d", "obj/m." -> "obj/m.d", "obj.dir/m" ->
// "obj.dir/m.d", ".hidden" -> ".d".
#include "compiler/dotd.hpp"

#include "common/path.hpp"

namespace dcc::compiler {
namespace {

// True when the output was named by "-o FILE" or "-oFILE" (not a stray ".o" word
// and not derived by the scanner).
bool output_named_by_dash_o(const ScanResult& scan) {
    if (scan.output_implied) return false;
    if (scan.output_joined) return true;
    return scan.output_index > 0 && scan.argv[scan.output_index - 1] == "-o";
}

// The input with its extension replaced by ".d" (directory kept), upstream's
// fallback when there is no -o.
std::string dotd_name_for_input(std::string_view input) {
    std::size_t dot = input.rfind('.');
    return std::string(input.substr(0, dot)) + ".d";
}

}  // namespace

std::string dotd_name_for_output(std::string_view output) {
    std::size_t base = output.size() - path::basename(output).size();
    std::size_t dot = output.rfind('.');
    if (dot == std::string_view::npos || dot < base) return std::string(output) + ".d";
    return std::string(output.substr(0, dot)) + ".d";
}

DotdInfo dotd_info(const ScanResult& scan, std::optional<std::string_view> dependencies_output) {
    DotdInfo info;
    info.needed = dependencies_output.has_value();
    std::optional<std::string_view> mf_argument;
    const std::vector<std::string>& argv = scan.argv;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& word = argv[i];
        if (word == "-MT" || word == "-MQ") {
            info.sets_target = true;
            ++i;
            continue;
        }
        if (!word.starts_with("-M")) continue;
        info.needed = true;
        if (word == "-MF") {
            if (++i < argv.size()) mf_argument = argv[i];
        } else if (word.starts_with("-MF")) {
            mf_argument = std::string_view(word).substr(3);
        }
    }
    if (mf_argument) {
        info.file_name = std::string(*mf_argument);
    } else if (dependencies_output) {
        std::size_t space = dependencies_output->find(' ');
        info.file_name = std::string(dependencies_output->substr(0, space));
        if (space != std::string_view::npos) info.env_target = std::string(dependencies_output->substr(space + 1));
    } else if (output_named_by_dash_o(scan) || scan.output_implied) {
        info.file_name = dotd_name_for_output(scan.output);
    } else {
        info.file_name = dotd_name_for_input(scan.input);
    }
    return info;
}

std::string pump_dotd_target(const ScanResult& scan, const DotdInfo& info) {
    return info.env_target ? *info.env_target : scan.output;
}

}  // namespace dcc::compiler
