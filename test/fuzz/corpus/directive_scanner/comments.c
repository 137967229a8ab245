/* x */ #include "a.h" // t
*/ #include "b.h"
#/**/include <c.h>
#include \
 "d.h"
