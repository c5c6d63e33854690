#!/usr/bin/env bash
# pdf-deps.sh installs what the PDF tests (internal/pdfgen) read documents
# back with: poppler-utils (pdftotext, pdffonts, pdftoppm) and zbar-tools
# (zbarimg, which decodes the QR codes). It is idempotent and silent when
# everything is already in place; scripts/test.sh calls it.
set -euo pipefail

pkgs=()
for tool in pdftotext pdffonts pdftoppm; do
	if ! command -v "$tool" >/dev/null; then
		pkgs+=(poppler-utils)
		break
	fi
done
if ! command -v zbarimg >/dev/null; then
	pkgs+=(zbar-tools)
fi
if [ "${#pkgs[@]}" -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "pdf-deps: missing ${pkgs[*]}; run as root:" >&2
		echo "apt-get update && apt-get install -y --no-install-recommends ${pkgs[*]}"
		exit 1
	fi
	echo "pdf-deps: installing ${pkgs[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
fi
