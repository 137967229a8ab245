#define STR(x) #x
#define XSTR(x) STR(x)
#define CAT(a, b) a ## b
#define H(n) XSTR(CAT(n, _impl).h)
#include H(engine)
#define A B
#define B "b.h"
#include A
