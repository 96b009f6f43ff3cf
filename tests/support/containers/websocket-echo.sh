# A WebSocket echo service in busybox sh, for tests that need a WebSocket inside a container without an image
# from a registry. `nc -ll -p PORT -e /bin/sh websocket-echo.sh` runs it once per connection, the socket on its
# stdin and stdout. It answers the RFC 6455 handshake, sends $GREETING (the health check's expected_response),
# then echoes each text frame. Limits, on purpose: only short unfragmented frames (payload under 126 bytes; a
# longer one is closed with 1009, "message too big"), text, ping and close; binary frames are ignored.
GUID=258EAFA5-E914-47DA-95CA-C5AB0DC85B11
cr=$(printf '\r')
key=
# The request head, up to its empty line; `read` takes one byte at a time from a socket, so no frame is eaten.
while read -r line; do
  line=${line%"$cr"}
  [ -z "$line" ] && break
  case $(echo "${line%%:*}" | tr A-Z a-z) in
    sec-websocket-key) key=$(echo "${line#*:}" | tr -d ' ') ;;
  esac
done
[ -n "$key" ] || { printf 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'; exit 0; }
# Sec-WebSocket-Accept = base64(sha1(key + GUID)), the digest as bytes (xxd -r -p turns sha1sum's hex into them).
accept=$(printf '%s' "$key$GUID" | sha1sum | cut -d' ' -f1 | xxd -r -p | base64)
printf 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n' "$accept"

# frame FIRST_BYTE LENGTH PAYLOAD: a server frame is not masked; PAYLOAD is already printf octal escapes, so a
# byte of any value (a `%` or a backslash included) goes out as itself.
frame() { printf "\\$(printf %o "$1")\\$(printf %o "$2")$3"; }
# bytes N: the next N bytes of the socket as decimal numbers.
bytes() { dd bs=1 count="$1" 2>/dev/null | od -An -v -tu1; }

out= n=0
for c in $(printf '%s' "${GREETING:-hello}" | od -An -v -tu1); do out="$out\\$(printf %o "$c")" n=$((n + 1)); done
frame 129 "$n" "$out" # 129: FIN + text

while :; do
  set -- $(bytes 2)
  [ $# -eq 2 ] || exit 0 # the client went away
  opcode=$(($1 & 15)) len=$(($2 & 127))
  [ "$len" -lt 126 ] || { frame 136 2 '\003\361'; exit 0; } # close, 1009
  # A client's frame is masked: 4 key bytes, then the payload, each byte XORed with key byte (index mod 4).
  set -- $(bytes 4) $(bytes "$len")
  mask="$1 $2 $3 $4"
  shift 4
  out= i=0
  for b; do
    set -- $mask
    shift $((i % 4))
    out="$out\\$(printf %o $((b ^ $1)))" i=$((i + 1))
  done
  case $opcode in
    1) frame 129 "$len" "$out" ;;        # text: echoed
    8) frame 136 "$len" "$out"; exit 0 ;; # close: answered with the same code
    9) frame 138 "$len" "$out" ;;        # ping: pong
  esac
done
