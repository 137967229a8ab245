#include "with space.h"
#include <café.h>
#define
#define 9 nine
#include
#include ""
