#include <string.h>
#include "wordstats.h"

void freq_init(struct freq_table *t)
{
    memset(t, 0, sizeof *t);
}

void freq_add(struct freq_table *t, const char *word)
{
    unsigned slot = hash_word(word) % TABLE_SIZE;
    while (t->slots[slot].count && strcmp(t->slots[slot].word, word) != 0)
        slot = (slot + 1) % TABLE_SIZE;
    if (!t->slots[slot].count) {
        strncpy(t->slots[slot].word, word, MAX_WORD - 1);
        t->used++;
    }
    t->slots[slot].count++;
}
