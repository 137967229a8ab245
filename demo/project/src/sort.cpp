#include <algorithm>
#include <cstring>
#include <vector>

#include "wordstats.h"

extern "C" size_t sort_by_count(const entry *in, size_t n, entry *out)
{
    std::vector<entry> used;
    for (size_t i = 0; i < n; ++i)
        if (in[i].count)
            used.push_back(in[i]);
    std::stable_sort(used.begin(), used.end(), [](const entry &a, const entry &b) {
        return a.count != b.count ? a.count > b.count : std::strcmp(a.word, b.word) < 0;
    });
    std::copy(used.begin(), used.end(), out);
    return used.size();
}
