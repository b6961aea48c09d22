#!/usr/bin/env bash
# Installs what the project needs from Debian's packages (and Node 20 from the npm registry where
# Debian's is older). As root on Debian it installs; elsewhere it prints what is missing and stops.
set -euo pipefail

DEB_PACKAGES=(ffmpeg fluidsynth libfluidsynth3 fluid-soundfont-gm chromium python3 python3-venv python3-dev nodejs npm)
NEED_NODE_MAJOR=20
NEED_NODE_MINOR=19

missing=()
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
command -v ffprobe >/dev/null || missing+=(ffmpeg)
command -v fluidsynth >/dev/null || missing+=(fluidsynth)
ldconfig -p 2>/dev/null | grep -q 'libfluidsynth\.so\.3' || missing+=(libfluidsynth3)
ls /usr/share/sounds/sf2/*.sf2 >/dev/null 2>&1 || missing+=(fluid-soundfont-gm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v python3 >/dev/null || missing+=(python3)
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)

node_too_old() {
  command -v node >/dev/null || return 0
  local v major minor
  v=$(node -p 'process.versions.node')
  major=${v%%.*}; minor=${v#*.}; minor=${minor%%.*}
  [ "$major" -lt "$NEED_NODE_MAJOR" ] || { [ "$major" -eq "$NEED_NODE_MAJOR" ] && [ "$minor" -lt "$NEED_NODE_MINOR" ]; }
}

if [ ${#missing[@]} -eq 0 ] && ! node_too_old; then
  exit 0
fi

is_debian=0; [ -f /etc/debian_version ] && is_debian=1
if [ "$(id -u)" -ne 0 ] || [ "$is_debian" -ne 1 ]; then
  echo "Missing system packages: ${missing[*]:-none}" >&2
  echo "On Debian 12, as root:  apt-get update && apt-get install -y ${DEB_PACKAGES[*]}" >&2
  echo "Node.js >= ${NEED_NODE_MAJOR}.${NEED_NODE_MINOR} is needed (then: npm install -g node@${NEED_NODE_MAJOR})." >&2
  echo "Elsewhere install the equivalents: ffmpeg, FluidSynth 2 (libfluidsynth.so.3), a General MIDI" >&2
  echo "SoundFont, Chromium, Python 3.11 with venv, Node.js >= 20.19 with npm; then run make again." >&2
  exit 1
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # shellcheck disable=SC2046
  apt-get install -y -q --no-install-recommends $(printf '%s\n' "${missing[@]}" | sort -u)
fi

if node_too_old; then
  echo "Node.js $(node --version 2>/dev/null || echo none) is too old; installing Node ${NEED_NODE_MAJOR} from the npm registry"
  npm install -g --no-audit --no-fund "node@${NEED_NODE_MAJOR}"
  hash -r
fi
