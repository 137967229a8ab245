#include "a.h"
#define X 1
#if 0
#include <no.h>
#endif
