// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of update.hpp (upstream's update-distcc-symlinks script as a
// whole).  The only file of the tool that reads config.h.
#include "tools/update_distcc_symlinks/update.hpp"

#include <cstdio>
#include <vector>

#include "common/version.hpp"
#include "config.h"
#include "tools/update_distcc_symlinks/compiler_names.hpp"
#include "tools/update_distcc_symlinks/link_directory.hpp"
#include "tools/update_distcc_symlinks/link_plan.hpp"

namespace dcc::tools::update_distcc_symlinks {
namespace {

constexpr const char* k_program = "update-distcc-symlinks";

// The multiarch name of the configured target ("x86_64-linux-gnu").
std::string multiarch() { return DCC_TARGET_TRIPLE; }

int report_error(const Error& error) {
    std::fprintf(stderr, "%s: %s\n", k_program, error.message.c_str());
    return to_int(error.code);
}

Status update(const UpdateOptions& options) {
    std::string dir = options.directory.empty() ? std::string(DCC_PREFIX_LIBDIR "/distcc") : options.directory;
    DiskCompilerView view;
    std::vector<std::string> wanted = wanted_names(view, gcc_library_dirs(multiarch()));
    auto existing = read_directory(dir);
    if (!existing) return std::move(existing).error();
    LinkPlan plan = plan_links(*existing, wanted);
    auto report = [&](const std::string& line) {
        if (options.verbose) std::printf("%s\n", line.c_str());
    };
    return apply_plan(dir, plan, distcc_link_target(DCC_BINDIR, DCC_PREFIX_LIBDIR), report);
}

}  // namespace

Result<UpdateOptions> parse_command_line(std::span<const std::string> args) {
    UpdateOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& word = args[i];
        if (word == "-v" || word == "--verbose") {
            options.verbose = true;
        } else if (word == "-h" || word == "--help") {
            options.help = true;
        } else if (word == "--version") {
            options.version = true;
        } else if (word.starts_with("--directory=")) {
            options.directory = word.substr(12);
            if (options.directory.empty()) return make_error(ExitCode::bad_arguments, "--directory needs a directory");
        } else if (word == "--directory") {
            if (i + 1 == args.size()) return make_error(ExitCode::bad_arguments, "--directory needs a directory");
            options.directory = args[++i];
        } else {
            return make_error(ExitCode::bad_arguments, "unexpected argument '" + word + "'");
        }
    }
    return options;
}

const char* usage_text() {
    return "Usage: update-distcc-symlinks [-v|--verbose] [--directory=DIR]\n"
           "\n"
           "Makes the masquerade directory " DCC_PREFIX_LIBDIR "/distcc (or DIR) hold one\n"
           "symlink to distcc for every compiler found in /usr/bin: cc, c++, c89, c99,\n"
           "gcc, g++, their target-triple and versioned names, clang, clang++ and their\n"
           "versioned names.  Links to compilers that are gone are removed; files that\n"
           "are not symlinks are never touched.  distccd runs only compilers named there.\n"
           "\n"
           "  -v, --verbose        print each link added or removed\n"
           "      --directory=DIR  maintain DIR instead\n"
           "  -h, --help           show this text\n"
           "      --version        show the version\n";
}

int run_update_distcc_symlinks(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    auto options = parse_command_line(args);
    if (!options) {
        std::fprintf(stderr, "%s: %s\n%s", k_program, options.error().message.c_str(), usage_text());
        return to_int(options.error().code);
    }
    if (options->help) {
        std::fputs(usage_text(), stdout);
        return 0;
    }
    if (options->version) {
        std::fputs(version_banner(k_program, BuiltFeatures{}).c_str(), stdout);
        return 0;
    }
    Status updated = update(*options);
    return updated ? 0 : report_error(updated.error());
}

}  // namespace dcc::tools::update_distcc_symlinks
