// SPDX-License-Identifier: GPL-2.0-or-later
// Plain driver that feeds every file of a fuzz target's seed corpus to its
// LLVMFuzzerTestOneInput, so that `make check` exercises the fuzz targets with any
// compiler (and under ASan/UBSan in the sanitizer build).  Usage:
//   fuzz_replay_<target> [DIR|FILE]...   (default: the target's corpus folder)
#include <dirent.h>
#include <sys/stat.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

bool replay_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "cannot read %s\n", path.c_str());
        return false;
    }
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    return true;
}

int replay_path(const std::string& path) {
    struct stat st{};
    if (stat(path.c_str(), &st) != 0) {
        std::fprintf(stderr, "no such corpus: %s\n", path.c_str());
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) return replay_file(path) ? 1 : -1;
    DIR* dir = opendir(path.c_str());
    if (!dir) return -1;
    int count = 0;
    while (dirent* entry = readdir(dir)) {
        std::string name = entry->d_name;
        if (name == "." || name == "..") continue;
        if (!replay_file(path + "/" + name)) {
            closedir(dir);
            return -1;
        }
        ++count;
    }
    closedir(dir);
    return count;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> inputs(argv + 1, argv + argc);
    if (inputs.empty()) inputs.push_back(std::string(DCC_FUZZ_CORPUS_ROOT) + "/" + DCC_FUZZ_TARGET);
    int total = 0;
    for (const std::string& input : inputs) {
        int n = replay_path(input);
        if (n < 0) return 1;
        total += n;
    }
    if (total == 0) {
        std::fprintf(stderr, "empty corpus\n");
        return 1;
    }
    std::printf("replayed %d inputs through %s\n", total, DCC_FUZZ_TARGET);
    return 0;
}
