// SPDX-License-Identifier: GPL-2.0
/*
 * test_parser_errors.c - what a bad script is told: the exact first line
 * of the error (file:line:col, what was expected, what was found) for
 * syntax errors, value checks, timeline checks and scanner errors; the
 * caret under the column; and that every one of them is an error value,
 * never a crash.
 */
#include <stdio.h>

#include "test_parser.h"

static const struct {
	const char *name;
	const char *script;
	const char *error;
} cases[] = {
	{ "empty script",
	  "",
	  "t.pkt:1:1: error: the script has no events: expected an event such as '0 socket(...) = 3', found end of file" },
	{ "only comments and options",
	  "// nothing\n"
	  "--mss=1000\n",
	  "t.pkt:2:11: error: the script has no events: expected an event such as '0 socket(...) = 3', found end of file" },
	{ "time without an action",
	  "0\n",
	  "t.pkt:1:2: error: expected an action (a packet, a system call, a command, a code block or a state assertion) or '~' after the time, found end of file" },
	{ "missing ':' in the sequence range",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < S 0;0(0) win 10\n",
	  "t.pkt:2:9: error: expected ':' after the sequence start, found ';'" },
	{ "missing '(' after the sequence end",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < S 0:0 win 10\n",
	  "t.pkt:2:12: error: expected '(' after the sequence end, found 'win'" },
	{ "missing ')' after the payload length",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < S 0:0(0 win 10\n",
	  "t.pkt:2:14: error: expected ')' after the payload length, found 'win'" },
	{ "flags missing",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < 0:0(0) win 10\n",
	  "t.pkt:2:6: error: expected TCP flags (such as S, ., P. or -) before the sequence range" },
	{ "sequence range vs length",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < P. 1:1001(999) ack 1 win 10\n",
	  "t.pkt:2:9: error: inconsistent sequence range 1:1001(999): end - start is 1000 but the payload length is 999" },
	{ "negative length",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < P. 1:0(-1) ack 1 win 10\n",
	  "t.pkt:2:13: error: payload length -1 is negative: expected 0 to 65535" },
	{ "sequence number too large",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < P. 4294967296:4294967296(0) win 10\n",
	  "t.pkt:2:9: error: sequence start 4294967296 is out of range: expected 0 to 4294967295" },
	{ "payload too large",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < P. 0:70000(70000) win 10\n",
	  "t.pkt:2:17: error: payload length 70000 is out of range: expected 0 to 65535" },
	{ "ack too large",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < . 1:1(0) ack 4294967296 win 10\n",
	  "t.pkt:2:19: error: ack number 4294967296 is out of range: expected 0 to 4294967295" },
	{ "window too large",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < . 1:1(0) win 65536\n",
	  "t.pkt:2:19: error: TCP window 65536 is out of range: expected 0 to 65535" },
	{ "inbound without win",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < . 1:1(0) ack 1\n",
	  "t.pkt:2:4: error: inbound TCP packet without 'win': the window must be given for packets the tool injects" },
	{ "source port out of range",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < 70000>8080 S 0:0(0) win 10\n",
	  "t.pkt:2:6: error: source port 70000 is out of range: expected 0 to 65535" },
	{ "destination port out of range",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 > 8080>65536 S. 0:0(0) ack 1\n",
	  "t.pkt:2:11: error: destination port 65536 is out of range: expected 0 to 65535" },
	{ "state port out of range",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 state 1>99999 LISTEN\n",
	  "t.pkt:2:12: error: destination port 99999 is out of range: expected 0 to 65535" },
	{ "unknown TCP option",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < S 0:0(0) win 10 <mss 1000,foo>\n",
	  "t.pkt:2:32: error: unknown TCP option 'foo': expected nop, eol, mss, wscale, sackOK, sack, TS, FO, FOEXP, md5, ECN or kind" },
	{ "unknown TCP option with a value",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < S 0:0(0) win 10 <bar 3>\n",
	  "t.pkt:2:23: error: unknown TCP option 'bar': expected nop, eol, mss, wscale, sackOK, sack, TS, FO, FOEXP, md5, ECN or kind" },
	{ "option missing its value",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < S 0:0(0) win 10 <mss>\n",
	  "t.pkt:2:26: error: expected a number after 'mss', found '>'" },
	{ "options unpadded",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < S 0:0(0) win 10 <mss 1000,nop>\n",
	  "t.pkt:2:22: error: TCP options take 5 bytes, not a multiple of 4: pad them with nop or eol" },
	{ "options too long",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < S 0:0(0) win 10 <TS val 1 ecr 2,TS val 1 ecr 2,TS val 1 ecr 2,TS val 1 ecr 2,nop,nop,nop,nop>\n",
	  "t.pkt:2:22: error: TCP options take 44 bytes: at most 40 fit in a TCP header" },
	{ "mss out of range",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < S 0:0(0) win 10 <mss 65536>\n",
	  "t.pkt:2:27: error: mss value 65536 is out of range: expected 0 to 65535" },
	{ "wscale out of range",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < S 0:0(0) win 10 <wscale 256,nop>\n",
	  "t.pkt:2:30: error: window scale shift count 256 is out of range: expected 0 to 255" },
	{ "odd FO cookie",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 > S 0:0(0) <FO abc,nop>\n",
	  "t.pkt:2:19: error: FO cookie 'abc' has an odd number of hex digits: expected two per byte" },
	{ "FO cookie not hex",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 > S 0:0(0) <FO xyz1,nop,nop>\n",
	  "t.pkt:2:19: error: FO cookie 'xyz1' is not hex: expected hex digits, two per byte" },
	{ "md5 digest too long",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 > S 0:0(0) <md5 000102030405060708090a0b0c0d0e0f10>\n",
	  "t.pkt:2:20: error: md5 digest of 17 bytes is too long: at most 16 bytes fit in the TCP options" },
	{ "AccECN order",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 > . 1:1(0) <ECN e0b 1 e1b 2,nop>\n",
	  "t.pkt:2:26: error: expected ceb next in the ECN option, found e1b" },
	{ "AccECN starting with ceb",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 > . 1:1(0) <ECN ceb 1,nop,nop,nop>\n",
	  "t.pkt:2:20: error: expected e0b or e1b first in the ECN option, found ceb" },
	{ "options <...> inbound",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < . 1:1(0) win 10 <...>\n",
	  "t.pkt:2:22: error: <...> for TCP options can only be used with outbound packets" },
	{ "[ect01] inbound",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < [ect01] . 1:1(0) win 10\n",
	  "t.pkt:2:6: error: [ect01] can only be used with outbound packets" },
	{ "ECN on UDP",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < [ect0] udp (10)\n",
	  "t.pkt:2:6: error: an ECN codepoint can only be used with TCP packets" },
	{ "ECN and tos together",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 > [ect0, tos 0x4] . 1:1(0)\n",
	  "t.pkt:2:13: error: an ECN codepoint and a tos in the same IP info: both set the TOS byte, write one of them" },
	{ "ttl twice",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 > (ttl 1, ttl 2) . 1:1(0)\n",
	  "t.pkt:2:14: error: ttl given twice in the IP info" },
	{ "tos out of range",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 > (tos 0x100) . 1:1(0)\n",
	  "t.pkt:2:11: error: tos 0x100 is out of range: expected 0 to 255" },
	{ "flowlabel out of range",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 > (flowlabel 0x100000) . 1:1(0)\n",
	  "t.pkt:2:17: error: flowlabel 0x100000 is out of range: expected 0 to 1048575" },
	{ "bad TCP flag",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < SX 0:0(0) win 10\n",
	  "t.pkt:2:6: error: invalid TCP flag 'X' in 'SX': expected flags from .FSRPEWAU, an ACE digit 0-7, or - for none" },
	{ "two ACE digits",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 > S.23 0:0(0)\n",
	  "t.pkt:2:6: error: two ACE digits in TCP flags 'S.23': expected one" },
	{ "ACE digit with ECN flags",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 > SE.2 0:0(0)\n",
	  "t.pkt:2:6: error: TCP flags 'SE.2' mix E, W or A with an ACE digit: the digit already sets those bits" },
	{ "bad IPv4 address",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < ipv4 1.2.3.999 > 1.2.3.4: . 1:1(0) win 1\n",
	  "t.pkt:2:11: error: invalid IPv4 address '1.2.3.999'" },
	{ "bad IPv6 address",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < ipv6 1::2::3 > ::1: . 1:1(0) win 1\n",
	  "t.pkt:2:15: error: expected '>' after '1::2', found '::3'" },
	{ "MPLS bottom mark",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < mpls (label 1, tc 0, [X], ttl 1): . 1:1(0) win 1\n",
	  "t.pkt:2:28: error: expected [S] for the bottom of the MPLS label stack, found 'X'" },
	{ "MPLS label out of range",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < mpls (label 1048576, tc 0, ttl 1): . 1:1(0) win 1\n",
	  "t.pkt:2:18: error: MPLS label 1048576 is out of range: expected 0 to 1048575" },
	{ "UDP length negative",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < udp (-5)\n",
	  "t.pkt:2:11: error: payload length -5 is negative: expected 0 to 65535" },
	{ "ICMP mtu out of range",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < icmp unreachable frag_needed mtu 65536\n",
	  "t.pkt:2:39: error: ICMP mtu 65536 is out of range: expected 0 to 65535" },
	{ "first event not at 0",
	  "1 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n",
	  "t.pkt:1:1: error: the first event must be at time 0, found 1.000000" },
	{ "first event +1",
	  "+1 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n",
	  "t.pkt:1:1: error: the first event must be at time 0, found 1.000000" },
	{ "time goes backwards",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "0.5 close(3) = 0\n"
	  "0.2 close(3) = 0\n",
	  "t.pkt:3:1: error: time goes backwards: this event is at 0.200000, the one before at 0.500000" },
	{ "time goes backwards after relative",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+1 close(3) = 0\n"
	  "0.5 close(3) = 0\n",
	  "t.pkt:3:1: error: time goes backwards: this event is at 0.500000, the one before at 1.000000" },
	{ "range end before start",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "0.3~0.2 > . 1:1(0) ack 1\n",
	  "t.pkt:2:1: error: time range is backwards: its end 0.200000 is before its start 0.300000" },
	{ "relative range end before start",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0.3~+0.2 > . 1:1(0) ack 1\n",
	  "t.pkt:2:1: error: time range is backwards: its end 0.200000 is before its start 0.300000" },
	{ "star on a syscall",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "* close(3) = 0\n",
	  "t.pkt:2:1: error: event time '*' can only be used with outbound packets" },
	{ "star on an inbound packet",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "* < . 1:1(0) win 1\n",
	  "t.pkt:2:1: error: event time '*' can only be used with outbound packets" },
	{ "range on a syscall",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "0.1~0.2 close(3) = 0\n",
	  "t.pkt:2:1: error: a time range can only be used with outbound packets" },
	{ "range on an inbound packet",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0~+1 < . 1:1(0) win 1\n",
	  "t.pkt:2:1: error: a time range can only be used with outbound packets" },
	{ "blocking end before start",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0.3...0.2 read(3, ..., 1) = 1\n",
	  "t.pkt:2:1: error: blocking call ends at 0.200000, before it starts at 0.300000" },
	{ "negative time",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "-1 close(3) = 0\n",
	  "t.pkt:2:1: error: negative time -1: expected a time of 0 or more seconds" },
	{ "time too large",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "99999999999999999999 close(3) = 0\n",
	  "t.pkt:2:1: error: time 99999999999999999999 is too large" },
	{ "integer overflow",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 close(99999999999999999999) = 0\n",
	  "t.pkt:2:10: error: integer 99999999999999999999 is out of range: expected -9223372036854775808 to 9223372036854775807" },
	{ "hex overflow",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 close(0x10000000000000000) = 0\n",
	  "t.pkt:2:10: error: integer 0x10000000000000000 is out of range: expected at most 0x7fffffffffffffff" },
	{ "long number is shortened",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < . 1:1(0) win 1234567890123456789012345678901234567890123456789\n",
	  "t.pkt:2:19: error: TCP window 1234567890123456789012345678901234567890... is too large: expected 0 to 65535" },
	{ "missing comma",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 socket(..., SOCK_STREAM IPPROTO_TCP) = 3\n",
	  "t.pkt:2:28: error: expected '|', ')' or ',' after 'SOCK_STREAM', found 'IPPROTO_TCP'" },
	{ "missing '='",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 close(3) 0\n",
	  "t.pkt:2:13: error: expected '=' after the system call, found '0'" },
	{ "missing ')'",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 close(3 = 0\n",
	  "t.pkt:2:12: error: expected '|', ')' or ',' after a value, found '='" },
	{ "missing ']'",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 f([1, 2) = 0\n",
	  "t.pkt:2:11: error: expected '|', ',' or ']' after a value, found ')'" },
	{ "missing ',' in a struct",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 f({a=1 b=2}) = 0\n",
	  "t.pkt:2:11: error: expected '|', ',' or '}' after a value, found 'b'" },
	{ "index needs one value",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 f({msg_iov(1, 2)=[]}) = 0\n",
	  "t.pkt:2:7: error: expected one index in 'msg_iov(...)=', found several" },
	{ "note not closed",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 close(3) = -1 EBADF (Bad file\n",
	  "t.pkt:2:33: error: expected more words or ')' to end the note, found end of file" },
	{ "no action after time",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 @\n",
	  "t.pkt:2:4: error: expected an action (a packet, a system call, a command, a code block or a state assertion) or '~' after the time, found '@'" },
	{ "option after an event",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "--mss=1000\n",
	  "t.pkt:2:1: error: option lines come first, before any command or event: found '--mss' here" },
	{ "two init commands",
	  "`a`\n"
	  "`b`\n"
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n",
	  "t.pkt:2:1: error: expected an event time, found '`b`'" },
	{ "event after cleanup",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "`cleanup`\n"
	  "+0 close(3) = 0\n",
	  "t.pkt:3:1: error: expected end of file after the cleanup command, found '+'" },
	{ "unknown TCP state",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 state FOO\n",
	  "t.pkt:2:10: error: unknown TCP state 'FOO': expected LISTEN, SYN-SENT, SYN-RCVD, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT or CLOSED" },
	{ "state without a name",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 state\n",
	  "t.pkt:2:9: error: expected a number or a TCP state name after 'state', found end of file" },
	{ "unterminated string",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 write(3, \"abc, 3) = 3\n",
	  "t.pkt:2:13: error: unterminated string: expected a closing '\"' before the end of file" },
	{ "unterminated comment",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 close(3) = 0 /* no end\n",
	  "t.pkt:2:17: error: unterminated comment: expected '*/' before the end of file" },
	{ "unterminated command",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 `echo hi\n",
	  "t.pkt:2:4: error: unterminated command: expected a closing '`' before the end of file" },
	{ "unterminated code block",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 %{ x = 1 }\n",
	  "t.pkt:2:4: error: unterminated code block: expected '}%' before the end of file" },
	{ "unknown escape",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 write(3, \"a\\qb\", 3) = 3\n",
	  "t.pkt:2:15: error: unknown escape '\\q' in a string: expected one of \\\" \\\\ \\n \\t \\r \\f \\v \\' \\0 \\a \\b \\xHH" },
	{ "short hex escape",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 write(3, \"ab\n"
	  "\\x4\", 3) = 3\n",
	  "t.pkt:3:1: error: bad escape in a string: expected two hex digits after \\x" },
	{ "control byte",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 close(3) = 0\x01""\n",
	  "t.pkt:2:16: error: unexpected control byte 0x01" },
	{ "non-ASCII byte",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 close(3) = 0 \xc3""\xa9""\n",
	  "t.pkt:2:17: error: unexpected byte 0xc3: scripts are ASCII outside comments, strings and commands" },
	{ "tab-indented column",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "\t+0\tclose(3)\t0\n",
	  "t.pkt:2:14: error: expected '=' after the system call, found '0'" },
	{ "definition that is not a word",
	  "--define=L=SOL_IP:\n"
	  "0 f(L) = 0\n",
	  "t.pkt:2:5: error: the definition of L is not a word, number, \"string\" or `command`: 'SOL_IP:'" },
	{ "definition that is half a string",
	  "--define=N=\"a\"b\n"
	  "0 f(N) = 0\n",
	  "t.pkt:2:5: error: the definition of N starts with '\"' but is not one string: '\"a\"b'" },
	{ "escape error in a -D string",
	  "--define=X=\"a\\q\"\n"
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 f(X) = 0\n",
	  "t.pkt:3:6: error: unknown escape '\\q' in a string: expected one of \\\" \\\\ \\n \\t \\r \\f \\v \\' \\0 \\a \\b \\xHH" },
};

/* The whole printed error: message, source line and caret. */
static void check_caret(void)
{
	const char *text = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
			   "+0 < S 0:0(0) win 10 <mss 1000,foo>\n";
	struct ast_script *script = NULL;
	struct error err = { 0 };
	char *buf = NULL;
	size_t size = 0;
	FILE *out;

	tap_is_int(script_parse_buffer("c.pkt", text, strlen(text), NULL,
				       &script, &err), -1,
		   "a bad script is refused");
	tap_ok(script == NULL, "and no script is returned");
	out = open_memstream(&buf, &size);
	error_print(out, &err);
	fclose(out);
	tap_is_str(buf,
		   "c.pkt:2:32: error: unknown TCP option 'foo': expected "
		   "nop, eol, mss, wscale, sackOK, sack, TS, FO, FOEXP, md5, "
		   "ECN or kind\n"
		   "+0 < S 0:0(0) win 10 <mss 1000,foo>\n"
		   "                               ^\n",
		   "the error shows the line and a caret under the column");
	free(buf);
	error_clear(&err);
}

/* A script file that cannot be read is an error with its path. */
static void check_missing_file(void)
{
	struct ast_script *script = NULL;
	struct error err = { 0 };

	tap_is_int(script_load("/nonexistent/x.pkt", NULL, &script, &err), -1,
		   "a missing file is an error");
	tap_is_str(err.message, "cannot open the script: No such file or "
		   "directory", "the message says why");
	tap_is_str(err.file, "/nonexistent/x.pkt", "with the path");
	error_clear(&err);
}

/* Defines from the command line: a bad string value is positioned. */
static void check_define_errors(void)
{
	struct config_define def = { "X", "\"a\\zb\"", NULL };
	const char *text = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
			   "+0 f(1, X) = 0\n";
	char *dump = parse_and_dump("d.pkt", text, strlen(text), &def);

	tap_is_str(dump, "ERROR: d.pkt:2:9: error: unknown escape '\\z' in "
		   "a string: expected one of \\\" \\\\ \\n \\t \\r \\f \\v "
		   "\\' \\0 \\a \\b \\xHH", "a -D string with a bad escape");
	free(dump);
}

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_error(cases[i].name, cases[i].script, cases[i].error);
	check_caret();
	check_missing_file();
	check_define_errors();
	return tap_done();
}
