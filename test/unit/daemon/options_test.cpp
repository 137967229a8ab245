// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/daemon/options.cpp: the option table is consistent, every option of
// doc/daemon.md §1 exists, values are checked with exit 101, and --help lists
// what upstream lists.
#include "daemon/options.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "auth/auth.hpp"
#include "zeroconf/zeroconf.hpp"

using namespace dcc;
using namespace dcc::daemon;

namespace {

Result<CommandLine> parse(std::vector<std::string> words) {
    words.insert(words.begin(), "distccd");
    std::vector<const char*> argv;
    for (const std::string& w : words) argv.push_back(w.c_str());
    argv.push_back(nullptr);
    return parse_command_line(static_cast<int>(words.size()), argv.data());
}

Options options_of(std::vector<std::string> words) {
    auto cl = parse(std::move(words));
    EXPECT_TRUE(cl.ok()) << (cl.ok() ? "" : cl.error().message);
    return cl.ok() ? cl->options : Options{};
}

std::string error_of(std::vector<std::string> words) {
    auto cl = parse(std::move(words));
    EXPECT_FALSE(cl.ok());
    if (cl.ok()) return "";
    EXPECT_EQ(cl.error().code, ExitCode::bad_arguments);
    return cl.error().message;
}

}  // namespace

TEST(OptionTable, NamesAreUniqueAndEveryIdAppearsOnce) {
    std::set<std::string> long_names;
    std::set<char> short_names;
    std::set<OptionId> ids;
    for (const OptionSpec& spec : option_table()) {
        EXPECT_TRUE(long_names.insert(spec.long_name).second) << spec.long_name;
        if (spec.short_name) {
            EXPECT_TRUE(short_names.insert(spec.short_name).second) << spec.long_name;
        }
        EXPECT_TRUE(ids.insert(spec.id).second) << spec.long_name;
        EXPECT_EQ(spec.arg == ArgKind::none, spec.arg_name == nullptr) << spec.long_name;
        EXPECT_NE(spec.help, nullptr);
        EXPECT_NE(spec.apply, nullptr) << spec.long_name;
    }
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(OptionId::max_pending) + 1);
}

TEST(OptionTable, HasEveryOptionOfTheSpec) {
    std::set<std::string> names;
    for (const OptionSpec& spec : option_table()) names.insert(spec.long_name);
    for (const char* name :
         {"help", "version", "allow", "allow-private", "jobs", "nice", "oom-score-adj", "port", "listen", "pid-file",
          "user", "daemon", "inetd", "no-detach", "no-fork", "no-fifo", "wizard", "log-file", "log-level", "log-stderr",
          "verbose", "job-lifetime", "lifetime", "stats", "stats-port", "enable-tcp-insecure", "make-me-a-botnet",
          "sysroot", "zeroconf", "auth", "blacklist", "whitelist", "show-principal"})
        EXPECT_TRUE(names.count(name)) << name;
}

TEST(Options, Defaults) {
    Options o = options_of({});
    EXPECT_EQ(o.mode, Mode::unspecified);
    EXPECT_EQ(o.port, 3632);
    EXPECT_EQ(o.stats_port, 3633);
    EXPECT_EQ(o.nice, 5);
    EXPECT_FALSE(o.jobs.has_value());
    EXPECT_EQ(o.log_level, log::Level::notice);
    EXPECT_TRUE(o.allow.empty());
    EXPECT_FALSE(o.pump_tmpdir.has_value());  // the server chooses (doc/daemon.md §7)
}

TEST(Options, SpellingsOfValues) {
    EXPECT_EQ(options_of({"-j", "4"}).jobs, 4);
    EXPECT_EQ(options_of({"-j4"}).jobs, 4);
    EXPECT_EQ(options_of({"--jobs=7"}).jobs, 7);
    EXPECT_EQ(options_of({"--jobs", "7"}).jobs, 7);
    EXPECT_EQ(options_of({"-p", "4000"}).port, 4000);
    EXPECT_EQ(options_of({"--port=4001"}).port, 4001);
    EXPECT_EQ(options_of({"-N", "10"}).nice, 10);
    EXPECT_EQ(options_of({"-P", "/run/d.pid"}).pid_file, "/run/d.pid");
    EXPECT_EQ(options_of({"--listen", "127.0.0.1"}).listen_address, "127.0.0.1");
    EXPECT_EQ(options_of({"--user", "builder"}).user, "builder");
    EXPECT_EQ(options_of({"--pump-tmpdir", "/var/tmp"}).pump_tmpdir, "/var/tmp");
    EXPECT_EQ(options_of({"--pump-tmpdir="}).pump_tmpdir, "");  // the job's work directory
}

TEST(Options, RepeatedAllow) {
    Options o = options_of({"--allow", "10.0.0.0/8", "-a", "192.168.0.0/16", "--allow=::1"});
    ASSERT_EQ(o.allow.size(), 3u);
    EXPECT_EQ(o.allow[0].text, "10.0.0.0/8");
    EXPECT_EQ(o.allow[2].family, AF_INET6);
}

