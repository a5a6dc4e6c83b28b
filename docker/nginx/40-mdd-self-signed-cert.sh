#!/bin/sh
# Run by the nginx image's entrypoint (/docker-entrypoint.d/) before nginx
# starts. When /etc/nginx/certs holds no certificate, makes a SELF-SIGNED one
# (browsers warn about it): enough to have TLS from the first start, not a
# certificate for the public. To use a real one, put fullchain.pem and
# privkey.pem in a directory and set MDD_TLS_DIR to it (README.md); they are
# then used as they are.
set -eu
dir="${MDD_TLS_CERT_DIR:-/etc/nginx/certs}"
cert="$dir/fullchain.pem"
key="$dir/privkey.pem"
name="${MDD_SERVER_NAME:-localhost}"

if [ -s "$cert" ] && [ -s "$key" ]; then
    echo "$0: using the certificate in $cert"
    exit 0
fi
if [ -e "$cert" ] || [ -e "$key" ]; then
    echo "$0: ERROR: $dir holds only one of fullchain.pem and privkey.pem (or an empty one); provide both" >&2
    exit 1
fi
if ! command -v openssl >/dev/null 2>&1; then
    echo "$0: ERROR: no certificate in $dir and no openssl to make a self-signed one" >&2
    exit 1
fi
case "$name" in
    *[!A-Za-z0-9.-]* | "") echo "$0: ERROR: MDD_SERVER_NAME='$name' is not a host name" >&2; exit 1 ;;
esac
case "$name" in
    *[!0-9.]*) san="DNS:$name" ;;
    *) san="IP:$name" ;;
esac
echo "$0: no certificate in $dir: making a SELF-SIGNED one for $name (browsers will warn; see README.md for a real one)"
mkdir -p "$dir"
umask 077
openssl req -x509 -newkey rsa:3072 -sha256 -days 825 -nodes \
    -subj "/CN=$name" -addext "subjectAltName=$san" \
    -keyout "$key.tmp" -out "$cert.tmp" 2>/dev/null
chmod 644 "$cert.tmp"
mv "$key.tmp" "$key"
mv "$cert.tmp" "$cert"
