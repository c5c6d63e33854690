#!/usr/bin/env bash
# subset-fonts.sh regenerates the fonts embedded in internal/pdfgen/fonts
# from Debian's fonts-dejavu-core: DejaVu Sans and DejaVu Sans Bold cut down
# to the characters Vietnamese administrative documents use (Latin with every
# Vietnamese letter, punctuation, the dong sign, arrows, a few symbols).
#
# Why a subset: gofpdf parses the whole TrueType file for every document
# and builds maps over every glyph when it writes the PDF. The full DejaVu
# Sans has about 6,000 glyphs; the subset has about 1,000, which cuts a
# receipt's rendering time by about a third (see doc/adr/0006).
#
# Run it after changing the character ranges below, then commit the two
# files. It installs Debian's fonttools (pyftsubset) when missing and is
# idempotent: the same Debian font and fonttools give the same bytes.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

src=/usr/share/fonts/truetype/dejavu
out=internal/pdfgen/fonts

pkgs=()
[ -f "$src/DejaVuSans.ttf" ] || pkgs+=(fonts-dejavu-core)
command -v pyftsubset >/dev/null || pkgs+=(fonttools)
if [ "${#pkgs[@]}" -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "subset-fonts: missing ${pkgs[*]}; run as root:" >&2
		echo "apt-get update && apt-get install -y --no-install-recommends ${pkgs[*]}" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
fi

# TestCoverage in internal/pdfgen checks that every Vietnamese letter is kept.
ranges=(
	U+0020-007E # Basic Latin
	U+00A0-00FF # Latin-1 Supplement
	U+0100-017F # Latin Extended-A
	U+0180-024F # Latin Extended-B (Ơ ơ Ư ư)
	U+0300-036F # combining diacritical marks
	U+1E00-1EFF # Latin Extended Additional (every other Vietnamese letter)
	U+2000-206F # General Punctuation (– — ‘ ’ “ ” … •)
	U+20A0-20CF # currency (₫)
	U+2100-214F # letterlike (№ ℃)
	U+2190-21FF # arrows
	U+2212 U+2248 U+2260 U+2264 U+2265 # − ≈ ≠ ≤ ≥
	U+25A0-25FF # geometric shapes (□ ■ ○ ●)
	U+2610-2612 U+2713-2714 # ballot boxes, check marks
	U+FFFD # replacement character, for anything else
)
unicodes="$(printf '%s\n' "${ranges[@]}" | sed 's/ *#.*//' | tr ' \n' ',,' | sed 's/,,*/,/g; s/^,//; s/,$//')"

for f in DejaVuSans DejaVuSans-Bold; do
	pyftsubset "$src/$f.ttf" --unicodes="$unicodes" --output-file="$out/$f-vi.ttf" \
		--no-hinting --name-IDs='*' --name-legacy --notdef-outline \
		2> >(grep -v 'FFTM NOT subset' >&2)
done