TEST(Options, BadValuesExit101WithAClearMessage) {
    EXPECT_EQ(error_of({"--jobs", "0"}), "--jobs argument must be between 1 and 4096");
    EXPECT_NE(error_of({"--jobs", "abc"}).find("invalid numeric value"), std::string::npos);
    EXPECT_EQ(error_of({"--port", "0"}), "port number out of range: 0");
    EXPECT_EQ(error_of({"--port", "70000"}), "port number out of range: 70000");
    EXPECT_EQ(error_of({"--stats-port", "65536"}), "port number out of range: 65536");
    EXPECT_EQ(error_of({"--allow", "1.2.3.4/40"}), "invalid mask \"40\"");
    EXPECT_EQ(error_of({"--bogus"}), "--bogus: unknown option");
    EXPECT_NE(error_of({"--oom-score-adj", "2000"}).find("-1000"), std::string::npos);
    EXPECT_NE(error_of({"--max-argc", "0"}).find("--max-argc"), std::string::npos);
    EXPECT_NE(error_of({"--blacklist", "a", "--whitelist", "b"}).find("both"), std::string::npos);
}

TEST(Options, FeatureOptionsAreAcceptedInEveryBuild) {
    // A build without GSS-API or Avahi refuses them when serving (119, 103), not here.
    Options o = options_of({"--auth", "--whitelist", "/etc/w", "--zeroconf"});
    EXPECT_TRUE(o.auth);
    EXPECT_EQ(o.whitelist_file, "/etc/w");
    EXPECT_TRUE(o.zeroconf);
    EXPECT_EQ(options_of({"--blacklist=/etc/b"}).blacklist_file, "/etc/b");
}

TEST(Options, HelpListsFeatureOptionsOnlyWhenBuilt) {
    std::string help = usage_text();
    EXPECT_EQ(help.find("--auth") != std::string::npos, auth::available());
    EXPECT_EQ(help.find("--whitelist FILE") != std::string::npos, auth::available());
    EXPECT_EQ(help.find("--show-principal") != std::string::npos, auth::available());
    EXPECT_EQ(help.find("--zeroconf") != std::string::npos, zeroconf::available());
}

TEST(Options, MissingArgumentIsAnError) {
    auto cl = parse({"-j"});
    ASSERT_FALSE(cl.ok());
    EXPECT_EQ(cl.error().code, ExitCode::bad_arguments);
}

TEST(Options, LogLevels) {
    EXPECT_EQ(options_of({"--log-level", "debug"}).log_level, log::Level::debug);
    EXPECT_EQ(options_of({"--log-level=warn"}).log_level, log::Level::warning);
    EXPECT_EQ(options_of({"--verbose"}).log_level, log::Level::debug);
    Options unknown = options_of({"--log-level", "chatty"});
    EXPECT_EQ(unknown.log_level, log::Level::notice);
    ASSERT_EQ(unknown.warnings.size(), 1u);
    EXPECT_EQ(unknown.warnings[0], "invalid --log-level argument \"chatty\"");
}

TEST(Options, ModesAndWizard) {
    EXPECT_EQ(options_of({"--inetd"}).mode, Mode::inetd);
    EXPECT_EQ(options_of({"--daemon"}).mode, Mode::daemon);
    Options w = options_of({"--wizard"});
    EXPECT_EQ(w.mode, Mode::daemon);
    EXPECT_TRUE(w.no_detach && w.no_fork && w.log_stderr);
    EXPECT_EQ(w.log_level, log::Level::debug);
}

TEST(Options, FlagsAndAliases) {
    EXPECT_TRUE(options_of({"--enable-tcp-insecure"}).enable_tcp_insecure);
    EXPECT_TRUE(options_of({"--make-me-a-botnet"}).enable_tcp_insecure);
    EXPECT_TRUE(options_of({"--allow-private"}).allow_private);
    EXPECT_TRUE(options_of({"--stats"}).stats);
    EXPECT_TRUE(options_of({"--no-fifo"}).mode == Mode::unspecified);
    EXPECT_EQ(options_of({"--job-lifetime", "-5"}).job_lifetime_sec, 0);
    EXPECT_EQ(options_of({"--job-lifetime", "30"}).job_lifetime_sec, 30);
    EXPECT_EQ(options_of({"--max-item-size", "1000"}).limits.max_item_size, 1000u);
}

TEST(Options, NonOptionWordsAreIgnored) {
    Options o = options_of({"--port", "4000", "extraarg"});
    EXPECT_EQ(o.port, 4000);
}

TEST(Options, HelpAndVersionActions) {
    EXPECT_EQ(parse({"--help"})->action, Action::help);
    EXPECT_EQ(parse({"--version"})->action, Action::version);
}

TEST(Options, UsageListsUpstreamBlocksButNotHiddenOptions) {
    std::string text = usage_text();
    for (const char* wanted : {"Usage:", "distccd [OPTIONS]", "Options:", "Networking:", "Debug and trace:",
                               "Mode of operation:", "--pid-file FILE", "--jobs LIMIT", "--allow IP[/BITS]",
                               "--log-level LEVEL", "--inetd", "--daemon", "trusted networks"})
        EXPECT_NE(text.find(wanted), std::string::npos) << wanted;
    for (const char* hidden : {"--allow-private", "--enable-tcp-insecure", "--lifetime", "--no-fork"})
        EXPECT_EQ(text.find(hidden), std::string::npos) << hidden;
}
