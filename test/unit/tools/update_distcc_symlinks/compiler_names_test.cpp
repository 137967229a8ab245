// SPDX-License-Identifier: GPL-2.0-or-later
// Tests for src/tools/update_distcc_symlinks/compiler_names.cpp over a machine
// described in memory: the candidate order, triples and versions from the gcc
// directories, LLVM versions, and the /usr/bin filter.
#include "tools/update_distcc_symlinks/compiler_names.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

using namespace dcc::tools::update_distcc_symlinks;

namespace {

class FakeView final : public CompilerView {
public:
    std::map<std::string, std::vector<std::string>> dirs;
    std::set<std::string> executables;

    std::vector<std::string> entries(const std::string& dir) const override {
        auto it = dirs.find(dir);
        return it == dirs.end() ? std::vector<std::string>() : it->second;
    }
    bool is_executable(const std::string& path) const override { return executables.count(path) != 0; }
};

// The Debian 12 machine these tests run on, as far as compilers go.
FakeView debian_machine() {
    FakeView view;
    view.dirs["/usr/lib/gcc"] = {"x86_64-linux-gnu"};
    view.dirs["/usr/lib/gcc/x86_64-linux-gnu"] = {"12"};
    view.dirs["/usr/lib"] = {"gcc", "llvm-14", "x86_64-linux-gnu", "python3"};
    for (const char* name : {"cc", "c++", "c89", "c99", "c89-gcc", "c99-gcc", "gcc", "g++", "gcc-12", "g++-12",
                             "x86_64-linux-gnu-gcc", "x86_64-linux-gnu-g++", "x86_64-linux-gnu-gcc-12",
                             "x86_64-linux-gnu-g++-12", "clang", "clang++", "clang-14", "clang++-14", "gcc-ar"})
        view.executables.insert(std::string("/usr/bin/") + name);
    return view;
}

}  // namespace

TEST(CompilerNames, GccDirectoriesIncludeDebiansMultiarchOne) {
    EXPECT_EQ(gcc_library_dirs("x86_64-linux-gnu"),
              (std::vector<std::string>{"/usr/lib/gcc", "/usr/lib/gcc-cross", "/usr/libexec/gcc",
                                        "/usr/lib/x86_64-linux-gnu/gcc"}));
}

TEST(CompilerNames, CandidatesInUpstreamOrder) {
    FakeView view = debian_machine();
    EXPECT_EQ(candidate_names(view, {"/usr/lib/gcc"}),
              (std::vector<std::string>{"cc", "c++", "c89", "c99", "gcc", "g++", "c89-gcc", "c89-g++", "c99-gcc",
                                        "c99-g++", "x86_64-linux-gnu-gcc", "x86_64-linux-gnu-g++", "gcc-12", "g++-12",
                                        "x86_64-linux-gnu-gcc-12", "x86_64-linux-gnu-g++-12", "clang", "clang++",
                                        "clang-14", "clang++-14"}));
}

TEST(CompilerNames, WantedAreTheExecutableCandidates) {
    FakeView view = debian_machine();
    // What Debian's own script puts in /usr/lib/distcc on this machine, plus c89 and c99.
    std::vector<std::string> wanted = wanted_names(view, gcc_library_dirs("x86_64-linux-gnu"));
    EXPECT_EQ(std::set<std::string>(wanted.begin(), wanted.end()),
              (std::set<std::string>{"c++", "c89", "c89-gcc", "c99", "c99-gcc", "cc", "clang", "clang++", "clang++-14",
                                     "clang-14", "g++", "g++-12", "gcc", "gcc-12", "x86_64-linux-gnu-g++",
                                     "x86_64-linux-gnu-g++-12", "x86_64-linux-gnu-gcc", "x86_64-linux-gnu-gcc-12"}));
    EXPECT_EQ(wanted.size(), 18u);
}

TEST(CompilerNames, CrossCompilersAndSeveralVersionsEachNamedOnce) {
    FakeView view;
    view.dirs["/usr/lib/gcc"] = {"x86_64-linux-gnu"};
    view.dirs["/usr/lib/gcc/x86_64-linux-gnu"] = {"13", "12"};
    view.dirs["/usr/lib/gcc-cross"] = {"aarch64-linux-gnu"};
    view.dirs["/usr/lib/gcc-cross/aarch64-linux-gnu"] = {"12"};
    std::vector<std::string> names = candidate_names(view, {"/usr/lib/gcc", "/usr/lib/gcc-cross"});
    std::set<std::string> unique(names.begin(), names.end());
    EXPECT_EQ(unique.size(), names.size());
    for (const char* name : {"gcc-12", "gcc-13", "x86_64-linux-gnu-g++-13", "aarch64-linux-gnu-gcc",
                             "aarch64-linux-gnu-gcc-12", "aarch64-linux-gnu-g++-12"})
        EXPECT_TRUE(unique.count(name)) << name;
    // Versions sorted, whatever order the directory listed them in.
    auto at = [&](const char* name) { return std::find(names.begin(), names.end(), name) - names.begin(); };
    EXPECT_LT(at("gcc-12"), at("gcc-13"));
}

TEST(CompilerNames, LlvmVersionIsTheTextBetweenTheFirstTwoDashes) {
    FakeView view;
    view.dirs["/usr/lib"] = {"llvm-15", "llvm-16-extra", "llvm-", "llvmfoo", "libllvm-17"};
    std::vector<std::string> names = candidate_names(view, {});
    std::vector<std::string> clang(names.end() - 6, names.end());
    EXPECT_EQ(clang, (std::vector<std::string>{"clang", "clang++", "clang-15", "clang++-15", "clang-16", "clang++-16"}));
}

TEST(CompilerNames, AnotherBinDirectory) {
    FakeView view;
    view.executables = {"/opt/bin/gcc"};
    EXPECT_EQ(wanted_names(view, {}, "/opt/bin"), (std::vector<std::string>{"gcc"}));
    EXPECT_TRUE(wanted_names(view, {}).empty());
}
