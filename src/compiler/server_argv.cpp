// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of server_argv.hpp (upstream dcc_set_input, dcc_set_output,
// dcc_convert_mt_to_dotd_target, tweak_include_arguments_for_server,
// tweak_input_argument_for_server, the .d fix-up of the pump server, and the
// -fplugin=/-specs= admission checks).
#include "compiler/server_argv.hpp"

#include <array>

#include "common/path.hpp"

namespace dcc::compiler {
namespace {

// Upstream's order, which is significant: the first prefix that matches is used
// (QUIRK kept: "-iwithprefix" shadows "-iwithprefixbefore").
constexpr std::array<std::string_view, 9> k_reroot_options = {
    "-I", "-include", "-imacros", "-idirafter", "-iprefix", "-iwithprefix", "-iwithprefixbefore", "-isystem", "-iquote",
};

void replace_output(std::vector<std::string>& argv, const ScanResult& scan, std::string_view temp_output) {
    if (scan.output_joined)
        argv[scan.output_index] = "-o" + std::string(temp_output);
    else
        argv[scan.output_index] = std::string(temp_output);
}

// Step 1 of the pump rewrite: the first "-MT X" leaves argv and X becomes the target.
// Returns the index the two words were removed from, if any.
Result<std::optional<std::size_t>> convert_first_mt(std::vector<std::string>& argv, std::string& dotd_target) {
    for (std::size_t i = 0; i < argv.size(); ++i) {
        if (argv[i] != "-MT") continue;
        if (i + 1 == argv.size()) return make_error(ExitCode::protocol_error, "-MT does not have an argument");
        dotd_target = std::move(argv[i + 1]);
        argv.erase(argv.begin() + static_cast<std::ptrdiff_t>(i), argv.begin() + static_cast<std::ptrdiff_t>(i) + 2);
        return std::optional<std::size_t>(i);
    }
    return std::optional<std::size_t>();
}

bool has_md_option(const std::vector<std::string>& argv) {
    for (const std::string& word : argv)
        if (word == "-MD" || word == "-MMD") return true;
    return false;
}

// Step 4: prepend `root` to absolute include directories and files.
void reroot_include_options(std::vector<std::string>& argv, std::string_view root) {
    for (std::size_t i = 0; i < argv.size(); ++i) {
        for (std::string_view option : k_reroot_options) {
            if (!argv[i].starts_with(option)) continue;
            bool separate = argv[i].size() == option.size();
            if (separate && i + 1 == argv.size()) break;
            std::string& word = separate ? argv[i + 1] : argv[i];
            std::size_t path_at = separate ? 0 : option.size();
            if (word.size() > path_at && word[path_at] == '/') word.insert(path_at, root);
            break;
        }
    }
}

}  // namespace

std::span<const std::string_view> reroot_include_options() { return k_reroot_options; }

std::vector<std::string> plain_server_argv(const ScanResult& scan, std::string_view temp_input,
                                           std::string_view temp_output) {
    std::vector<std::string> argv = scan.argv;
    argv[scan.input_index] = std::string(temp_input);
    replace_output(argv, scan, temp_output);
    return argv;
}

Result<PumpArgv> pump_server_argv_for_job(const ScanResult& scan, const PumpJobPaths& paths) {
    PumpArgv result;
    result.dotd_target = scan.output;
    std::vector<std::string> argv = scan.argv;
    replace_output(argv, scan, paths.temp_output);
    std::size_t input_index = scan.input_index;
    Result<std::optional<std::size_t>> removed = convert_first_mt(argv, result.dotd_target);
    if (!removed.ok()) return std::move(removed).error();
    if (*removed && **removed < input_index) {
        if (**removed + 1 == input_index)
            return make_error(ExitCode::protocol_error, "-MT takes the input file as its argument");
        input_index -= 2;
    }
    if (!has_md_option(argv)) argv.emplace_back("-MMD");
    argv.emplace_back("-MF");
    argv.emplace_back(paths.deps_file);
    reroot_include_options(argv, paths.root);
    // Set from the original word, so an input that also followed an include option
    // is re-rooted once (upstream could re-root it twice).
    std::string_view input = scan.input;
    if (path::is_absolute(input))
        argv[input_index] = std::string(paths.root) + "/" + std::string(input.substr(input.find_first_not_of('/')));
    else
        argv[input_index] = scan.input;
    result.argv = std::move(argv);
    return result;
}

std::string pump_prefix_map_argument(std::string_view root) {
    return "-ffile-prefix-map=" + std::string(root) + "=";
}

std::string rewrite_server_dotd(std::string_view dotd, std::string_view temp_output,
                                std::string_view dotd_target, std::string_view root) {
    std::string out;
    out.reserve(dotd.size());
    std::string line;
    for (std::size_t pos = 0; pos < dotd.size();) {
        std::size_t end = dotd.find('\n', pos);
        end = end == std::string_view::npos ? dotd.size() : end + 1;
        line.assign(dotd.substr(pos, end - pos));
        pos = end;
        if (!temp_output.empty()) {
            std::size_t at = line.find(temp_output);
            if (at != std::string::npos) line.replace(at, temp_output.size(), dotd_target);
        }
        if (!root.empty())
            for (std::size_t at = line.find(root); at != std::string::npos; at = line.find(root, at))
                line.erase(at, root.size());
        out += line;
    }
    return out;
}

Status check_server_arguments(const std::vector<std::string>& argv, SpecsPolicy policy,
                              std::optional<std::string_view> sysroot, const FileProbe& probe) {
    for (const std::string& word : argv)
        if (word.starts_with("-fplugin="))
            return make_error(ExitCode::bad_arguments, "-fplugin= passed, which are insecure and not supported.");
    for (const std::string& word : argv) {
        if (!word.starts_with("-specs=")) continue;
        bool found = policy == SpecsPolicy::require_in_sysroot && sysroot &&
                     probe.is_regular_file(path::join(*sysroot, std::string_view(word).substr(7)));
        if (!found) return make_error(ExitCode::bad_arguments, "-specs= passed, but we cannot find the specs.");
    }
    return {};
}

}  // namespace dcc::compiler
