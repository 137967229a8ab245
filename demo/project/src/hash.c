#include "wordstats.h"

unsigned hash_word(const char *word)
{
    unsigned h = 2166136261u;
    for (; *word; word++)
        h = (h ^ (unsigned char)*word) * 16777619u;
    return h;
}
