#define V(first, ...) __VA_ARGS__
#include V(x, <y.h>)
#define SELF SELF SELF
#include SELF
