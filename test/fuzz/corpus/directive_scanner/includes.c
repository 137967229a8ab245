#include "a.h"
#include <b/c.h>
#import "d.h"
#include_next <e.h>
