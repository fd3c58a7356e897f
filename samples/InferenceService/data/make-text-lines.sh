#!/bin/sh
# Makes the two PNGs the README's curl lines post to /text-direction: one line of text, upright and upside down,
# 8-bit RGB. Needs Debian's imagemagick (apt-get install imagemagick). Run from anywhere; writes beside this script.
set -eu
cd "$(dirname "$0")"
convert -size 420x48 xc:white -font ../../fonts/DejaVuSans.ttf -pointsize 30 -fill black -annotate +8+35 "Models served by OnnxTyped" \
  -depth 8 -type TrueColor PNG24:text-line.png
convert text-line.png -rotate 180 -depth 8 -type TrueColor PNG24:text-line-upside-down.png
