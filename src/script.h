/* SPDX-License-Identifier: GPL-2.0 */
#ifndef TCPDRILL_SCRIPT_H
#define TCPDRILL_SCRIPT_H
#endif
