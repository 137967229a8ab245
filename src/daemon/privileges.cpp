// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of privileges.hpp (upstream dcc_discard_root / dcc_preferred_user).
#include "daemon/privileges.hpp"

#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <vector>

#include "common/log.hpp"
#include "common/strings.hpp"

namespace dcc::daemon {
namespace {

struct Persona {
    uid_t uid = 65534;
    gid_t gid = 65534;
    std::string name = "65534";
};

// The users a root daemon may become without --user, in order: upstream's "distcc",
// the "distccd" that Debian's package creates (its distccd defaults to it), and
// "nobody".  Missing package users are normal and not warned about.
constexpr std::array<const char*, 3> k_default_users = {"distcc", "distccd", "nobody"};

// --user if given, then k_default_users; a missing --user is warned about (upstream
// dcc_preferred_user), as is a system without "nobody".
Persona preferred_persona(const std::optional<std::string>& user) {
    std::vector<std::string> names;
    if (user) names.push_back(*user);
    names.insert(names.end(), k_default_users.begin(), k_default_users.end());
    for (const std::string& name : names) {
        if (const passwd* pw = ::getpwnam(name.c_str())) return Persona{pw->pw_uid, pw->pw_gid, name};
        if ((user && name == *user) || name == k_default_users.back())
            DCC_WARNING("no such user as \"%s\"", name.c_str());
    }
    return Persona{};
}

Error failed(const char* what) {
    return make_error(ExitCode::setuid_failed, strings::format("%s failed: %s", what, std::strerror(errno)));
}

}  // namespace

Status drop_privileges(const std::optional<std::string>& user) {
    if (::getuid() != 0 && ::geteuid() != 0) {
        if (user) DCC_WARNING("--user is ignored when distccd is not run by root");
        return {};
    }
    Persona persona = preferred_persona(user);
    if (::setgid(persona.gid) != 0) return failed("setgid");
    if (::setgroups(1, &persona.gid) != 0) return failed("setgroups");
    if (::setuid(persona.uid) != 0) return failed("setuid");
    if (::getuid() == 0 || ::geteuid() == 0)
        return make_error(ExitCode::setuid_failed, "still running as root after dropping privileges");
    // Changing uid clears "dumpable", which would make /proc/self/oom_score_adj unwritable.
    ::prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0) DCC_DEBUG("set no_new_privs");
    // Debug, not info: in inetd/ssh mode this is logged before the final destination is
    // set, so it would go to stderr and reach the client with the compiler's messages.
    DCC_DEBUG("running as %s (uid %d, gid %d)", persona.name.c_str(), static_cast<int>(persona.uid),
              static_cast<int>(persona.gid));
    return {};
}

}  // namespace dcc::daemon
