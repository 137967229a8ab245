#ifndef WORDSTATS_H
#define WORDSTATS_H
#include <stddef.h>

#define MAX_WORD 64
#define TABLE_SIZE 1024

struct entry {
    char word[MAX_WORD];
    unsigned count;
};

struct freq_table {
    struct entry slots[TABLE_SIZE];
    size_t used;
};

#ifdef __cplusplus
extern "C" {
#endif
size_t next_token(const char **cursor, char *out, size_t out_size);
unsigned hash_word(const char *word);
void freq_init(struct freq_table *t);
void freq_add(struct freq_table *t, const char *word);
void report(const struct freq_table *t, size_t top);
size_t sort_by_count(const struct entry *in, size_t n, struct entry *out);
void format_line(char *buf, size_t size, const struct entry *e, size_t rank);
#ifdef __cplusplus
}
#endif
#endif
