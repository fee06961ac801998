// SPDX-License-Identifier: GPL-2.0
/* placeholder: written by its room */
#include "error.h"
