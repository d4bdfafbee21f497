#!/bin/sh
# LibreOffice headless turns the DOCX that vanban wrote for the same decision (same annex) into PDF.
# Run: sh bench/peers/libreoffice.sh FILE.docx OUT_DIR
set -e
exec soffice "-env:UserInstallation=file://$2/lo-profile" --headless --convert-to pdf --outdir "$2" "$1" >/dev/null
