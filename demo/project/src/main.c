#include <stdio.h>
#include "wordstats.h"

static const char *sample =
    "distcc distributes compilation of C and C++ code across several machines "
    "on a network. distcc should always generate the same results as a local "
    "build, is simple to install and use, and is often much faster than a local compile.";

int main(int argc, char **argv)
{
    static struct freq_table table;
    const char *cursor = argc > 1 ? argv[1] : sample;
    char word[MAX_WORD];
    freq_init(&table);
    while (next_token(&cursor, word, sizeof word))
        freq_add(&table, word);
    report(&table, 5);
    return 0;
}
