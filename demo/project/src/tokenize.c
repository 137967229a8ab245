#include <ctype.h>
#include "wordstats.h"

size_t next_token(const char **cursor, char *out, size_t out_size)
{
    const char *p = *cursor;
    size_t n = 0;
    while (*p && !isalnum((unsigned char)*p) && *p != '+')
        p++;
    while (*p && (isalnum((unsigned char)*p) || *p == '+')) {
        if (n + 1 < out_size)
            out[n++] = (char)tolower((unsigned char)*p);
        p++;
    }
    out[n] = '\0';
    *cursor = p;
    return n;
}
