#!/usr/bin/env bash
# One-off tool, not part of the build: regenerates the PNG app icons from the SVG sources.
# The PNGs are committed; run this only after changing static/icons/icon.svg.
# Needs Debian's rsvg-convert (apt-get install -y librsvg2-bin).
#
#   icon-192.png, icon-512.png  from static/icons/icon.svg (purpose "any", rounded square)
#   maskable-512.png            the same mark (<g id="mark"> in icon.svg), scaled to sit inside
#                               the central 80% safe zone on a full-bleed #1d4f91 square
# static/favicon.svg is a copy of static/icons/icon.svg.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
icons="$root/static/icons"
src="$icons/icon.svg"

command -v rsvg-convert >/dev/null || { echo "rsvg-convert not found: apt-get install -y librsvg2-bin" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

rsvg-convert -w 192 -h 192 "$src" -o "$icons/icon-192.png"
rsvg-convert -w 512 -h 512 "$src" -o "$icons/icon-512.png"

# Maskable: lift the mark group out of icon.svg and scale it about the centre.
mark="$(sed -n '/<g id="mark"/,/<\/g>/p' "$src")"
[ -n "$mark" ] || { echo "no <g id=\"mark\"> in $src" >&2; exit 1; }
cat > "$tmp/maskable.svg" <<SVG
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">
  <rect width="512" height="512" fill="#1d4f91"/>
  <g transform="translate(256 256) scale(0.75) translate(-256 -256)">
$mark
  </g>
</svg>
SVG
rsvg-convert -w 512 -h 512 "$tmp/maskable.svg" -o "$icons/maskable-512.png"

cp "$src" "$root/static/favicon.svg"
echo "icons written to $icons"
