// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of info_commands.hpp (upstream distcc.c dcc_show_usage,
// dcc_show_hosts, dcc_concurrency_level).
#include "client/info_commands.hpp"

#include <unistd.h>

#include "auth/auth.hpp"
#include "client/config.hpp"
#include "common/io.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"
#include "common/version.hpp"
#include "zeroconf/zeroconf.hpp"

namespace dcc::client {
namespace {

void print(const std::string& text) { (void)io::write_all(STDOUT_FILENO, text, io::k_no_timeout); }

std::string banner() { return version_banner("distcc", BuiltFeatures{zeroconf::available(), auth::available()}); }

int missing_operand(const std::string& argv0, const char* what) {
    std::string text = strings::format("distcc: %s\nTry `%s --help' for more information.\n", what, argv0.c_str());
    (void)io::write_all(STDERR_FILENO, text, io::k_no_timeout);
    return to_int(ExitCode::bad_arguments);
}

// --show-hosts and -j: an unusable list prints nothing and still exits 0 (upstream).
int show_host_list(const InfoContext& context, bool count_only) {
    auto list = load_host_list(context.host_sources, context.features, context.reader, context.random_seed);
    if (!list) {
        DCC_LOG_AT(host_list_problem_level(list.error()), "%s", list.error().message.c_str());
        DCC_CRITICAL("Failed to get host list");
        return 0;
    }
    if (count_only) {
        print(strings::format("%d\n", list->total_slots()));
        return 0;
    }
    std::string text;
    for (const HostSpec& host : list->hosts) text += host.text + "\n";
    print(text);
    return 0;
}

int show_principal(const Config& config) {
    auto principal = config.env.get(env::Var::distcc_principal);
    if (principal)
        print(strings::format("Principal is\t: %.*s\n", static_cast<int>(principal->size()), principal->data()));
    else
        print("Principal\t: Not Set.\n");
    return 0;
}

}  // namespace

std::string usage_text(bool with_gssapi) {
    std::string text =
        "Usage:\n"
        "   distcc [--scan-includes] [COMPILER] [compile options] -o OBJECT -c SOURCE\n"
        "   distcc [--help|--version|--show-hosts|-j]\n"
        "\n"
        "Options:\n"
        "   COMPILER                   Defaults to \"cc\".\n"
        "   --help                     Explain usage, and exit.\n"
        "   --version                  Show version, and exit.\n"
        "   --show-hosts               Show host list, and exit.\n"
        "   -j                         Show the concurrency level, as calculated from\n"
        "                              the host list, and exit.\n"
        "   --scan-includes            Show the files that distcc would send to the\n"
        "                              remote machine, and exit.  (Pump mode only.)\n";
    if (with_gssapi) text += "   --show-principal           Show current distccd GSS-API principal and exit.\n";
    text +=
        "\n"
        "Environment variables:\n"
        "   See the manual page for a complete list.\n"
        "   DISTCC_VERBOSE=1           Give debug messages.\n"
        "   DISTCC_LOG                 Send messages to file, not stderr.\n"
        "   DISTCC_SSH                 Command to run to open SSH connections.\n"
        "   DISTCC_DIR                 Directory for host list and locks.\n";
    if (with_gssapi) text += "   DISTCC_PRINCIPAL           The name of the server principal to connect to.\n";
    text += strings::format(
        "\n"
        "Server specification:\n"
        "A list of servers is taken from the environment variable $DISTCC_HOSTS, or\n"
        "$DISTCC_DIR/hosts, or ~/.distcc/hosts, or %s/distcc/hosts.\n"
        "Each host can be given in any of these forms, see the manual for details:\n"
        "\n"
        "   localhost                  Run in place.\n"
        "   HOST                       TCP connection, port 3632.\n"
        "   HOST:PORT                  TCP connection, specified port.\n"
        "   @HOST                      SSH connection to specified host.\n"
        "   USER@HOST                  SSH connection to specified username at host.\n"
        "   HOSTSPEC,lzo               Enable compression.\n"
        "   HOSTSPEC,cpp,lzo           Use pump mode (remote preprocessing).\n",
        sysconfdir());
    if (with_gssapi) text += "   HOSTSPEC,auth              Enable GSS-API based mutual authentication.\n";
    text +=
        "   --randomize                Randomize the server list before execution.\n"
        "\n"
        "distcc distributes compilation jobs across volunteer machines running\n"
        "distccd.  Jobs that cannot be distributed, such as linking, are run locally.\n"
        "distcc should be used with make's -jN option to execute in parallel on\n"
        "several machines.\n";
    return text;
}

std::optional<int> run_info_command(const std::vector<std::string>& argv, const InfoContext& context) {
    if (argv.size() < 2) return missing_operand(argv.empty() ? "distcc" : argv[0], "missing option/operand");
    const std::string& option = argv[1];
    if (option == "--help") {
        print(banner() + usage_text(auth::available()));
        return 0;
    }
    if (option == "--version") {
        print(banner());
        return 0;
    }
    if (option == "--show-hosts") return show_host_list(context, false);
    if (option == "-j") return show_host_list(context, true);
    if (option == "--show-principal" && auth::available()) return show_principal(context.config);
    if (option == "--scan-includes") {
        if (argv.size() < 3) return missing_operand(argv[0], "missing operand");
        if (argv[2] == "--show-principal" && auth::available()) return show_principal(context.config);
        return std::nullopt;  // the compile path prints the file list (job.hpp scan_includes)
    }
    return std::nullopt;
}

}  // namespace dcc::client
