;;; tcpdrill-mode.el --- major mode for tcpdrill/packetdrill .pkt scripts -*- lexical-binding: t -*-

;; SPDX-License-Identifier: GPL-2.0

;;; Commentary:

;; Font lock and comments for the script language of tcpdrill-script(5):
;; option lines, event times, packet lines (direction, flags, sequence
;; ranges, TCP options), system calls, symbolic constants, shell commands,
;; %{ }% code blocks and tcpdrill's state assertions.
;;
;; `make install' puts this file under $(datadir)/emacs/site-lisp.  Then:
;;   (require 'tcpdrill-mode)
;; and every *.pkt file opens in this mode.

;;; Code:

(defgroup tcpdrill nil
  "Editing tcpdrill and packetdrill scripts."
  :group 'languages
  :prefix "tcpdrill-")

(defconst tcpdrill-syscalls
  '("socket" "socketpair" "bind" "listen" "accept" "accept4" "connect"
    "read" "readv" "recv" "recvfrom" "recvmsg" "write" "writev" "send"
    "sendto" "sendmsg" "fcntl" "ioctl" "close" "shutdown" "getsockopt"
    "setsockopt" "poll" "open" "sendfile" "pipe" "splice" "epoll_create"
    "epoll_create1" "epoll_ctl" "epoll_wait" "cap_set")
  "The system calls of src/syscalls.c's table.")

(defconst tcpdrill-packet-words
  '("ack" "win" "urg" "mtu" "id" "spi" "label" "tc" "ttl" "tos" "flowlabel"
    "udp" "icmp" "raw" "ipv4" "ipv6" "gre" "mpls" "encap" "psp"
    "noecn" "ect0" "ect1" "ce" "ect01")
  "Words of packet lines other than TCP options.")

(defconst tcpdrill-tcp-options
  '("nop" "eol" "mss" "wscale" "sackOK" "sack" "TS" "val" "ecr" "FO" "FOEXP"
    "md5" "ECN" "e0b" "ceb" "e1b" "kind")
  "TCP option words.")

(defconst tcpdrill-state-names
  (concat "\\_<\\(?:"
          (regexp-opt '("closed" "close" "listen" "syn-sent" "syn_sent"
                        "syn-rcvd" "syn_rcvd" "syn_recv" "syn-received"
                        "established" "fin-wait-1" "fin_wait_1" "fin_wait1"
                        "fin-wait-2" "fin_wait_2" "fin_wait2" "close-wait"
                        "close_wait" "closing" "last-ack" "last_ack"
                        "time-wait" "time_wait"))
          "\\)\\_>")
  "The TCP state names a state assertion accepts, in any case.")

(defconst tcpdrill-font-lock-keywords
  `(;; --name=value option lines
    ("^[ \t]*\\(--[A-Za-z0-9_-]+\\)\\(=[^ \t\n]*\\)?"
     (1 font-lock-preprocessor-face))
    ;; the event time at the start of a line: 0.1 +0.1 +.1 * a~b
    ("^[ \t]*\\(\\*\\|\\+?[0-9]*\\.?[0-9]+\\(?:~\\+?[0-9]*\\.?[0-9]+\\)?\\)"
     (1 font-lock-constant-face))
    ;; ...END of a blocking call
    ("\\.\\.\\.\\+?[0-9]*\\.?[0-9]+" . font-lock-constant-face)
    ;; state assertions (Beyond packetdrill): state [sport>dport] NAME
    ("\\_<\\(state\\)[ \t]+\\(?:[0-9]+>[0-9]+[ \t]+\\)?\\([A-Za-z_0-9-]+\\)"
     (1 font-lock-keyword-face)
     (2 (let ((case-fold-search t))
          (when (string-match-p tcpdrill-state-names (match-string 2))
            font-lock-type-face))))
    ;; direction and flags: "< S.", "> F." after optional [ecn] (tos) ports
    ("[ \t]\\([<>]\\)[ \t]+\\(?:\\(?:\\[[^]\n]*\\]\\|([^)\n]*)\\|[0-9]+>[0-9]+\\)[ \t]+\\)*\\([FSRPUEWA.0-7-]+\\)[ \t]+[0-9]+:[0-9]+([0-9]+)"
     (1 font-lock-builtin-face)
     (2 font-lock-type-face))
    ("[ \t]\\([<>]\\)[ \t]" (1 font-lock-builtin-face))
    ;; start:end(len)
    ("\\_<[0-9]+:[0-9]+([0-9]+)" . font-lock-constant-face)
    (,(regexp-opt tcpdrill-syscalls 'symbols) . font-lock-function-name-face)
    (,(regexp-opt '("htons" "inet_addr" "inet6_addr") 'symbols)
     . font-lock-function-name-face)
    (,(regexp-opt tcpdrill-tcp-options 'symbols) . font-lock-variable-name-face)
    (,(regexp-opt tcpdrill-packet-words 'symbols) . font-lock-keyword-face)
    ;; SOCK_STREAM, EINPROGRESS
    ("\\_<[A-Z][A-Z0-9]*_[A-Z0-9_]+\\_>" . font-lock-constant-face)
    ("\\_<E[A-Z0-9]\\{3,\\}\\_>" . font-lock-constant-face))
  "Highlighting for `tcpdrill-mode'.")

(defvar tcpdrill-mode-syntax-table
  (let ((table (make-syntax-table)))
    ;; // to the end of the line and /* ... */, as in C
    (modify-syntax-entry ?/ ". 124b" table)
    (modify-syntax-entry ?* ". 23" table)
    (modify-syntax-entry ?\n "> b" table)
    (modify-syntax-entry ?\" "\"" table)
    (modify-syntax-entry ?\\ "\\" table)
    ;; backquoted shell commands read as strings
    (modify-syntax-entry ?` "\"" table)
    (modify-syntax-entry ?_ "_" table)
    (modify-syntax-entry ?- "_" table)
    (modify-syntax-entry ?< "." table)
    (modify-syntax-entry ?> "." table)
    (modify-syntax-entry ?% "." table)
    table)
  "Syntax table for `tcpdrill-mode'.")

(defun tcpdrill--code-blocks (limit)
  "Find the next %{ ... }% code block before LIMIT, for font lock."
  (re-search-forward "%{\\(?:.\\|\n\\)*?}%" limit t))

;;;###autoload
(define-derived-mode tcpdrill-mode prog-mode "tcpdrill"
  "Major mode for tcpdrill and packetdrill scripts (tcpdrill-script(5))."
  :syntax-table tcpdrill-mode-syntax-table
  (setq-local comment-start "// ")
  (setq-local comment-end "")
  (setq-local comment-start-skip "//+[ \t]*")
  (setq-local font-lock-multiline t)
  (setq-local font-lock-defaults
              (list (append tcpdrill-font-lock-keywords
                            '((tcpdrill--code-blocks 0 font-lock-doc-face t)))
                    nil nil)))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.pkt\\'" . tcpdrill-mode))

(provide 'tcpdrill-mode)

;;; tcpdrill-mode.el ends here
