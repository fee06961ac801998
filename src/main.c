// SPDX-License-Identifier: GPL-2.0
/* main.c - placeholder until the command line is written. */
#include <stdio.h>

int main(void)
{
	fprintf(stderr, "tcpdrill: not built yet\n");
	return 2;
}
