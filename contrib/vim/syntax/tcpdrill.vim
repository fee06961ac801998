" SPDX-License-Identifier: GPL-2.0
" Vim syntax file for tcpdrill (and packetdrill) .pkt scripts.
" The language: tcpdrill-script(5). Installed by `make install` under
" $(datadir)/vim/vimfiles/syntax, next to ftdetect/tcpdrill.vim.

if exists("b:current_syntax")
  finish
endif

" Words keep their case (sackOK, TS), state names do not.
syn case match

" Comments, strings, commands and code blocks are regions: they may span
" lines and win over everything inside them.
syn keyword tcpdrillTodo contained TODO FIXME XXX
syn region tcpdrillComment start="//" end="$" contains=tcpdrillTodo,@Spell
syn region tcpdrillComment start="/\*" end="\*/" contains=tcpdrillTodo,@Spell
syn region tcpdrillString start=+"+ skip=+\\\\\|\\"+ end=+"+ contains=tcpdrillEscape
syn match tcpdrillEscape contained +\\\(x\x\x\|\o\{1,3}\|.\)+
syn region tcpdrillCommand start="`" skip="\\`" end="`"
syn region tcpdrillCode matchgroup=tcpdrillCodeDelim start="%{" end="}%"

" --name=value option lines, at the start of a line.
syn match tcpdrillOption "^\s*--[A-Za-z0-9_-]\+\(=\S*\)\?"

" Numbers first: the time and sequence patterns below win over them.
syn match tcpdrillNumber "\<0x\x\+\>"
syn match tcpdrillNumber "-\?\<\d\+\>"

" Event times: 0.1, +0.1, +.1, *, a~b, +a~+b, and ...END of blocking calls.
syn match tcpdrillTime "^\s*\(\*\|+\?\d*\.\?\d\+\(\~+\?\d*\.\?\d\+\)\?\)"
syn match tcpdrillTime "\.\.\.+\?\d*\.\?\d\+"

" Packets: the direction, the flags that follow it, seq ranges, fields.
syn match tcpdrillDirection "\s\@<=[<>]\ze\s"
syn match tcpdrillFlags "\([<>]\s\+\(\[[^]]*\]\s\+\|([^)]*)\s\+\|\d\+>\d\+\s\+\)*\)\@<=[FSRPUEWA.0-7-]\+\ze\s\+\d\+:\d\+(\d\+)"
syn match tcpdrillSeq "\<\d\+:\d\+(\d\+)"
syn match tcpdrillPorts "\<\d\+>\d\+\>"
syn keyword tcpdrillField ack win urg mtu id spi label tc ttl tos flowlabel sum off key seq flags
syn keyword tcpdrillProto udp icmp raw ipv4 ipv6 gre mpls encap psp GREv0
syn keyword tcpdrillEcn noecn ect0 ect1 ce ect01
syn keyword tcpdrillTcpOption nop eol mss wscale sackOK sack TS val ecr FO FOEXP md5 ECN e0b ceb e1b kind
syn match tcpdrillEllipsis "\.\.\."

" State assertions (Beyond packetdrill): `state [sport>dport] NAME`.
syn keyword tcpdrillState state nextgroup=tcpdrillStatePorts,tcpdrillStateName skipwhite
syn match tcpdrillStatePorts contained "\<\d\+>\d\+\>" nextgroup=tcpdrillStateName skipwhite
syn case ignore
syn match tcpdrillStateName contained "\<\(closed\|close\|listen\|syn[-_]sent\|syn[-_]rcvd\|syn[-_]recv\|syn[-_]received\|established\|fin[-_]wait[-_]\?[12]\|close[-_]wait\|closing\|last[-_]ack\|time[-_]wait\)\>"
syn case match

" System calls: the names of src/syscalls.c's table.
syn keyword tcpdrillSyscall socket socketpair bind listen accept accept4 connect
syn keyword tcpdrillSyscall read readv recv recvfrom recvmsg write writev send
syn keyword tcpdrillSyscall sendto sendmsg fcntl ioctl close shutdown getsockopt
syn keyword tcpdrillSyscall setsockopt poll open sendfile pipe splice epoll_create
syn keyword tcpdrillSyscall epoll_create1 epoll_ctl epoll_wait cap_set
syn keyword tcpdrillFunction htons inet_addr inet6_addr

" Symbolic constants and errno names: SOCK_STREAM, EINPROGRESS.
syn match tcpdrillConstant "\<[A-Z][A-Z0-9]*_[A-Z0-9_]\+\>"
syn match tcpdrillConstant "\<E[A-Z0-9]\{3,}\>"
hi def link tcpdrillTodo Todo
hi def link tcpdrillComment Comment
hi def link tcpdrillString String
hi def link tcpdrillEscape SpecialChar
hi def link tcpdrillCommand PreProc
hi def link tcpdrillCode Special
hi def link tcpdrillCodeDelim Delimiter
hi def link tcpdrillOption PreProc
hi def link tcpdrillTime Number
hi def link tcpdrillDirection Operator
hi def link tcpdrillFlags Type
hi def link tcpdrillSeq Constant
hi def link tcpdrillPorts Constant
hi def link tcpdrillField Identifier
hi def link tcpdrillProto Type
hi def link tcpdrillEcn Type
hi def link tcpdrillTcpOption Identifier
hi def link tcpdrillEllipsis Special
hi def link tcpdrillState Keyword
hi def link tcpdrillStateName Constant
hi def link tcpdrillStatePorts Constant
hi def link tcpdrillSyscall Function
hi def link tcpdrillFunction Function
hi def link tcpdrillConstant Constant
hi def link tcpdrillNumber Number

let b:current_syntax = "tcpdrill"
