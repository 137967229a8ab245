#include <stdio.h>
#include "wordstats.h"

void report(const struct freq_table *t, size_t top)
{
    static struct entry sorted[TABLE_SIZE];
    char line[128];
    size_t n = sort_by_count(t->slots, TABLE_SIZE, sorted);
    size_t i;
    printf("%zu distinct words; top %zu:\n", t->used, top);
    for (i = 0; i < n && i < top; i++) {
        format_line(line, sizeof line, &sorted[i], i + 1);
        puts(line);
    }
}
