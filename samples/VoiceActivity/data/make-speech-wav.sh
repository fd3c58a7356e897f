#!/bin/sh
# Makes speech.wav, the recording the VoiceActivity sample streams: two sentences spoken by
# espeak-ng between stretches of near-silence, 16 kHz mono 16-bit PCM. Needs Debian's espeak-ng
# and sox (apt-get install espeak-ng sox). Run from anywhere; writes beside this script.
set -eu
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

espeak-ng -v en-us -s 150 -w "$work/first.wav" "Hello, this is a voice activity test."
espeak-ng -v en-us -s 150 -w "$work/second.wav" "Silence is not speech."

# -R: repeatable (fixed random seed), -D: no dither, so the same tools make the same bytes.
# Resample to 16 kHz, trim the quiet espeak-ng leaves at both ends (silence, reversed, silence,
# reversed), then pad: 1 s before the first sentence, 1.5 s between, 1 s after.
trim="silence 1 0.01 0.1% reverse silence 1 0.01 0.1% reverse"
sox -R -D "$work/first.wav" -r 16000 -c 1 -b 16 "$work/first16.wav" $trim pad 1 1.5
sox -R -D "$work/second.wav" -r 16000 -c 1 -b 16 "$work/second16.wav" $trim pad 0 1
sox -R -D "$work/first16.wav" "$work/second16.wav" "$work/voice.wav"

# Faint white noise (about -50 dBFS) under the whole file, so the quiet parts are a real
# recording's room tone rather than digital zeros.
seconds=$(soxi -D "$work/voice.wav")
sox -R -D -n -r 16000 -c 1 -b 16 "$work/noise.wav" synth "$seconds" whitenoise vol 0.003
sox -R -D -m "$work/voice.wav" "$work/noise.wav" -b 16 speech.wav
soxi speech.wav
