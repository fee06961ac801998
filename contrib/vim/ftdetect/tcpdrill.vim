" SPDX-License-Identifier: GPL-2.0
" tcpdrill / packetdrill scripts: *.pkt
autocmd BufNewFile,BufRead *.pkt setfiletype tcpdrill
