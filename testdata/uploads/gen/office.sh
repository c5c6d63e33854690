#!/usr/bin/env bash
# office.sh: writes the Office fixtures (sample.doc, .docx, .xls, .xlsx) into
# testdata/uploads with LibreOffice, so that they are real files as Word and
# Excel write them (compound-file directories with the usual streams, ZIPs
# with all the usual parts), not files built to please our own sniffer.
# Needs: apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui
# Run from anywhere.
set -euo pipefail

dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cat >"$work/sample.txt" <<'TXT'
ĐƠN ĐỀ NGHỊ
Kính gửi: Bộ phận Một cửa
Họ và tên: Nguyễn Văn A
Tệp đính kèm thử nghiệm của MotCua.
TXT
cat >"$work/sample.csv" <<'CSV'
STT,Họ và tên,Số tiền
1,Nguyễn Văn A,150000
2,Trần Thị B,200000
CSV

# convert INFILTER OUTFORMAT FILE: --outdir must follow --convert-to.
convert() {
	soffice --headless --norestore "-env:UserInstallation=file://$work/profile" \
		--infilter="$1" --convert-to "$2" --outdir "$work" "$3" >/dev/null 2>&1
}
convert "Text (encoded):UTF8" 'doc:MS Word 97' "$work/sample.txt"
convert "Text (encoded):UTF8" 'docx:MS Word 2007 XML' "$work/sample.txt"
convert "CSV:44,34,76" 'xls:MS Excel 97' "$work/sample.csv"
convert "CSV:44,34,76" 'xlsx:Calc MS Excel 2007 XML' "$work/sample.csv"
cp "$work"/sample.doc "$work"/sample.docx "$work"/sample.xls "$work"/sample.xlsx "$dir/"
