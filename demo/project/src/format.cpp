#include <cstdio>
#include <string>

#include "wordstats.h"

extern "C" void format_line(char *buf, size_t size, const entry *e, size_t rank)
{
    std::string bar(e->count, '#');
    std::snprintf(buf, size, "%2zu. %-12s %3u %s", rank, e->word, e->count, bar.c_str());
}
