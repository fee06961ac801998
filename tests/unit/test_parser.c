// SPDX-License-Identifier: GPL-2.0
/*
 * test_parser.c - every construct of the script language: parse it, dump
 * it, and compare with the canonical form; then dump the dump and check
 * that it does not change (the fixed point).
 */
#include <stdio.h>

#include "test_parser.h"

static const struct {
	const char *name;
	const char *script;
	const char *dump;
} cases[] = {
	{ "option lines",
	  "--tolerance_usecs=10000\n"
	  "--strict_segments\n"
	  "--local_ip=192.168.0.1\n"
	  "--define=X=\"a b\"\n"
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n",
	  "--tolerance_usecs=10000\n"
	  "--strict_segments\n"
	  "--local_ip=192.168.0.1\n"
	  "--define=\"X=\\\"a b\\\"\"\n"
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n" },
	{ "init and cleanup commands",
	  "`./defaults.sh`\n"
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "`echo done`\n",
	  "`./defaults.sh`\n"
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "`echo done`\n" },
	{ "absolute times",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "0.25 close(3) = 0\n"
	  "1 close(3) = 0\n"
	  "1.000001 close(3) = 0\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "0.25 close(3) = 0 // 0.250000\n"
	  "1 close(3) = 0 // 1.000000\n"
	  "1.000001 close(3) = 0 // 1.000001\n" },
	{ "relative times",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+.1 close(3) = 0\n"
	  "+0.005 close(3) = 0\n"
	  "+2 close(3) = 0\n"
	  "+0 close(3) = 0\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0.1 close(3) = 0 // 0.100000\n"
	  "+0.005 close(3) = 0 // 0.105000\n"
	  "+2 close(3) = 0 // 2.105000\n"
	  "+0 close(3) = 0 // 2.105000\n" },
	{ "any time",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "* > S 0:0(0) <...>\n"
	  "+0.1 close(3) = 0\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "* > S 0:0(0) <...> // 0.000000\n"
	  "+0.1 close(3) = 0 // 0.100000\n" },
	{ "time windows",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "0.1~0.2 > S 0:0(0) <...>\n"
	  "+0.1~+0.3 > . 1:1(0) ack 1\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "0.1~0.2 > S 0:0(0) <...> // 0.100000~0.200000\n"
	  "+0.1~+0.3 > . 1:1(0) ack 1 // 0.200000~0.400000\n" },
	{ "blocking call end times",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0...0.5 read(3, ..., 10) = 10\n"
	  "+.1...0.2 read(3, ..., 10) = 10\n"
	  "1...1.5 read(3, ..., 10) = 10\n"
	  "+0 ...+0.25 read(3, ..., 10) = 10\n"
	  "+0.1 close(3) = 0\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 ...0.5 read(3, ..., 10) = 10 // 0.000000...0.500000\n"
	  "+0.1 ...0.2 read(3, ..., 10) = 10 // 0.100000...0.200000\n"
	  "1 ...1.5 read(3, ..., 10) = 10 // 1.000000...1.500000\n"
	  "+0 ...+0.25 read(3, ..., 10) = 10 // 1.000000...1.250000\n"
	  "+0.1 close(3) = 0 // 1.100000\n" },
	{ "TCP flags",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < S 0:0(0) win 1\n"
	  "+0 > S. 0:0(0) ack 1\n"
	  "+0 < F. 1:1(0) ack 1 win 1\n"
	  "+0 < R 1:1(0) win 0\n"
	  "+0 < P. 1:2(1) ack 1 win 1\n"
	  "+0 < SEW 0:0(0) win 1\n"
	  "+0 > SE. 0:0(0) ack 1\n"
	  "+0 < U. 1:2(1) ack 1 win 1 urg 1\n"
	  "+0 < - 1:1(0) win 1\n"
	  "+0 > S.2 0:0(0) ack 1\n"
	  "+0 > .5 1:1(0) ack 1\n"
	  "+0 > SEWA 0:0(0)\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 < S 0:0(0) win 1 // 0.000000\n"
	  "+0 > S. 0:0(0) ack 1 // 0.000000\n"
	  "+0 < F. 1:1(0) ack 1 win 1 // 0.000000\n"
	  "+0 < R 1:1(0) win 0 // 0.000000\n"
	  "+0 < P. 1:2(1) ack 1 win 1 // 0.000000\n"
	  "+0 < SEW 0:0(0) win 1 // 0.000000\n"
	  "+0 > SE. 0:0(0) ack 1 // 0.000000\n"
	  "+0 < U. 1:2(1) ack 1 win 1 urg 1 // 0.000000\n"
	  "+0 < - 1:1(0) win 1 // 0.000000\n"
	  "+0 > S.2 0:0(0) ack 1 // 0.000000\n"
	  "+0 > .5 1:1(0) ack 1 // 0.000000\n"
	  "+0 > SEWA 0:0(0) // 0.000000\n" },
	{ "ports and ack win urg",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < 40000>8080 . 1:1(0) ack 4294967295 win 65535 urg 65535\n"
	  "+0 > 8080>40000 . 1:1(0)\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 < 40000>8080 . 1:1(0) ack 4294967295 win 65535 urg 65535 // 0.000000\n"
	  "+0 > 8080>40000 . 1:1(0) // 0.000000\n" },
	{ "ip info",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < [ect0] S 0:0(0) win 1\n"
	  "+0 < [ect1] . 1:1(0) win 1\n"
	  "+0 < [ce] . 1:1(0) win 1\n"
	  "+0 < [noecn] . 1:1(0) win 1\n"
	  "+0 > [ect01] . 1:1(0)\n"
	  "+0 > (tos 0x10) . 1:1(0)\n"
	  "+0 > (flowlabel 0xabcde) . 1:1(0)\n"
	  "+0 > (ttl 3) . 1:1(0)\n"
	  "+0 > [ect0, flowlabel 0x1] . 1:1(0)\n"
	  "+0 > (tos 0x4, flowlabel 0x2) . 1:1(0)\n"
	  "+0 > (ttl 9, flowlabel 0x2, ect1) . 1:1(0)\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 < [ect0] S 0:0(0) win 1 // 0.000000\n"
	  "+0 < [ect1] . 1:1(0) win 1 // 0.000000\n"
	  "+0 < [ce] . 1:1(0) win 1 // 0.000000\n"
	  "+0 < [noecn] . 1:1(0) win 1 // 0.000000\n"
	  "+0 > [ect01] . 1:1(0) // 0.000000\n"
	  "+0 > (tos 0x10) . 1:1(0) // 0.000000\n"
	  "+0 > (flowlabel 0xabcde) . 1:1(0) // 0.000000\n"
	  "+0 > (ttl 3) . 1:1(0) // 0.000000\n"
	  "+0 > [ect0, flowlabel 0x1] . 1:1(0) // 0.000000\n"
	  "+0 > (tos 0x04, flowlabel 0x2) . 1:1(0) // 0.000000\n"
	  "+0 > [ect1, flowlabel 0x2, ttl 9] . 1:1(0) // 0.000000\n" },
	{ "psp encapsulation",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < encap psp spi 7 P. 1:11(10) ack 1 win 5\n"
	  "+0 > encap psp spi 0x17 . 1:1(0) ack 11\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 < encap psp spi 7 P. 1:11(10) ack 1 win 5 // 0.000000\n"
	  "+0 > encap psp spi 23 . 1:1(0) ack 11 // 0.000000\n" },
	{ "TCP options",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < S 0:0(0) win 1 <mss 1000,sackOK,nop,nop,nop,wscale 7>\n"
	  "+0 < . 1:1(0) win 1 <nop,nop,TS val 4294967295 ecr 0>\n"
	  "+0 < . 1:1(0) win 1 <nop,nop,sack 1:2 3:4 5:6>\n"
	  "+0 < . 1:1(0) win 1 <eol,nop,nop,nop>\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 < S 0:0(0) win 1 <mss 1000,sackOK,nop,nop,nop,wscale 7> // 0.000000\n"
	  "+0 < . 1:1(0) win 1 <nop,nop,TS val 4294967295 ecr 0> // 0.000000\n"
	  "+0 < . 1:1(0) win 1 <nop,nop,sack 1:2 3:4 5:6> // 0.000000\n"
	  "+0 < . 1:1(0) win 1 <eol,nop,nop,nop> // 0.000000\n" },
	{ "fast open and md5 options",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 > S 0:0(0) <FO,nop,nop>\n"
	  "+0 > S 0:0(0) <FO ABCDEF01,nop,nop>\n"
	  "+0 > S 0:0(0) <FO 00112233,nop,nop>\n"
	  "+0 > S 0:0(0) <FO ce,nop>\n"
	  "+0 > S 0:0(0) <FOEXP>\n"
	  "+0 > S 0:0(0) <FOEXP 12345678,nop,nop,nop,nop>\n"
	  "+0 > S 0:0(0) <md5 000102030405060708090a0b0c0d0e0f,nop,nop>\n"
	  "+0 > S 0:0(0) <md5,nop,nop>\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 > S 0:0(0) <FO,nop,nop> // 0.000000\n"
	  "+0 > S 0:0(0) <FO abcdef01,nop,nop> // 0.000000\n"
	  "+0 > S 0:0(0) <FO 00112233,nop,nop> // 0.000000\n"
	  "+0 > S 0:0(0) <FO ce,nop> // 0.000000\n"
	  "+0 > S 0:0(0) <FOEXP> // 0.000000\n"
	  "+0 > S 0:0(0) <FOEXP 12345678,nop,nop,nop,nop> // 0.000000\n"
	  "+0 > S 0:0(0) <md5 000102030405060708090a0b0c0d0e0f,nop,nop> // 0.000000\n"
	  "+0 > S 0:0(0) <md5,nop,nop> // 0.000000\n" },
	{ "AccECN and generic options",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 > . 1:1(0) <ECN e0b 1 ceb 2 e1b 3,nop>\n"
	  "+0 > . 1:1(0) <ECN e1b 4 ceb 5 e0b 6,nop>\n"
	  "+0 > . 1:1(0) <ECN e1b 7,nop,nop,nop>\n"
	  "+0 > . 1:1(0) <kind 30 0A0B,nop,nop,nop,nop>\n"
	  "+0 > . 1:1(0) <kind 253,nop,nop>\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 > . 1:1(0) <ECN e0b 1 ceb 2 e1b 3,nop> // 0.000000\n"
	  "+0 > . 1:1(0) <ECN e1b 4 ceb 5 e0b 6,nop> // 0.000000\n"
	  "+0 > . 1:1(0) <ECN e1b 7,nop,nop,nop> // 0.000000\n"
	  "+0 > . 1:1(0) <kind 30 0a0b,nop,nop,nop,nop> // 0.000000\n"
	  "+0 > . 1:1(0) <kind 253,nop,nop> // 0.000000\n" },
	{ "any and empty option lists",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 > . 1:1(0) <...>\n"
	  "+0 > . 1:1(0) <>\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 > . 1:1(0) <...> // 0.000000\n"
	  "+0 > . 1:1(0) <> // 0.000000\n" },
	{ "udp",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < udp (100)\n"
	  "+0 > udp 1234>53 (0)\n"
	  "+0 < (tos 0x8) udp (1)\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 < udp (100) // 0.000000\n"
	  "+0 > udp 1234>53 (0) // 0.000000\n"
	  "+0 < (tos 0x08) udp (1) // 0.000000\n" },
	{ "icmp",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < icmp unreachable\n"
	  "+0 < icmp unreachable port_unreachable\n"
	  "+0 < icmp unreachable frag_needed mtu 1200 [1:1461(1460)]\n"
	  "+0 < icmp echo_request id 9\n"
	  "+0 < icmp time_exceeded [udp (8)]\n"
	  "+0 < icmp parameter_problem [raw (20)]\n"
	  "+0 < icmp 3 host_unreachable\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 < icmp unreachable // 0.000000\n"
	  "+0 < icmp unreachable port_unreachable // 0.000000\n"
	  "+0 < icmp unreachable frag_needed mtu 1200 [1:1461(1460)] // 0.000000\n"
	  "+0 < icmp echo_request id 9 // 0.000000\n"
	  "+0 < icmp time_exceeded [udp (8)] // 0.000000\n"
	  "+0 < icmp parameter_problem [raw (20)] // 0.000000\n"
	  "+0 < icmp 3 host_unreachable // 0.000000\n" },
	{ "ipv4 and ipv6 layers",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < ipv4 192.0.2.1 > 192.168.0.1: . 1:1(0) win 1\n"
	  "+0 > ipv6 (tos 0x2, ttl 5) 2001:db8::1 > ::ffff:10.0.0.1: . 1:1(0)\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 < ipv4 192.0.2.1 > 192.168.0.1: . 1:1(0) win 1 // 0.000000\n"
	  "+0 > ipv6 (tos 0x02, ttl 5) 2001:db8::1 > ::ffff:10.0.0.1: . 1:1(0) // 0.000000\n" },
	{ "gre layers",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < gre: . 1:1(0) win 1\n"
	  "+0 < GREv0, flags [checksum present, key present, sequence# present], sum 1, off 2, key=3, seq 4: . 1:1(0) win 1\n"
	  "+0 < gre flags 0x4000 sum 0 off 0 key 0 seq 0: . 1:1(0) win 1\n"
	  "+0 < gre flags [none] sum 0 off 0 key 0 seq 0: . 1:1(0) win 1\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 < gre: . 1:1(0) win 1 // 0.000000\n"
	  "+0 < gre flags [checksum present, key present, sequence# present] sum 1 off 2 key 3 seq 4: . 1:1(0) win 1 // 0.000000\n"
	  "+0 < gre flags 0x4000 sum 0 off 0 key 0 seq 0: . 1:1(0) win 1 // 0.000000\n"
	  "+0 < gre flags [none] sum 0 off 0 key 0 seq 0: . 1:1(0) win 1 // 0.000000\n" },
	{ "mpls layers",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 < mpls (label 1048575, tc 7, [S], ttl 255): . 1:1(0) win 1\n"
	  "+0 < mpls (label 1, tc 0, ttl 1) (label 2, tc 0, [S], ttl 2): . 1:1(0) win 1\n"
	  "+0 < mpls: . 1:1(0) win 1\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 < mpls (label 1048575, tc 7, [S], ttl 255): . 1:1(0) win 1 // 0.000000\n"
	  "+0 < mpls (label 1, tc 0, ttl 1) (label 2, tc 0, [S], ttl 2): . 1:1(0) win 1 // 0.000000\n"
	  "+0 < mpls: . 1:1(0) win 1 // 0.000000\n" },
	{ "integers, hex, words, bit-or",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 f(0, -1, 9223372036854775807, -9223372036854775808, 0x1F, 0X0, A|B|C, 1|0x2) = -22\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 f(0, -1, 9223372036854775807, -9223372036854775808, 0x1f, 0x0, A|B|C, 1|0x2) = -22 // 0.000000\n" },
	{ "strings and ellipsis",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 f(\"\", \"a\\\"b\\\\c\\n\\t\\r\\f\\v\", \"\\x00\\x7f\\xFF\\'\\0\\a\\b\", \"ab\" \"cd\", \"x\"..., ...) = 0\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 f(\"\", \"a\\\"b\\\\c\\n\\t\\r\\f\\v\", \"\\x00\\x7f\\xff'\\x00\\x07\\x08\", \"abcd\", \"x\"..., ...) = 0 // 0.000000\n" },
	{ "lists and structs",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 f([], [1], [1, [2, [3]]], {}, {1, 2}, {..., 10}, {a=1, b=[2]}, {msg_iov(1)=[{..., 0}]}) = 0\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 f([], [1], [1, [2, [3]]], {}, {1, 2}, {..., 10}, {a=1, b=[2]}, {msg_iov(1)=[{..., 0}]}) = 0 // 0.000000\n" },
	{ "calls and fields",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 bind(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"192.0.2.1\")}, 16) = 0\n"
	  "+0 f(inet6_addr(\"::1\"), g(), h(1, 2), k=v, m(...)=...) = 0\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 bind(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"192.0.2.1\")}, 16) = 0 // 0.000000\n"
	  "+0 f(inet6_addr(\"::1\"), g(), h(1, 2), k=v, m(...)=...) = 0 // 0.000000\n" },
	{ "msghdr cmsg pollfd epoll linger",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 recvmsg(3, {msg_name(...)=..., msg_iov(1)=[{...,0}], msg_flags=MSG_ERRQUEUE, msg_control=[{cmsg_level=SOL_IP, cmsg_type=IP_RECVERR, cmsg_data={ee_errno=ENOMSG, ee_origin=SO_EE_ORIGIN_TIMESTAMPING, ee_type=0, ee_code=0, ee_info=SCM_TSTAMP_SND, ee_data=0}}, {cmsg_level=SOL_SOCKET, cmsg_type=SCM_TIMESTAMPING, cmsg_data={scm_sec=0, scm_nsec=1}}]}, MSG_ERRQUEUE) = 0\n"
	  "+0 poll([{fd=3, events=POLLIN, revents=POLLIN}], 1, 0) = 1\n"
	  "+0 epoll_wait(5, {events=EPOLLIN, u32=7}, 1, 0) = 1\n"
	  "+0 setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 recvmsg(3, {msg_name(...)=..., msg_iov(1)=[{..., 0}], msg_flags=MSG_ERRQUEUE, msg_control=[{cmsg_level=SOL_IP, cmsg_type=IP_RECVERR, cmsg_data={ee_errno=ENOMSG, ee_origin=SO_EE_ORIGIN_TIMESTAMPING, ee_type=0, ee_code=0, ee_info=SCM_TSTAMP_SND, ee_data=0}}, {cmsg_level=SOL_SOCKET, cmsg_type=SCM_TIMESTAMPING, cmsg_data={scm_sec=0, scm_nsec=1}}]}, MSG_ERRQUEUE) = 0 // 0.000000\n"
	  "+0 poll([{fd=3, events=POLLIN, revents=POLLIN}], 1, 0) = 1 // 0.000000\n"
	  "+0 epoll_wait(5, {events=EPOLLIN, u32=7}, 1, 0) = 1 // 0.000000\n"
	  "+0 setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0 // 0.000000\n" },
	{ "gre and mpls setsockopt values",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 setsockopt(3, SOL_IP, X, {flags [key present] sum 0 off 0 key 9 seq 1}, 16) = 0\n"
	  "+0 setsockopt(3, SOL_IP, X, {flags 0x8000, sum 1, off 0, key 0, seq 0}, 16) = 0\n"
	  "+0 setsockopt(3, SOL_IP, Y, {(label 1, tc 0, ttl 3) (label 2, tc 1, [S], ttl 4)}, 8) = 0\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 setsockopt(3, SOL_IP, X, {flags [key present] sum 0 off 0 key 9 seq 1}, 16) = 0 // 0.000000\n"
	  "+0 setsockopt(3, SOL_IP, X, {flags [checksum present] sum 1 off 0 key 0 seq 0}, 16) = 0 // 0.000000\n"
	  "+0 setsockopt(3, SOL_IP, Y, {(label 1, tc 0, ttl 3) (label 2, tc 1, [S], ttl 4)}, 8) = 0 // 0.000000\n" },
	{ "errno and notes",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)\n"
	  "+0 read(3, ..., 1) = -1 EAGAIN\n"
	  "+0 close(3) = 0 (fine, really.)\n"
	  "+0 f() = -1 EFOO (the flags win, 42 times)\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress) // 0.000000\n"
	  "+0 read(3, ..., 1) = -1 EAGAIN // 0.000000\n"
	  "+0 close(3) = 0 (fine, really.) // 0.000000\n"
	  "+0 f() = -1 EFOO (the flags win, 42 times) // 0.000000\n" },
	{ "commands",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 `echo hi`\n"
	  "+0 `printf '%s\\n' \\`date\\``\n"
	  "+0 `a\n"
	  "b`\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 `echo hi` // 0.000000\n"
	  "+0 `printf '%s\\n' \\`date\\`` // 0.000000\n"
	  "+0 `a\n"
	  "b` // 0.000000\n" },
	{ "code blocks",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 %{ assert tcpi_snd_cwnd == 10 }%\n"
	  "+0 %{\n"
	  "import os\n"
	  "}%\n"
	  "+0 %{}%\n"
	  "+0 %{\tx = 1  }%\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 %{ assert tcpi_snd_cwnd == 10 }% // 0.000000\n"
	  "+0 %{\n"
	  "import os\n"
	  "}% // 0.000000\n"
	  "+0 %{ }% // 0.000000\n"
	  "+0 %{ x = 1 }% // 0.000000\n" },
	{ "comments",
	  "// leading\n"
	  "/* block\n"
	  " comment */ 0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 close(3) = 0 // trailing\n"
	  "+0 /* inside */ close(3) = 0\n"
	  "// end",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 close(3) = 0 // 0.000000\n"
	  "+0 close(3) = 0 // 0.000000\n" },
	{ "state assertions",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 state ESTABLISHED\n"
	  "+0 state fin_wait1\n"
	  "+0 state 40000>8080 TIME_WAIT\n"
	  "+0 state syn-received\n"
	  "+0 state Close\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 state ESTABLISHED // 0.000000\n"
	  "+0 state FIN-WAIT-1 // 0.000000\n"
	  "+0 state 40000>8080 TIME-WAIT // 0.000000\n"
	  "+0 state SYN-RCVD // 0.000000\n"
	  "+0 state CLOSED // 0.000000\n" },
	{ "state is a word elsewhere",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 state(3) = 0\n"
	  "+0 f(state, STATE) = 0\n"
	  "+0 states(1) = 0\n"
	  "+0 close(3) = 0 (state 2 state x)\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 state(3) = 0 // 0.000000\n"
	  "+0 f(state, STATE) = 0 // 0.000000\n"
	  "+0 states(1) = 0 // 0.000000\n"
	  "+0 close(3) = 0 (state 2 state x) // 0.000000\n" },
	{ "packetdrill syntax without spaces",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0...0.1 read(3,...,1)=1\n"
	  "+0 >S. 0:0(0)ack 1<mss 1460>\n"
	  "+0<. 1:1(0)win 1\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 ...0.1 read(3, ..., 1) = 1 // 0.000000...0.100000\n"
	  "+0 > S. 0:0(0) ack 1 <mss 1460> // 0.000000\n"
	  "+0 < . 1:1(0) win 1 // 0.000000\n" },
	{ "CRLF line ends",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\r\n"
	  "+0 close(3) = 0\r\n",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // 0.000000\n"
	  "+0 close(3) = 0 // 0.000000\n" },
};

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char name[160];
		char *again;

		check_dump(cases[i].name, cases[i].script, cases[i].dump);
		again = dump_of(cases[i].dump);
		snprintf(name, sizeof(name), "%s: the dump dumps to itself",
			 cases[i].name);
		tap_is_str(again, cases[i].dump, name);
		free(again);
	}
	return tap_done();
}
